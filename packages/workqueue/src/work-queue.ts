import { WorkQueueError } from './errors.js';
import { DelayScheduler } from './internal/delay-scheduler.js';
import { Emitter } from '@kcache/emitter';
import { Fifo } from './internal/fifo.js';
import { checkItem, isDelay, resolveOptions } from './internal/options.js';
import type { Clock, RateLimiter, WorkQueue, WorkQueueEvent, WorkQueueEventType, WorkQueueOptions } from './types.js';

/** Where a known item stands; an item in none of these states is not in the map. */
type State = typeof READY | typeof PROCESSING | typeof PROCESSING_DIRTY;
/** In `ready`, waiting to be handed out. */
const READY = 1;
/** Handed out by `get`, not yet `done`. */
const PROCESSING = 2;
/** Handed out, and added again since: queued again when `done`. */
const PROCESSING_DIRTY = 3;

/** A caller of `get` waiting for an item. */
interface Waiter<K> {
  resolve: (item: K | undefined) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Once handed an item: when that item was queued, if recorded (for the `queue-latency` event). */
  queuedAt: number | undefined;
}

/**
 * Creates a work queue: client-go's rate-limiting, delaying work queue in one object. See
 * {@link WorkQueue} for the guarantees.
 *
 * @throws {WorkQueueError} code `InvalidOptions` when `name` is not a string or `rateLimiter`/`clock` lacks its methods.
 * @example
 * ```ts
 * const queue = createWorkQueue({ name: 'pods' });
 * queue.add('default/web-0');
 * const key = await queue.get();          // 'default/web-0'
 * try {
 *   await reconcile(key);
 *   queue.forget(key);                    // success: clear its failure history
 * } catch {
 *   queue.addRateLimited(key);            // failure: retry after 5 ms, 10 ms, 20 ms, …
 * } finally {
 *   queue.done(key);
 * }
 * ```
 */
export function createWorkQueue<K extends string = string>(options: WorkQueueOptions<K> = {}): WorkQueue<K> {
  return new Queue<K>(options);
}

class Queue<K extends string> implements WorkQueue<K> {
  readonly name: string;
  private readonly clock: Clock;
  private readonly rateLimiter: RateLimiter<K>;
  private readonly emitter: Emitter<WorkQueueEvent>;
  /** Which event types have listeners: one property read before building an event. */
  private readonly wants: Readonly<Record<WorkQueueEventType, boolean>>;
  /** Items ready to be handed out, in order; each is `READY` in `states`. */
  private readonly ready = new Fifo<K>();
  /**
   * client-go's `dirty` and `processing` sets in one map, so each operation costs one or two
   * hash lookups: READY = dirty only, PROCESSING = processing only, PROCESSING_DIRTY = both.
   */
  private readonly states = new Map<K, State>();
  private processing = 0;
  /** Callers of `get` waiting for an item, oldest first. Non-empty only while `ready` is empty. */
  private readonly waiters = new Set<Waiter<K>>();
  private readonly delayed: DelayScheduler<K>;
  private shutdown = false;
  private drainWaiters: (() => void)[] = [];
  /** When each item was queued; kept only while someone listens to `queue-latency`. */
  private readonly queuedAt = new Map<K, number>();
  /** When each item was handed out; kept only while someone listens to `work-duration`. */
  private readonly startedAt = new Map<K, number>();

  constructor(options: WorkQueueOptions<K>) {
    const { name, clock, rateLimiter, onListenerError } = resolveOptions(options);
    this.name = name;
    this.clock = clock;
    this.rateLimiter = rateLimiter;
    this.emitter = new Emitter<WorkQueueEvent>(
      (err, event) => {
        onListenerError(
          new WorkQueueError('ListenerFailed', `a listener of "${event.type}" threw: ${describe(err)}`, { queue: name, cause: err }),
        );
      },
      ['add', 'depth', 'delay', 'retry', 'queue-latency', 'work-duration'],
    );
    this.wants = this.emitter.wanted;
    this.delayed = new DelayScheduler<K>(clock, (item) => {
      if (!this.shutdown) this.insert(item, true);
    });
  }

