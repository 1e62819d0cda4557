/** The current schedule of an item: its due time and the heap slot (by sequence number) that holds it. */
interface Live {
  due: number;
  seq: number;
}

const INITIAL_CAPACITY = 64;

/**
 * A binary min-heap of items keyed by due time (ties in scheduling order), where an item waits at
 * most once and a new, earlier due time replaces the old one. Push and pop are O(log n).
 *
 * Built for large n: the heap is two parallel arrays (due times and sequence numbers interleaved
 * in a `Float64Array`, items in a plain array), so sifting compares numbers that sit next to each
 * other in memory and never follows a pointer. Rescheduling an item earlier pushes a new slot and
 * leaves the old one behind as stale; a slot is live only while `live` maps its item to its
 * sequence number. Stale slots are skipped when they reach the top, and the heap is rebuilt from
 * `live` if they ever outnumber the live ones.
 */
export class DelayHeap<K extends string> {
  /** Slot i's due time at [2i] and sequence number at [2i + 1]: one cache line for both. */
  private keys = new Float64Array(2 * INITIAL_CAPACITY);
  private items: (K | undefined)[] = [];
  /** Slots in use, stale ones included. */
  private length = 0;
  private readonly live = new Map<K, Live>();
  private nextSeq = 0;

  /** Items waiting (stale slots not counted). */
  get size(): number {
    return this.live.size;
  }

  /** The earliest due time, or `undefined` when nothing waits. */
  peekDue(): number | undefined {
    this.dropStale();
    return this.length === 0 ? undefined : this.keys[0];
  }

  /** Removes and returns the earliest item if it is due at `now`, else `undefined`. */
  popDue(now: number): K | undefined {
    this.dropStale();
    const item = this.items[0];
    if (item === undefined || (this.keys[0] ?? Infinity) > now) return undefined;
    this.live.delete(item);
    this.removeTop();
    return item;
  }

  /**
   * Schedules `item` at `due`, or moves it to `due` if it is already waiting and `due` is
   * earlier. Returns whether anything changed.
   */
  schedule(item: K, due: number): boolean {
    const seq = this.nextSeq++;
    const live = this.live.get(item);
    if (live === undefined) {
      this.live.set(item, { due, seq });
    } else {
      if (due >= live.due) return false;
      live.due = due;
      live.seq = seq;
    }
    this.push(item, due, seq);
    if (this.length > 2 * this.live.size + 1024) this.rebuild();
    return true;
  }

  has(item: K): boolean {
    return this.live.has(item);
  }

  clear(): void {
    this.live.clear();
    this.items = [];
    this.length = 0;
    this.keys = new Float64Array(2 * INITIAL_CAPACITY);
  }

  /** Slots in use, stale ones included (for tests). */
  get slots(): number {
    return this.length;
  }

  private dropStale(): void {
    while (this.length > 0) {
      const item = this.items[0];
      const live = item === undefined ? undefined : this.live.get(item);
      if (live !== undefined && live.seq === this.keys[1]) return;
      this.removeTop();
    }
  }

  private push(item: K, due: number, seq: number): void {
    if (2 * this.length === this.keys.length) this.grow();
    this.siftUp(this.length++, item, due, seq);
  }

  private removeTop(): void {
    const last = --this.length;
    const item = this.items[last];
    this.items[last] = undefined;
    if (last > 0 && item !== undefined) this.siftDown(0, item, this.keys[2 * last] ?? 0, this.keys[2 * last + 1] ?? 0);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
  }

  /** Places (item, due, seq) at the hole `i` or above it, moving parents down. */
  private siftUp(i: number, item: K, due: number, seq: number): void {
    const { keys, items } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentDue = keys[2 * parent] ?? 0;
      const parentSeq = keys[2 * parent + 1] ?? 0;
      if (parentDue < due || (parentDue === due && parentSeq < seq)) break;
      keys[2 * i] = parentDue;
      keys[2 * i + 1] = parentSeq;
      items[i] = items[parent];
      i = parent;
    }
    keys[2 * i] = due;
    keys[2 * i + 1] = seq;
    items[i] = item;
  }

  /** Places (item, due, seq) at the hole `i` or below it, moving the earlier child up. */
  private siftDown(i: number, item: K, due: number, seq: number): void {
    const { keys, items } = this;
    const n = this.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let childDue = keys[2 * child] ?? 0;
      let childSeq = keys[2 * child + 1] ?? 0;
      const right = child + 1;
      if (right < n) {
        const rightDue = keys[2 * right] ?? 0;
        const rightSeq = keys[2 * right + 1] ?? 0;
        if (rightDue < childDue || (rightDue === childDue && rightSeq < childSeq)) {
          child = right;
          childDue = rightDue;
          childSeq = rightSeq;
        }
      }
      if (due < childDue || (due === childDue && seq < childSeq)) break;
      keys[2 * i] = childDue;
      keys[2 * i + 1] = childSeq;
      items[i] = items[child];
      i = child;
    }
    keys[2 * i] = due;
    keys[2 * i + 1] = seq;
    items[i] = item;
  }

  /** Drops every stale slot: the live entries, heapified bottom-up in O(n). */
  private rebuild(): void {
    const n = this.live.size;
    let capacity = INITIAL_CAPACITY;
    while (capacity < n) capacity *= 2;
    const keys = new Float64Array(2 * capacity);
    const items: K[] = [];
    for (const [item, { due, seq }] of this.live) {
      keys[2 * items.length] = due;
      keys[2 * items.length + 1] = seq;
      items.push(item);
    }
    this.keys = keys;
    this.items = items;
    this.length = n;
    for (let j = (n >> 1) - 1; j >= 0; j--) {
      const item = items[j];
      if (item !== undefined) this.siftDown(j, item, keys[2 * j] ?? 0, keys[2 * j + 1] ?? 0);
    }
  }
}
