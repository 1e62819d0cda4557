import type { InformerEvent } from '../types.js';
import { FifoBuffer } from './fifo-buffer.js';
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
 * slice, ready listeners take turns. A handler that returns a promise is skipped until it settles.
 */
export class Processor<T> implements ListenerHost<T> {
  /** Every registered listener; replaced, never mutated, so distribution can iterate it safely. */
  listeners: readonly Listener<T>[] = [];
  readonly #ready = new FifoBuffer<Listener<T>>();
  readonly #slice = new Slice();
  #scheduled = false;
  #idleWaiters: (() => void)[] = [];

  constructor(private readonly onHandlerError: (listener: Listener<T>, notification: InformerEvent<T>, error: unknown) => void) {}

  add(listener: Listener<T>): void {
    this.listeners = [...this.listeners, listener];
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

  wake(listener: Listener<T>): void {
    listener.active = true;
    this.#ready.push(listener);
    this.#schedule();
  }

  settled(listener: Listener<T>): void {
    if (!listener.removed && listener.buffer.length > 0) {
      this.#ready.push(listener);
      this.#schedule();
      return;
    }
    listener.active = false;
    this.#checkIdle();
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
    return this.listeners.every((l) => !l.active);
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length === 0 || !this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#run);
  }

  readonly #run = (): void => {
    const slice = this.#slice;
    slice.start();
    const ready = this.#ready;
    for (;;) {
      const listener = ready.shift();
      if (listener === undefined) break;
      if (listener.isRemoved()) {
        listener.active = false;
        continue;
      }
      const buffer = listener.buffer;
      let turn = 0;
      let spent = false;
      for (;;) {
        const n = buffer.shift();
        if (n === undefined) {
          listener.active = false;
          this.#checkIdle();
          break;
        }
        // Busy until its promise settles; `settled` queues it again.
        if (listener.deliver(n)) break;
        if (listener.isRemoved()) {
          listener.active = false;
          break;
        }
        if (slice.spent()) {
          spent = true;
          if (buffer.length > 0) ready.push(listener);
          else {
            listener.active = false;
            this.#checkIdle();
          }
          break;
        }
        if (++turn === TURN) {
          ready.push(listener);
          break;
        }
      }
      if (spent && ready.length > 0) {
        // Out of time: carry on after the event loop has had a turn.
        yieldThen(this.#run);
        return;
      }
    }
    this.#scheduled = false;
  };
}
