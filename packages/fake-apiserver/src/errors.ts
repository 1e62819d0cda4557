import type { ServerStatus } from './types.js';

/** Options every fake API server error accepts. */
export interface FakeApiServerErrorOptions {
  /** The error that caused this one, if any. */
  cause?: unknown;
}

/**
 * Base class of every error `@kcache/fake-apiserver` throws. In-process writes (`server.create`,
 * `server.update`, …) fail with a subclass carrying the `status` the HTTP API would have answered,
 * so a test can assert the same thing either way. Check `code` (the Status `reason`, e.g.
 * `'Conflict'`) rather than the message.
 *
 * @example
 * ```ts
 * try { server.update(pod); } catch (err) {
 *   if (err instanceof FakeApiServerError && err.code === 'Conflict') { ... }
 * }
 * ```
 */
export class FakeApiServerError extends Error {
  override readonly name: string = 'FakeApiServerError';
  /** The Kubernetes Status `reason` (`NotFound`, `Conflict`, …), or `ListenFailed` when the server could not start. */
  readonly code: string;
  /** The Status the HTTP API answers for the same request (`status.code` is the HTTP status code). */
  readonly status: ServerStatus;

  constructor(status: ServerStatus, options: FakeApiServerErrorOptions = {}) {
    super(status.message, 'cause' in options ? { cause: options.cause } : undefined);
    this.status = status;
    this.code = status.reason;
  }
}

/** The object (or the kind) does not exist: HTTP 404 `NotFound`. */
export class NotFoundError extends FakeApiServerError {
  override readonly name: string = 'NotFoundError';
}

/** The request is refused (a create in a namespace being terminated, deleting `default`): HTTP 403 `Forbidden`. */
export class ForbiddenError extends FakeApiServerError {
  override readonly name: string = 'ForbiddenError';
}

/** An object with that name already exists: HTTP 409 `AlreadyExists`. */
export class AlreadyExistsError extends FakeApiServerError {
  override readonly name: string = 'AlreadyExistsError';
}

/** The write named a stale `resourceVersion` (or `uid`): HTTP 409 `Conflict`. Re-read the object and retry. */
export class ConflictError extends FakeApiServerError {
  override readonly name: string = 'ConflictError';
}

/** The object is invalid (missing or malformed name, bad labels, …): HTTP 422 `Invalid`; `status.details.causes` lists each field. */
export class InvalidError extends FakeApiServerError {
  override readonly name: string = 'InvalidError';
}

/** The request itself is malformed (bad JSON, name or namespace differing from the URL, …): HTTP 400 `BadRequest`. */
export class BadRequestError extends FakeApiServerError {
  override readonly name: string = 'BadRequestError';
}

/** A resourceVersion or continue token older than the history kept: HTTP 410 `Expired`. */
export class ExpiredError extends FakeApiServerError {
  override readonly name: string = 'ExpiredError';
}

/** The server could not listen on the host and port asked for (code `ListenFailed`). */
export class ListenError extends FakeApiServerError {
  override readonly name: string = 'ListenError';
}
