/**
 * What went wrong, as a stable string a program can switch on.
 *
 * - `InvalidOptions`: `createController` (or an enqueue helper) was given options it cannot work
 *   with; the message names the option.
 * - `AlreadyStarted`: `run` was called a second time. A controller runs once: its queue is shut
 *   down when `run` ends. Make a new controller to run again.
 * - `CacheSyncFailed`: an informer stopped (or refused the controller's handler) before its cache
 *   synced, so the controller never started its workers; `cause` is the informer's error.
 * - `EnqueueFailed`: an enqueue function threw, or the default key function could not make a key
 *   for an object; `cause` is what it threw. The notification is skipped; the controller goes on.
 * - `InvalidKey`: an enqueue function returned something that is not a non-empty string (or an
 *   array of them). That value is skipped.
 * - `InvalidResult`: `reconcile` resolved with something other than nothing, `{ requeueAfterMs }`
 *   or `{ requeue: true }`; the key is retried with the rate limiter, as for a thrown error.
 * - `ListenerFailed`: a listener registered with `on()` threw; the controller carried on.
 */
export type ControllerErrorCode =
  | 'InvalidOptions'
  | 'AlreadyStarted'
  | 'CacheSyncFailed'
  | 'EnqueueFailed'
  | 'InvalidKey'
  | 'InvalidResult'
  | 'ListenerFailed';

/**
 * The base class of every error `@kcache/controller` creates. Check `code` rather than the message.
 * Errors thrown by your own `reconcile` are reported as they are, never wrapped.
 *
 * @example
 * ```ts
 * try { await controller.run(signal); } catch (err) {
 *   if (err instanceof ControllerError && err.code === 'CacheSyncFailed') { ... }
 * }
 * ```
 */
export class ControllerError extends Error {
  override readonly name: string = 'ControllerError';
  /** What went wrong; see {@link ControllerErrorCode}. */
  readonly code: ControllerErrorCode;
  /** The controller's `name`, when a controller raised the error; `undefined` for an enqueue helper's options. */
  readonly controller: string | undefined;

  constructor(code: ControllerErrorCode, message: string, options: { controller?: string | undefined; cause?: unknown } = {}) {
    super(
      options.controller === undefined ? message : `${options.controller}: ${message}`,
      'cause' in options ? { cause: options.cause } : undefined,
    );
    this.code = code;
    this.controller = options.controller;
  }
}

/** Whether `err` is a {@link ControllerError}, optionally with the given code. */
export function isControllerError(err: unknown, code?: ControllerErrorCode): err is ControllerError {
  return err instanceof ControllerError && (code === undefined || err.code === code);
}
