// The cases of client-go's util/workqueue/default_rate_limiters_test.go, plus the token bucket
// (golang.org/x/time/rate's Reserve().Delay()) and option checks.
import { describe, expect, it } from 'vitest';
import { isWorkQueueError } from './errors.js';
import {
  bucketRateLimiter,
  defaultControllerRateLimiter,
  itemExponentialFailureRateLimiter,
  itemFastSlowRateLimiter,
  maxOfRateLimiter,
  withMaxWaitRateLimiter,
} from './rate-limiters.js';
import type { RateLimiter } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function manualClock(start = 0): { now(): number; step(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    step: (ms) => {
      t += ms;
    },
  };
}

function whens(limiter: RateLimiter, item: string, n: number): number[] {
  return Array.from({ length: n }, () => limiter.when(item));
}

describe('rate limiters', () => {
  it('TestItemExponentialFailureRateLimiter: doubles per failure, per item; forget starts over', () => {
    const limiter = itemExponentialFailureRateLimiter(1, SECOND);
    expect(whens(limiter, 'one', 5)).toEqual([1, 2, 4, 8, 16]);
    expect(limiter.numRequeues('one')).toBe(5);
    expect(whens(limiter, 'two', 2)).toEqual([1, 2]);
    expect(limiter.numRequeues('two')).toBe(2);
    limiter.forget('one');
    expect(limiter.numRequeues('one')).toBe(0);
    expect(limiter.when('one')).toBe(1);
  });

  it('TestItemExponentialFailureRateLimiterOverFlow: capped at maxMs however many failures', () => {
    let limiter = itemExponentialFailureRateLimiter(1, 1000 * SECOND);
    whens(limiter, 'one', 5);
    expect(limiter.when('one')).toBe(32);
    whens(limiter, 'overflow1', 1000);
    expect(limiter.when('overflow1')).toBe(1000 * SECOND);

    limiter = itemExponentialFailureRateLimiter(MINUTE, 1000 * HOUR);
    whens(limiter, 'two', 2);
    expect(limiter.when('two')).toBe(4 * MINUTE);
    whens(limiter, 'overflow2', 1000);
    expect(limiter.when('overflow2')).toBe(1000 * HOUR);
  });

  it('itemExponentialFailureRateLimiter defaults to client-go’s 5 ms → 1000 s', () => {
    const limiter = itemExponentialFailureRateLimiter();
    expect(whens(limiter, 'x', 3)).toEqual([5, 10, 20]);
    whens(limiter, 'x', 30);
    expect(limiter.when('x')).toBe(1_000_000);
  });

  it('TestItemFastSlowRateLimiter: fast for maxFastAttempts failures, then slow', () => {
    const limiter = itemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: 10 * SECOND, maxFastAttempts: 3 });
    expect(whens(limiter, 'one', 5)).toEqual([5, 5, 5, 10 * SECOND, 10 * SECOND]);
    expect(limiter.numRequeues('one')).toBe(5);
    expect(whens(limiter, 'two', 2)).toEqual([5, 5]);
    expect(limiter.numRequeues('two')).toBe(2);
    limiter.forget('one');
    expect(limiter.numRequeues('one')).toBe(0);
    expect(limiter.when('one')).toBe(5);
  });

  it('TestMaxOfRateLimiter: the longest wait of all; the largest count; forget reaches all', () => {
    const limiter = maxOfRateLimiter(
      itemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: 3 * SECOND, maxFastAttempts: 3 }),
      itemExponentialFailureRateLimiter(1, SECOND),
    );
    expect(whens(limiter, 'one', 5)).toEqual([5, 5, 5, 3 * SECOND, 3 * SECOND]);
    expect(limiter.numRequeues('one')).toBe(5);
    expect(whens(limiter, 'two', 2)).toEqual([5, 5]);
    expect(limiter.numRequeues('two')).toBe(2);
    limiter.forget('one');
    expect(limiter.numRequeues('one')).toBe(0);
    expect(limiter.when('one')).toBe(5);
  });

  it('TestWithMaxWaitRateLimiter: caps the wrapped limiter’s waits', () => {
    // client-go's StepRateLimiter: baseDelay for the first `threshold` calls, maxDelay after.
    let count = 0;
    const step: RateLimiter = {
      when: () => (++count <= 100 ? 5 : 1000 * SECOND),
      forget: () => undefined,
      numRequeues: () => 0,
    };
    const limiter = withMaxWaitRateLimiter(step, 500 * SECOND);
    for (let i = 0; i < 100; i++) expect(limiter.when(String(i))).toBe(5);
    for (let i = 100; i < 200; i++) expect(limiter.when(String(i))).toBe(500 * SECOND);
  });

  it('maxOfRateLimiter of nothing waits 0', () => {
    const limiter = maxOfRateLimiter();
    expect(limiter.when('a')).toBe(0);
    expect(limiter.numRequeues('a')).toBe(0);
  });
});

