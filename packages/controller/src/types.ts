import type { HandlerOptions, HandlerRegistration, ResourceEventHandler } from '@kcache/informer';
import type { DeletedFinalStateUnknown, KubeObject } from '@kcache/store';
import type { WorkQueue } from '@kcache/workqueue';

/**
 * What the controller needs of an informer: every `SharedInformer<T>` of `@kcache/informer` fits,
 * whatever its `T` (a `V1Deployment`, a custom resource…), with no cast.
 *
 * The contract names `SharedInformer<KubeObject>[]`, but `SharedInformer<V1Deployment>` is not
 * assignable to `SharedInformer<KubeObject>` (its `indexer.getIndexers()` returns functions of
 * `V1Deployment`), so the controller asks only for the members it calls.
 */
export interface ControllerInformer<T extends KubeObject = KubeObject> {
  /** Names the informer in events. */
  readonly name: string;
  /** Registers the controller's handler; the controller removes it when `run` ends. */
  addEventHandler(handler: ResourceEventHandler<T>, options?: HandlerOptions<T>): HandlerRegistration;
  /** True once the informer's cache has synced. */
  hasSynced(): boolean;
  /** Resolves once the informer's cache has synced. */
  waitForSync(signal?: AbortSignal): Promise<void>;
}

/** What an enqueue function returns: one key, several, or none (`undefined`, `null` or `[]`). */
export type EnqueueKeys = string | readonly string[] | null | undefined;

/** Which notification an enqueue function is mapping, and from which informer. */
export interface EnqueueContext {
  /** The kind of notification; a resync arrives as an `update` whose old and new objects are the same. */
  readonly type: 'add' | 'update' | 'delete';
  /** The informer's name. */
  readonly informer: string;
}

/**
 * Maps an object from a notification to the keys to reconcile. `obj` is a
 * `DeletedFinalStateUnknown` tombstone when a deletion was only learnt from a relist (its `key` is
 * the deleted object's key; its `obj` the last state known, maybe `undefined`).
 *
 * On an update it is called with the new object and then, when the notification carries a
 * different old object, with the old one: a change that moves an object from one owner to another
 * reconciles both owners. A key queued twice is reconciled once.
 */
export type EnqueueFunc<T extends KubeObject = KubeObject> = (
  obj: T | DeletedFinalStateUnknown<T>,
  context: EnqueueContext,
) => EnqueueKeys;

/**
 * An informer with its own way of turning notifications into keys: the "watch the children,
 * reconcile the parent" pattern. {@link informerSource} builds one with the enqueue function typed
 * by the informer's objects.
 *
 * `enqueue` and `filter` are methods so that a source of any object type fits the controller's
 * `informers` array (method parameters are checked bivariantly).
 */
export interface InformerSource<T extends KubeObject = KubeObject> {
  /** The informer to watch. */
  readonly informer: ControllerInformer<T>;
  /** How this informer's notifications become keys. Default: the controller's `enqueue`, else the object's own key. */
  enqueue?(obj: T | DeletedFinalStateUnknown<T>, context: EnqueueContext): EnqueueKeys;
  /** Only objects for which this returns true enqueue anything (the informer's handler filter: an update that stops matching arrives as a delete). */
  filter?(obj: T): boolean;
}

/** Reconcile `key` again after `requeueAfterMs` milliseconds, even though this attempt succeeded (its failure history is cleared). */
export interface RequeueAfter {
  requeueAfterMs: number;
}

/**
 * Reconcile `key` again after the rate limiter's delay, keeping its failure history, but without
 * reporting an error: for an expected, transient condition such as a 409 Conflict.
 */
export interface Requeue {
  requeue: true;
}

/** What `reconcile` may resolve with: nothing (done), {@link RequeueAfter} or {@link Requeue}. */
export type ReconcileResult = RequeueAfter | Requeue | undefined;

/** Options of {@link createController}. */
export interface ControllerOptions {
  /** Names the controller in events, errors, handler registrations and the default queue. Required, non-empty. */
  name: string;
  /**
   * The informers whose notifications enqueue keys, and whose caches (and the controller's handler
   * registrations) must have synced before the first reconcile. The caller (or an informer factory)
   * runs them; the controller does not. Each entry is an informer, which uses `enqueue` (or the
   * object's own key), or an {@link InformerSource} with an enqueue function of its own.
   */
  informers: readonly (ControllerInformer | InformerSource)[];
  /**
   * How notifications of the plain informers of `informers` become keys. Default: the object's key,
   * `namespace/name` (`deletionHandlingMetaNamespaceKeyFunc`, so tombstones give their key).
   */
  enqueue?: EnqueueFunc | undefined;
  /**
   * Brings the object named by `key` to its desired state. Resolve with nothing when done, with
   * `{ requeueAfterMs }` to come back later, or `{ requeue: true }` to retry with backoff; throw (or
   * reject) to retry with backoff and an `error` event. `signal` aborts when the controller stops:
   * pass it to your requests. A key is never reconciled by two workers at once.
   */
  // `void` so that a reconcile declared as returning `Promise<void>` fits as it is.
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult | void> | ReconcileResult | void;
  /** How many keys are reconciled at once. A whole number ≥ 1; default 1. */
  workers?: number | undefined;
  /**
   * The work queue. Default: `createWorkQueue({ name, rateLimiter: defaultControllerRateLimiter() })`.
   * The controller owns it: `run` shuts it down when it ends.
   */
  queue?: WorkQueue | undefined;
  /**
   * Called when a listener registered with `on()` throws, with a `ControllerError` of code
   * `ListenerFailed` whose `cause` is the thrown value. Default: `console.warn`.
   */
  onListenerError?: ((err: unknown) => void) | undefined;
}

