import { DeletedFinalStateUnknown, metaNamespaceKeyFunc, type Indexer, type KubeObject, type Store } from '@kcache/store';
import { InformerError } from '../errors.js';
import { FifoBuffer } from './fifo-buffer.js';
import type { Processor } from './processor.js';
import { Slice, yieldThen } from './scheduler.js';

/** One call of the reflector, waiting to be applied. */
type Entry<T> =
  | { op: 'add' | 'update' | 'delete'; obj: T }
  | { op: 'replace'; items: readonly T[] }
  | { op: 'resync' };

/** A replace or resync being applied over several slices. */
interface Job {
  /** Applies as much as the slice allows; true once done. */
  step(slice: Slice): boolean;
}

/** What the store tells the informer. */
export interface InformerStoreHooks {
  /** The first complete list has been applied and distributed. */
  synced(): void;
  /** An object could not be applied to the cache; it was skipped. */
  failed(error: InformerError): void;
}

/**
 * The informer's queue, plugged into the reflector as its `Store`: client-go's `RealFIFO` and the
 * shared informer's `HandleDeltas` in one.
 *
 * Every reflector call is applied in order: first to the cache, then distributed to the handlers'
 * buffers. A watch event arriving while nothing is queued is applied at once, inside the
 * reflector's call; a `replace` (a list or streaming list) or a resync is queued and applied in
 * slices of a few milliseconds that yield to the event loop, with later events queued behind it.
 * A relist produces, in this order: a tombstone (`DeletedFinalStateUnknown` with the last known
 * state) for every cached object missing from the list, then `add` for new objects and `update`
 * for the others (a sync update, for handlers resyncing in this round only, when the
 * resourceVersion did not change).
 *
 * While a relist is being applied, the cache holds part of the old and part of the new state,
 * object by object, as client-go's does; every handler still sees a consistent sequence.
 */
export class InformerStore<T extends KubeObject> implements Store<T> {
  readonly #cache: Indexer<T>;
  readonly #processor: Processor<T>;
  readonly #hooks: InformerStoreHooks;
  readonly #queue = new FifoBuffer<Entry<T>>();
  readonly #slice = new Slice();
  #job: Job | undefined;
  /** A pump is scheduled or running. */
  #pumping = false;
  /** A first list (or a first event) has been received. */
  #populated = false;
  #synced = false;
  #idleWaiters: (() => void)[] = [];

  constructor(cache: Indexer<T>, processor: Processor<T>, hooks: InformerStoreHooks) {
    this.#cache = cache;
    this.#processor = processor;
    this.#hooks = hooks;
  }

  /** True once the first list has been applied to the cache and given to every handler. */
  get synced(): boolean {
    return this.#synced;
  }

