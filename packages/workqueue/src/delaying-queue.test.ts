// The cases of client-go's util/workqueue/delaying_queue_test.go, plus the timer's behaviour.
// Fake timers drive both the queue's one timer and its default clock (performance.now).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isWorkQueueError } from './errors.js';
import { seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { createWorkQueue } from './work-queue.js';

const SEED = testSeed();

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('delaying queue', () => {
  it('TestSimpleQueue: an item is added once its delay has passed, and only once', async () => {
    const q = createWorkQueue();
    q.addAfter('foo', 50);
    expect(q.length).toBe(0);
    expect(q.delayedLength).toBe(1);
    vi.advanceTimersByTime(49);
    expect(q.length).toBe(0);
    vi.advanceTimersByTime(11);
    expect(q.length).toBe(1);
    expect(q.delayedLength).toBe(0);
    const item = await q.get();
    q.done(item!);
    // Well past any further timer: nothing is added again.
    vi.advanceTimersByTime(10_000);
    expect(q.length).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('TestDeduping: an item waiting twice keeps the earlier due time', async () => {
    const q = createWorkQueue();
    q.addAfter('foo', 50);
    q.addAfter('foo', 70);
    expect(q.delayedLength).toBe(1);
    expect(q.length).toBe(0);
    // Past the first due time: it is added.
    vi.advanceTimersByTime(60);
    expect(q.length).toBe(1);
    const item = await q.get();
    q.done(item!);
    // Past the second (later) request: nothing, it was merged into the first.
    vi.advanceTimersByTime(20);
    expect(q.length).toBe(0);

    // Again, the earlier request coming second.
    q.addAfter('foo', 50);
    q.addAfter('foo', 30);
    expect(q.length).toBe(0);
    vi.advanceTimersByTime(40);
    expect(q.length).toBe(1);
    const again = await q.get();
    q.done(again!);
    vi.advanceTimersByTime(20);
    expect(q.length).toBe(0);
  });

  it('TestAddTwoFireEarly: items become ready in due order, whatever the order they were added in', async () => {
    const q = createWorkQueue();
    q.addAfter('foo', 1000);
    q.addAfter('bar', 50);
    expect(q.length).toBe(0);
    vi.advanceTimersByTime(60);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('bar');
    q.addAfter('baz', 2000);
    vi.advanceTimersByTime(1000);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('foo');
    vi.advanceTimersByTime(2000);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('baz');
  });

  it('TestCopyShifting: items due together come out in due order', async () => {
    const q = createWorkQueue();
    q.addAfter('foo', 1000);
    q.addAfter('bar', 500);
    q.addAfter('baz', 250);
    expect(q.length).toBe(0);
    vi.advanceTimersByTime(2000);
    expect(q.length).toBe(3);
    expect(await q.get()).toBe('baz');
    expect(await q.get()).toBe('bar');
    expect(await q.get()).toBe('foo');
  });

  it('BenchmarkDelayingQueue_AddAfter: 10 000 random delays up to 10 minutes all come out, in due order', async () => {
    const random = seededRandom(SEED);
    const q = createWorkQueue();
    const due = new Map<string, number>();
    for (let n = 0; n < 10_000; n++) {
      const delay = Math.floor(random() * 600_000) + 1;
      q.addAfter(String(n), delay);
      due.set(String(n), delay);
    }
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(11 * 60_000);
    expect(q.length).toBe(10_000);
    let previous = 0;
    for (let n = 0; n < 10_000; n++) {
      const item = await q.get();
      const d = due.get(item!)!;
      expect(d, `seed ${SEED}`).toBeGreaterThanOrEqual(previous);
      previous = d;
    }
  });

  it('adds at once when the delay is 0 or negative', () => {
    const q = createWorkQueue();
    q.addAfter('zero', 0);
    q.addAfter('negative', -5);
    q.addAfter('minus-infinity', -Infinity);
    expect(q.length).toBe(3);
    expect(q.delayedLength).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('wakes a waiting get when the delay passes', async () => {
    const q = createWorkQueue();
    const got = q.get();
    q.addAfter('later', 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(await got).toBe('later');
  });

  it('an item due while already queued is not queued twice', async () => {
    const q = createWorkQueue();
    q.add('a');
    q.addAfter('a', 10);
    vi.advanceTimersByTime(10);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('an item due while being processed is queued again when done', async () => {
    const q = createWorkQueue();
    q.add('a');
    expect(await q.get()).toBe('a');
    q.addAfter('a', 10);
    vi.advanceTimersByTime(10);
    expect(q.length).toBe(0);
    q.done('a');
    expect(q.length).toBe(1);
  });

  it('keeps one timer for any number of waiting items, re-armed only for an earlier head', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const q = createWorkQueue();
    q.addAfter('a', 1000);
    for (let i = 0; i < 1000; i++) q.addAfter(`later-${i}`, 2000 + i);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    q.addAfter('b', 500);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(q.length).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('reaches due times beyond setTimeout’s 24.8-day limit in several hops', () => {
    const q = createWorkQueue();
    const thirtyDays = 30 * 24 * 3600 * 1000;
    q.addAfter('far', thirtyDays);
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(q.length).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(thirtyDays - (2 ** 31 - 1));
    expect(q.length).toBe(1);
  });

  it('shutDown drops waiting items and stops the timer; later addAfters are ignored', () => {
    const q = createWorkQueue();
    q.addAfter('a', 100);
    q.addAfter('b', 200);
    q.shutDown();
    expect(q.delayedLength).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    q.addAfter('c', 10);
    q.addAfter('d', 0);
    vi.advanceTimersByTime(1000);
    expect(q.length).toBe(0);
    expect(q.delayedLength).toBe(0);
  });

  it('rejects a delay that is not a finite number, with a message that says what to pass', () => {
    const q = createWorkQueue();
    for (const bad of [Number.NaN, Infinity, '10', undefined]) {
      let caught: unknown;
      try {
        q.addAfter('a', bad as number);
      } catch (err) {
        caught = err;
      }
      expect(isWorkQueueError(caught, 'InvalidDelay')).toBe(true);
      expect((caught as Error).message).toMatch(/delayMs must be a finite number of milliseconds \(≤ 0 adds at once\)/);
    }
    expect(q.delayedLength).toBe(0);
    expect(() => {
      q.addAfter(7 as unknown as string, 10);
    }).toThrow(/items must be strings/);
  });

  it('uses the injected clock for due times', () => {
    let now = 1_000;
    const q = createWorkQueue({ clock: { now: () => now } });
    q.addAfter('a', 100);
    // The timer fires, but by the injected clock the item is not due yet: it waits on.
    vi.advanceTimersByTime(100);
    expect(q.length).toBe(0);
    now += 100;
    vi.advanceTimersByTime(100);
    expect(q.length).toBe(1);
  });
});

describe('delaying queue timer, real timers', () => {
  it('never keeps the process alive (the timer is unref’d)', () => {
    vi.useRealTimers();
    const timers: ReturnType<typeof setTimeout>[] = [];
    const original = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
      const timer = original(fn, ms);
      timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const q = createWorkQueue();
    q.addAfter('a', 60_000);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.hasRef()).toBe(false);
    q.shutDown();
  });
});