/**
 * A controller: informers → work queue → workers → reconcile, as client-go controllers are written
 * by hand.
 */
export interface Controller {
  /** The controller's name. */
  readonly name: string;
  /** The work queue: add keys by hand (`controller.queue.add(key)`), or read its metrics with `queue.on(…)`. */
  readonly queue: WorkQueue;
  /**
   * Registers handlers on the informers, waits until every informer's cache and every handler
   * registration has synced, then runs the workers until `signal` aborts. On abort, no new key is
   * taken, the `signal` given to running reconciles aborts, and `run` resolves once they have
   * finished, the queue is shut down and the handlers are removed. Aborted before the caches sync,
   * it resolves without reconciling anything.
   * @throws {ControllerError} code `AlreadyStarted` on a second call; `CacheSyncFailed` when an informer stops before it syncs.
   */
  run(signal: AbortSignal): Promise<void>;
  /** True once the caches have synced and the workers have started. */
  hasSynced(): boolean;
  /**
   * Calls `listener` for every event of `type` (or of every type for `'*'`). Returns a function
   * that removes the listener. A listener that throws is reported through `onListenerError`.
   */
  on<K extends ControllerEventType>(type: K, listener: (event: ControllerEventOf<K>) => void): () => void;
  on(type: '*', listener: (event: ControllerEvent) => void): () => void;
}

/** Fields every event carries. */
interface EventBase {
  /** The controller's name. */
  controller: string;
}

/** `run` registered its handlers and is waiting for the caches. */
export interface StartedEvent extends EventBase {
  type: 'started';
  workers: number;
  /** The informers' names. */
  informers: string[];
}

/** Every cache and handler registration has synced; the workers start. */
export interface SyncedEvent extends EventBase {
  type: 'synced';
  /** How long `run` waited for the caches. */
  durationMs: number;
}

/**
 * How one reconcile ended:
 * `success`; `requeue-after` (it asked for `{ requeueAfterMs }`); `requeue` (it asked for
 * `{ requeue: true }`); `error` (it threw, or resolved with something invalid); `aborted` (it
 * threw the abort reason after the controller's signal aborted: not an error, not retried).
 */
export type ReconcileOutcome = 'success' | 'requeue-after' | 'requeue' | 'error' | 'aborted';

/** A reconcile finished. */
export interface ReconcileEvent extends EventBase {
  type: 'reconcile';
  key: string;
  /** Which worker (0-based) ran it. */
  worker: number;
  durationMs: number;
  result: ReconcileOutcome;
  /** The delay asked for, when `result` is `requeue-after`. */
  requeueAfterMs?: number | undefined;
}

/**
 * Something failed. `phase: 'reconcile'`: `reconcile` threw (or returned an invalid result) for
 * `key`, and the key was queued again with the rate limiter. `phase: 'enqueue'`: a notification
 * of `informer` could not be turned into keys (`error` is a `ControllerError` of code
 * `EnqueueFailed` or `InvalidKey`).
 */
export interface ErrorEvent extends EventBase {
  type: 'error';
  phase: 'reconcile' | 'enqueue';
  /** The key being reconciled; `undefined` in the `enqueue` phase. */
  key: string | undefined;
  /** The informer whose notification failed, in the `enqueue` phase. */
  informer?: string | undefined;
  /** What `reconcile` threw, as it threw it; or a `ControllerError`. */
  error: unknown;
  /** The key's failure count by the rate limiter, this failure included (0 in the `enqueue` phase). */
  numRequeues: number;
}

/** A key was queued again by the controller after a reconcile. */
export interface RequeueEvent extends EventBase {
  type: 'requeue';
  key: string;
  /** `requeue-after`: asked for by `{ requeueAfterMs }`; `rate-limited`: after an error or `{ requeue: true }`. */
  reason: 'requeue-after' | 'rate-limited';
  /** The delay before the key is queued again (the rate limiter's, read from the queue's `retry` event). */
  delayMs: number | undefined;
  /** The key's failure count by the rate limiter. */
  numRequeues: number;
}

/** `run` ended: the workers have finished, the queue is shut down and the handlers removed. */
export interface StoppedEvent extends EventBase {
  type: 'stopped';
  /** Whether the caches had synced (false when aborted while waiting for them). */
  synced: boolean;
}

/** Everything a controller reports through `on()`. */
export type ControllerEvent = StartedEvent | SyncedEvent | ReconcileEvent | ErrorEvent | RequeueEvent | StoppedEvent;

/** The `type` of a {@link ControllerEvent}. */
export type ControllerEventType = ControllerEvent['type'];

/** The event of a given type. */
export type ControllerEventOf<K extends ControllerEventType> = Extract<ControllerEvent, { type: K }>;
