import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse, excerptOf, parseRetryAfter } from './http-error.js';
import { reasonForCode } from './reason-for-code.js';
import { isTooManyRequests } from '../classifiers.js';

const REQUEST = 'GET https://k8s.example/api/v1/pods';

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter(['12', '3'])).toBe(12);
  });

  it('reads an HTTP date as seconds from now, rounding up, never negative', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', now + 9_500)).toBe(1);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
  });
});

describe('reasonForCode', () => {
  it.each([
    [400, 'BadRequest'], [401, 'Unauthorized'], [403, 'Forbidden'], [404, 'NotFound'],
    [405, 'MethodNotAllowed'], [406, 'NotAcceptable'], [409, 'Conflict'], [410, 'Gone'],
    [413, 'RequestEntityTooLarge'], [415, 'UnsupportedMediaType'], [422, 'Invalid'],
    [429, 'TooManyRequests'], [500, 'InternalError'], [503, 'ServiceUnavailable'], [504, 'Timeout'],
    [502, 'Unknown'], [418, 'Unknown'],
  ])('%i → %s', (code, reason) => {
    expect(reasonForCode(code)).toBe(reason);
  });
});

describe('apiErrorFromResponse', () => {
  it('uses a Status body as it is', () => {
    const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 2 (9)', reason: 'Expired', code: 410 };
    const err = apiErrorFromResponse(410, {}, Buffer.from(JSON.stringify(body)), REQUEST);
    expect(err.status).toEqual(body);
    expect(err.reason).toBe('Expired');
    expect(err.code).toBe(410);
    expect(err.bodyExcerpt).toBeUndefined();
    expect(err.message).toBe(`${REQUEST}: 410 Expired: too old resource version: 2 (9)`);
  });

  it('fills a missing code in a Status from the response', () => {
    const err = apiErrorFromResponse(403, {}, Buffer.from('{"kind":"Status","reason":"Forbidden","message":"no"}'), REQUEST);
    expect(err.code).toBe(403);
    expect(err.status.code).toBe(403);
  });

  it('turns an HTML 502 from a proxy into an ApiError with an excerpt', () => {
    const html = `<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>\n    <center><h1>502 Bad Gateway</h1></center>\n${'   <p>padding</p>\n'.repeat(40)}</body></html>`;
    const err = apiErrorFromResponse(502, { 'retry-after': undefined }, Buffer.from(html), REQUEST);
    expect(err.code).toBe(502);
    expect(err.reason).toBe('Unknown');
    expect(err.status.code).toBe(502);
    expect(err.bodyExcerpt?.startsWith('<html> <head><title>502 Bad Gateway</title></head> <body>')).toBe(true);
    expect(err.bodyExcerpt?.endsWith('…')).toBe(true);
    expect(err.message).toContain('502 Bad Gateway without a Status body: <html>');
  });

  it('turns an empty 503 into ServiceUnavailable', () => {
    const err = apiErrorFromResponse(503, {}, Buffer.alloc(0), REQUEST);
    expect(err.reason).toBe('ServiceUnavailable');
    expect(err.message).toBe(`${REQUEST}: 503 ServiceUnavailable: the server answered 503 Service Unavailable with an empty body`);
    expect(err.bodyExcerpt).toBe('');
  });

  it('turns a JSON body that is not a Status (a gateway 401) into Unauthorized', () => {
    const err = apiErrorFromResponse(401, {}, Buffer.from('{"error":"invalid_token"}'), REQUEST);
    expect(err.reason).toBe('Unauthorized');
    expect(err.bodyExcerpt).toBe('{"error":"invalid_token"}');
  });

  it('reads Retry-After into retryAfterSeconds, with or without a Status body', () => {
    const withStatus = apiErrorFromResponse(
      429,
      { 'retry-after': '4' },
      Buffer.from('{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down","details":{"retryAfterSeconds":4}}'),
      REQUEST,
    );
    expect(withStatus.retryAfterSeconds).toBe(4);
    expect(isTooManyRequests(withStatus)).toBe(true);
    const bare = apiErrorFromResponse(429, { 'retry-after': '9' }, Buffer.from('slow down'), REQUEST);
    expect(bare.retryAfterSeconds).toBe(9);
    expect(bare.status.details?.retryAfterSeconds).toBe(9);
    expect(isTooManyRequests(bare)).toBe(true);
  });

  it('prefers the header over the body details', () => {
    const err = apiErrorFromResponse(429, { 'retry-after': '2' }, Buffer.from('{"kind":"Status","code":429,"details":{"retryAfterSeconds":30}}'), REQUEST);
    expect(err.retryAfterSeconds).toBe(2);
  });
});

describe('excerptOf', () => {
  it('cuts at 200 bytes and marks the cut', () => {
    expect(excerptOf(Buffer.from('a'.repeat(300)))).toBe(`${'a'.repeat(200)}…`);
    expect(excerptOf(Buffer.from('short'))).toBe('short');
  });
});
