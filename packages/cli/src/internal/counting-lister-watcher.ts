import type { ListerWatcher, ListOptions, ObjectList, WatchEvent, WatchOptions } from '@kcache/listwatch';

/** What went through a ListerWatcher, counted as it passed. */
interface TrafficCounters {
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
type WatchEventListener<T> = (event: WatchEvent<T>) => void;

/** A ListerWatcher that counts what passes through it, for progress bars and rates. */
export interface CountingListerWatcher<T> extends ListerWatcher<T> {
  readonly counters: Readonly<TrafficCounters>;
  /** Registers a listener for object events; returns a function that removes it. */
  onEvent(listener: WatchEventListener<T>): () => void;
  /** Registers a listener called whenever the server answers a list or opens a watch; returns a function that removes it. */
  onAnswered(listener: () => void): () => void;
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
  const answerListeners = new Set<() => void>();
  const answered = (): void => {
    for (const listener of answerListeners) listener();
  };
  return {
    counters,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onAnswered(listener) {
      answerListeners.add(listener);
      return () => answerListeners.delete(listener);
    },
    async list(options: ListOptions, signal?: AbortSignal): Promise<ObjectList<T>> {
      if (options.continue === undefined || options.continue === '') counters.syncItems = 0;
      const list = await inner.list(options, signal);
      answered();
      counters.listedItems += list.items.length;
      counters.syncItems += list.items.length;
      return list;
    },
    async watch(options: WatchOptions, signal?: AbortSignal): Promise<AsyncIterable<WatchEvent<T>>> {
      if (options.sendInitialEvents === true) counters.syncItems = 0;
      // When the caller aborts an open watch, close the stream through its iterator first and only
      // then abort the request. Aborting first destroys the request with an error even when the
      // server had already ended the response (a watch answered with one 410 ERROR event, say) and
      // its keep-alive socket was back in the pool, where the error has no listener and crashes
      // the process. Closing first ends the exchange cleanly; the abort is then a no-op.
      const own = new AbortController();
      let iterator: AsyncIterator<WatchEvent<T>> | undefined;
      const onAbort = (): void => {
        const open = iterator;
        iterator = undefined;
        if (open?.return !== undefined) Promise.resolve(open.return()).catch(() => undefined);
        own.abort(signal?.reason);
      };
      if (signal?.aborted === true) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      let stream: AsyncIterable<WatchEvent<T>>;
      try {
        stream = await inner.watch(options, own.signal);
      } catch (err) {
        signal?.removeEventListener('abort', onAbort);
        throw err;
      }
      iterator = stream[Symbol.asyncIterator]();
      answered();
      if (own.signal.aborted) onAbort();
      const opened = iterator;
      const counted: AsyncIterableIterator<WatchEvent<T>> = {
        async next() {
          const result = await opened.next();
          if (result.done === true) signal?.removeEventListener('abort', onAbort);
          else {
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
          signal?.removeEventListener('abort', onAbort);
          iterator = undefined;
          if (opened.return !== undefined) return opened.return(value);
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
