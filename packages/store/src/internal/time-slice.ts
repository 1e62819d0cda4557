import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest run of a staged replace's work without giving the event loop a turn. */
const TIME_SLICE_MS = 8;

/** Items handled between two looks at the clock: a look costs far less than this many items. */
const CHECK_EVERY = 64;

/**
 * Work over a large collection in slices of about {@link TIME_SLICE_MS}, with one turn of the event
 * loop (timers, sockets, other handlers) between two slices. After each turn it throws the
 * signal's reason if the signal has aborted.
 */
export class TimeSlice {
  readonly #signal: AbortSignal | undefined;
  #deadline = performance.now() + TIME_SLICE_MS;

  constructor(signal: AbortSignal | undefined) {
    this.#signal = signal;
  }

  /**
   * Calls `step(n)` until `count` items are done, `n` (at most {@link CHECK_EVERY}) being how many
   * to handle in that call, and gives the event loop a turn whenever the slice is used up. The
   * loop over the items stays in `step`, a plain function the engine optimizes as such.
   */
  async run(count: number, step: (n: number) => void): Promise<void> {
    let left = count;
    while (left > 0) {
      const n = Math.min(left, CHECK_EVERY);
      step(n);
      left -= n;
      if (left > 0 && performance.now() >= this.#deadline) {
        await nextTurn();
        this.#signal?.throwIfAborted();
        this.#deadline = performance.now() + TIME_SLICE_MS;
      }
    }
  }
}
