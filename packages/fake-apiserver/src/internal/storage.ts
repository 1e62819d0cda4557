// The single writer: assigns resourceVersions from one global counter, swaps entries in the
// resource stores, appends to their history and hands each change to the open watches, all
// synchronously, so a watch registered between two writes never misses or repeats one.
import type { KubeObject } from '../types.js';
import { makeEntry, type Entry } from './entry.js';
import type { EventType, StoreEvent } from './history.js';
import type { ResourceStore } from './resource-store.js';

function stamp(obj: KubeObject, rv: number): void {
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(rv);
}

/** Told of a change to a store after its watches are. */
type StoreObserver = (store: ResourceStore, event: StoreEvent) => void;

export class Storage {
  private rv: number;

  constructor(initialResourceVersion = 1) {
    this.rv = initialResourceVersion;
  }

  /** The current global resourceVersion (that of the last change). */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Stores a new object (`obj` becomes the storage's: do not change it afterwards). */
  insert(store: ResourceStore, obj: KubeObject, namespace: string, name: string): Entry {
    const rv = ++this.rv;
    stamp(obj, rv);
    const entry = makeEntry(obj, namespace, name, rv);
    store.entries.set(entry.key, entry);
    store.keys.add(entry.key);
    this.emit(store, 'ADDED', entry, undefined);
    return entry;
  }

  /** Replaces an existing object with its next state. */
  replace(store: ResourceStore, prev: Entry, obj: KubeObject): Entry {
    const rv = ++this.rv;
    stamp(obj, rv);
    const entry = makeEntry(obj, prev.namespace, prev.name, rv);
    store.entries.set(entry.key, entry);
    this.emit(store, 'MODIFIED', entry, prev);
    return entry;
  }

  /**
   * Removes an object. `finalState` (default: the stored object) is what the DELETED event and
   * the response carry, stamped with the deletion's resourceVersion.
   */
  remove(store: ResourceStore, prev: Entry, finalState?: KubeObject): Entry {
    const rv = ++this.rv;
    const obj = finalState ?? structuredClone(prev.obj);
    stamp(obj, rv);
    const tombstone = makeEntry(obj, prev.namespace, prev.name, rv);
    store.entries.delete(prev.key);
    store.keys.delete(prev.key);
    this.emit(store, 'DELETED', tombstone, prev);
    return tombstone;
  }

  /** Forgets the history of every store up to now. */
  compact(stores: Iterable<ResourceStore>): void {
    for (const store of stores) store.history.compact(this.rv);
  }

  /** Told of every change after the watches (the server's controllers schedule their work here). */
  readonly observers: Set<StoreObserver> = new Set<StoreObserver>();

  private emit(store: ResourceStore, type: EventType, entry: Entry, prev: Entry | undefined): void {
    const event: StoreEvent = { rv: entry.rv, type, key: entry.key, entry, prev };
    store.history.push(event);
    for (const sink of store.sinks) sink.deliver(event);
    for (const observer of this.observers) observer(store, event);
    if (this.waiters.size > 0) {
      for (const waiter of this.waiters) {
        if (waiter.rv <= this.rv) waiter.done(true);
      }
    }
  }

  private readonly waiters = new Set<{ readonly rv: number; done: (reached: boolean) => void }>();

  /**
   * Resolves true once the resourceVersion reaches `rv` (at once when it has), false when
   * `timeoutMs` passes first or `signal` aborts.
   */
  whenReached(rv: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (rv <= this.rv) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter = {
        rv,
        done: (reached: boolean): void => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          signal?.removeEventListener('abort', abort);
          resolve(reached);
        },
      };
      const abort = (): void => {
        waiter.done(false);
      };
      const timer = setTimeout(() => {
        waiter.done(false);
      }, timeoutMs);
      // A waiting request keeps its connection open; the timer alone keeps no process alive.
      timer.unref();
      signal?.addEventListener('abort', abort, { once: true });
      this.waiters.add(waiter);
    });
  }
}
