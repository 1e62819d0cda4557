// The delaying queue's min-heap under 100 000 items, checked against sorting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkQueue } from '../work-queue.js';
import { DelayHeap } from './delay-heap.js';
import { seededRandom, testSeed } from '@kcache/vitest-config/seed';

const SEED = testSeed();
const N = 100_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('DelayHeap', () => {
  it(`pops ${N} items in due order (ties in insertion order), with reschedules to earlier times (seed ${SEED})`, () => {
    const random = seededRandom(SEED);
    const heap = new DelayHeap<string>();
    const unexpected: string[] = [];
    const due = new Map<string, number>();
    const order = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const item = `item-${i}`;
      // Coarse due times, so many ties.
      const t = Math.floor(random() * 10_000);
      if (!heap.schedule(item, t)) unexpected.push(`schedule ${item} returned false`);
      due.set(item, t);
      order.set(item, i);
    }
    // Reschedule a third of them: earlier wins, later is ignored.
    for (let i = 0; i < N; i += 3) {
      const item = `item-${i}`;
      const t = Math.floor(random() * 10_000);
      const earlier = t < due.get(item)!;
      if (heap.schedule(item, t) !== earlier) unexpected.push(`reschedule ${item} to ${t}`);
      if (earlier) due.set(item, t);
    }
    expect(heap.size).toBe(N);
    const expected = [...due.keys()].sort((a, b) => due.get(a)! - due.get(b)! || order.get(a)! - order.get(b)!);
    const popped: string[] = [];
    for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) {
      if (entry.index !== -1) unexpected.push(`popped ${entry.item} keeps index ${entry.index}`);
      popped.push(entry.item);
    }
    expect(unexpected).toEqual([]);
    expect(popped.length).toBe(N);
    const firstMismatch = popped.findIndex((item, i) => item !== expected[i]);
    expect(firstMismatch, `seed ${SEED}: popped[${firstMismatch}] = ${popped[firstMismatch]}, expected ${expected[firstMismatch]}`).toBe(-1);
    expect(heap.size).toBe(0);
    expect(heap.has('item-0')).toBe(false);
  });

  it('interleaved pushes and pops keep the heap ordered', () => {
    const random = seededRandom(SEED + 1);
    const heap = new DelayHeap<string>();
    let now = 0;
    let last = -Infinity;
    let next = 0;
    let outOfOrder = 0;
    for (let round = 0; round < 2000; round++) {
      for (let i = 0; i < 50; i++) heap.schedule(`k-${next++}`, now + Math.floor(random() * 1000));
      now += Math.floor(random() * 30);
      for (let entry = heap.peek(); entry !== undefined && entry.due <= now; entry = heap.peek()) {
        heap.pop();
        if (entry.due < last) outOfOrder++;
        last = entry.due;
      }
    }
    expect(outOfOrder).toBe(0);
    expect(next).toBe(100_000);
  });

  it('clear empties it', () => {
    const heap = new DelayHeap<string>();
    heap.schedule('a', 1);
    heap.schedule('b', 2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.schedule('a', 5)).toBe(true);
  });
});

describe(`the delaying queue with ${N} waiting items`, () => {
  it('adds every item at its due time, in due order, from one timer', async () => {
    vi.useFakeTimers();
    const random = seededRandom(SEED + 2);
    const q = createWorkQueue();
    const due = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const delay = 1 + Math.floor(random() * 60_000);
      q.addAfter(`item-${i}`, delay);
      due.set(`item-${i}`, delay);
    }
    expect(q.delayedLength).toBe(N);
    expect(vi.getTimerCount()).toBe(1);
    // Step through the minute in 1-second slices: after each, exactly the items due so far are queued.
    const sorted = [...due.values()].sort((a, b) => a - b);
    let delivered = 0;
    let previousDue = 0;
    const unexpected: string[] = [];
    for (let t = 1000; t <= 60_000; t += 1000) {
      vi.advanceTimersByTime(1000);
      let dueSoFar = delivered;
      while (dueSoFar < N && sorted[dueSoFar]! <= t) dueSoFar++;
      expect(q.length + delivered, `at ${t} ms`).toBe(dueSoFar);
      while (q.length > 0) {
        const item = await q.get();
        const d = due.get(item!)!;
        if (d < previousDue || d > t) unexpected.push(`${item} due at ${d} came out at ${t} after one due at ${previousDue}`);
        previousDue = d;
        q.done(item!);
        delivered++;
      }
      expect(vi.getTimerCount()).toBe(q.delayedLength > 0 ? 1 : 0);
    }
    expect(unexpected).toEqual([]);
    expect(delivered).toBe(N);
    expect(q.delayedLength).toBe(0);
  });
});
