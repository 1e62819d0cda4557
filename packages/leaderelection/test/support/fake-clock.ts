import type { Clock } from '../../src/internal/clock.js';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Lets every pending promise callback run (a macrotask turn drains the microtask queue). */
export function settle(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}

/**
 * A clock that moves only when told to. Timers fire in due order, each followed by a full drain of
 * pending promise callbacks, so whatever a timer starts has finished before the next one fires.
 */
export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];
  /** The value `random()` returns; jitter tests change it. */
  randomValue = 0.5;

  constructor(private readonly wallStart: number = Date.UTC(2025, 0, 2, 3, 4, 5, 678)) {}

  now(): number {
    return this.time;
  }

  date(): Date {
    return new Date(this.wallStart + this.time);
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  random(): number {
    return this.randomValue;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.nextTimer();
      if (next === undefined || next.at > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
      await settle();
    }
    this.time = target;
    await settle();
  }

  /** Moves time forward without firing timers: the time a request takes, in tests with no timers pending. */
  tick(ms: number): void {
    if (this.timers.some((t) => t.at <= this.time + ms)) throw new Error('tick() would skip a timer; use advance()');
    this.time += ms;
  }

  /** Advances timer by timer until `condition` holds; fails after `limitMs` of fake time. */
  async advanceUntil(condition: () => boolean, limitMs = 600_000): Promise<void> {
    const limit = this.time + limitMs;
    await settle();
    while (!condition()) {
      const next = this.nextTimer();
      if (next === undefined) throw new Error(`advanceUntil: no timer pending at ${String(this.time)} ms and the condition does not hold`);
      if (next.at > limit) throw new Error(`advanceUntil: the condition did not hold within ${String(limitMs)} ms`);
      await this.advance(next.at - this.time);
    }
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.timers.length;
  }

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