  get length(): number {
    return this.ready.length;
  }

  get delayedLength(): number {
    return this.delayed.size;
  }

  get processingLength(): number {
    return this.processing;
  }

  get shuttingDown(): boolean {
    return this.shutdown;
  }

  add(item: K): void {
    checkItem(item, 'add', this.name);
    if (this.shutdown) return;
    this.insert(item, false);
  }

  addAfter(item: K, delayMs: number): void {
    checkItem(item, 'addAfter', this.name);
    if (!isDelay(delayMs)) {
      throw new WorkQueueError(
        'InvalidDelay',
        `addAfter: delayMs must be a finite number of milliseconds (≤ 0 adds at once), got ${String(delayMs)}`,
        { queue: this.name },
      );
    }
    if (this.shutdown) return;
    this.schedule(item, delayMs);
  }

  addRateLimited(item: K): void {
    checkItem(item, 'addRateLimited', this.name);
    if (this.shutdown) return;
    const delayMs = this.rateLimiter.when(item);
    if (!isDelay(delayMs)) {
      throw new WorkQueueError(
        'InvalidDelay',
        `addRateLimited: the rate limiter's when(${JSON.stringify(item)}) returned ${String(delayMs)}; a RateLimiter must return a finite number of milliseconds`,
        { queue: this.name },
      );
    }
    if (this.wants.retry) {
      this.emitter.emit({ type: 'retry', queue: this.name, item, delayMs, requeues: this.rateLimiter.numRequeues(item) });
    }
    this.schedule(item, delayMs);
  }

