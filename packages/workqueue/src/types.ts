/**
 * A source of the current time in milliseconds. Only differences between two readings matter, so
 * a monotonic clock is best; the default is `performance.now()` (which `vi.useFakeTimers()` and
 * `@sinonjs/fake-timers` also control).
 */
export interface Clock {
  now(): number;
}

/**
 * Decides how long an item waits before it is retried: client-go's `TypedRateLimiter`.
 * Implementations keep their own per-item state; the queue only calls these three methods.
 */
export interface RateLimiter<K = string> {
  /** How long `item` should wait before its next try, in milliseconds. Counts as a failure of `item`. */
  when(item: K): number;
  /** Forget `item`'s failure history (after a success, or when giving up on it). */
  forget(item: K): void;
  /** How many failures of `item` this limiter remembers. */
  numRequeues(item: K): number;
}

/** Options of {@link createWorkQueue}. */
export interface WorkQueueOptions<K extends string = string> {
  /** Names the queue in events and errors; default `'workqueue'`. */
  name?: string | undefined;
  /** Used by `addRateLimited`, `forget` and `numRequeues`. Default: `defaultControllerRateLimiter()` on the queue's clock. */
  rateLimiter?: RateLimiter<K> | undefined;
  /**
   * Where due times and durations come from; default `performance.now()`. The one timer of the
   * delaying queue is a real `setTimeout` (fake timers control it); when it fires, the items whose
   * due time has passed by this clock are added.
   */
  clock?: Clock | undefined;
  /**
   * Called when a listener registered with `on()` throws, with a `WorkQueueError` of code
   * `ListenerFailed` whose `cause` is the thrown value. Default: `console.warn`. If this throws too,
   * that is ignored: nothing a listener does can break the queue.
   */
  onListenerError?: ((err: unknown) => void) | undefined;
}

/**
 * A work queue for controllers: client-go's rate-limiting, delaying work queue.
 *
 * - An item is queued at most once: adding an item that is already waiting changes nothing.
 * - An item handed out by `get` is never handed to a second caller until `done(item)`; added
 *   meanwhile, it is marked dirty and queued again (at the back) when `done` is called.
 * - Items are handed out in the order they were first queued; callers of `get` waiting for work
 *   are served in the order they called.
 */
