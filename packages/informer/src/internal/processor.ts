import type { InformerEvent } from '../types.js';
import type { Listener, ListenerHost } from './listener.js';
import { Slice, yieldThen } from './scheduler.js';

/**
 * Notifications a listener is given in a row before the next ready listener gets its turn, so one
 * handler far behind does not hold back the others' delivery within a slice.
 */
const TURN = 256;

/**
 * client-go's `sharedProcessor`: the set of listeners, the distribution of each notification to
 * them, and the delivery loop that calls their handlers.
 *
 * Distribution only appends to each listener's buffer (O(1) per listener), so the cache and the
 * other handlers never wait for a handler. Delivery runs in a microtask after the notifications
 * arrive and in slices of a few milliseconds, yielding to the event loop between slices; within a
 * slice, listeners take turns. A handler that returns a promise is skipped until it settles.
 */
export class Processor<T> implements ListenerHost<T> {
  /** Every registered listener; replaced, never mutated, so delivery can iterate it safely. */
  listeners: readonly Listener<T>[] = [];
  readonly #slice = new Slice();
  #scheduled = false;
  #idleWaiters: (() => void)[] = [];

  constructor(private readonly onHandlerError: (listener: Listener<T>, notification: InformerEvent<T>, error: unknown) => void) {}

  add(listener: Listener<T>): void {
    this.listeners = [...this.listeners, listener];
    if (listener.buffer.length > 0) this.schedule();
  }

  detach(listener: Listener<T>): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
    this.#checkIdle();
  }

  /**
   * Gives a notification to every listener; a sync notification (a resync, or a relist that found
   * an object unchanged) only to the listeners syncing in this round.
   */
  distribute(notification: InformerEvent<T>, sync: boolean): void {
    for (const listener of this.listeners) {
      if (sync && !listener.syncing) continue;
      listener.offer(notification);
    }
    this.schedule();
  }

  /** client-go's `sharedProcessor.shouldResync`: marks the listeners due for a resync; true if any. */
  checkResync(now: number): boolean {
    let any = false;
    for (const listener of this.listeners) {
      if (listener.checkResync(now)) any = true;
    }
    return any;
  }

  /** Whether some listener takes sync notifications in this round. */
  anySyncing(): boolean {
    return this.listeners.some((l) => l.syncing);
  }

  /** Makes sure a delivery run is coming. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#run);
  }

  settled(listener: Listener<T>): void {
    if (listener.buffer.length > 0 && !listener.isRemoved()) this.schedule();
    else this.#checkIdle();
  }

  handlerFailed(listener: Listener<T>, notification: InformerEvent<T>, error: unknown): void {
    this.onHandlerError(listener, notification, error);
  }

  /** Resolves once no listener has anything left to deliver nor a handler promise pending. */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return !this.#scheduled && this.listeners.every((l) => !l.busy && l.buffer.length === 0);
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length === 0 || !this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  readonly #run = (): void => {
    const slice = this.#slice;
    slice.start();
    for (;;) {
      const listeners = this.listeners;
      let more = false;
      for (const listener of listeners) {
        if (listener.busy) continue;
        const buffer = listener.buffer;
        let turn = 0;
        let n = buffer.shift();
        while (n !== undefined) {
          // Busy until its promise settles; `settled` schedules it again.
          if (listener.deliver(n)) break;
          if (slice.spent()) {
            // Out of time: carry on after the event loop has had a turn.
            yieldThen(this.#run);
            return;
          }
          if (++turn === TURN) break;
          n = buffer.shift();
        }
        // (A method, not the field: the handler just called may have changed it.)
        if (!listener.isBusy() && buffer.length > 0) more = true;
      }
      // Handlers may have added handlers (with notifications of their own) meanwhile.
      if (!more && listeners === this.listeners) break;
    }
    this.#scheduled = false;
    this.#checkIdle();
  };
}
