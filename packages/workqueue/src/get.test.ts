// get(signal): cancellation never loses an item, and never leaks abort listeners.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { peek } from '../test/support/turns.js';
import { createWorkQueue } from './work-queue.js';

describe('get(signal)', () => {
  it('resolves undefined at once for an aborted signal, without taking a ready item', async () => {
    const q = createWorkQueue();
    q.add('a');
    expect(await q.get(AbortSignal.abort())).toBeUndefined();
    expect(q.length).toBe(1);
    expect(q.processingLength).toBe(0);
    expect(await q.get()).toBe('a');
  });

  it('resolves undefined when the signal aborts while waiting; the next item goes to the next caller', async () => {
    const q = createWorkQueue();
    const controller = new AbortController();
    const first = q.get(controller.signal);
    const second = q.get();
    controller.abort();
    expect(await first).toBeUndefined();
    q.add('a');
    expect(await second).toBe('a');
    expect(q.processingLength).toBe(1);
  });

  it('an aborted waiter that was the only one leaves the item queued', async () => {
    const q = createWorkQueue();
    const controller = new AbortController();
    const waiting = q.get(controller.signal);
    controller.abort(new Error('stop'));
    expect(await waiting).toBeUndefined();
    q.add('a');
    expect(q.length).toBe(1);
    expect(q.processingLength).toBe(0);
  });

  it('an item handed over before the abort is still delivered to that caller', async () => {
    const q = createWorkQueue();
    const controller = new AbortController();
    const waiting = q.get(controller.signal);
    q.add('a');
    // The item is this caller's now; an abort in the same tick must not lose it.
    controller.abort();
    expect(await waiting).toBe('a');
    expect(q.processingLength).toBe(1);
    q.done('a');
    expect(q.processingLength).toBe(0);
  });

  it('removes its abort listener once served, so one signal can serve a long worker loop', async () => {
    const q = createWorkQueue();
    const controller = new AbortController();
    for (let i = 0; i < 100; i++) {
      const waiting = q.get(controller.signal);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      q.add(`item-${i}`);
      const item = await waiting;
      q.done(item!);
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const waiting = q.get(controller.signal);
    q.shutDown();
    expect(await waiting).toBeUndefined();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a worker loop ends on abort as it does on shutdown', async () => {
    const q = createWorkQueue();
    const controller = new AbortController();
    const seen: string[] = [];
    const worker = (async () => {
      for (;;) {
        const item = await q.get(controller.signal);
        if (item === undefined) return 'stopped';
        seen.push(item);
        q.done(item);
      }
    })();
    q.add('a');
    q.add('b');
    await peek(worker);
    controller.abort();
    expect(await worker).toBe('stopped');
    expect(seen).toEqual(['a', 'b']);
    q.add('c');
    expect(q.length).toBe(1);
  });

  it('many aborted waiters between live ones: items go to the live ones in order', async () => {
    const q = createWorkQueue();
    const controllers = Array.from({ length: 10 }, () => new AbortController());
    const waiting = controllers.map((c) => q.get(c.signal));
    for (let i = 0; i < 10; i += 2) controllers[i]!.abort();
    for (const item of ['a', 'b', 'c', 'd', 'e', 'f']) q.add(item);
    expect(await Promise.all(waiting)).toEqual([undefined, 'a', undefined, 'b', undefined, 'c', undefined, 'd', undefined, 'e']);
    expect(q.length).toBe(1);
  });
});
