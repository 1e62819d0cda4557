import { describe, expect, it } from 'vitest';
import { makeEntry } from './entry.js';
import { History, type StoreEvent } from './history.js';

function event(rv: number): StoreEvent {
  return { rv, type: 'ADDED', key: `k${rv}`, entry: makeEntry({ metadata: { name: `k${rv}` } }, '', `k${rv}`, rv), prev: undefined };
}

describe('History', () => {
  it('keeps the last `limit` events and raises its floor as it forgets', () => {
    const h = new History(3);
    for (let rv = 2; rv <= 6; rv++) h.push(event(rv));
    expect(h.size).toBe(3);
    expect(h.floor).toBe(3);
    expect(h.since(3)?.map((e) => e.rv)).toEqual([4, 5, 6]);
    expect(h.since(5)?.map((e) => e.rv)).toEqual([6]);
    expect(h.since(6)).toEqual([]);
    expect(h.since(2)).toBeUndefined();
    expect(h.covers(2)).toBe(false);
    expect(h.covers(3)).toBe(true);
  });

  it('forgets everything on compact, and stays correct across many pushes', () => {
    const h = new History(100);
    for (let rv = 1; rv <= 5000; rv++) h.push(event(rv));
    expect(h.floor).toBe(4900);
    expect(h.since(4899)).toBeUndefined();
    const kept = h.since(4900)!.map((e) => e.rv);
    expect(kept).toHaveLength(100);
    expect(kept[0]).toBe(4901);
    expect(kept.at(-1)).toBe(5000);
    h.compact(5000);
    expect(h.size).toBe(0);
    expect(h.since(4999)).toBeUndefined();
    expect(h.since(5000)).toEqual([]);
  });
});
