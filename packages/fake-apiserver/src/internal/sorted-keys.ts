// An ordered set of store keys. Lists page through keys in order from an arbitrary key (the
// continue token), so the set needs ordered seeks; creates and deletes must stay cheap at 100k+
// keys. Keys live in sorted chunks of bounded size: a seek is two binary searches, an insert or
// delete moves at most one chunk's worth of elements.

import { at } from './at.js';

const MAX_CHUNK = 512;

function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(arr, mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedKeys {
  private chunks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Index of the first chunk whose last key is >= key (chunks.length when none). */
  private chunkFor(key: string): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = at(this.chunks, mid);
      if (at(chunk, chunk.length - 1) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds a key that is not in the set yet. */
  add(key: string): void {
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      return;
    }
    let ci = this.chunkFor(key);
    if (ci === this.chunks.length) ci--; // larger than every key: append to the last chunk
    const chunk = at(this.chunks, ci);
    chunk.splice(lowerBound(chunk, key), 0, key);
    if (chunk.length > MAX_CHUNK) {
      this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1));
    }
  }

  /** Removes a key; no-op when absent. */
  delete(key: string): void {
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci];
    if (chunk === undefined) return;
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
  }

  /**
   * Calls `visit` with each key >= `from` (or > `from` when `exclusive`) in order until it
   * returns false.
   */
  forEachFrom(from: string, exclusive: boolean, visit: (key: string) => boolean): void {
    let ci = this.chunkFor(from);
    let chunk = this.chunks[ci];
    if (chunk === undefined) return;
    let i = lowerBound(chunk, from);
    if (exclusive && chunk[i] === from) i++;
    for (;;) {
      for (; i < chunk.length; i++) {
        if (!visit(at(chunk, i))) return;
      }
      ci++;
      chunk = this.chunks[ci];
      if (chunk === undefined) return;
      i = 0;
    }
  }

  /** Number of keys strictly less than `key`. */
  rank(key: string): number {
    const ci = this.chunkFor(key);
    let n = 0;
    for (let c = 0; c < ci; c++) n += at(this.chunks, c).length;
    const chunk = this.chunks[ci];
    return chunk === undefined ? n : n + lowerBound(chunk, key);
  }

  /** Every key in order. */
  toArray(): string[] {
    return this.chunks.flat();
  }
}
