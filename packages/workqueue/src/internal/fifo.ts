/**
 * A first-in first-out queue on one array and a head index: `shift()` is O(1) where
 * `Array.prototype.shift` moves every element. The consumed prefix is cut off once it is both
 * large and more than half the array, so memory stays proportional to what is queued.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, removed; `undefined` when empty. */
  shift(): T | undefined {
    const items = this.items;
    if (this.head === items.length) return undefined;
    const item = items[this.head];
    // Drop the reference so a long-lived queue does not pin what it handed out.
    items[this.head] = undefined;
    this.head++;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
