import { STATUS_CODES } from 'node:http';
import { ApiError } from '../errors.js';
import type { Status } from '../types.js';
import { reasonForCode } from './reason-for-code.js';

const EXCERPT_BYTES = 200;

/**
 * The start of a body as readable text: at most 200 bytes, whitespace runs collapsed (HTML error
 * pages are mostly indentation), `…` when cut.
 */
export function excerptOf(body: Uint8Array, start = 0, end: number = body.length): string {
  const cut = end - start > EXCERPT_BYTES;
  const slice = Buffer.from(body.buffer, body.byteOffset + start, Math.min(end - start, EXCERPT_BYTES));
  const text = slice.toString('utf8').replace(/\s+/g, ' ').trim();
  return cut ? `${text}…` : text;
}

/**
 * `Retry-After` as whole seconds from now: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a date in the past gives 0.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  // An HTTP date always names a month; this keeps Date.parse from reading "-3" as a year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function asStatus(body: Buffer): Status | undefined {
  if (body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  if ((parsed as { kind?: unknown }).kind !== 'Status') return undefined;
  return parsed;
}

/**
 * Turns a non-2xx answer into an {@link ApiError}: the body's `Status` when it is one (its `code`
 * filled from the response when missing), otherwise a `Status` synthesized from the HTTP code with
 * client-go's reason for it and an excerpt of the body in the message.
 */
export function apiErrorFromResponse(
  httpCode: number,
  headers: { 'retry-after'?: string | string[] | undefined },
  body: Buffer,
  request: string,
): ApiError {
  const retryAfterSeconds = parseRetryAfter(headers['retry-after']);
  const fromBody = asStatus(body);
  if (fromBody !== undefined) {
    const status = typeof fromBody.code === 'number' && fromBody.code !== 0 ? fromBody : { ...fromBody, code: httpCode };
    return new ApiError(status, { request, retryAfterSeconds });
  }
  const bodyExcerpt = excerptOf(body);
  const statusText = STATUS_CODES[httpCode] ?? 'Unknown';
  const message =
    bodyExcerpt === ''
      ? `the server answered ${String(httpCode)} ${statusText} with an empty body`
      : `the server answered ${String(httpCode)} ${statusText} without a Status body: ${bodyExcerpt}`;
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: httpCode,
    reason: reasonForCode(httpCode),
    message,
    ...(retryAfterSeconds === undefined ? {} : { details: { retryAfterSeconds } }),
  };
  return new ApiError(status, { request, retryAfterSeconds, bodyExcerpt });
}
