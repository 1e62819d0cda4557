// The informer's own work (applying a relist to the cache, fanning notifications out) runs in slices
// of a few milliseconds and yields to the event loop between them, so a large list never blocks
// timers and I/O for long.
//
// The yield goes through the `setImmediate` that existed when this module loaded: fake timers
// installed later by a test (which replace the global) must not freeze the informer's internal
// progress; the informer's timing-visible behaviour (resync periods) runs on the reflector's timers.
const realSetImmediate: (callback: () => void) => unknown = globalThis.setImmediate.bind(globalThis);
const realNow: () => number = performance.now.bind(performance);

/** How long one slice of work may run before yielding. */
const SLICE_MS = 4;

/** At most this many items between two clock reads within a slice. */
const CLOCK_EVERY = 64;

/**
 * Items a slice handles at most even if the clock does not move (a clock faked by a test): the
 * slice then still ends and yields.
 */
const SLICE_MAX_ITEMS = 20_000;

/** Runs `callback` in a later turn of the event loop, after pending I/O. */
export function yieldThen(callback: () => void): void {
  realSetImmediate(callback);
}

/**
 * Counts the items of a slice and tells when it is time to yield. The clock is read after the
 * first item, then after twice as many each time while items are cheap (up to every
 * {@link CLOCK_EVERY}); as soon as the items since the last reading took more than a quarter of the
 * slice (a slow handler), it is read after every item again, so a slice overruns by one item at most.
 */
export class Slice {
  #deadline = 0;
  #count = 0;
  #nextCheck = 1;
  #step = 1;
  #lastCheck = 0;

  start(): void {
    const now = realNow();
    this.#deadline = now + SLICE_MS;
    this.#lastCheck = now;
    this.#count = 0;
    this.#nextCheck = 1;
    this.#step = 1;
  }

  /** Records one item; true once the slice's time (or item budget) is used up. */
  spent(): boolean {
    const count = ++this.#count;
    if (count >= SLICE_MAX_ITEMS) return true;
    if (count < this.#nextCheck) return false;
    const now = realNow();
    if (now >= this.#deadline) return true;
    this.#step = now - this.#lastCheck > SLICE_MS / 4 ? 1 : Math.min(this.#step * 2, CLOCK_EVERY);
    this.#lastCheck = now;
    this.#nextCheck = count + this.#step;
    return false;
  }
}
