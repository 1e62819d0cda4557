// A resource as it was at a resourceVersion: the current entries, with every key changed since
// then shown in its state before the first such change (or hidden if it did not exist yet).
// Reading a page costs O(page + changes since the snapshot), never a copy of the whole store.
import type { Entry } from './entry.js';
import type { StoreEvent } from './history.js';
import type { ResourceStore } from './resource-store.js';
import { at, mustGet } from './at.js';

/** The keys of one namespace (`ns/`), or all keys (`''`). */
export function rangePrefix(namespace: string | undefined): string {
  return namespace === undefined || namespace === '' ? '' : `${namespace}/`;
}

/** The first string after every string starting with `prefix` (`ns/` → `ns0`). */
function rangeEnd(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export class Snapshot {
  /** Keys changed since the snapshot → their state at it (undefined: did not exist). */
  private readonly overlay: Map<string, Entry | undefined> | undefined;
  private sortedOverlay: Entry[] | undefined;

  constructor(private readonly store: ResourceStore, laterEvents: readonly StoreEvent[]) {
    if (laterEvents.length === 0) return;
    this.overlay = new Map();
    for (const event of laterEvents) {
      if (!this.overlay.has(event.key)) this.overlay.set(event.key, event.prev);
    }
  }

  /** The overlay's entries that existed at the snapshot, in key order. */
  private overlayEntries(): Entry[] {
    if (this.sortedOverlay === undefined) {
      this.sortedOverlay = [];
      if (this.overlay !== undefined) {
        for (const entry of this.overlay.values()) if (entry !== undefined) this.sortedOverlay.push(entry);
      }
      this.sortedOverlay.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return this.sortedOverlay;
  }

  /** Visits the entries in `prefix`'s range after `after` (exclusive) in key order while `visit` returns true. */
  forEach(prefix: string, after: string | undefined, visit: (entry: Entry) => boolean): void {
    const { entries, keys } = this.store;
    const exclusive = after !== undefined && after >= prefix;
    const from = exclusive ? after : prefix;
    const overlay = this.overlay;
    if (overlay === undefined) {
      keys.forEachFrom(from, exclusive, (key) => key.startsWith(prefix) && visit(mustGet(entries, key)));
      return;
    }
    const extra = this.overlayEntries();
    let oi = lowerBoundAfter(extra, from, exclusive);
    const state = { stopped: false };
    keys.forEachFrom(from, exclusive, (key) => {
      if (!key.startsWith(prefix)) return false;
      while (oi < extra.length && at(extra, oi).key < key) {
        if (!visit(at(extra, oi++))) {
          state.stopped = true;
          return false;
        }
      }
      if (overlay.has(key)) return true;
      if (!visit(mustGet(entries, key))) {
        state.stopped = true;
        return false;
      }
      return true;
    });
    while (!state.stopped && oi < extra.length) {
      const entry = at(extra, oi++);
      if (!entry.key.startsWith(prefix)) break;
      if (!visit(entry)) break;
    }
  }

  /** How many entries of `prefix`'s range come after `after`. */
  countAfter(prefix: string, after: string): number {
    const { keys, entries } = this.store;
    const end = rangeEnd(prefix);
    const upto = end === undefined ? keys.size : keys.rank(end);
    const from = after >= prefix ? after : prefix;
    let count = upto - keys.rank(from) - (after >= prefix && entries.has(after) ? 1 : 0);
    if (this.overlay !== undefined) {
      for (const [key, then] of this.overlay) {
        if (!key.startsWith(prefix) || key <= after) continue;
        if (entries.has(key)) count--;
        if (then !== undefined) count++;
      }
    }
    return count;
  }
}

function lowerBoundAfter(sorted: readonly Entry[], from: string, exclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = at(sorted, mid).key;
    if (k < from || (exclusive && k === from)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
