/**
 * What went wrong, as a stable string a program can switch on.
 *
 * - `InvalidItem`: `add`, `addAfter` or `addRateLimited` was given something that is not a string.
 *   (`get` resolves `undefined` to say "no more work", so `undefined` can never be an item.)
 * - `InvalidDelay`: `addAfter` was given a delay that is not a number, is `NaN` or is `+Infinity`,
 *   or a rate limiter's `when` returned one.
 * - `InvalidOptions`: a rate limiter or queue option is out of range; the message names it.
 * - `ListenerFailed`: a listener registered with `on()` threw; the queue carried on.
 */
export type WorkQueueErrorCode = 'InvalidItem' | 'InvalidDelay' | 'InvalidOptions' | 'ListenerFailed';

/**
 * The base class of every error `@kcache/workqueue` creates. Check `code` rather than the message.
 *
 * @example
 * ```ts
 * try { queue.addAfter(key, delayMs); } catch (err) {
 *   if (err instanceof WorkQueueError && err.code === 'InvalidDelay') { ... }
 * }
 * ```
 */
export class WorkQueueError extends Error {
  override readonly name: string = 'WorkQueueError';
  /** What went wrong; see {@link WorkQueueErrorCode}. */
  readonly code: WorkQueueErrorCode;
  /** The queue's `name` option, when a queue raised the error; `undefined` for a rate limiter's options. */
  readonly queue: string | undefined;

  constructor(code: WorkQueueErrorCode, message: string, options: { queue?: string | undefined; cause?: unknown } = {}) {
    super(
      options.queue === undefined ? message : `${options.queue}: ${message}`,
      'cause' in options ? { cause: options.cause } : undefined,
    );
    this.code = code;
    this.queue = options.queue;
  }
}

/** Whether `err` is a {@link WorkQueueError}, optionally with the given code. */
export function isWorkQueueError(err: unknown, code?: WorkQueueErrorCode): err is WorkQueueError {
  return err instanceof WorkQueueError && (code === undefined || err.code === code);
}
