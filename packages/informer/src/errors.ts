/**
 * What went wrong, as a stable string a program can switch on.
 *
 * - `HandlerFailed`: an event handler threw or rejected; `cause` is what it threw. Reported through
 *   the `handler-error` event; the handler goes on with its next notification.
 * - `CacheFailed`: an object could not be applied to the cache (no key could be made for it, or an
 *   index function threw); the object is skipped and handlers do not hear of it. Reported through
 *   the `error` event.
 * - `ListenerFailed`: a listener registered with `on()` threw.
 * - `AlreadyStarted`: `run` was called a second time.
 * - `Stopped`: the informer (or factory) has stopped: no handler can be added, and a sync that never
 *   happened will not happen.
 * - `HandlerRemoved`: a registration was removed before its handler synced.
 * - `NotStarted`: `waitForCacheSync` was called on a factory that was never started.
 * - `InvalidLabelSelector`: a label selector could not be parsed ({@link LabelSelectorError}).
 * - `InvalidOptions`: an options object the informer cannot work with.
 */
export type InformerErrorCode =
  | 'HandlerFailed'
  | 'CacheFailed'
  | 'ListenerFailed'
  | 'AlreadyStarted'
  | 'Stopped'
  | 'HandlerRemoved'
  | 'NotStarted'
  | 'InvalidLabelSelector'
  | 'InvalidOptions';

/** The base class of every error `@kcache/informer` creates; `code` says what went wrong. */
export class InformerError extends Error {
  override readonly name: string = 'InformerError';
  /** What went wrong; see {@link InformerErrorCode}. */
  readonly code: InformerErrorCode;

  constructor(code: InformerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** A label selector that is not valid on the wire; the message says where and what was expected. */
export class LabelSelectorError extends InformerError {
  override readonly name: string = 'LabelSelectorError';
  /** The selector as given. */
  readonly selector: string;
  /** Offset in `selector` where parsing failed. */
  readonly position: number;

  constructor(selector: string, position: number, problem: string) {
    super('InvalidLabelSelector', `invalid label selector ${JSON.stringify(selector)}: ${problem} (at offset ${String(position)})`);
    this.selector = selector;
    this.position = position;
  }
}

/** Whether `err` is an {@link InformerError}, optionally with the given code. */
export function isInformerError(err: unknown, code?: InformerErrorCode): err is InformerError {
  return err instanceof InformerError && (code === undefined || err.code === code);
}