describe('bucketRateLimiter', () => {
  it('lets a full burst through at once, then spaces tokens 1/qps apart (Reserve().Delay())', () => {
    const clock = manualClock();
    const limiter = bucketRateLimiter({ qps: 10, burst: 100, clock });
    for (let i = 0; i < 100; i++) expect(limiter.when(`item-${i}`)).toBe(0);
    // Empty bucket: each call reserves the next future token.
    expect(limiter.when('a')).toBeCloseTo(100, 9);
    expect(limiter.when('b')).toBeCloseTo(200, 9);
    expect(limiter.when('c')).toBeCloseTo(300, 9);
    // The same item is not special: the bucket is shared.
    expect(limiter.when('a')).toBeCloseTo(400, 9);
    expect(limiter.numRequeues('a')).toBe(0);
  });

  it('refills at qps up to burst, and the debt of reservations is paid back first', () => {
    const clock = manualClock(5_000);
    const limiter = bucketRateLimiter({ qps: 2, burst: 3, clock });
    expect(whens(limiter, 'x', 3)).toEqual([0, 0, 0]);
    expect(limiter.when('x')).toBeCloseTo(500, 9); // tokens: -1
    clock.step(500); // tokens: 0
    expect(limiter.when('x')).toBeCloseTo(500, 9); // tokens: -1
    clock.step(10_000); // refills to the burst, not beyond
    expect(whens(limiter, 'x', 3)).toEqual([0, 0, 0]);
    expect(limiter.when('x')).toBeCloseTo(500, 9);
  });

  it('refills nothing when the clock goes backwards', () => {
    const clock = manualClock(10_000);
    const limiter = bucketRateLimiter({ qps: 1, burst: 1, clock });
    expect(limiter.when('x')).toBe(0);
    clock.step(-5_000);
    expect(limiter.when('x')).toBeCloseTo(1000, 9);
  });

  it('qps Infinity lets everything through', () => {
    const limiter = bucketRateLimiter({ qps: Infinity, burst: 1 });
    expect(whens(limiter, 'x', 1000).every((w) => w === 0)).toBe(true);
  });

  it('rejects options it cannot work with, saying what to pass', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => bucketRateLimiter({ qps: 0 }), /qps must be a number > 0/],
      [() => bucketRateLimiter({ qps: -1 }), /qps must be a number > 0/],
      [() => bucketRateLimiter({ qps: Number.NaN }), /qps must be a number > 0/],
      [() => bucketRateLimiter({ burst: 0 }), /burst must be an integer ≥ 1/],
      [() => bucketRateLimiter({ burst: 2.5 }), /burst must be an integer ≥ 1/],
      [() => itemExponentialFailureRateLimiter(-1, 10), /baseMs must be a finite number of milliseconds ≥ 0/],
      [() => itemExponentialFailureRateLimiter(Number.NaN, 10), /baseMs must be/],
      [() => itemExponentialFailureRateLimiter(1000, 10), /maxMs \(10\) is smaller than baseMs \(1000\); the arguments are \(baseMs, maxMs\)/],
      [() => itemFastSlowRateLimiter({ fastDelayMs: -1, slowDelayMs: 1, maxFastAttempts: 1 }), /fastDelayMs must be/],
      [() => itemFastSlowRateLimiter({ fastDelayMs: 1, slowDelayMs: 1, maxFastAttempts: 1.5 }), /maxFastAttempts must be an integer ≥ 0/],
      [() => withMaxWaitRateLimiter(maxOfRateLimiter(), -1), /maxDelayMs must be a number of milliseconds ≥ 0/],
    ];
    for (const [make, message] of cases) {
      let caught: unknown;
      try {
        make();
      } catch (err) {
        caught = err;
      }
      expect(isWorkQueueError(caught, 'InvalidOptions'), String(message)).toBe(true);
      expect((caught as Error).message).toMatch(message);
    }
  });
});

describe('defaultControllerRateLimiter', () => {
  it('is the longer of 5 ms·2^n per item and a 10 qps / 100 burst bucket', () => {
    const clock = manualClock();
    const limiter = defaultControllerRateLimiter({ clock });
    // 100 distinct items: the bucket has tokens, the per-item backoff (5 ms) decides.
    for (let i = 0; i < 100; i++) expect(limiter.when(`item-${i}`)).toBe(5);
    // The bucket is empty now: it decides, 100 ms per token.
    expect(limiter.when('item-100')).toBeCloseTo(100, 9);
    clock.step(60_000);
    // One item failing again and again: the per-item backoff takes over.
    expect(whens(limiter, 'item-0', 5)).toEqual([10, 20, 40, 80, 160]);
    expect(limiter.numRequeues('item-0')).toBe(6);
    limiter.forget('item-0');
    expect(limiter.numRequeues('item-0')).toBe(0);
    expect(limiter.when('item-0')).toBe(5);
  });
});
