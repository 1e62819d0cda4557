// Observability: what on() reports, and that listeners cannot hurt the queue.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isWorkQueueError } from './errors.js';
import { itemExponentialFailureRateLimiter } from './rate-limiters.js';
import type { WorkQueueEvent } from './types.js';
import { createWorkQueue } from './work-queue.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Every event, without the queue name, in order. */
function record(q: ReturnType<typeof createWorkQueue>): Omit<WorkQueueEvent, 'queue'>[] {
  const events: Omit<WorkQueueEvent, 'queue'>[] = [];
  q.on('*', (e) => {
    expect(e.queue).toBe(q.name);
    const { queue: _queue, ...rest } = e;
    events.push(rest);
  });
  return events;
}

describe('events', () => {
  it('reports adds (deduplicated or not), depth, latency and work duration in order', async () => {
    const q = createWorkQueue({ name: 'pods' });
    const events = record(q);
    q.add('a');
    q.add('a');
    vi.advanceTimersByTime(30);
    const item = await q.get();
    q.add('a');
    vi.advanceTimersByTime(70);
    q.done(item!);
    expect(events).toEqual([
      { type: 'add', item: 'a', deduplicated: false, processing: false, delayed: false },
      { type: 'depth', depth: 1 },
      { type: 'add', item: 'a', deduplicated: true, processing: false, delayed: false },
      { type: 'depth', depth: 0 },
      { type: 'queue-latency', item: 'a', durationMs: 30 },
      { type: 'add', item: 'a', deduplicated: false, processing: true, delayed: false },
      { type: 'work-duration', item: 'a', durationMs: 70 },
      // Re-queued on done: the depth changes; its latency counts from the add during processing.
      { type: 'depth', depth: 1 },
    ]);
    vi.advanceTimersByTime(5);
    await q.get();
    expect(events.at(-1)).toEqual({ type: 'queue-latency', item: 'a', durationMs: 75 });
  });

  it('reports delays and rate-limited retries', () => {
    const q = createWorkQueue({ rateLimiter: itemExponentialFailureRateLimiter(10, 1000) });
    const events = record(q);
    q.addAfter('a', 100);
    q.addAfter('a', 200); // later: nothing changes, no event
    q.addRateLimited('b');
    q.addRateLimited('b');
    vi.advanceTimersByTime(100);
    expect(events).toEqual([
      { type: 'delay', item: 'a', delayMs: 100, delayedLength: 1 },
      { type: 'retry', item: 'b', delayMs: 10, requeues: 1 },
      { type: 'delay', item: 'b', delayMs: 10, delayedLength: 2 },
      { type: 'retry', item: 'b', delayMs: 20, requeues: 2 },
      { type: 'add', item: 'b', deduplicated: false, processing: false, delayed: true },
      { type: 'depth', depth: 1 },
      { type: 'add', item: 'a', deduplicated: false, processing: false, delayed: true },
      { type: 'depth', depth: 2 },
    ]);
  });

  it('a direct hand-off to a waiting get reports latency 0 and no depth change', async () => {
    const q = createWorkQueue();
    const events = record(q);
    const waiting = q.get();
    q.add('a');
    expect(await waiting).toBe('a');
    expect(events).toEqual([
      { type: 'add', item: 'a', deduplicated: false, processing: false, delayed: false },
      { type: 'queue-latency', item: 'a', durationMs: 0 },
    ]);
  });

  it('typed listeners get only their type; the returned function removes the listener', () => {
    const q = createWorkQueue();
    const depths: number[] = [];
    const off = q.on('depth', (e) => depths.push(e.depth));
    q.add('a');
    q.add('b');
    off();
    q.add('c');
    expect(depths).toEqual([1, 2]);
  });

  it('times only items queued while someone listens', async () => {
    const q = createWorkQueue();
    q.add('before');
    const latencies: string[] = [];
    const off = q.on('queue-latency', (e) => latencies.push(e.item));
    q.add('during');
    await q.get();
    await q.get();
    expect(latencies).toEqual(['during']);
    off();
    q.done('before');
    q.done('during');
  });

  it('a throwing listener is reported as ListenerFailed; the queue and the other listeners carry on', async () => {
    const errors: unknown[] = [];
    const q = createWorkQueue({ name: 'q1', onListenerError: (err) => errors.push(err) });
    const seen: string[] = [];
    q.on('add', () => {
      throw new Error('listener bug');
    });
    q.on('add', (e) => seen.push(e.item));
    q.on('depth', () => {
      throw new TypeError('another bug');
    });
    q.add('a');
    q.add('b');
    expect(seen).toEqual(['a', 'b']);
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(errors).toHaveLength(5);
    const first = errors[0];
    expect(isWorkQueueError(first, 'ListenerFailed')).toBe(true);
    expect((first as Error).message).toBe('q1: a listener of "add" threw: listener bug');
    expect((first as Error).cause).toBeInstanceOf(Error);
  });

  it('by default a listener error is a console warning; a throwing onListenerError is ignored', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const q = createWorkQueue();
    q.on('add', () => {
      throw new Error('boom');
    });
    q.add('a');
    expect(warn).toHaveBeenCalledWith('workqueue: a listener of "add" threw: boom');

    const q2 = createWorkQueue({
      onListenerError: () => {
        throw new Error('the handler fails too');
      },
    });
    q2.on('*', () => {
      throw new Error('boom');
    });
    q2.add('a');
    expect(await q2.get()).toBe('a');
  });

  it('a listener may use the queue', async () => {
    const q = createWorkQueue();
    // Re-entrant calls from a listener: every add of "a" also adds "b".
    q.on('add', (e) => {
      if (e.item === 'a') q.add('b');
    });
    q.add('a');
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.length).toBe(0);
  });
});
