import { ApiError, ConnectionError } from './errors.js';
import { isKnownReason } from './internal/reason-for-code.js';

// Like client-go's errors.As: an ApiError wrapped by another error (as `cause`) still counts.
function findApiError(err: unknown): ApiError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (current instanceof ApiError) return current;
    if (typeof current !== 'object') return undefined;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// client-go: the reason matches, or the reason is not one it knows and the code matches.
function hasReasonOrCode(err: unknown, reason: string, code: number): boolean {
  const api = findApiError(err);
  if (api === undefined) return false;
  if (api.reason === reason) return true;
  return !isKnownReason(api.reason) && api.code === code;
}

/**
 * The resourceVersion or continue token asked for is older than what the server keeps: a `410`
 * with reason `Expired` (client-go's `IsResourceExpired`). Relist from scratch.
 */
export function isExpired(err: unknown): boolean {
  return findApiError(err)?.reason === 'Expired';
}

/**
 * Any `410` answer, whatever its reason (`Expired` included; client-go's `IsGone` checks the
 * `Gone` reason only, but a reflector treats both the same: relist).
 */
export function isGone(err: unknown): boolean {
  return findApiError(err)?.code === 410;
}

/**
 * The server is throttling: reason `TooManyRequests`, or a `429` with no known reason. Wait
 * `retryAfterSeconds` (when given) and retry, without relisting.
 */
export function isTooManyRequests(err: unknown): boolean {
  return hasReasonOrCode(err, 'TooManyRequests', 429);
}

/**
 * The resourceVersion asked for is ahead of the server (a lagging replica): a status cause of type
 * `ResourceVersionTooLarge`, or, from servers before that cause existed, a `504 Timeout` whose
 * message says "Too large resource version". client-go retries the list with `resourceVersion: ""`.
 */
export function isResourceVersionTooLarge(err: unknown): boolean {
  const api = findApiError(err);
  if (api === undefined) return false;
  const causes = api.status.details?.causes ?? [];
  for (const cause of causes) {
    // The Go field is `Type`, serialized as "reason"; accept a literal "type" too.
    const type = (cause as { type?: unknown }).type;
    if (cause.reason === 'ResourceVersionTooLarge' || type === 'ResourceVersionTooLarge') return true;
  }
  return api.code === 504 && (api.status.message ?? '').includes('Too large resource version');
}

/** The server failed internally: reason `InternalError`, or a `500` with no known reason. */
export function isInternalError(err: unknown): boolean {
  return hasReasonOrCode(err, 'InternalError', 500);
}

/**
 * The server refused the connection (`ECONNREFUSED`): nothing listens there, typically an API
 * server restarting. client-go re-watches after a backoff without relisting. Looks through
 * {@link ConnectionError}, `cause` chains and `AggregateError`s (Node's happy-eyeballs connect).
 */
export function isConnectionRefused(err: unknown): boolean {
  return hasSystemCode(err, 'ECONNREFUSED', 0);
}

function hasSystemCode(err: unknown, code: string, depth: number): boolean {
  if (depth > 8 || typeof err !== 'object' || err === null) return false;
  if (err instanceof ConnectionError && err.systemCode === code) return true;
  if ((err as { code?: unknown }).code === code) return true;
  if (err instanceof AggregateError && err.errors.some((inner) => hasSystemCode(inner, code, depth + 1))) return true;
  return hasSystemCode((err as { cause?: unknown }).cause, code, depth + 1);
}
