import { STATUS_CODES } from 'node:http';
import type { Status } from './types.js';
import { reasonForCode } from './internal/reason-for-code.js';

/**
 * Base class of every error `@kcache/listwatch` throws (apart from the `AbortError` an aborted
 * signal produces, which is the signal's own reason, as with `fetch`).
 *
 * `code` is a stable string naming the failure (`'CONNECTION_ERROR'`, `'WATCH_DECODE_ERROR'`, …),
 * except on {@link ApiError}, where it is the HTTP status code the API server answered.
 */
export class ListWatchError extends Error {
  /** Stable identifier of the failure; the HTTP status code on {@link ApiError}. */
  readonly code: string | number;

  constructor(message: string, code: string | number, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ListWatchError';
    this.code = code;
  }
}

/** Options of the {@link ApiError} constructor. */
export interface ApiErrorOptions {
  /** Seconds the server asked to wait (`Retry-After`); defaults to `status.details.retryAfterSeconds`. */
  retryAfterSeconds?: number | undefined;
  /** The error this one was built from, if any. */
  cause?: unknown;
  /** What was asked, for the message, e.g. `GET /api/v1/namespaces/default/pods?limit=500`. */
  request?: string | undefined;
  /** The first bytes of a response body that was not a `Status` (an HTML page from a proxy, …). */
  bodyExcerpt?: string | undefined;
}

/**
 * The API server answered with an error: a `Status` body (or, when a proxy or gateway answered with
 * something else, a `Status` synthesized from the HTTP code). Also the natural way to turn a watch
 * `ERROR` event into an error: `new ApiError(event.object)`.
 *
 * Classify it with {@link isExpired}, {@link isGone}, {@link isTooManyRequests},
 * {@link isResourceVersionTooLarge} and {@link isInternalError}.
 */
export class ApiError extends ListWatchError {
  /** The HTTP status code (`status.code`, or the response's code when the body had none). */
  declare readonly code: number;
  /** The `Status` as sent by the server, or synthesized when the body was not one. */
  readonly status: Status;
  /** `status.reason`, or the reason client-go derives from the code (`NotFound`, `Gone`, …). */
  readonly reason: string;
  /** Seconds the server asked the client to wait before retrying, when it said so. */
  declare readonly retryAfterSeconds?: number;
  /** What was asked (`GET /api/v1/pods?watch=true…`), when known. */
  declare readonly request?: string;
  /** The start of a body that was not a `Status`, when that was the case. */
  declare readonly bodyExcerpt?: string;

  constructor(status: Status, options?: ApiErrorOptions) {
    const code = typeof status.code === 'number' ? status.code : 0;
    const reason = status.reason !== undefined && status.reason !== '' ? status.reason : reasonForCode(code);
    const what = status.message !== undefined && status.message !== '' ? status.message : (STATUS_CODES[code] ?? 'unknown error');
    const prefix = options?.request === undefined ? '' : `${options.request}: `;
    super(`${prefix}${String(code)} ${reason}: ${what}`, code, { cause: options?.cause });
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    const retryAfter = options?.retryAfterSeconds ?? status.details?.retryAfterSeconds;
    if (retryAfter !== undefined) this.retryAfterSeconds = retryAfter;
    if (options?.request !== undefined) this.request = options.request;
    if (options?.bodyExcerpt !== undefined) this.bodyExcerpt = options.bodyExcerpt;
  }
}

/**
 * The connection to the API server failed or broke: refused, reset, hung up, timed out, or the TLS
 * handshake failed. `cause` holds the underlying Node.js error; `systemCode` its `code`
 * (`ECONNREFUSED`, `ECONNRESET`, `DEPTH_ZERO_SELF_SIGNED_CERT`, …). Usually worth a retry with
 * backoff; {@link isConnectionRefused} tells the refused case apart (client-go re-watches without
 * relisting then).
 */
export class ConnectionError extends ListWatchError {
  declare readonly code: 'CONNECTION_ERROR';
  /** The Node.js error code of the cause, when it had one. */
  declare readonly systemCode?: string;

  constructor(message: string, options?: { cause?: unknown; systemCode?: string | undefined }) {
    super(message, 'CONNECTION_ERROR', { cause: options?.cause });
    this.name = 'ConnectionError';
    if (options?.systemCode !== undefined) this.systemCode = options.systemCode;
  }
}

/**
 * A line of a watch stream was not a watch event: not JSON, not an object, or without a known
 * `type` and an `object`. Thrown from the event iterator; the stream is closed. The events before
 * it were delivered; nothing was skipped silently.
 */
export class WatchDecodeError extends ListWatchError {
  declare readonly code: 'WATCH_DECODE_ERROR';
  /** Byte offset of the start of the offending line in the response body. */
  readonly offset: number;
  /** The start of the offending line (at most 200 bytes, then `…`). */
  readonly excerpt: string;

  constructor(message: string, options: { offset: number; excerpt: string; cause?: unknown }) {
    super(message, 'WATCH_DECODE_ERROR', { cause: options.cause });
    this.name = 'WatchDecodeError';
    this.offset = options.offset;
    this.excerpt = options.excerpt;
  }
}

/**
 * A successful (2xx) list response whose body was not a list: not JSON, or without `items`.
 * Usually a proxy in the way or a URL that is not a Kubernetes collection.
 */
export class ResponseDecodeError extends ListWatchError {
  declare readonly code: 'RESPONSE_DECODE_ERROR';
  /** The start of the body (at most 200 bytes, then `…`). */
  readonly excerpt: string;

  constructor(message: string, options: { excerpt: string; cause?: unknown }) {
    super(message, 'RESPONSE_DECODE_ERROR', { cause: options.cause });
    this.name = 'ResponseDecodeError';
    this.excerpt = options.excerpt;
  }
}

/**
 * The `KubeConfig` could not give what a request needs: no current context or cluster, a server
 * URL that is not http(s), a plain-http server without `insecure-skip-tls-verify`, or credentials
 * that could not be obtained (an exec plugin or OIDC refresh that failed, an unreadable file).
 */
export class KubeConfigError extends ListWatchError {
  declare readonly code: 'KUBECONFIG_ERROR';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'KUBECONFIG_ERROR', options);
    this.name = 'KubeConfigError';
  }
}

/**
 * An argument was invalid: a malformed resource descriptor, a negative `limit`, an unknown
 * `resourceVersionMatch`, a `pageSize` that is not a positive integer. Nothing was sent.
 */
export class InvalidOptionsError extends ListWatchError {
  declare readonly code: 'INVALID_OPTIONS';

  constructor(message: string) {
    super(message, 'INVALID_OPTIONS');
    this.name = 'InvalidOptionsError';
  }
}