export interface WorkQueue<K extends string = string> {
  /**
   * Queues `item` unless it is already queued; if it is being processed, queues it again once
   * `done(item)` is called. Ignored after shutdown.
   * @throws {WorkQueueError} code `InvalidItem` when `item` is not a string.
   */
  add(item: K): void;
  /**
   * Adds `item` once `delayMs` milliseconds have passed; at once when `delayMs ≤ 0`. An item
   * already waiting keeps the earlier of its two due times. Ignored after shutdown.
   * @throws {WorkQueueError} code `InvalidItem` when `item` is not a string, `InvalidDelay` when
   *   `delayMs` is not a number, is `NaN` or `+Infinity`.
   */
  addAfter(item: K, delayMs: number): void;
  /**
   * `addAfter(item, rateLimiter.when(item))`: the retry of a failed item. Ignored after shutdown
   * (the rate limiter is not consulted then).
   * @throws {WorkQueueError} code `InvalidItem`, or `InvalidDelay` when the rate limiter returned an invalid delay.
   */
  addRateLimited(item: K): void;
  /** Clears `item`'s failure history in the rate limiter. It does not replace `done`. */
  forget(item: K): void;
  /** How many times `item` has failed, by the rate limiter's count. */
  numRequeues(item: K): number;
  /**
   * Resolves with the next item, which the caller must pass to `done` when finished with it.
   * Resolves `undefined` once the queue is shut down and empty: the worker should stop.
   *
   * When `signal` aborts first, resolves `undefined` as well, without taking an item (a worker loop
   * has a single exit, like client-go's `shutdown` result; check `signal.aborted` to tell the two
   * apart). An item is only ever handed to a caller whose promise resolves with it: if the signal
   * aborts after an item was handed over, the promise still resolves with that item.
   */
  get(signal?: AbortSignal): Promise<K | undefined>;
  /**
   * Marks `item` as finished. If it was added again while being processed, it is queued again.
   * Calling it for an item that is not being processed does nothing.
   */
  done(item: K): void;
  /** Items queued and ready to be handed out (not those being processed, nor those waiting in `addAfter`). */
  readonly length: number;
  /** Items waiting in `addAfter` (or `addRateLimited`) for their due time. */
  readonly delayedLength: number;
  /** Items handed out by `get` and not yet `done`. */
  readonly processingLength: number;
  /**
   * Stops taking new items: later adds are ignored, items waiting in `addAfter` are dropped, and
   * callers waiting in `get` resolve `undefined`. Items already queued are still handed out by `get`.
   * Also ends a pending {@link WorkQueue.shutDownWithDrain} at once.
   */
  shutDown(): void;
  /**
   * Like `shutDown`, then resolves once every item handed out by `get` is `done`. Workers must call
   * `done` for it ever to resolve; a later `shutDown()` makes it resolve at once.
   */
  shutDownWithDrain(): Promise<void>;
  /** True once `shutDown` or `shutDownWithDrain` was called. */
  readonly shuttingDown: boolean;
  /** The queue's name. */
  readonly name: string;
  /**
   * Calls `listener` for every event of `type` (or of every type for `'*'`). Returns a function
   * that removes the listener. A listener that throws is reported through `onListenerError`; the
   * queue and the other listeners carry on.
   */
  on<T extends WorkQueueEventType>(type: T, listener: (event: WorkQueueEventOf<T, K>) => void): () => void;
  on(type: '*', listener: (event: WorkQueueEvent<K>) => void): () => void;
  /** `shutDown()`, for `using queue = createWorkQueue()`. */
  [Symbol.dispose](): void;
  /** `shutDownWithDrain()`, for `await using queue = createWorkQueue()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Fields every event carries. */
interface EventBase {
  /** The queue's name. */
  queue: string;
}

/**
 * `add` was called, or an item from `addAfter` became due. Counting the events whose
 * `deduplicated` is false gives client-go's `workqueue_adds_total`.
 */
export interface AddEvent<K extends string = string> extends EventBase {
  type: 'add';
  item: K;
  /** The item was already queued (or already marked to be queued again after processing): nothing changed. */
  deduplicated: boolean;
  /** The item is being processed; it will be queued again when `done` is called. */
  processing: boolean;
  /** The add comes from `addAfter`/`addRateLimited` whose delay passed (or was ≤ 0). */
  delayed: boolean;
}

/** The number of queued items changed (client-go's `workqueue_depth`). */
export interface DepthEvent extends EventBase {
  type: 'depth';
  depth: number;
}

/** `addAfter` (or `addRateLimited`) put an item in the delaying queue, or moved its due time earlier. */
export interface DelayEvent<K extends string = string> extends EventBase {
  type: 'delay';
  item: K;
  delayMs: number;
  /** Items now waiting for their due time. */
  delayedLength: number;
}

/** `addRateLimited` was called (client-go's `workqueue_retries_total`). */
export interface RetryEvent<K extends string = string> extends EventBase {
  type: 'retry';
  item: K;
  /** What the rate limiter answered. */
  delayMs: number;
  /** The rate limiter's failure count for the item, this retry included. */
  requeues: number;
}

/**
 * An item was handed out by `get`: how long it waited since it was queued (client-go's
 * `workqueue_queue_duration_seconds`). Only items queued while a `queue-latency` (or `'*'`)
 * listener was registered are timed.
 */
export interface QueueLatencyEvent<K extends string = string> extends EventBase {
  type: 'queue-latency';
  item: K;
  durationMs: number;
}

/**
 * `done` was called: how long the item was processed since `get` handed it out (client-go's
 * `workqueue_work_duration_seconds`). Only items handed out while a `work-duration` (or `'*'`)
 * listener was registered are timed.
 */
export interface WorkDurationEvent<K extends string = string> extends EventBase {
  type: 'work-duration';
  item: K;
  durationMs: number;
}

/** Everything a queue reports through `on()`. */
export type WorkQueueEvent<K extends string = string> =
  | AddEvent<K>
  | DepthEvent
  | DelayEvent<K>
  | RetryEvent<K>
  | QueueLatencyEvent<K>
  | WorkDurationEvent<K>;

/** The `type` of a {@link WorkQueueEvent}. */
export type WorkQueueEventType = WorkQueueEvent['type'];

/** The event of a given type. */
export type WorkQueueEventOf<T extends WorkQueueEventType, K extends string = string> = Extract<WorkQueueEvent<K>, { type: T }>;
