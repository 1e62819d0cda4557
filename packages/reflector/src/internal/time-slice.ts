import { setImmediate as nextTurn } from 'node:timers/promises';
import { now } from './runtime.js';

/** Longest run of the reflector's own work over a whole list without an event-loop turn. */
const TIME_SLICE_MS = 8;

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

/** From this many objects on, `store.replace()` takes long enough to deserve a turn of its own. */
const LARGE_REPLACE = 1000;

/**
 * One event-loop turn before a `store.replace()` of `count` objects, when they are many: the
 * replace is one synchronous block as long as the store makes it, and should not add to the slice
 * of work before it. Small replaces go on at once, as they always did.
 */
export async function turnBeforeReplace(count: number): Promise<void> {
  if (count >= LARGE_REPLACE) await nextTurn();
}
