import type { WatchEvent } from '@kcache/listwatch';

type Item<T> = { kind: 'event'; event: WatchEvent<T> } | { kind: 'end' } | { kind: 'error'; error: unknown };

/**
 * A watch stream a test drives by hand: `push` events, then `close()` it (a clean end, like a
 * server timeout) or `fail(err)` it (a broken stream). It behaves like a real one toward its
 * consumer: one reader, events in order, and it ends with the signal's reason when the watch
 * request is aborted.
 */
export class ScriptedWatchStream<T> implements AsyncIterable<WatchEvent<T>> {
  // A queue read from `head` on: shifting the front of a long array costs O(n) per event.
  private queue: Item<T>[] = [];
  private head = 0;
  private waiter: { resolve: (r: IteratorResult<WatchEvent<T>>) => void; reject: (e: unknown) => void } | undefined;
  private finished = false;
  private stoppedByConsumer = false;
  private abortedBySignal = false;
  private readonly delivered: WatchEvent<T>[] = [];
  /** How many events the consumer had read when it last asked for another. */
  private handledCount = 0;
  private readonly handledWaiters: { count: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  /** Events the consumer has read so far. */
  get received(): readonly WatchEvent<T>[] {
    return this.delivered;
  }

  /** Whether the consumer closed the stream (broke out of it or aborted the request). */
  get stopped(): boolean {
    return this.stoppedByConsumer || this.abortedBySignal;
  }

  /** Whether the stream is over for whatever reason. */
  get ended(): boolean {
    return this.finished;
  }

  /**
   * Resolves once the consumer has read `count` events and then asked for the next one (or closed
   * the stream): it is done with all `count`, so whatever it does with an event has happened.
   * Rejects if the stream ends before the consumer has read `count` events.
   */
  waitForHandled(count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.handledWaiters.push({ count, resolve, reject });
      this.settleHandled();
    });
  }

  /** Queues an event. Ignored once the stream is over. */
  push(event: WatchEvent<T>): void {
    this.enqueue({ kind: 'event', event });
  }

  /** Ends the stream cleanly after the queued events. */
  close(): void {
    this.enqueue({ kind: 'end' });
  }

  /** Ends the stream with `error` after the queued events. */
  fail(error: unknown): void {
    this.enqueue({ kind: 'error', error });
  }

  /** Ends the stream at once with the signal's reason when `signal` aborts (what a real watch does). */
  bindSignal(signal: AbortSignal | undefined): void {
    if (signal === undefined) return;
    const onAbort = (): void => {
      if (this.finished) return;
      this.abortedBySignal = true;
      this.queue = [{ kind: 'error', error: signal.reason }];
      this.head = 0;
      this.drain();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return {
      next: () => this.next(),
      return: () => {
        if (!this.finished) this.stoppedByConsumer = true;
        this.finish();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  private next(): Promise<IteratorResult<WatchEvent<T>>> {
    if (this.waiter !== undefined) return Promise.reject(new Error('ScriptedWatchStream supports one reader at a time'));
    const result = new Promise<IteratorResult<WatchEvent<T>>>((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
    this.handledCount = this.delivered.length;
    this.settleHandled();
    this.drain();
    return result;
  }

  private enqueue(item: Item<T>): void {
    if (this.finished) return;
    this.queue.push(item);
    this.drain();
  }

  private drain(): void {
    const waiter = this.waiter;
    if (waiter === undefined) return;
    if (this.finished && this.head >= this.queue.length) {
      this.waiter = undefined;
      waiter.resolve({ done: true, value: undefined });
      return;
    }
    const item = this.queue[this.head];
    if (item === undefined) return;
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.waiter = undefined;
    if (item.kind === 'event') {
      this.delivered.push(item.event);
      waiter.resolve({ done: false, value: item.event });
    } else if (item.kind === 'end') {
      this.finish();
      waiter.resolve({ done: true, value: undefined });
    } else {
      this.finish();
      waiter.reject(item.error);
    }
  }

  private finish(): void {
    this.finished = true;
    this.queue = [];
    this.head = 0;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve({ done: true, value: undefined });
    this.handledCount = this.delivered.length;
    this.settleHandled();
  }

  private settleHandled(): void {
    for (const waiter of [...this.handledWaiters]) {
      if (this.handledCount >= waiter.count) waiter.resolve();
      else if (this.finished) waiter.reject(new Error(`the watch stream ended after ${String(this.delivered.length)} of ${String(waiter.count)} events`));
      else continue;
      this.handledWaiters.splice(this.handledWaiters.indexOf(waiter), 1);
    }
  }
}
