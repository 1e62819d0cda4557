import type { Clock } from '../types.js';

/**
 * `performance.now()`, looked up on every call so that fake timers installed after the queue was
 * made (`vi.useFakeTimers()`) still control it.
 */
export const defaultClock: Clock = {
  now: () => performance.now(),
};
