import { WorkQueueError } from '../errors.js';
import { defaultControllerRateLimiter } from '../rate-limiters.js';
import type { Clock, RateLimiter, WorkQueueOptions } from '../types.js';
import { defaultClock } from './clock.js';

/** The options of a queue with every default filled in. */
export interface ResolvedOptions<K> {
  name: string;
  clock: Clock;
  rateLimiter: RateLimiter<K>;
  onListenerError: (err: unknown) => void;
}

/**
 * Checks `createWorkQueue`'s options and fills in the defaults.
 * @throws {WorkQueueError} code `InvalidOptions`.
 */
export function resolveOptions<K extends string>(options: WorkQueueOptions<K>): ResolvedOptions<K> {
  const name = options.name ?? 'workqueue';
  if (typeof name !== 'string') {
    throw new WorkQueueError('InvalidOptions', `createWorkQueue: name must be a string, got ${typeof name}`);
  }
  const clock = options.clock ?? defaultClock;
  if (typeof (clock as Partial<Clock>).now !== 'function') {
    throw new WorkQueueError('InvalidOptions', 'clock must have a now() method returning milliseconds', { queue: name });
  }
  const rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>({ clock });
  const rl = rateLimiter as Partial<RateLimiter<K>>;
  if (typeof rl.when !== 'function' || typeof rl.forget !== 'function' || typeof rl.numRequeues !== 'function') {
    throw new WorkQueueError(
      'InvalidOptions',
      'rateLimiter must have when(), forget() and numRequeues() methods; use one of the rate limiters this package exports',
      { queue: name },
    );
  }
  const onListenerError = options.onListenerError ?? warn;
  if (typeof onListenerError !== 'function') {
    throw new WorkQueueError('InvalidOptions', 'onListenerError must be a function (err) => void', { queue: name });
  }
  return { name, clock, rateLimiter, onListenerError };
}

function warn(err: unknown): void {
  console.warn(err instanceof Error ? err.message : err);
}

/** Whether `delayMs` is a delay `addAfter` accepts: a number, not NaN, not +Infinity. */
export function isDelay(delayMs: unknown): delayMs is number {
  return typeof delayMs === 'number' && !Number.isNaN(delayMs) && delayMs !== Infinity;
}

/**
 * Throws unless `item` is a string.
 * @throws {WorkQueueError} code `InvalidItem`.
 */
export function checkItem(item: unknown, method: string, queue: string): void {
  if (typeof item !== 'string') {
    throw new WorkQueueError(
      'InvalidItem',
      `${method}: items must be strings (use a key such as "namespace/name"), got ${item === null ? 'null' : typeof item}`,
      { queue },
    );
  }
}
