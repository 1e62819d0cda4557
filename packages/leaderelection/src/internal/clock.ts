/**
 * Time as the elector sees it, injectable so tests can drive it step by step.
 */
export interface Clock {
  /** Monotonic milliseconds: every duration, deadline and expiry is measured with this. */
  now(): number;
  /** Wall-clock time, written into the Lease as `acquireTime` and `renewTime`. */
  date(): Date;
  /** Calls `callback` after `ms`; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
  /** A number in `[0, 1)`, for jitter. */
  random(): number;
}

/** The real clock: `performance.now()`, `new Date()`, `setTimeout`, `Math.random()`. */
export const realClock: Clock = {
  now: () => performance.now(),
  date: () => new Date(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => {
      clearTimeout(timer);
    };
  },
  random: () => Math.random(),
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts (never rejects). */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    const cancel = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** client-go's `wait.Jitter`: `ms` plus up to `maxFactor · ms` more, at random. */
export function jittered(clock: Clock, ms: number, maxFactor: number): number {
  return ms + clock.random() * maxFactor * ms;
}
