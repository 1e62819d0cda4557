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
    /** Ties come out in the order of the schedule call that set the due time. */
    const order = new Map<string, number>();
    let calls = 0;
    for (let i = 0; i < N; i++) {
      const item = `item-${i}`;
      // Coarse due times, so many ties.
      const t = Math.floor(random() * 10_000);
      if (!heap.schedule(item, t)) unexpected.push(`schedule ${item} returned false`);
      due.set(item, t);
      order.set(item, calls++);
    }
    // Reschedule a third of them: earlier wins, later is ignored.
    for (let i = 0; i < N; i += 3) {
      const item = `item-${i}`;
      const t = Math.floor(random() * 10_000);
      const earlier = t < due.get(item)!;
      if (heap.schedule(item, t) !== earlier) unexpected.push(`reschedule ${item} to ${t}`);
      if (earlier) {
        due.set(item, t);
        order.set(item, calls);
      }
      calls++;
    }
    expect(heap.size).toBe(N);
    const expected = [...due.keys()].sort((a, b) => due.get(a)! - due.get(b)! || order.get(a)! - order.get(b)!);
    const popped: string[] = [];
    for (let item = heap.popDue(Infinity); item !== undefined; item = heap.popDue(Infinity)) popped.push(item);
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
    let early = 0;
    const due = new Map<string, number>();
    for (let round = 0; round < 2000; round++) {
      for (let i = 0; i < 50; i++) {
        const item = `k-${next++}`;
        due.set(item, now + Math.floor(random() * 1000));
        heap.schedule(item, due.get(item)!);
      }
      now += Math.floor(random() * 30);
      for (let item = heap.popDue(now); item !== undefined; item = heap.popDue(now)) {
        const d = due.get(item)!;
        if (d < last) outOfOrder++;
        if (d > now) early++;
        last = d;
      }
      if ((heap.peekDue() ?? Infinity) <= now) early++;
    }
    expect(outOfOrder).toBe(0);
    expect(early).toBe(0);
    expect(next).toBe(100_000);
  });

  it('an item rescheduled earlier again and again leaves bounded stale slots and comes out once', () => {
    const heap = new DelayHeap<string>();
    for (let i = 0; i < 100; i++) heap.schedule(`other-${i}`, 1_000_000 + i);
    for (let t = 500_000; t > 0; t--) heap.schedule('hot', t);
    expect(heap.size).toBe(101);
    // Stale slots of "hot" are dropped by a rebuild whenever they outnumber live ones (plus slack).
    expect(heap.slots).toBeLessThanOrEqual(2 * 101 + 1024 + 1);
    expect(heap.peekDue()).toBe(1);
    const out: string[] = [];
    for (let item = heap.popDue(Infinity); item !== undefined; item = heap.popDue(Infinity)) out.push(item);
    expect(out).toEqual(['hot', ...Array.from({ length: 100 }, (_, i) => `other-${i}`)]);
    expect(heap.slots).toBe(0);
  });

  it('an item popped and scheduled again is not confused with its stale slots', () => {
    const heap = new DelayHeap<string>();
    heap.schedule('a', 100);
    heap.schedule('a', 50); // the slot at 100 is stale now
    expect(heap.popDue(60)).toBe('a');
    heap.schedule('a', 200);
    expect(heap.popDue(150)).toBeUndefined(); // the stale slot at 100 must not bring "a" back early
    expect(heap.size).toBe(1);
    expect(heap.popDue(200)).toBe('a');
    expect(heap.size).toBe(0);
  });

  it('clear empties it', () => {
    const heap = new DelayHeap<string>();
    heap.schedule('a', 1);
    heap.schedule('b', 2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peekDue()).toBeUndefined();
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
