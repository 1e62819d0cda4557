/** An item waiting in the delaying queue. */
export interface DelayEntry<K> {
  readonly item: K;
  /** When the item is due, by the queue's clock. */
  due: number;
  /** Insertion order: items due at the same time come out in the order they went in. */
  readonly seq: number;
  /** The entry's position in the heap; -1 once removed. */
  index: number;
}

/**
 * A binary min-heap of items keyed by due time, with an item → entry map so an item waits at
 * most once and moving its due time earlier is a sift-up. Push, pop and reschedule are O(log n);
 * peeking at the earliest is O(1).
 */
export class DelayHeap<K> {
  private readonly heap: DelayEntry<K>[] = [];
  private readonly byItem = new Map<K, DelayEntry<K>>();
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** The entry due first, or `undefined` when empty. */
  peek(): DelayEntry<K> | undefined {
    return this.heap[0];
  }

  /**
   * Schedules `item` at `due`, or moves its due time to `due` if it is already waiting and `due`
   * is earlier. Returns whether anything changed.
   */
  schedule(item: K, due: number): boolean {
    const existing = this.byItem.get(item);
    if (existing !== undefined) {
      if (due >= existing.due) return false;
      existing.due = due;
      this.siftUp(existing);
      return true;
    }
    const entry: DelayEntry<K> = { item, due, seq: this.seq++, index: this.heap.length };
    this.heap.push(entry);
    this.byItem.set(item, entry);
    this.siftUp(entry);
    return true;
  }

  /** Removes and returns the entry due first, or `undefined` when empty. */
  pop(): DelayEntry<K> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop();
    if (last !== undefined && last !== top) {
      heap[0] = last;
      last.index = 0;
      this.siftDown(last);
    }
    top.index = -1;
    this.byItem.delete(top.item);
    return top;
  }

  has(item: K): boolean {
    return this.byItem.has(item);
  }

  clear(): void {
    for (const entry of this.heap) entry.index = -1;
    this.heap.length = 0;
    this.byItem.clear();
  }

  private less(a: DelayEntry<K>, b: DelayEntry<K>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  /** Moves `entry` (at `entry.index`) towards the root while it is due before its parent. */
  private siftUp(entry: DelayEntry<K>): void {
    const heap = this.heap;
    let i = entry.index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !this.less(entry, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = parentIndex;
    }
    heap[i] = entry;
    entry.index = i;
  }

  /** Moves `entry` (at `entry.index`) towards the leaves while a child is due before it. */
  private siftDown(entry: DelayEntry<K>): void {
    const heap = this.heap;
    let i = entry.index;
    for (;;) {
      const left = 2 * i + 1;
      let child = heap[left];
      if (child === undefined) break;
      const right = heap[left + 1];
      if (right !== undefined && this.less(right, child)) child = right;
      if (!this.less(child, entry)) break;
      heap[i] = child;
      const childIndex = child.index;
      child.index = i;
      i = childIndex;
    }
    heap[i] = entry;
    entry.index = i;
  }
}
