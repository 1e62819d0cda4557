import type { ListerWatcher } from '@kcache/listwatch';
import type { KubeObject, Store } from '@kcache/store';

/**
 * Exponential backoff between list-and-watch cycles (and between throttled watch attempts).
 * Each wait is `initialMs · factor^n`, capped at `maxMs`, multiplied by a random factor in
 * `[1, 1 + jitter)`; after `resetAfterMs` without a backoff it starts again from `initialMs`.
 * Defaults are client-go's: 800 ms, 30 s, ×2, jitter 1, reset after 2 min.
 */
export interface BackoffOptions {
  initialMs?: number | undefined;
  maxMs?: number | undefined;
  factor?: number | undefined;
  jitter?: number | undefined;
  resetAfterMs?: number | undefined;
}

/** The `apiVersion` and `kind` the reflector expects; watch events of another type are skipped. */
export interface ExpectedType {
  apiVersion: string;
  kind: string;
}

/** Options of {@link createReflector}. */
export interface ReflectorOptions<T extends KubeObject> {
  /** Where objects come from: `createListWatch(…)` from `@kcache/listwatch`, or any implementation. */
  listerWatcher: ListerWatcher<T>;
  /** Where objects go: `createStore()` / `createIndexer()` from `@kcache/store`, or any implementation. */
  store: Store<T>;
  /** Names the reflector in errors and events; default `'reflector'`, or `expectedType`'s kind. */
  name?: string | undefined;
  /** Watch events whose object has another `apiVersion`/`kind` are skipped (and reported as `skip`). */
  expectedType?: ExpectedType | undefined;
  /** Call `store.resync()` this often while watching; 0 (default) never does. */
  resyncPeriodMs?: number | undefined;
  /** Page size of every list (client-go's `WatchListPageSize`). Unset: 500 for the first list, unpaginated relists. */
  pageSize?: number | undefined;
  /** Start each cycle with a streaming list (`sendInitialEvents`), falling back to list on failure. Default true. */
  useWatchList?: boolean | undefined;
  /** Each watch asks the server for a timeout drawn from `[min, 2·min)` seconds. Default 300. */
  minWatchTimeoutSeconds?: number | undefined;
  /** Backoff between cycles; see {@link BackoffOptions}. */
  backoff?: BackoffOptions | undefined;
  /** Re-watch at once after a 500 `ERROR` event while the first such error is at most this old. Default 0 (relist). */
  maxInternalErrorRetryMs?: number | undefined;
  /**
   * Called with every error that ends a list, a watch or a cycle, and with every refused
   * connection (a {@link ReflectorError} whose `cause` is the original). It must return quickly
   * and not throw. Default: a one-line `console.warn` for everything except the routine ones (an
   * expired resourceVersion).
   */
  onWatchError?: ((err: unknown) => void) | undefined;
  /** Applied to every object before it reaches the store, e.g. to drop `metadata.managedFields`. */
  transform?: ((obj: T) => T) | undefined;
}

/** Why a watch stopped. */
export type WatchEndReason =
  /** The server ended the stream cleanly (its timeout, or a closed connection after at least one event). */
  | 'closed'
  /** The connection broke (reset, premature close); the reflector re-watches from the last resourceVersion. */
  | 'connection-lost'
  /** `410 Expired`/`Gone`: the resourceVersion is too old; the reflector relists. */
  | 'expired'
  /** `429 Too Many Requests`: the reflector backs off and re-watches without relisting. */
  | 'too-many-requests'
  /** `500` with reason `InternalError`. */
  | 'internal-error'
  /** Another `ERROR` event or transport error. */
  | 'error'
  /** The watch ended within a second without a single event. */
  | 'very-short'
  /** The stream produced something that is not a watch event. */
  | 'decode-failed'
  /** A store method threw while applying an event. */
  | 'store-failed'
  /** `transform` threw. */
  | 'transform-failed'
  /** `store.resync()` threw. */
  | 'resync-failed'
  /** The signal passed to `run`/`listAndWatch` was aborted. */
  | 'aborted';

/** Why the reflector is listing again. */
export type RelistReason =
  | Exclude<WatchEndReason, 'closed' | 'connection-lost' | 'too-many-requests' | 'aborted'>
  /** The previous list failed. */
  | 'list-failed'
  /** A watch request was refused. */
  | 'watch-failed'
  /** The streaming list failed and the reflector falls back to a plain list. */
  | 'watch-list-fallback';

/** Why the reflector is waiting. */
export type BackoffReason =
  /** Between two list-and-watch cycles of `run`. */
  | 'cycle'
  /** A watch was answered `429`; the wait honours `Retry-After`. */
  | 'too-many-requests'
  /** The API server refused the connection. */
  | 'connection-refused';

/** Fields every reflector event carries. */
interface EventBase {
  /** The reflector's name. */
  reflector: string;
}

