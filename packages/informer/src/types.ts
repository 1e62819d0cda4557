import type { ListerWatcher } from '@kcache/listwatch';
import type { ExpectedType, ReflectorEvent, ReflectorOptions } from '@kcache/reflector';
import type { DeletedFinalStateUnknown, Indexer, Indexers, KubeObject } from '@kcache/store';

/** The reflector settings an informer passes on (see `@kcache/reflector` for each one). */
export type ReflectorTuning = Pick<
  ReflectorOptions<KubeObject>,
  'pageSize' | 'useWatchList' | 'minWatchTimeoutSeconds' | 'backoff' | 'maxInternalErrorRetryMs' | 'onWatchError'
>;

/** Options of {@link createSharedInformer}. */
export interface SharedInformerOptions<T extends KubeObject> {
  /** Where objects come from: `createListWatch(…)` from `@kcache/listwatch`, or any implementation. */
  listerWatcher: ListerWatcher<T>;
  /** Names the informer (and its reflector) in events and errors. Default: `expectedType`'s kind, else `'informer'`. */
  name?: string | undefined;
  /** Watch events whose object has another `apiVersion`/`kind` are skipped. */
  expectedType?: ExpectedType | undefined;
  /** Indexes of the cache, added to the namespace index every informer keeps. */
  indexers?: Indexers<T> | undefined;
  /**
   * The resync period of handlers that give none, in milliseconds; 0 (default) never resyncs.
   * Also the informer's first resync check period (see the README's "Resync").
   */
  resyncPeriodMs?: number | undefined;
  /** Applied to every object before the cache and every handler see it, e.g. to drop `managedFields`. */
  transform?: ((obj: T) => T) | undefined;
  /** Settings of the reflector the informer runs. */
  reflector?: ReflectorTuning | undefined;
}

/**
 * What a handler is told. Every method is optional; a method that returns a promise is awaited
 * before the handler's next notification. Objects are shared with the cache and other handlers:
 * treat them as immutable.
 */
export interface ResourceEventHandler<T> {
  /** An object appeared. `isInInitialList` is true for the objects of the first list (or the cache's contents, for a handler added later). */
  onAdd?(obj: T, isInInitialList: boolean): void | Promise<void>;
  /** An object changed (or, with equal objects, a resync). `oldObj` is the state this handler was last told of. */
  onUpdate?(oldObj: T, newObj: T): void | Promise<void>;
  /**
   * An object is gone: its last state, or a {@link DeletedFinalStateUnknown} when the deletion was
   * only learnt from a relist (`obj` then holds the last state the cache knew).
   */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void | Promise<void>;
}

/** Options of {@link SharedInformer.addEventHandler}. */
export interface HandlerOptions<T> {
  /** Names the handler in `handler-error` events. Default: `handler-<n>`. */
  name?: string | undefined;
  /**
   * How often this handler gets `onUpdate(obj, obj)` for every cached object, in milliseconds;
   * 0 never. Default: the informer's `resyncPeriodMs`. At least 1000 (smaller values are raised, as
   * client-go does), and after the informer has started at least its resync check period.
   */
  resyncPeriodMs?: number | undefined;
  /**
   * Only objects for which this returns true reach the handler. An update that makes an object
   * match arrives as `onAdd`, one that makes it stop matching as `onDelete`.
   */
  filter?: ((obj: T) => boolean) | undefined;
}

/** A handler's registration with an informer. */
export interface HandlerRegistration {
  /** The handler's name. */
  readonly name: string;
  /** True once the informer has synced and this handler has been given every object of the initial list. */
  hasSynced(): boolean;
  /**
   * Resolves once {@link HandlerRegistration.hasSynced} is true.
   * @throws The signal's reason if `signal` aborts first.
   * @throws {InformerError} code `HandlerRemoved` when the registration is removed first, `Stopped` when the informer stops without syncing.
   */
  waitForSync(signal?: AbortSignal): Promise<void>;
  /**
   * Stops delivery to this handler at once: notifications not yet delivered are dropped. Calling it
   * again does nothing.
   */
  remove(): void;
  /** Notifications waiting for this handler (not counting one being handled): how far behind it is. */
  readonly pending: number;
  /** The resync period in effect for this handler (0: none), after client-go's adjustments. */
  readonly resyncPeriodMs: number;
  /** Whether `remove()` was called. */
  readonly removed: boolean;
}

