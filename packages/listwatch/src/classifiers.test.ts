import { describe, expect, it } from 'vitest';
import {
  isConnectionRefused,
  isExpired,
  isGone,
  isInternalError,
  isResourceVersionTooLarge,
  isTooManyRequests,
} from './classifiers.js';
import { ApiError, ConnectionError, ListWatchError } from './errors.js';
import type { Status } from './types.js';

const status = (code: number, reason?: string, extra: Partial<Status> = {}): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  ...(reason === undefined ? {} : { reason }),
  message: 'x',
  ...extra,
});

describe('isExpired / isGone', () => {
  it('410 Expired is both expired and gone', () => {
    const err = new ApiError(status(410, 'Expired'));
    expect(isExpired(err)).toBe(true);
    expect(isGone(err)).toBe(true);
  });

  it('410 Gone is gone but not expired', () => {
    const err = new ApiError(status(410, 'Gone'));
    expect(isExpired(err)).toBe(false);
    expect(isGone(err)).toBe(true);
  });

  it('a 410 without a reason gets reason Gone from the code', () => {
    const err = new ApiError(status(410));
    expect(err.reason).toBe('Gone');
    expect(isGone(err)).toBe(true);
    expect(isExpired(err)).toBe(false);
  });

  it('other codes are neither', () => {
    for (const code of [400, 404, 409, 500, 504]) {
      expect(isExpired(new ApiError(status(code)))).toBe(false);
      expect(isGone(new ApiError(status(code)))).toBe(false);
    }
  });

  it('looks through cause chains, like errors.As', () => {
    const inner = new ApiError(status(410, 'Expired'));
    const outer = new Error('relist failed', { cause: new Error('wrapped', { cause: inner }) });
    expect(isExpired(outer)).toBe(true);
  });

  it('is false for non-errors', () => {
    for (const value of [undefined, null, 410, 'Expired', { code: 410, reason: 'Expired' }]) {
      expect(isExpired(value)).toBe(false);
      expect(isGone(value)).toBe(false);
    }
  });
});

describe('isTooManyRequests / isInternalError', () => {
  it('match by reason whatever the code', () => {
    expect(isTooManyRequests(new ApiError(status(504, 'TooManyRequests')))).toBe(true);
    expect(isInternalError(new ApiError(status(503, 'InternalError')))).toBe(true);
  });

  it('match by code when the reason is not a known one', () => {
    expect(isTooManyRequests(new ApiError(status(429)))).toBe(true);
    expect(isTooManyRequests(new ApiError(status(429, 'SomethingCustom')))).toBe(true);
    expect(isInternalError(new ApiError(status(500)))).toBe(true);
    expect(isInternalError(new ApiError(status(500, 'SomethingCustom')))).toBe(true);
  });

  it('do not match a known other reason carried by the code', () => {
    expect(isTooManyRequests(new ApiError(status(429, 'Conflict')))).toBe(false);
    expect(isInternalError(new ApiError(status(500, 'ServiceUnavailable')))).toBe(false);
    expect(isInternalError(new ApiError(status(503)))).toBe(false);
  });
});

describe('isResourceVersionTooLarge', () => {
  it('matches the ResourceVersionTooLarge cause', () => {
    const err = new ApiError(
      status(504, 'Timeout', {
        message: 'Timeout: Too large resource version: 100, current: 5',
        details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] },
      }),
    );
    expect(isResourceVersionTooLarge(err)).toBe(true);
  });

  it('matches the cause whatever the code', () => {
    const err = new ApiError(status(500, 'InternalError', { details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } }));
    expect(isResourceVersionTooLarge(err)).toBe(true);
  });

  it('matches an older server: a 504 whose message says so', () => {
    expect(isResourceVersionTooLarge(new ApiError(status(504, 'Timeout', { message: 'Too large resource version: 9, current: 3' })))).toBe(true);
  });

  it('does not match other 504s or the message on other codes', () => {
    expect(isResourceVersionTooLarge(new ApiError(status(504, 'Timeout', { message: 'request timed out' })))).toBe(false);
    expect(isResourceVersionTooLarge(new ApiError(status(500, 'InternalError', { message: 'Too large resource version' })))).toBe(false);
    expect(isResourceVersionTooLarge(new Error('Too large resource version'))).toBe(false);
  });
});

describe('isConnectionRefused', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

  it('matches a ConnectionError caused by ECONNREFUSED', () => {
    expect(isConnectionRefused(new ConnectionError('x', { cause: refused, systemCode: 'ECONNREFUSED' }))).toBe(true);
  });

  it('matches the raw Node.js error and an AggregateError of them', () => {
    expect(isConnectionRefused(refused)).toBe(true);
    expect(isConnectionRefused(new AggregateError([new Error('other'), refused]))).toBe(true);
  });

  it('does not match other connection failures or API errors', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(isConnectionRefused(new ConnectionError('x', { cause: reset, systemCode: 'ECONNRESET' }))).toBe(false);
    expect(isConnectionRefused(new ApiError(status(503)))).toBe(false);
    expect(isConnectionRefused(undefined)).toBe(false);
  });
});

describe('ApiError', () => {
  it('carries the status, code, reason and a message naming the request', () => {
    const s = status(404, 'NotFound', { message: 'pods "web" not found' });
    const err = new ApiError(s, { request: 'GET https://k8s.example/api/v1/namespaces/default/pods/web' });
    expect(err).toBeInstanceOf(ListWatchError);
    expect(err.name).toBe('ApiError');
    expect(err.code).toBe(404);
    expect(err.reason).toBe('NotFound');
    expect(err.status).toBe(s);
    expect(err.message).toBe('GET https://k8s.example/api/v1/namespaces/default/pods/web: 404 NotFound: pods "web" not found');
  });

  it('takes retryAfterSeconds from the options, else from the details', () => {
    expect(new ApiError(status(429), { retryAfterSeconds: 3 }).retryAfterSeconds).toBe(3);
    expect(new ApiError(status(429, 'TooManyRequests', { details: { retryAfterSeconds: 7 } })).retryAfterSeconds).toBe(7);
    expect(new ApiError(status(429)).retryAfterSeconds).toBeUndefined();
  });

  it('turns a watch ERROR event object into an error', () => {
    const err = new ApiError({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' });
    expect(isExpired(err)).toBe(true);
    expect(err.message).toBe('410 Expired: too old resource version: 1 (5)');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new ApiError(status(500), { cause }).cause).toBe(cause);
  });
});
