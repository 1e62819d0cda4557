/** Slots per segment: large enough that segment turnover is rare, small enough to free memory early. */
const SEGMENT_SIZE = 1024;

interface Segment<T> {
  readonly slots: (T | undefined)[];
  next: Segment<T> | undefined;
}

function segment<T>(): Segment<T> {
  return { slots: new Array<T | undefined>(SEGMENT_SIZE), next: undefined };
}

/**
 * An unbounded first-in first-out buffer with O(1) `push` and `shift`, built from fixed-size
 * segments. Unlike an array used as a queue it never copies on `shift`, and unlike a growing ring it
 * gives memory back as soon as a segment has been read: a handler that fell 100 000 notifications
 * behind and caught up holds one segment again.
 */
export class FifoBuffer<T> {
  #head: Segment<T> = segment();
  #tail: Segment<T> = this.#head;
  #read = 0;
  #write = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#write === SEGMENT_SIZE) {
      const next = segment<T>();
      this.#tail.next = next;
      this.#tail = next;
      this.#write = 0;
    }
    this.#tail.slots[this.#write++] = item;
    this.#length++;
  }

  /** The oldest item, removed; `undefined` when empty. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const head = this.#head;
    const item = head.slots[this.#read];
    // Drop the reference at once, so a delivered notification can be collected.
    head.slots[this.#read++] = undefined;
    this.#length--;
    if (this.#length === 0) {
      // Empty: start over in the head segment (and let any later ones go).
      head.next = undefined;
      this.#tail = head;
      this.#read = 0;
      this.#write = 0;
    } else if (this.#read === SEGMENT_SIZE) {
      this.#head = head.next ?? segment();
      this.#read = 0;
    }
    return item;
  }

  /** The oldest item, left in place. */
  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#head.slots[this.#read];
  }

  /** Drops everything. */
  clear(): void {
    this.#head = segment();
    this.#tail = this.#head;
    this.#read = 0;
    this.#write = 0;
    this.#length = 0;
  }
}
