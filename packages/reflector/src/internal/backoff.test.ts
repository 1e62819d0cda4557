import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

describe('Backoff (client-go NewExponentialBackoffManager)', () => {
  it('doubles from 800 ms and stops at 30 s without jitter', () => {
    const c = clock();
    const backoff = new Backoff({ ...DEFAULT_BACKOFF, jitter: 0 }, c.now);
    const waits = Array.from({ length: 9 }, () => backoff.next());
    expect(waits).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
  });

  it('multiplies each step by a factor in [1, 1 + jitter)', () => {
    const c = clock();
    const low = new Backoff(DEFAULT_BACKOFF, c.now, () => 0);
    const high = new Backoff(DEFAULT_BACKOFF, c.now, () => 0.999_999);
    expect([low.next(), low.next()]).toEqual([800, 1600]);
    const [a, b] = [high.next(), high.next()];
    expect(a).toBeGreaterThan(1599);
    expect(a).toBeLessThan(1600);
    expect(b).toBeGreaterThan(3199);
    expect(b).toBeLessThan(3200);
    const real = new Backoff(DEFAULT_BACKOFF, c.now);
    for (let i = 0; i < 50; i++) {
      const base = Math.min(800 * 2 ** i, 30_000);
      const wait = real.next();
      expect(wait).toBeGreaterThanOrEqual(base);
      expect(wait).toBeLessThan(2 * base);
    }
  });

  it('starts again from the initial step after resetAfterMs without a backoff', () => {
    const c = clock();
    const backoff = new Backoff({ ...DEFAULT_BACKOFF, jitter: 0 }, c.now);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([800, 1600, 3200]);
    c.advance(120_000);
    expect(backoff.next()).toBe(6400); // exactly the reset window is not past it
    c.advance(120_001);
    expect([backoff.next(), backoff.next()]).toEqual([800, 1600]);
  });

  it('honours custom settings, a factor of 1 included', () => {
    const c = clock();
    const flat = new Backoff({ initialMs: 5, maxMs: 100, factor: 1, jitter: 0, resetAfterMs: 1000 }, c.now);
    expect([flat.next(), flat.next(), flat.next()]).toEqual([5, 5, 5]);
    const capped = new Backoff({ initialMs: 50, maxMs: 20, factor: 3, jitter: 0, resetAfterMs: 1000 }, c.now);
    expect([capped.next(), capped.next()]).toEqual([20, 20]);
  });
});
