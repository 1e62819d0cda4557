import type { Clock } from '../types.js';
import { DelayHeap } from './delay-heap.js';

/** setTimeout's longest delay; a later due time is reached in several hops. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The delaying half of the queue: items waiting for a due time, in a min-heap, behind a single
 * timer set for the earliest one. Scheduling is O(log n) and touches the timer only when the
 * earliest due time changes; when the timer fires, every item due by then is handed to `onDue`,
 * earliest first.
 */
export class DelayScheduler<K extends string> {
  private readonly heap = new DelayHeap<K>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer is due; `Infinity` when there is none. */
  private timerDue = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (item: K) => void,
  ) {}

  /** Items waiting. */
  get size(): number {
    return this.heap.size;
  }

  /**
   * Makes `item` due in `delayMs` (> 0) milliseconds, unless it is already waiting for an earlier
   * time. Returns whether anything changed.
   */
  schedule(item: K, delayMs: number): boolean {
    const due = this.clock.now() + delayMs;
    if (!this.heap.schedule(item, due)) return false;
    if (due < this.timerDue) this.arm(due);
    return true;
  }

  /** Drops every waiting item and stops the timer. */
  clear(): void {
    this.heap.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  /** (Re)starts the one timer for `due`. */
  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerDue = due;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(due - this.clock.now())));
    this.timer = setTimeout(this.fire, wait);
    // Waiting items never keep the process alive on their own.
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    // onDue may schedule or clear (a listener calling back into the queue): read the heap afresh.
    for (let item = this.heap.popDue(now); item !== undefined; item = this.heap.popDue(now)) this.onDue(item);
    const next = this.heap.peekDue();
    // Early (a clock behind the timers) or a hop towards a far due time: wait on.
    if (next !== undefined && next < this.timerDue) this.arm(next);
  };
}
