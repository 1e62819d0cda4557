/** Resolved backoff settings (every field set). */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
  factor: number;
  jitter: number;
  resetAfterMs: number;
}

/** client-go's reflector backoff: 800 ms doubling to 30 s, jitter 1, reset after 2 minutes. */
export const DEFAULT_BACKOFF: Readonly<BackoffSettings> = Object.freeze({
  initialMs: 800,
  maxMs: 30_000,
  factor: 2,
  jitter: 1,
  resetAfterMs: 120_000,
});

/**
 * Exponential backoff with jitter and reset, as client-go's `NewExponentialBackoffManager`:
 * each call returns the current step multiplied by a random factor in `[1, 1 + jitter)` and then
 * grows the step by `factor` up to `maxMs`; a call more than `resetAfterMs` after the previous one
 * starts again from `initialMs`.
 */
export class Backoff {
  private step: number;
  private lastStart: number;

  constructor(
    private readonly settings: BackoffSettings,
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {
    this.step = Math.min(settings.initialMs, settings.maxMs);
    // Like client-go, the reset window counts from creation until the first backoff.
    this.lastStart = now();
  }

  /** The next wait in milliseconds. */
  next(): number {
    const now = this.now();
    const { initialMs, maxMs, factor, jitter, resetAfterMs } = this.settings;
    if (now - this.lastStart > resetAfterMs) this.step = Math.min(initialMs, maxMs);
    this.lastStart = now;
    const base = this.step;
    this.step = Math.min(this.step * factor, maxMs);
    return jitter > 0 ? base + this.random() * jitter * base : base;
  }
}