/** A notification, as handlers receive it and as {@link SharedInformer.events} yields it. */
export type InformerEvent<T> =
  | { type: 'add'; object: T; isInInitialList: boolean }
  | { type: 'update'; oldObject: T; object: T }
  | { type: 'delete'; object: T | DeletedFinalStateUnknown<T> };

/** A handler threw or rejected; it goes on with its next notification. */
export interface HandlerErrorEvent<T = unknown> {
  type: 'handler-error';
  /** The informer's name. */
  informer: string;
  /** The handler's name. */
  handler: string;
  /** The notification it was handling. */
  notification: InformerEvent<T>;
  /** What it threw, or the rejection reason. */
  error: unknown;
}

/**
 * What `on()` reports: every event of the informer's reflector (`list`, `relist`, `watch-start`,
 * `watch-end`, `backoff`, `error`, `sync`, `resync`, `skip`; see `@kcache/reflector`), plus
 * `handler-error`. The `error` event also carries the informer's own `CacheFailed` errors.
 */
export type InformerStatusEvent<T = unknown> = ReflectorEvent | HandlerErrorEvent<T>;

/** The `type` of an {@link InformerStatusEvent}. */
export type InformerStatusEventType = InformerStatusEvent['type'];

/** The status event of a given type. */
export type InformerStatusEventOf<K extends InformerStatusEventType, T = unknown> = Extract<InformerStatusEvent<T>, { type: K }>;

/** Options of {@link SharedInformer.events}: a handler's options, plus a signal that ends the iteration. */
export interface EventsOptions<T> extends HandlerOptions<T> {
  /** Ends the iteration (and drops what it has not yet yielded) when aborted. */
  signal?: AbortSignal | undefined;
}

/**
 * A cache of one kind of object kept in step with the API server, and notifications of every change
 * to any number of handlers: client-go's `SharedIndexInformer`.
 */
export interface SharedInformer<T extends KubeObject = KubeObject> {
  /** The informer's name. */
  readonly name: string;
  /**
   * Registers a handler. Before `run`, it hears the initial list; after, it first gets `onAdd(obj, true)`
   * for every cached object, then live changes.
   * @throws {InformerError} code `Stopped` once the informer has stopped.
   */
  addEventHandler(handler: ResourceEventHandler<T>, options?: HandlerOptions<T>): HandlerRegistration;
  /**
   * Lists and watches until `signal` aborts, then resolves once every handler has been given every
   * notification already in its buffer (an async handler's last promise included).
   * @throws {InformerError} code `AlreadyStarted` when called a second time.
   */
  run(signal: AbortSignal): Promise<void>;
  /** True once the first list has reached the cache and every handler's buffer. */
  hasSynced(): boolean;
  /**
   * Resolves once {@link SharedInformer.hasSynced} is true.
   * @throws The signal's reason if `signal` aborts first.
   * @throws {InformerError} code `Stopped` when the informer stops without having synced.
   */
  waitForSync(signal?: AbortSignal): Promise<void>;
  /** The resourceVersion of the last list, event or bookmark the reflector applied; `""` before. */
  readonly lastSyncResourceVersion: string;
  /** The cache: read it, never write it. Updated before handlers hear of a change. */
  readonly indexer: Indexer<T>;
  /**
   * Adds indexes to the cache, before or after `run`; existing objects are indexed at once.
   * @throws {IndexerConflictError} (from `@kcache/store`) when a name is already in use.
   */
  addIndexers(indexers: Indexers<T>): void;
  /** A {@link Lister} over the cache. */
  lister(): Lister<T>;
  /** True once `run`'s signal has aborted and the reflector has stopped. */
  isStopped(): boolean;
  /** How often the reflector asks for a resync (the smallest handler period before start), 0 for never. */
  readonly resyncCheckPeriodMs: number;
  /**
   * The notifications, pull-style: a handler whose buffer the iteration reads. It starts with
   * `add` (isInInitialList) for every cached object, then live changes; it ends once the informer
   * has stopped and everything was read, when `signal` aborts, or when the loop breaks.
   */
  events(options?: EventsOptions<T>): AsyncIterable<InformerEvent<T>>;
  /**
   * Calls `listener` for every status event of `type` (or every type for `'*'`); returns a function
   * that removes it.
   */
  on<K extends InformerStatusEventType>(type: K, listener: (event: InformerStatusEventOf<K, T>) => void): () => void;
  on(type: '*', listener: (event: InformerStatusEvent<T>) => void): () => void;
}

