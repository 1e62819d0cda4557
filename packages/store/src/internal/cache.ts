import { IndexerConflictError, StoreError, UnknownIndexError } from '../errors.js';
import type { Indexer, Indexers, KeyFunc, ReplaceAsyncOptions } from '../types.js';
import { deepFreeze } from './deep-freeze.js';
import { typeName } from './describe.js';
import {
  addKey,
  computeIndexValues,
  moveKey,
  NO_INDEX_VALUES,
  removeKey,
  sameValues,
  storable,
  type IndexSlot,
  type StoredValues,
} from './index-set.js';
import { keyOf } from './key-of.js';
import { TimeSlice } from './time-slice.js';

/**
 * One stored object with the values it is indexed under, one per index slot (same order as the
 * slots). Keeping the values means an update or delete never calls an index function on the old
 * object, and the indexes stay consistent even if someone mutates a stored object by mistake.
 */
interface Entry<T> {
  obj: T;
  values: StoredValues[];
}

// Shared by every entry while there are no indexes; replaced (never mutated) when indexes are added.
const NO_VALUES: StoredValues[] = [];
Object.freeze(NO_VALUES);

/** What `createStore` and `createIndexer` build on. */
export interface CacheOptions<T> {
  keyFunc: KeyFunc<T>;
  indexers: Indexers<T>;
  freeze: boolean;
}

/**
 * The one implementation behind `createStore` and `createIndexer`: a map of entries plus, per
 * index, a map from indexed value to the set of store keys under it.
 *
 * Every mutation first computes everything that can fail (the key, every index value) and only
 * then touches state, so a throwing key or index function leaves the cache exactly as it was.
 */
export class Cache<T> implements Indexer<T> {
  readonly #keyFunc: KeyFunc<T>;
  readonly #freeze: boolean;
  #items = new Map<string, Entry<T>>();
  readonly #slots: IndexSlot<T>[] = [];
  readonly #slotsByName = new Map<string, IndexSlot<T>>();

  constructor(options: CacheOptions<T>) {
    this.#keyFunc = options.keyFunc;
    this.#freeze = options.freeze;
    this.addIndexers(options.indexers);
  }

  add(obj: T): void {
    this.#upsert(obj);
  }

  update(obj: T): void {
    this.#upsert(obj);
  }

