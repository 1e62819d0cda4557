// The recent changes of one resource, for watches that start from a resourceVersion and for
// list pages that must show an older snapshot. Bounded: the oldest change is forgotten once more
// than `limit` are kept, and `floor` records up to where history is gone.
import type { Entry } from './entry.js';
import { at } from './at.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly rv: number;
  readonly type: EventType;
  readonly key: string;
  /** The new state; for DELETED the last state, carrying the deletion's resourceVersion. */
  readonly entry: Entry;
  /** The state before the change; undefined for ADDED. */
  readonly prev: Entry | undefined;
  /** Encoded event lines by delivered type and view, made once and shared by every watcher. */
  lines?: Map<string, Buffer>;
  /** The first view this change was encoded in as it happened, and that line (the common case). */
  lineView?: object;
  line?: Buffer;
  /** `prev` re-stamped with this event's resourceVersion (what a selector-transition DELETED carries). */
  prevAtRv?: Entry;
}

export class History {
  private events: StoreEvent[] = [];
  private head = 0;
  /** Every event with rv > floor is kept; resourceVersions below it can no longer be served. */
  floor = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.events.length - this.head;
  }

  push(event: StoreEvent): void {
    this.events.push(event);
    while (this.events.length - this.head > this.limit) {
      const dropped = at(this.events, this.head);
      this.events[this.head] = undefined as unknown as StoreEvent; // let it be collected
      this.head++;
      this.floor = dropped.rv;
    }
    // Reclaim the dropped slots now and then, keeping push O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** Forgets everything up to `rv`. */
  compact(rv: number): void {
    this.events = [];
    this.head = 0;
    if (rv > this.floor) this.floor = rv;
  }

  /** True when the changes after `rv` are all still known. */
  covers(rv: number): boolean {
    return rv >= this.floor;
  }

  /** The events with rv > `after`, oldest first; undefined when some of them were forgotten. */
  since(after: number): StoreEvent[] | undefined {
    if (after < this.floor) return undefined;
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(this.events, mid).rv <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.events.length ? [] : this.events.slice(lo);
  }
}