  add(obj: T): void {
    this.#populate();
    if (this.#pumping) this.#queue.push({ op: 'add', obj });
    else this.upsert(obj, false);
  }

  update(obj: T): void {
    this.#populate();
    if (this.#pumping) this.#queue.push({ op: 'update', obj });
    else this.upsert(obj, false);
  }

  delete(obj: T): void {
    this.#populate();
    if (this.#pumping) this.#queue.push({ op: 'delete', obj });
    else this.#deleteObserved(obj);
  }

  replace(items: readonly T[], _resourceVersion: string): void {
    this.#populated = true;
    this.#queue.push({ op: 'replace', items });
    this.#startPump();
  }

  resync(): void {
    if (!this.#processor.checkResync(Date.now())) return;
    this.#queue.push({ op: 'resync' });
    this.#startPump();
  }

  list(): T[] {
    return this.#cache.list();
  }

  listKeys(): string[] {
    return this.#cache.listKeys();
  }

  get(obj: T): T | undefined {
    return this.#cache.get(obj);
  }

  getByKey(key: string): T | undefined {
    return this.#cache.getByKey(key);
  }

  /** Resolves once everything received so far has been applied. */
  whenIdle(): Promise<void> {
    if (!this.#pumping) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** A watch event arrived; one before any list (not what a reflector does) makes the queue count as synced at once, as client-go's does. */
  #populate(): void {
    if (this.#populated) return;
    this.#populated = true;
    this.#markSynced();
  }

  #startPump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    // A turn of the event loop first: the reflector has just done a list's synchronous work
    // (decoding, filling in types), and the first slice should not add to that block.
    yieldThen(this.#pump);
  }

  readonly #pump = (): void => {
    try {
      if (!this.#pumpSlice()) {
        yieldThen(this.#pump);
        return;
      }
    } catch (err) {
      // Not expected (every cache and handler failure is caught where it happens), but a pump that
      // threw must neither stop the informer nor become an uncaught exception: drop what failed.
      this.#job = undefined;
      this.#hooks.failed(new InformerError('CacheFailed', `applying a change failed and was skipped: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      yieldThen(this.#pump);
      return;
    }
    this.#pumping = false;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  /** Applies queued calls for one slice; true once the queue is empty. */
  #pumpSlice(): boolean {
    const slice = this.#slice;
    slice.start();
    for (;;) {
      const job = this.#job;
      if (job !== undefined) {
        if (!job.step(slice)) return false;
        this.#job = undefined;
        if (slice.spent()) return false;
      }
      const entry = this.#queue.shift();
      if (entry === undefined) return true;
      if (entry.op === 'replace') this.#job = new ReplaceJob(this, entry.items, this.#cache.listKeys(), !this.#synced);
      else if (entry.op === 'resync') this.#job = new ResyncJob(this.#processor, this.#cache);
      else {
        this.#apply(entry);
        if (slice.spent()) return false;
      }
    }
  }

  #apply(entry: Entry<T>): void {
    if (entry.op === 'add' || entry.op === 'update') this.upsert(entry.obj, false);
    else if (entry.op === 'delete') this.#deleteObserved(entry.obj);
  }

  /** Applies one object of the current state: `add` if the cache lacks it, else `update`. */
  upsert(obj: T, isInInitialList: boolean): void {
    const cache = this.#cache;
    let old: T | undefined;
    try {
      old = cache.get(obj);
      if (old === undefined) cache.add(obj);
      else cache.update(obj);
    } catch (err) {
      this.#failed(obj, err);
      return;
    }
    if (old === undefined) {
      this.#processor.distribute({ type: 'add', object: obj, isInInitialList }, false);
    } else {
      // An unchanged resourceVersion means nothing changed: only handlers resyncing now hear of it.
      const sync = old.metadata?.resourceVersion === obj.metadata?.resourceVersion;
      this.#processor.distribute({ type: 'update', oldObject: old, object: obj }, sync);
    }
  }

  /**
   * Applies an object of a list given to an empty cache: an `add`, without looking for an old
   * state first. (Should a list hold two objects with one key, which an API server never sends,
   * both are adds, as in client-go's atomic replace.)
   */
  addListed(obj: T, isInInitialList: boolean): void {
    try {
      this.#cache.add(obj);
    } catch (err) {
      this.#failed(obj, err);
      return;
    }
    this.#processor.distribute({ type: 'add', object: obj, isInInitialList }, false);
  }

  /** A watch DELETED event: handlers get the object's final state, as the event carries it. */
  #deleteObserved(obj: T): void {
    try {
      this.#cache.delete(obj);
    } catch (err) {
      this.#failed(obj, err);
      return;
    }
    this.#processor.distribute({ type: 'delete', object: obj }, false);
  }

  /** A cached object missing from a relist: handlers get a tombstone with its last known state. */
  deleteVanished(key: string): void {
    const cache = this.#cache;
    const last = cache.getByKey(key);
    if (last === undefined) return;
    try {
      cache.delete(last);
    } catch (err) {
      this.#failed(last, err);
      return;
    }
    this.#processor.distribute({ type: 'delete', object: new DeletedFinalStateUnknown(key, last) }, false);
  }

  /** The first list has been applied. */
  initialListApplied(): void {
    this.#markSynced();
  }

  #markSynced(): void {
    if (this.#synced) return;
    this.#synced = true;
    this.#hooks.synced();
  }

  #failed(obj: T, err: unknown): void {
    const meta = obj.metadata;
    const what = meta?.name === undefined ? 'an object' : `${meta.namespace === undefined || meta.namespace === '' ? '' : `${meta.namespace}/`}${meta.name}`;
    const message = err instanceof Error ? err.message : String(err);
    this.#hooks.failed(
      new InformerError('CacheFailed', `could not apply ${what} to the cache, skipped it (handlers do not hear of it): ${message}`, { cause: err }),
    );
  }
}

/**
 * Applies a list: tombstones for the cached objects it lacks, then each of its items. `known` is the
 * cache's keys when the job starts (nothing else changes the cache while the job runs).
 */
class ReplaceJob<T extends KubeObject> implements Job {
  #phase: 'keys' | 'vanished' | 'items';
  /** The cache was empty when the job started: every item is an add. */
  readonly #intoEmpty: boolean;
  #i = 0;
  /** The keys of the list's items. */
  #listed = new Set<string>();
  /** The cache's keys when the job started. */
  #known: string[];

  constructor(
    private readonly store: InformerStore<T>,
    private readonly items: readonly T[],
    known: string[],
    private readonly initial: boolean,
  ) {
    this.#known = known;
    // An empty cache (the first list, usually) has nothing that can have vanished, nor old states.
    this.#intoEmpty = known.length === 0;
    this.#phase = this.#intoEmpty ? 'items' : 'keys';
  }

  step(slice: Slice): boolean {
    const items = this.items;
    if (this.#phase === 'keys') {
      const listed = this.#listed;
      while (this.#i < items.length) {
        const item = items[this.#i++];
        try {
          if (item !== undefined) listed.add(metaNamespaceKeyFunc(item));
        } catch {
          // Reported when the item itself is applied.
        }
        if (slice.spent()) return false;
      }
      this.#phase = 'vanished';
      this.#i = 0;
    }
    if (this.#phase === 'vanished') {
      const listed = this.#listed;
      const known = this.#known;
      while (this.#i < known.length) {
        const key = known[this.#i++];
        if (key !== undefined && !listed.has(key)) this.store.deleteVanished(key);
        if (slice.spent()) return false;
      }
      this.#phase = 'items';
      this.#i = 0;
      this.#listed = new Set();
      this.#known = [];
    }
    const store = this.store;
    const initial = this.initial;
    const intoEmpty = this.#intoEmpty;
    while (this.#i < items.length) {
      const item = items[this.#i++];
      if (item !== undefined) {
        if (intoEmpty) store.addListed(item, initial);
        else store.upsert(item, initial);
      }
      if (slice.spent()) return this.#i === items.length && this.#finish();
    }
    return this.#finish();
  }

  #finish(): boolean {
    if (this.initial) this.store.initialListApplied();
    return true;
  }
}

/** A resync: `update(obj, obj)` for every cached object, to the listeners syncing in this round. */
class ResyncJob<T> implements Job {
  #objects: T[] | undefined;
  #i = 0;

  constructor(
    private readonly processor: Processor<T>,
    private readonly cache: Indexer<T>,
  ) {}

  step(slice: Slice): boolean {
    // The listeners were chosen when the reflector asked; a relist applied since may have used them too.
    if (this.#objects === undefined) {
      if (!this.processor.anySyncing()) return true;
      this.#objects = this.cache.list();
    }
    const objects = this.#objects;
    while (this.#i < objects.length) {
      const obj = objects[this.#i++];
      if (obj !== undefined) this.processor.distribute({ type: 'update', oldObject: obj, object: obj }, true);
      if (slice.spent()) return this.#i === objects.length;
    }
    return true;
  }
}