  delete(obj: T): void {
    const key = this.#key(obj);
    const entry = this.#items.get(key);
    if (entry === undefined) return;
    const values = entry.values;
    let i = 0;
    for (const slot of this.#slots) removeKey(slot.map, key, values[i++]);
    this.#items.delete(key);
  }

  list(): T[] {
    const out: T[] = [];
    for (const entry of this.#items.values()) out.push(entry.obj);
    return out;
  }

  listKeys(): string[] {
    return Array.from(this.#items.keys());
  }

  get(obj: T): T | undefined {
    return this.#items.get(this.#key(obj))?.obj;
  }

  getByKey(key: string): T | undefined {
    return this.#items.get(key)?.obj;
  }

  replace(items: readonly T[], _resourceVersion: string): void {
    // Build the new contents aside; `this` is only touched by the final swap, so a key or index
    // function that throws halfway leaves the store as it was.
    const indexed = this.#slots.length > 0;
    const next = new Map<string, Entry<T>>();
    const fresh = this.#slots.map((slot) => ({ slot, map: new Map<string, Set<string>>() }));
    let duplicates = false;
    for (const obj of items) {
      const key = this.#key(obj);
      const values = indexed ? this.#computeAll(obj, key) : NO_VALUES;
      const size = next.size;
      next.set(key, { obj, values });
      // Two items with one key: the later wins, as in client-go. Detected by the size not growing
      // rather than by a lookup per item; the indexes are then rebuilt below (a rare case).
      if (next.size === size) duplicates = true;
      let i = 0;
      if (!duplicates) for (const { map } of fresh) addKey(map, key, values[i++]);
    }
    if (duplicates) {
      for (const f of fresh) f.map = new Map();
      for (const [key, entry] of next) {
        let i = 0;
        for (const { map } of fresh) addKey(map, key, entry.values[i++]);
      }
    }
    if (this.#freeze) {
      for (const entry of next.values()) deepFreeze(entry.obj);
    }
    this.#items = next;
    for (const { slot, map } of fresh) slot.map = map;
  }

  async replaceAsync(items: readonly T[], _resourceVersion: string, options?: ReplaceAsyncOptions): Promise<void> {
    const signal = options?.signal;
    signal?.throwIfAborted();
    // The same work as `replace`, in slices with event-loop turns between them. Everything is
    // built aside and `this` is only touched by the final swap, which is synchronous: until then
    // readers see the old contents, and a throw or an abort leaves them in place.
    const slice = new TimeSlice(signal);
    const slots = this.#slots.slice();
    const next = new Map<string, Entry<T>>();
    let fresh = slots.map(() => new Map<string, Set<string>>());
    let at = 0;
    await slice.run(items.length, (n) => {
      const end = at + n;
      for (; at < end; at++) {
        const obj = items[at] as T;
        const key = this.#key(obj);
        const values = slots.length > 0 ? computeAll(slots, obj, key) : NO_VALUES;
        next.set(key, { obj, values });
        // Indexed as they come while no two items have shared a key (the map has grown by one
        // per item); after that, rebuilt below, as `replace` does.
        let i = 0;
        if (next.size === at + 1) for (const map of fresh) addKey(map, key, values[i++]);
      }
    });
    if (next.size < items.length) {
      // A later item replaced an earlier one with the same key: index what is left afresh.
      const maps = slots.map(() => new Map<string, Set<string>>());
      const entries = next.entries();
      await slice.run(next.size, (n) => {
        for (let k = 0; k < n; k++) {
          const item = entries.next();
          if (item.done === true) return;
          const [key, entry] = item.value;
          let i = 0;
          for (const map of maps) addKey(map, key, entry.values[i++]);
        }
      });
      fresh = maps;
    }
    if (this.#freeze) {
      const entries = next.values();
      await slice.run(next.size, (n) => {
        for (let k = 0; k < n; k++) {
          const item = entries.next();
          if (item.done === true) return;
          deepFreeze(item.value.obj);
        }
      });
    }
    // Index functions added meanwhile (addIndexers only appends) must cover the new contents too;
    // nothing awaits between the last check of this loop and the swap.
    while (slots.length < this.#slots.length) {
      const added = this.#slots.slice(slots.length);
      const maps = added.map(() => new Map<string, Set<string>>());
      const computed: StoredValues[][] = [];
      const entries = next.entries();
      await slice.run(next.size, (n) => {
        for (let k = 0; k < n; k++) {
          const item = entries.next();
          if (item.done === true) return;
          const [key, entry] = item.value;
          const values = computeAll(added, entry.obj, key);
          let i = 0;
          for (const map of maps) addKey(map, key, values[i++]);
          computed.push(values);
        }
      });
      let i = 0;
      for (const entry of next.values()) entry.values = entry.values.concat(computed[i++] ?? []);
      slots.push(...added);
      fresh.push(...maps);
    }
    signal?.throwIfAborted();
    // The swap: whatever was written to the store since the call began is replaced, exactly as if
    // it had been written just before a synchronous `replace`.
    this.#items = next;
    let i = 0;
    for (const slot of slots) slot.map = fresh[i++] ?? new Map<string, Set<string>>();
  }

  resync(): void {
    // Nothing to re-deliver: a plain store has no consumer queue (see Store.resync).
  }

  index(indexName: string, obj: T): T[] {
    const slot = this.#slot(indexName);
    const values = computeIndexValues(slot, obj, undefined);
    const first = values[0];
    if (values.length === 1 && first !== undefined) return this.#objects(slot.map.get(first));
    // Several values: an object indexed under more than one of them must come back once.
    const keys = new Set<string>();
    for (const value of values) {
      const set = slot.map.get(value);
      if (set !== undefined) for (const key of set) keys.add(key);
    }
    return this.#objects(keys);
  }

  indexKeys(indexName: string, value: string): string[] {
    const set = this.#slot(indexName).map.get(value);
    return set === undefined ? [] : Array.from(set).sort();
  }

  listIndexFuncValues(indexName: string): string[] {
    const slot = this.#slotsByName.get(indexName);
    return slot === undefined ? [] : Array.from(slot.map.keys());
  }

  byIndex(indexName: string, value: string): T[] {
    return this.#objects(this.#slot(indexName).map.get(value));
  }

  getIndexers(): Indexers<T> {
    const out: Indexers<T> = {};
    // defineProperty, not assignment: an index named "__proto__" must stay an own property.
    for (const slot of this.#slots) {
      Object.defineProperty(out, slot.name, { value: slot.fn, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  addIndexers(indexers: Indexers<T>): void {
    const added = Object.entries(indexers);
    if (added.length === 0) return;
    const conflicts = added.map(([name]) => name).filter((name) => this.#slotsByName.has(name));
    if (conflicts.length > 0) throw new IndexerConflictError(conflicts.sort());
    for (const [name, fn] of added) {
      if (typeof fn !== 'function') {
        throw new StoreError(
          `indexer ${JSON.stringify(name)} is ${typeName(fn)}, not a function; ` +
            `nothing was added. Pass index functions: { [name]: (obj) => string[] }`,
          'InvalidIndexer',
        );
      }
    }
    const slots: IndexSlot<T>[] = added.map(([name, fn]) => ({ name, fn, map: new Map() }));
    // Index every existing item under the new indexes before registering anything, so a throwing
    // index function leaves the indexer as it was.
    const computed: StoredValues[][] = [];
    for (const [key, entry] of this.#items) {
      const values: StoredValues[] = [];
      for (const slot of slots) {
        const v = storable(computeIndexValues(slot, entry.obj, key));
        addKey(slot.map, key, v);
        values.push(v);
      }
      computed.push(values);
    }
    let i = 0;
    for (const entry of this.#items.values()) {
      entry.values = entry.values.concat(computed[i++] ?? []);
    }
    for (const slot of slots) {
      this.#slots.push(slot);
      this.#slotsByName.set(slot.name, slot);
    }
  }

  #upsert(obj: T): void {
    const key = this.#key(obj);
    const slots = this.#slots;
    const entry = this.#items.get(key);
    if (slots.length === 0) {
      if (this.#freeze) deepFreeze(obj);
      if (entry === undefined) this.#items.set(key, { obj, values: NO_VALUES });
      else entry.obj = obj;
      return;
    }
    if (entry === undefined) {
      const values = this.#computeAll(obj, key);
      if (this.#freeze) deepFreeze(obj);
      let i = 0;
      for (const slot of slots) addKey(slot.map, key, values[i++]);
      this.#items.set(key, { obj, values });
      return;
    }
    // Compute every new value first (an index function may throw), comparing as we go. Most
    // updates change no indexed value, so the new values array is only allocated at the first
    // slot that differs; until then nothing is allocated at all.
    const before = entry.values;
    let after: StoredValues[] | undefined;
    let i = 0;
    for (const slot of slots) {
      const now = storable(computeIndexValues(slot, obj, key));
      const was = before[i++] ?? NO_INDEX_VALUES;
      const same = sameValues(was, now);
      if (after === undefined) {
        if (same) continue;
        after = before.slice();
      }
      after[i - 1] = same ? was : now;
    }
    if (this.#freeze) deepFreeze(obj);
    if (after !== undefined) {
      i = 0;
      for (const slot of slots) {
        const was = before[i] ?? NO_INDEX_VALUES;
        const now = after[i++] ?? NO_INDEX_VALUES;
        if (was !== now) moveKey(slot.map, key, was, now);
      }
      entry.values = after;
    }
    entry.obj = obj;
  }

  #computeAll(obj: T, key: string): StoredValues[] {
    return computeAll(this.#slots, obj, key);
  }

  #key(obj: T): string {
    return keyOf(this.#keyFunc, obj);
  }

  #slot(indexName: string): IndexSlot<T> {
    const slot = this.#slotsByName.get(indexName);
    if (slot === undefined) {
      throw new UnknownIndexError(indexName, Array.from(this.#slotsByName.keys()).sort());
    }
    return slot;
  }

  #objects(keys: ReadonlySet<string> | undefined): T[] {
    const out: T[] = [];
    if (keys === undefined) return out;
    const items = this.#items;
    for (const key of keys) {
      // Always found: an index and #items change together in every mutation.
      const entry = items.get(key);
      if (entry !== undefined) out.push(entry.obj);
    }
    return out;
  }
}

/** An object's values under each of `slots`, in their order. */
function computeAll<T>(slots: readonly IndexSlot<T>[], obj: T, key: string): StoredValues[] {
  // Sized up front: an array grown by push() reserves 16 slots, and entries keep this array for
  // the object's whole life in the cache.
  const values = new Array<StoredValues>(slots.length);
  let i = 0;
  for (const slot of slots) values[i++] = storable(computeIndexValues(slot, obj, key));
  return values;
}
