import { WorkQueueError } from './errors.js';
import { defaultClock } from './internal/clock.js';
import type { Clock, RateLimiter } from './types.js';

function invalid(message: string): WorkQueueError {
  return new WorkQueueError('InvalidOptions', message);
}

function requireDelay(what: string, value: unknown, allowInfinity = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!allowInfinity && value === Infinity)) {
    throw invalid(`${what} must be a ${allowInfinity ? '' : 'finite '}number of milliseconds ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** Per-item failure counts, shared by the per-item limiters. */
class FailureCounts<K> {
  private readonly failures = new Map<K, number>();

  /** The count before this failure; records the failure. */
  next(item: K): number {
    const count = this.failures.get(item) ?? 0;
    this.failures.set(item, count + 1);
    return count;
  }

  get(item: K): number {
    return this.failures.get(item) ?? 0;
  }

  forget(item: K): void {
    this.failures.delete(item);
  }
}

/**
 * Per item, waits `baseMs · 2^failures`, capped at `maxMs`: 5 ms, 10 ms, 20 ms, … up to 1000 s
 * with the defaults (client-go's `ItemExponentialFailureRateLimiter`). `forget(item)` starts the
 * item again from `baseMs`.
 *
 * @throws {WorkQueueError} code `InvalidOptions` when a value is negative, not a number, or `maxMs < baseMs`.
 * @example
 * ```ts
 * const limiter = itemExponentialFailureRateLimiter(5, 60_000);
 * limiter.when('default/web'); // 5
 * limiter.when('default/web'); // 10
 * limiter.forget('default/web');
 * limiter.when('default/web'); // 5
 * ```
 */
export function itemExponentialFailureRateLimiter<K = string>(baseMs = 5, maxMs = 1_000_000): RateLimiter<K> {
  requireDelay('itemExponentialFailureRateLimiter: baseMs', baseMs);
  requireDelay('itemExponentialFailureRateLimiter: maxMs', maxMs, true);
  if (maxMs < baseMs) {
    throw invalid(
      `itemExponentialFailureRateLimiter: maxMs (${maxMs}) is smaller than baseMs (${baseMs}); the arguments are (baseMs, maxMs)`,
    );
  }
  const failures = new FailureCounts<K>();
  return {
    when(item) {
      const exponent = failures.next(item);
      // 2 ** exponent becomes Infinity long before the count could overflow: the cap applies.
      const backoff = baseMs * 2 ** exponent;
      return backoff > maxMs ? maxMs : backoff;
    },
    forget(item) {
      failures.forget(item);
    },
    numRequeues(item) {
      return failures.get(item);
    },
  };
}

/** Options of {@link itemFastSlowRateLimiter}. */
export interface ItemFastSlowRateLimiterOptions {
  /** The wait of each of the first `maxFastAttempts` failures. */
  fastDelayMs: number;
  /** The wait of every later failure. */
  slowDelayMs: number;
  /** How many failures get the fast wait. */
  maxFastAttempts: number;
}

/**
 * Per item, waits `fastDelayMs` for the first `maxFastAttempts` failures, then `slowDelayMs`
 * (client-go's `ItemFastSlowRateLimiter`).
 *
 * @throws {WorkQueueError} code `InvalidOptions` when a delay is negative or not a number, or
 *   `maxFastAttempts` is not an integer ≥ 0.
 * @example
 * ```ts
 * const limiter = itemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: 10_000, maxFastAttempts: 3 });
 * ```
 */
export function itemFastSlowRateLimiter<K = string>(options: ItemFastSlowRateLimiterOptions): RateLimiter<K> {
  const fastDelayMs = requireDelay('itemFastSlowRateLimiter: fastDelayMs', options.fastDelayMs);
  const slowDelayMs = requireDelay('itemFastSlowRateLimiter: slowDelayMs', options.slowDelayMs);
  const { maxFastAttempts } = options;
  if (!Number.isInteger(maxFastAttempts) || maxFastAttempts < 0) {
    throw invalid(`itemFastSlowRateLimiter: maxFastAttempts must be an integer ≥ 0, got ${String(maxFastAttempts)}`);
  }
  const failures = new FailureCounts<K>();
  return {
    when(item) {
      return failures.next(item) < maxFastAttempts ? fastDelayMs : slowDelayMs;
    },
    forget(item) {
      failures.forget(item);
    },
    numRequeues(item) {
      return failures.get(item);
    },
  };
}

/** Options of {@link bucketRateLimiter}. */
export interface BucketRateLimiterOptions {
  /** Tokens added per second; default 10. `Infinity` lets everything through at once. */
  qps?: number | undefined;
  /** The bucket's size, and how many tokens it starts with; default 100. */
  burst?: number | undefined;
  /** Where the time comes from; default `performance.now()`. */
  clock?: Clock | undefined;
}

/**
 * An overall token bucket, the same for every item (client-go's `BucketRateLimiter` over
 * `golang.org/x/time/rate`): the bucket holds `burst` tokens and refills at `qps` per second. Each
 * `when` takes a token, reserving a future one when the bucket is empty, and returns how long
 * until that token exists, so retries are spread at `qps` once a burst is spent. It keeps no
 * per-item state: `forget` does nothing and `numRequeues` is 0.
 *
 * @throws {WorkQueueError} code `InvalidOptions` when `qps` is not a number > 0 or `burst` not an integer ≥ 1.
 * @example
 * ```ts
 * const limiter = bucketRateLimiter({ qps: 50, burst: 300 });
 * ```
 */
export function bucketRateLimiter<K = string>(options: BucketRateLimiterOptions = {}): RateLimiter<K> {
  const qps = options.qps ?? 10;
  const burst = options.burst ?? 100;
  const clock = options.clock ?? defaultClock;
  if (typeof qps !== 'number' || !(qps > 0)) {
    throw invalid(`bucketRateLimiter: qps must be a number > 0 (tokens per second; Infinity for no limit), got ${String(qps)}`);
  }
  if (!Number.isInteger(burst) || burst < 1) {
    throw invalid(`bucketRateLimiter: burst must be an integer ≥ 1 (a bucket of 0 never lets anything through), got ${String(burst)}`);
  }
  let tokens = burst;
  let last: number | undefined;
  return {
    when() {
      if (qps === Infinity) return 0;
      const now = clock.now();
      // A clock that went backwards refills nothing (as x/time/rate does).
      const elapsed = last === undefined || now < last ? 0 : now - last;
      tokens = Math.min(burst, tokens + (elapsed * qps) / 1000) - 1;
      last = now;
      return tokens < 0 ? (-tokens * 1000) / qps : 0;
    },
    forget() {
      // No per-item state.
    },
    numRequeues() {
      return 0;
    },
  };
}

/**
 * Asks every limiter and waits for the longest answer (client-go's `MaxOfRateLimiter`).
 * `numRequeues` is the largest count; `forget` forgets in all of them. Every limiter's `when` is
 * called each time, so a bucket's token is taken even when another limiter's wait is longer.
 *
 * @example
 * ```ts
 * const limiter = maxOfRateLimiter(itemExponentialFailureRateLimiter(5, 60_000), bucketRateLimiter({ qps: 10, burst: 100 }));
 * ```
 */
export function maxOfRateLimiter<K = string>(...limiters: RateLimiter<K>[]): RateLimiter<K> {
  const all = [...limiters];
  return {
    when(item) {
      let wait = 0;
      for (const limiter of all) wait = Math.max(wait, limiter.when(item));
      return wait;
    },
    forget(item) {
      for (const limiter of all) limiter.forget(item);
    },
    numRequeues(item) {
      let count = 0;
      for (const limiter of all) count = Math.max(count, limiter.numRequeues(item));
      return count;
    },
  };
}

/**
 * Caps another limiter's waits at `maxDelayMs` (client-go's `WithMaxWaitRateLimiter`).
 *
 * @throws {WorkQueueError} code `InvalidOptions` when `maxDelayMs` is negative or not a number.
 * @example
 * ```ts
 * const limiter = withMaxWaitRateLimiter(defaultControllerRateLimiter(), 30_000);
 * ```
 */
export function withMaxWaitRateLimiter<K = string>(limiter: RateLimiter<K>, maxDelayMs: number): RateLimiter<K> {
  requireDelay('withMaxWaitRateLimiter: maxDelayMs', maxDelayMs, true);
  return {
    when(item) {
      return Math.min(limiter.when(item), maxDelayMs);
    },
    forget(item) {
      limiter.forget(item);
    },
    numRequeues(item) {
      return limiter.numRequeues(item);
    },
  };
}

/**
 * client-go's `DefaultControllerRateLimiter`: the longer of a per-item exponential backoff
 * (5 ms doubling up to 1000 s) and an overall token bucket of 10 retries per second with a burst
 * of 100. The queue made by `createWorkQueue()` uses it unless given another.
 *
 * @example
 * ```ts
 * const queue = createWorkQueue({ rateLimiter: defaultControllerRateLimiter() });
 * ```
 */
export function defaultControllerRateLimiter<K = string>(options: { clock?: Clock | undefined } = {}): RateLimiter<K> {
  return maxOfRateLimiter<K>(
    itemExponentialFailureRateLimiter<K>(5, 1_000_000),
    bucketRateLimiter<K>({ qps: 10, burst: 100, clock: options.clock }),
  );
}