/** A list (every page of it) completed. */
export interface ListEvent extends EventBase {
  type: 'list';
  /** The resourceVersion asked for: `"0"` for the first list, `""` for a consistent read, else the last synced one. */
  requestedResourceVersion: string;
  /** The list's resourceVersion. */
  resourceVersion: string;
  items: number;
  /** Whether the server answered with more than one page. */
  paginated: boolean;
  durationMs: number;
}

/** A full list or streaming list is about to start again after the first one. */
export interface RelistEvent extends EventBase {
  type: 'relist';
  reason: RelistReason;
  /** The last synced resourceVersion when the relist starts. */
  resourceVersion: string;
}

/** A watch request is about to be sent. */
export interface WatchStartEvent extends EventBase {
  type: 'watch-start';
  resourceVersion: string;
  timeoutSeconds: number;
  /** True for a streaming list. */
  sendInitialEvents: boolean;
}

/** A watch stream ended. */
export interface WatchEndEvent extends EventBase {
  type: 'watch-end';
  reason: WatchEndReason;
  /** Events applied from this stream (skipped ones excluded). */
  events: number;
  durationMs: number;
  /** lastSyncResourceVersion when the watch ended. */
  resourceVersion: string;
  /** The error that ended it, if any. */
  error?: unknown;
}

/** The reflector is about to wait. */
export interface BackoffEvent extends EventBase {
  type: 'backoff';
  reason: BackoffReason;
  waitMs: number;
}

/** An error was reported (the same value `onWatchError` receives). */
export interface ErrorEvent extends EventBase {
  type: 'error';
  error: unknown;
}

/** A complete list or streaming list was written into the store with `replaceAsync` when it has it, else `replace`. */
export interface SyncEvent extends EventBase {
  type: 'sync';
  source: 'list' | 'watch-list';
  resourceVersion: string;
  items: number;
}

/** `store.resync()` was called. */
export interface ResyncEvent extends EventBase {
  type: 'resync';
}

/** A watch event was skipped: its object had another type than `expectedType`, or no metadata. */
export interface SkipEvent extends EventBase {
  type: 'skip';
  reason: 'unexpected-type' | 'missing-metadata';
  eventType: string;
  apiVersion?: string | undefined;
  kind?: string | undefined;
}

/** Everything a reflector reports through `on()`. */
export type ReflectorEvent =
  | ListEvent
  | RelistEvent
  | WatchStartEvent
  | WatchEndEvent
  | BackoffEvent
  | ErrorEvent
  | SyncEvent
  | ResyncEvent
  | SkipEvent;

/** The `type` of a {@link ReflectorEvent}. */
export type ReflectorEventType = ReflectorEvent['type'];

/** The event of a given type. */
export type ReflectorEventOf<K extends ReflectorEventType> = Extract<ReflectorEvent, { type: K }>;

/**
 * Keeps a Store in step with the API server: client-go's `cache.Reflector`.
 */
export interface Reflector<T extends KubeObject = KubeObject> {
  /** The store this reflector writes to. */
  readonly store: Store<T>;
  /**
   * Lists and watches until `signal` aborts, backing off between cycles. Resolves once aborted;
   * never rejects because of an API or store error (those go to `onWatchError` and the `error` event).
   * @throws {ReflectorError} code `AlreadyRunning` when the reflector is already running.
   */
  run(signal: AbortSignal): Promise<void>;
  /**
   * One cycle: a (streaming) list, then watches until one ends in a way that needs a relist.
   * Resolves when that happens or when `signal` aborts.
   * @throws {ReflectorError} code `ListFailed` when the list failed, `WatchFailed` when the watch could
   *   not be started, `AlreadyRunning` when another cycle is running.
   */
  listAndWatch(signal: AbortSignal): Promise<void>;
  /** The resourceVersion of the last list, event or bookmark applied; `""` before the first list. */
  readonly lastSyncResourceVersion: string;
  /** The reflector's name. */
  readonly name: string;
  /** True once the first complete list or streaming list has been written into the store. */
  hasSynced(): boolean;
  /**
   * Resolves once {@link Reflector.hasSynced} is true.
   * @throws The signal's reason (a `DOMException` named `AbortError` by default) if `signal` aborts first.
   */
  waitForSync(signal?: AbortSignal): Promise<void>;
  /**
   * Calls `listener` for every event of `type` (or of every type for `'*'`). Returns a function
   * that removes the listener. A listener that throws is reported through `onWatchError`.
   */
  on<K extends ReflectorEventType>(type: K, listener: (event: ReflectorEventOf<K>) => void): () => void;
  on(type: '*', listener: (event: ReflectorEvent) => void): () => void;
}

/**
 * A ListerWatcher that knows its source cannot serve streaming lists (`sendInitialEvents`) may say
 * so, and the reflector then never tries one (client-go's `IsWatchListSemanticsUnSupported`).
 */
export interface WatchListSupport {
  isWatchListSemanticsUnsupported(): boolean;
}
