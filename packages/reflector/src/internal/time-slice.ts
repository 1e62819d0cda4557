import { setImmediate as nextTurn } from 'node:timers/promises';
import { now } from './runtime.js';

/** Longest run of the reflector's own work over a whole list without an event-loop turn. */
export const TIME_SLICE_MS = 8;

/**
 * Work over a large collection in slices: `due` says when the current slice is used up, `yield`
 * gives the event loop one turn (timers, sockets, other handlers) and starts a new slice. Keeps a
 * sync of 100 000 objects from holding the process for the whole of it.
 */
export class TimeSlice {
  #deadline = now() + TIME_SLICE_MS;

  /** Whether this slice's time is up; cheap, but call it every few hundred items, not every one. */
  get due(): boolean {
    return now() >= this.#deadline;
  }

  /** One event-loop turn, then a fresh slice. */
  async yield(): Promise<void> {
    await nextTurn();
    this.#deadline = now() + TIME_SLICE_MS;
  }
}
