import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest run of a staged replace's work without giving the event loop a turn. */
const TIME_SLICE_MS = 8;

/** Items handled between two looks at the clock: a look costs far less than this many items. */
export const CHECK_EVERY = 64;

/**
 * Work over a large collection in slices of about {@link TIME_SLICE_MS}: call `pause()` every
 * {@link CHECK_EVERY} items; when the slice is used up it gives the event loop one turn (timers,
 * sockets, other handlers run) and then throws the signal's reason if the signal has aborted.
 */
export class TimeSlice {
  readonly #signal: AbortSignal | undefined;
  #deadline = performance.now() + TIME_SLICE_MS;

  constructor(signal: AbortSignal | undefined) {
    this.#signal = signal;
  }

  /** A turn of the event loop when this slice's time is up; rejects with the signal's reason after an abort. */
  async pause(): Promise<void> {
    if (performance.now() < this.#deadline) return;
    await nextTurn();
    this.#signal?.throwIfAborted();
    this.#deadline = performance.now() + TIME_SLICE_MS;
  }
}
