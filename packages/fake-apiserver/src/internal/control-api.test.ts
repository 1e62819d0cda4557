import { describe, expect, it } from 'vitest';
import { isControlPath, parseDelayRule, parseFailRule } from './control-api.js';

/** The message of the 400 a body gets. */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    const status = (err as { status?: { code: number; message: string } }).status;
    expect(status?.code).toBe(400);
    return status?.message ?? '';
  }
  throw new Error('accepted');
}

describe('isControlPath', () => {
  it('is every path under /_kcache/ and nothing a Kubernetes client asks for', () => {
    for (const path of ['/_kcache', '/_kcache/', '/_kcache/v1/compact', '/_kcache/v2/x']) expect(isControlPath(path), path).toBe(true);
    for (const path of ['/', '/api', '/apis/_kcache', '/_kcacheX', '/healthz', '/api/v1/namespaces/_kcache/pods']) expect(isControlPath(path), path).toBe(false);
  });
});

describe('parseFailRule', () => {
  it('keeps the fields given, drops nulls, and needs only code', () => {
    expect(parseFailRule({ code: 503 })).toEqual({ code: 503 });
    expect(parseFailRule({ verb: 'watch', resource: 'pods/status', namespace: 'ns', code: 429, reason: 'Slow', retryAfterSeconds: 0, times: 3 }))
      .toEqual({ verb: 'watch', resource: 'pods/status', namespace: 'ns', code: 429, reason: 'Slow', retryAfterSeconds: 0, times: 3 });
    expect(parseFailRule({ code: 500, verb: null, times: null })).toEqual({ code: 500 });
  });

  it('names the wrong field and what it accepts', () => {
    expect(refusal(() => parseFailRule({}))).toBe('code is required: an HTTP error status from 400 to 599, e.g. 429');
    expect(refusal(() => parseFailRule({ code: 600 }))).toBe('code must be an HTTP error status from 400 to 599, e.g. 429, got 600');
    expect(refusal(() => parseFailRule({ code: 429, verb: 'deletecollection' }))).toBe(
      'verb must be one of get, list, watch, create, update, patch, delete (or left out for every verb), got "deletecollection"',
    );
    expect(refusal(() => parseFailRule({ code: 429, Code: 1 }))).toBe(
      'unknown field "Code": a fail rule has the fields verb, resource, namespace, code, reason, retryAfterSeconds, times',
    );
    expect(refusal(() => parseFailRule({ code: 429, reason: 5 }))).toContain('reason must be a non-empty string');
    expect(refusal(() => parseFailRule({ code: 429, times: '2' }))).toBe('times must be a whole number, 1 or more (left out: until removed), got "2"');
  });
});

describe('parseDelayRule', () => {
  it('needs delayMs, a number of milliseconds from 0 (fractions allowed)', () => {
    expect(parseDelayRule({ delayMs: 0 })).toEqual({ delayMs: 0 });
    expect(parseDelayRule({ delayMs: 12.5, verb: 'get', times: 1 })).toEqual({ verb: 'get', delayMs: 12.5, times: 1 });
    expect(refusal(() => parseDelayRule({ verb: 'get' }))).toBe('delayMs is required: how long to hold each matching request, in milliseconds');
    expect(refusal(() => parseDelayRule({ delayMs: 'soon' }))).toBe('delayMs must be a number of milliseconds, 0 or more, got "soon"');
    expect(refusal(() => parseDelayRule({ delayMs: 5, retryAfterSeconds: 1 }))).toContain('unknown field "retryAfterSeconds": a delay rule has the fields');
  });
});