  forget(item: K): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: K): number {
    return this.rateLimiter.numRequeues(item);
  }

  get(signal?: AbortSignal): Promise<K | undefined> {
    // An aborted caller takes nothing, even when an item is ready.
    if (signal?.aborted === true) return Promise.resolve(undefined);
    const item = this.ready.shift();
    if (item !== undefined) {
      const queuedAt = this.take(item);
      if (this.wants.depth) this.emitter.emit({ type: 'depth', queue: this.name, depth: this.ready.length });
      if (queuedAt !== undefined) this.reportLatency(item, queuedAt);
      return Promise.resolve(item);
    }
    if (this.shutdown) return Promise.resolve(undefined);
    return new Promise<K | undefined>((resolve) => {
      const waiter: Waiter<K> = { resolve, signal, onAbort: undefined, queuedAt: undefined };
      if (signal !== undefined) {
        // Removed from `waiters` synchronously, before any later add could hand it an item.
        waiter.onAbort = () => {
          if (this.waiters.delete(waiter)) resolve(undefined);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.add(waiter);
    });
  }

  done(item: K): void {
    const state = this.states.get(item);
    if (state !== PROCESSING && state !== PROCESSING_DIRTY) return;
    this.processing--;
    let startedAt: number | undefined;
    if (this.startedAt.size !== 0) {
      startedAt = this.startedAt.get(item);
      if (startedAt !== undefined) this.startedAt.delete(item);
    }
    // Added again while it was being processed (even after shutdown, as client-go does): queue it.
    let waiter: Waiter<K> | undefined;
    if (state === PROCESSING) {
      this.states.delete(item);
    } else {
      this.states.set(item, READY);
      waiter = this.place(item);
    }
    if (this.processing === 0) this.resolveDrain();
    if (startedAt !== undefined && this.wants['work-duration']) {
      this.emitter.emit({ type: 'work-duration', queue: this.name, item, durationMs: this.clock.now() - startedAt });
    }
    if (state === PROCESSING_DIRTY) this.placed(item, waiter);
  }

  shutDown(): void {
    this.beginShutdown();
    this.resolveDrain();
  }

  shutDownWithDrain(): Promise<void> {
    this.beginShutdown();
    if (this.processing === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.drainWaiters.push(resolve);
    });
  }

  [Symbol.dispose](): void {
    this.shutDown();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutDownWithDrain();
  }

  on(type: WorkQueueEventType | '*', listener: (event: never) => void): () => void {
    return this.emitter.on(type, listener as (event: WorkQueueEvent) => void);
  }

  // ---------------------------------------------------------------- internals

  /**
   * client-go's `Add`: dedup while queued, mark dirty while processing. State changes first, then
   * events, so a listener that calls back into the queue finds it consistent.
   */
  private insert(item: K, delayed: boolean): void {
    const state = this.states.get(item);
    if (state === READY || state === PROCESSING_DIRTY) {
      if (this.wants.add) {
        this.emitter.emit({ type: 'add', queue: this.name, item, deduplicated: true, processing: state === PROCESSING_DIRTY, delayed });
      }
      return;
    }
    if (this.wants['queue-latency']) this.queuedAt.set(item, this.clock.now());
    const processing = state === PROCESSING;
    let waiter: Waiter<K> | undefined;
    if (processing) {
      this.states.set(item, PROCESSING_DIRTY);
    } else {
      this.states.set(item, READY);
      waiter = this.place(item);
    }
    if (this.wants.add) {
      this.emitter.emit({ type: 'add', queue: this.name, item, deduplicated: false, processing, delayed });
    }
    if (!processing) this.placed(item, waiter);
  }

  /**
   * Hands a Ready item to the oldest waiting `get` (returned, for `placed` to resolve), or
   * appends it to `ready`.
   */
  private place(item: K): Waiter<K> | undefined {
    if (this.waiters.size !== 0) {
      for (const waiter of this.waiters) {
        this.waiters.delete(waiter);
        if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.queuedAt = this.take(item);
        return waiter;
      }
    }
    this.ready.push(item);
    return undefined;
  }

  /** The second half of `place`: events, and the waiter's promise. */
  private placed(item: K, waiter: Waiter<K> | undefined): void {
    if (waiter === undefined) {
      if (this.wants.depth) this.emitter.emit({ type: 'depth', queue: this.name, depth: this.ready.length });
      return;
    }
    if (waiter.queuedAt !== undefined) this.reportLatency(item, waiter.queuedAt);
    waiter.resolve(item);
  }

  /**
   * Marks a Ready item taken from `ready` (or handed straight to a waiter) as being processed.
   * Returns when it was queued, if that was recorded.
   */
  private take(item: K): number | undefined {
    this.states.set(item, PROCESSING);
    this.processing++;
    if (this.wants['work-duration']) this.startedAt.set(item, this.clock.now());
    if (this.queuedAt.size === 0) return undefined;
    const queuedAt = this.queuedAt.get(item);
    if (queuedAt !== undefined) this.queuedAt.delete(item);
    return queuedAt;
  }

  private reportLatency(item: K, queuedAt: number): void {
    if (this.wants['queue-latency']) {
      this.emitter.emit({ type: 'queue-latency', queue: this.name, item, durationMs: this.clock.now() - queuedAt });
    }
  }

  private schedule(item: K, delayMs: number): void {
    if (delayMs <= 0) {
      this.insert(item, true);
      return;
    }
    if (this.delayed.schedule(item, delayMs) && this.wants.delay) {
      this.emitter.emit({ type: 'delay', queue: this.name, item, delayMs, delayedLength: this.delayed.size });
    }
  }

  private beginShutdown(): void {
    if (this.shutdown) return;
    this.shutdown = true;
    this.delayed.clear();
    // `ready` is empty while anyone waits: every waiter learns there is no more work.
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) {
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(undefined);
    }
  }

  private resolveDrain(): void {
    if (this.drainWaiters.length === 0) return;
    const drainWaiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of drainWaiters) resolve();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
