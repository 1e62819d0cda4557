// The case of client-go's util/workqueue/rate_limiting_queue_test.go, plus addRateLimited's edges.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isWorkQueueError } from './errors.js';
import { itemExponentialFailureRateLimiter } from './rate-limiters.js';
import type { DelayEvent, RateLimiter } from './types.js';
import { createWorkQueue } from './work-queue.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('rate-limiting queue', () => {
  it('TestRateLimitingQueue: addRateLimited waits as the rate limiter says; forget starts over', () => {
    const q = createWorkQueue({ rateLimiter: itemExponentialFailureRateLimiter(1, 1000) });
    const delays: DelayEvent[] = [];
    q.on('delay', (e) => delays.push(e));
    const lastDelay = (): number => delays.at(-1)?.delayMs ?? Number.NaN;

    q.addRateLimited('one');
    expect(lastDelay()).toBe(1);
    // The item is waiting: due in 1 ms, the second request (2 ms) keeps the earlier due time.
    q.addRateLimited('one');
    expect(q.numRequeues('one')).toBe(2);
    expect(q.delayedLength).toBe(1);
    vi.advanceTimersByTime(5);
    expect(q.length).toBe(1);

    q.addRateLimited('two');
    expect(lastDelay()).toBe(1);
    vi.advanceTimersByTime(5);
    q.addRateLimited('two');
    expect(lastDelay()).toBe(2);

    q.forget('one');
    expect(q.numRequeues('one')).toBe(0);
    q.addRateLimited('one');
    expect(lastDelay()).toBe(1);
  });

  it('the item becomes ready exactly when the rate limiter’s wait has passed', async () => {
    const q = createWorkQueue({ rateLimiter: itemExponentialFailureRateLimiter(10, 1000) });
    for (let failure = 0; failure < 4; failure++) {
      const wait = 10 * 2 ** failure;
      q.addRateLimited('x');
      vi.advanceTimersByTime(wait - 1);
      expect(q.length, `failure ${failure}`).toBe(0);
      vi.advanceTimersByTime(1);
      expect(q.length, `failure ${failure}`).toBe(1);
      // Take it out again so the next retry is not merged into a queued item.
      const item = await q.get();
      q.done(item!);
    }
  });

  it('the default rate limiter is client-go’s controller default', () => {
    const q = createWorkQueue();
    const delays: number[] = [];
    q.on('retry', (e) => delays.push(e.delayMs));
    q.addRateLimited('a');
    q.addRateLimited('a');
    q.addRateLimited('a');
    expect(delays).toEqual([5, 10, 20]);
  });

  it('after shutdown, addRateLimited neither asks the rate limiter nor queues', () => {
    let calls = 0;
    const rateLimiter: RateLimiter = {
      when: () => {
        calls++;
        return 10;
      },
      forget: () => undefined,
      numRequeues: () => calls,
    };
    const q = createWorkQueue({ rateLimiter });
    q.shutDown();
    q.addRateLimited('a');
    expect(calls).toBe(0);
    expect(q.delayedLength).toBe(0);
  });

  it('reports a rate limiter that returns an invalid delay', () => {
    const q = createWorkQueue({ rateLimiter: { when: () => Number.NaN, forget: () => undefined, numRequeues: () => 0 } });
    let caught: unknown;
    try {
      q.addRateLimited('a');
    } catch (err) {
      caught = err;
    }
    expect(isWorkQueueError(caught, 'InvalidDelay')).toBe(true);
    expect((caught as Error).message).toMatch(/the rate limiter's when\("a"\) returned NaN/);
  });
});
