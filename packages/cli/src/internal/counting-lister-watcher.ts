import type { ListerWatcher, ListOptions, ObjectList, WatchEvent, WatchOptions } from '@kcache/listwatch';

/** What went through a ListerWatcher, counted as it passed. */
export interface TrafficCounters {
  /** Items received in list responses (every page). */
  listedItems: number;
  /** ADDED/MODIFIED/DELETED events received on watches (streaming-list initial events included). */
  watchEvents: number;
  bookmarks: number;
  errorEvents: number;
  /** Items received since the last streaming list or list started: progress of the current sync. */
  syncItems: number;
}

/** Called for every ADDED/MODIFIED/DELETED event, after counting. */
export type WatchEventListener<T> = (event: WatchEvent<T>) => void;

/** A ListerWatcher that counts what passes through it, for progress bars and rates. */
export interface CountingListerWatcher<T> extends ListerWatcher<T> {
  readonly counters: Readonly<TrafficCounters>;
  /** Registers a listener for object events; returns a function that removes it. */
  onEvent(listener: WatchEventListener<T>): () => void;
}

/**
 * Wraps `inner` without changing what it does: lists and watches are passed through as they are,
 * and each item and event is counted on the way. The reflector only sees the ListerWatcher
 * interface, so it cannot tell the difference. The wrapper's watch iterable forwards `return()`,
 * so breaking out of it still closes the underlying connection.
 */
export function countingListerWatcher<T>(inner: ListerWatcher<T>): CountingListerWatcher<T> {
  const counters: TrafficCounters = { listedItems: 0, watchEvents: 0, bookmarks: 0, errorEvents: 0, syncItems: 0 };
  const listeners = new Set<WatchEventListener<T>>();
  return {
    counters,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async list(options: ListOptions, signal?: AbortSignal): Promise<ObjectList<T>> {
      if (options.continue === undefined || options.continue === '') counters.syncItems = 0;
      const list = await inner.list(options, signal);
      counters.listedItems += list.items.length;
      counters.syncItems += list.items.length;
      return list;
    },
    async watch(options: WatchOptions, signal?: AbortSignal): Promise<AsyncIterable<WatchEvent<T>>> {
      if (options.sendInitialEvents === true) counters.syncItems = 0;
      const stream = await inner.watch(options, signal);
      const iterator = stream[Symbol.asyncIterator]();
      const counted: AsyncIterableIterator<WatchEvent<T>> = {
        async next() {
          const result = await iterator.next();
          if (result.done !== true) {
            const event = result.value;
            if (event.type === 'BOOKMARK') counters.bookmarks++;
            else if (event.type === 'ERROR') counters.errorEvents++;
            else {
              counters.watchEvents++;
              counters.syncItems++;
              for (const listener of listeners) listener(event);
            }
          }
          return result;
        },
        async return(value?: unknown) {
          if (iterator.return !== undefined) return iterator.return(value);
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return counted;
        },
      };
      return counted;
    },
  };
}
