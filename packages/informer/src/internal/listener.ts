import { DeletedFinalStateUnknown } from '@kcache/store';
import { InformerError } from '../errors.js';
import type { HandlerRegistration, InformerEvent, ResourceEventHandler } from '../types.js';
import { SyncWaiters } from './sync-waiters.js';
import { FifoBuffer } from './fifo-buffer.js';

/** Delivers one notification; a returned thenable is awaited before the next one. */
export type Sink<T> = (notification: InformerEvent<T>) => unknown;

/** What a listener needs from the processor that owns it. */
export interface ListenerHost<T> {
  /** A busy listener's handler settled: deliver the rest of its buffer. */
  settled(listener: Listener<T>): void;
  /** The handler (or its filter) threw or rejected. */
  handlerFailed(listener: Listener<T>, notification: InformerEvent<T>, error: unknown): void;
  /** Removes the listener from distribution. */
  detach(listener: Listener<T>): void;
}

/** Calls the method of a {@link ResourceEventHandler} a notification is for, with the handler as `this`. */
export function handlerSink<T>(handler: ResourceEventHandler<T>): Sink<T> {
  return (n) => {
    switch (n.type) {
      case 'add':
        return handler.onAdd?.(n.object, n.isInInitialList);
      case 'update':
        return handler.onUpdate?.(n.oldObject, n.object);
      case 'delete':
        return handler.onDelete?.(n.object);
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * One handler's side of the informer: client-go's `processorListener`. It keeps an unbounded buffer
 * of notifications and delivers them one at a time, in order, awaiting a handler that returns a
 * promise. It also tracks whether the handler has synced (every initial-list add delivered) and
 * the handler's resync schedule.
 */
export class Listener<T> implements HandlerRegistration {
  readonly name: string;
  readonly buffer: FifoBuffer<InformerEvent<T>> = new FifoBuffer<InformerEvent<T>>();
  /** Waiting for the handler's promise. */
  busy = false;
  /** Syncing in this resync round: sync-only updates reach it. */
  syncing = false;
  /** The resync period the handler asked for (after the 1 s minimum). */
  requestedResyncPeriodMs: number;
  #resyncPeriodMs = 0;
  #nextResyncAt = 0;
  #removed = false;
  #upstreamSynced = false;
  #pendingInitial = 0;
  readonly #syncWaiters = new SyncWaiters();
  readonly #sink: Sink<T>;
  readonly #filter: ((obj: T) => boolean) | undefined;
  readonly #host: ListenerHost<T>;

  constructor(options: {
    name: string;
    sink: Sink<T>;
    filter: ((obj: T) => boolean) | undefined;
    host: ListenerHost<T>;
    requestedResyncPeriodMs: number;
    resyncPeriodMs: number;
    now: number;
  }) {
    this.name = options.name;
    this.#sink = options.sink;
    this.#filter = options.filter;
    this.#host = options.host;
    this.requestedResyncPeriodMs = options.requestedResyncPeriodMs;
    this.setResyncPeriod(options.resyncPeriodMs, options.now);
  }

  get pending(): number {
    return this.buffer.length;
  }

  get resyncPeriodMs(): number {
    return this.#resyncPeriodMs;
  }

  get removed(): boolean {
    return this.#removed;
  }

  /** Whether the handler's last promise is still pending. */
  isBusy(): boolean {
    return this.busy;
  }

  /** Whether `remove()` was called (a method, so that a check made before a handler call is not taken as still true after it). */
  isRemoved(): boolean {
    return this.#removed;
  }

  /** Sets the effective resync period; a listener that had none counts its first period from `now`. */
  setResyncPeriod(periodMs: number, now: number): void {
    if (this.#resyncPeriodMs === 0 && periodMs > 0) this.#nextResyncAt = now + periodMs;
    this.#resyncPeriodMs = periodMs;
  }

  /** client-go's `shouldResync` + `determineNextResync`: whether this round resyncs this listener. */
  checkResync(now: number): boolean {
    this.syncing = this.#resyncPeriodMs > 0 && now >= this.#nextResyncAt;
    if (this.syncing) this.#nextResyncAt = now + this.#resyncPeriodMs;
    return this.syncing;
  }

  /** Buffers a notification, after the filter (which may turn an update into an add or a delete). */
  offer(notification: InformerEvent<T>): void {
    let n: InformerEvent<T> | undefined = notification;
    if (this.#filter !== undefined) {
      try {
        n = this.#filtered(notification, this.#filter);
      } catch (err) {
        this.#host.handlerFailed(this, notification, err);
        return;
      }
      if (n === undefined) return;
    }
    if (n.type === 'add' && n.isInInitialList) this.#pendingInitial++;
    this.buffer.push(n);
  }

  /** client-go's `FilteringResourceEventHandler`. */
  #filtered(n: InformerEvent<T>, filter: (obj: T) => boolean): InformerEvent<T> | undefined {
    switch (n.type) {
      case 'add':
        return filter(n.object) ? n : undefined;
      case 'update': {
        const before = filter(n.oldObject);
        const after = filter(n.object);
        if (before && after) return n;
        if (after) return { type: 'add', object: n.object, isInInitialList: false };
        if (before) return { type: 'delete', object: n.oldObject };
        return undefined;
      }
      case 'delete': {
        const obj = n.object instanceof DeletedFinalStateUnknown ? n.object.obj : n.object;
        // A tombstone without its last state cannot be filtered: let the handler decide.
        return obj === undefined || filter(obj) ? n : undefined;
      }
    }
  }

  /**
   * Calls the handler with one notification. Returns true when it returned a promise: the listener
   * is then busy until it settles, and the host hears of it through `settled`.
   */
  deliver(n: InformerEvent<T>): boolean {
    let result: unknown;
    try {
      result = this.#sink(n);
    } catch (err) {
      this.#host.handlerFailed(this, n, err);
      this.#delivered(n);
      return false;
    }
    if (result === undefined || !isThenable(result)) {
      this.#delivered(n);
      return false;
    }
    this.busy = true;
    const settle = (): void => {
      this.busy = false;
      this.#delivered(n);
      this.#host.settled(this);
    };
    try {
      result.then(settle, (err: unknown) => {
        this.#host.handlerFailed(this, n, err);
        settle();
      });
    } catch (err) {
      // A thenable whose then() throws: count it as a failure of this notification.
      this.#host.handlerFailed(this, n, err);
      settle();
    }
    return true;
  }

  #delivered(n: InformerEvent<T>): void {
    if (n.type === 'add' && n.isInInitialList && --this.#pendingInitial === 0) this.#checkSynced();
  }

  /** The informer has synced. */
  upstreamSynced(): void {
    this.#upstreamSynced = true;
    this.#checkSynced();
  }

  /** The informer stopped; waiters of a handler that never synced learn it will not. */
  upstreamStopped(): void {
    if (this.hasSynced()) return;
    this.#syncWaiters.rejectAll(new InformerError('Stopped', `handler ${this.name}: the informer stopped before this handler synced`));
  }

  hasSynced(): boolean {
    return this.#upstreamSynced && this.#pendingInitial === 0;
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.hasSynced()) return Promise.resolve();
    if (this.#removed) return Promise.reject(this.#removedError());
    return this.#syncWaiters.wait(signal);
  }

  remove(): void {
    if (this.#removed) return;
    this.#removed = true;
    this.buffer.clear();
    this.#host.detach(this);
    if (!this.hasSynced()) this.#syncWaiters.rejectAll(this.#removedError());
  }

  #removedError(): InformerError {
    return new InformerError('HandlerRemoved', `handler ${this.name} was removed before it synced`);
  }

  #checkSynced(): void {
    if (this.#syncWaiters.waiting && this.hasSynced()) this.#syncWaiters.resolveAll();
  }

}
