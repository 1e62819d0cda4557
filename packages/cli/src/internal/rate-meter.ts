/** Turns a growing counter into a rate per second over a sliding window. */
export interface RateMeter {
  /** Records the counter's current value at time `nowMs`; returns the rate over the window. */
  sample(value: number, nowMs: number): number;
}

/** Creates a meter averaging over the last `windowMs` (default 2 s: steady but still responsive). */
export function createRateMeter(windowMs = 2000): RateMeter {
  const samples: { t: number; v: number }[] = [];
  return {
    sample(value, nowMs) {
      samples.push({ t: nowMs, v: value });
      while (samples.length > 2 && (samples[1]?.t ?? nowMs) <= nowMs - windowMs) samples.shift();
      const first = samples[0];
      if (first === undefined || nowMs <= first.t) return 0;
      return ((value - first.v) * 1000) / (nowMs - first.t);
    },
  };
}