/** Reads objects of one namespace: a {@link Lister} narrowed with `namespace(ns)`. */
export interface NamespaceLister<T> {
  /**
   * Objects of the namespace matching the label selector (everything without one), in no particular order.
   * @throws {LabelSelectorError} when the selector is not valid.
   */
  list(selector?: string): T[];
  /** The object named `name` in the namespace. */
  get(name: string): T | undefined;
}

/** Reads a cache with label selectors and namespaces: client-go's generic lister. */
export interface Lister<T> {
  /**
   * Objects matching the label selector (everything without one), in no particular order.
   * @throws {LabelSelectorError} when the selector is not valid.
   */
  list(selector?: string): T[];
  /** The cluster-scoped object named `name`. */
  get(name: string): T | undefined;
  /** The objects of one namespace; `''` means every namespace. */
  namespace(namespace: string): NamespaceLister<T>;
}

/** Which collection an informer of a factory lists and watches. */
export interface InformerResource {
  /** `'v1'` for the core group, `'group/version'` otherwise. */
  apiVersion: string;
  /** The plural resource name: `'pods'`, `'deployments'`. */
  resource: string;
}

/** Options of {@link createInformerFactory}, applied to every informer it makes. */
export interface InformerFactoryOptions {
  /** One namespace; omit for all namespaces. */
  namespace?: string | undefined;
  /** Applied to every list and watch. */
  labelSelector?: string | undefined;
  /** Applied to every list and watch. */
  fieldSelector?: string | undefined;
  /** Default handler resync period of every informer; 0 (default) never. */
  resyncPeriodMs?: number | undefined;
  /** Applied to every object of every informer before its cache sees it. */
  transform?: ((obj: KubeObject) => KubeObject) | undefined;
  /** Reflector settings of every informer. */
  reflector?: ReflectorTuning | undefined;
}

/** Makes and runs shared informers, one per resource: client-go's `SharedInformerFactory`. */
export interface InformerFactory {
  /**
   * The informer of a resource, made on first use; the same `apiVersion` and `resource` always give
   * the same informer. Made after `start`, it starts at once.
   * @throws {InformerError} code `Stopped` after `shutdown`.
   */
  informerFor<T extends KubeObject = KubeObject>(resource: InformerResource): SharedInformer<T>;
  /** Runs every informer made so far, and every later one when it is made, until `signal` aborts or `shutdown`. */
  start(signal: AbortSignal): void;
  /**
   * Resolves once every informer made so far has synced.
   * @throws {InformerError} code `NotStarted` when `start` was never called; `Stopped` when an informer stops unsynced.
   * @throws The signal's reason if `signal` aborts first.
   */
  waitForCacheSync(signal?: AbortSignal): Promise<void>;
  /** Stops every informer and resolves once all have stopped and drained. */
  shutdown(): Promise<void>;
}
