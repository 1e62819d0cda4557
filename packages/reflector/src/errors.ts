/**
 * What went wrong, as a stable string a program can switch on.
 *
 * - `ListFailed`: a list (initial or relist) failed; `cause` is the ListerWatcher's error.
 * - `WatchFailed`: a watch request was refused, or an open watch ended with an error (an `ERROR`
 *   event or a broken stream); `cause` is the underlying error.
 * - `VeryShortWatch`: a watch ended within a second without delivering a single event, which
 *   usually means the server or a proxy closes watches at once.
 * - `WatchListFallback`: the streaming list (`sendInitialEvents`) failed; the reflector falls back
 *   to a plain list for this cycle.
 * - `StoreFailed`: a `Store` method threw.
 * - `TransformFailed`: the `transform` option threw.
 * - `DecodeFailed`: the watch stream produced something that is not a watch event.
 * - `ResyncFailed`: `store.resync()` threw.
 * - `ListenerFailed`: an event listener registered with `on()` threw.
 * - `AlreadyRunning`: `run` or `listAndWatch` was called while another one is still running.
 * - `InvalidOptions`: `createReflector` was given options it cannot work with.
 */
export type ReflectorErrorCode =
  | 'ListFailed'
  | 'WatchFailed'
  | 'VeryShortWatch'
  | 'WatchListFallback'
  | 'StoreFailed'
  | 'TransformFailed'
  | 'DecodeFailed'
  | 'ResyncFailed'
  | 'ListenerFailed'
  | 'AlreadyRunning'
  | 'InvalidOptions';

/**
 * The base class of every error the reflector creates. `code` says which phase failed; `cause` holds
 * the error it came from (an `ApiError` from `@kcache/listwatch`, a store's error, …).
 */
export class ReflectorError extends Error {
  override readonly name: string = 'ReflectorError';
  /** What went wrong; see {@link ReflectorErrorCode}. */
  readonly code: ReflectorErrorCode;
  /** The reflector's `name` option. */
  readonly reflector: string;

  constructor(code: ReflectorErrorCode, reflector: string, message: string, options?: { cause?: unknown }) {
    super(`${reflector}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reflector = reflector;
  }
}

/** Thrown by `createReflector` when an option is out of range; the message names the option. */
export class InvalidReflectorOptionsError extends ReflectorError {
  override readonly name: string = 'InvalidReflectorOptionsError';

  constructor(reflector: string, message: string) {
    super('InvalidOptions', reflector, message);
  }
}

/** Whether `err` is a {@link ReflectorError}, optionally with the given code. */
export function isReflectorError(err: unknown, code?: ReflectorErrorCode): err is ReflectorError {
  return err instanceof ReflectorError && (code === undefined || err.code === code);
}
