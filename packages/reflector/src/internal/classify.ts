import {
  ConnectionError,
  isConnectionRefused,
  isExpired,
  isGone,
  isInternalError,
  isResourceVersionTooLarge,
  isTooManyRequests,
  ListWatchError,
} from '@kcache/listwatch';

/** 410 Expired or Gone: the resourceVersion asked for is no longer available. */
export function isExpiredError(err: unknown): boolean {
  return isExpired(err) || isGone(err);
}

/** The resourceVersion asked for is ahead of what the server has ("too large resource version"). */
export function isTooLargeResourceVersionError(err: unknown): boolean {
  return isResourceVersionTooLarge(err);
}

/** 429 or connection refused: back off and re-watch; the server is most likely still there. */
export function isRetriableWatchError(err: unknown): boolean {
  return isConnectionRefused(err) || isTooManyRequests(err);
}

export { isInternalError, isTooManyRequests };

interface StatusLike {
  code?: unknown;
  details?: { retryAfterSeconds?: unknown } | undefined;
}

function statusOf(err: unknown): StatusLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'object' && status !== null ? status : undefined;
}

/** The HTTP status code an API error carries, if any. */
export function statusCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'number') return code;
  const statusCodeValue = statusOf(err)?.code;
  return typeof statusCodeValue === 'number' ? statusCodeValue : undefined;
}

/** Whether `err` is an error the API server answered with (it carries a Status). */
export function isApiStatusError(err: unknown): boolean {
  return statusOf(err) !== undefined && statusCode(err) !== undefined;
}

/** The wait a 429 asks for (`Retry-After` or `details.retryAfterSeconds`), in milliseconds. */
export function retryAfterMs(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const direct = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  const fromStatus = statusOf(err)?.details?.retryAfterSeconds;
  const seconds = typeof direct === 'number' ? direct : typeof fromStatus === 'number' ? fromStatus : undefined;
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Whether a refused streaming list means the server does not accept `sendInitialEvents` at all
 * (422 Invalid from a server whose WatchList feature is off, 400 from one that does not know the
 * parameters), so trying again on every cycle would only waste a request.
 */
export function isWatchListRejected(err: unknown): boolean {
  const code = statusCode(err);
  return isApiStatusError(err) && (code === 400 || code === 422);
}

// Socket-level codes Node and undici use for a connection that went away mid-stream.
const CONNECTION_LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
  'ERR_HTTP2_STREAM_ERROR',
]);

/**
 * Whether a stream error is a lost connection rather than bad data: client-go's
 * `IsProbableEOF`. Such a watch is treated as closed, and the reflector re-watches from the last
 * resourceVersion without relisting. Decided by type and code only, never by message text: a
 * listwatch {@link ConnectionError} is one; any other listwatch error (a `WatchDecodeError`, …)
 * is not; other errors are one when they, or an error in their `cause` chain, carry a Node.js or
 * undici socket code.
 */
export function isConnectionLost(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (current instanceof ConnectionError) return true;
    if (current instanceof ListWatchError) return false;
    if (typeof current !== 'object') return false;
    const code = (current as { code?: unknown }).code;
    // 'CONNECTION_ERROR': a ConnectionError from another copy of @kcache/listwatch.
    if (code === 'CONNECTION_ERROR' || (typeof code === 'string' && CONNECTION_LOST_CODES.has(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
