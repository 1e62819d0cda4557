import { IndexFuncError } from '../errors.js';
import type { IndexFunc } from '../types.js';
import { messageOf, typeName } from './describe.js';

/** The values one object has under one index, as its index function returned them. */
export type IndexValues = readonly string[];

/** One named index: its function and the map from indexed value to the store keys under it. */
export interface IndexSlot<T> {
  readonly name: string;
  readonly fn: IndexFunc<T>;
  /** Only values with at least one key are present: an emptied set is removed at once. */
  map: Map<string, Set<string>>;
}

/**
 * Runs an index function, turning a throw or a malformed result into an {@link IndexFuncError}.
 * Called before anything is mutated, so a failure leaves the store as it was.
 */
export function computeIndexValues<T>(slot: IndexSlot<T>, obj: T, key: string | undefined): IndexValues {
  let values: IndexValues;
  try {
    values = slot.fn(obj);
  } catch (err) {
    throw new IndexFuncError(
      `index function ${JSON.stringify(slot.name)} threw for ${where(key)}: ${messageOf(err)}. ` +
        `Nothing was changed; make the index function handle this object (return [] to leave it unindexed)`,
      slot.name,
      key,
      { cause: err },
    );
  }
  // Cheap shape check: a JavaScript caller returning a bare string or `undefined` would otherwise
  // index by characters or corrupt the index silently.
  const result: unknown = values;
  if (!Array.isArray(result)) {
    throw badResult(slot.name, key, `returned ${typeName(values)} instead of an array of strings`);
  }
  for (const value of values) {
    if (typeof value !== 'string') {
      throw badResult(slot.name, key, `returned an array holding ${typeName(value)}; every value must be a string`);
    }
  }
  return values;
}

function badResult(name: string, key: string | undefined, what: string): IndexFuncError {
  return new IndexFuncError(
    `index function ${JSON.stringify(name)} ${what} for ${where(key)}. Nothing was changed; fix the index function`,
    name,
    key,
  );
}

function where(key: string | undefined): string {
  return key === undefined ? 'the query object' : `the object with key ${JSON.stringify(key)}`;
}


/** Same values in the same order: the common "nothing moved" case of an update. */
export function sameValues(a: IndexValues, b: IndexValues): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** Adds `key` under each of `values`. */
export function addKey(map: Map<string, Set<string>>, key: string, values: IndexValues | undefined): void {
  if (values === undefined) return;
  for (const value of values) addOne(map, key, value);
}

/** Removes `key` from under each of `values`, dropping sets that become empty. */
export function removeKey(map: Map<string, Set<string>>, key: string, values: IndexValues | undefined): void {
  if (values === undefined) return;
  for (const value of values) removeOne(map, key, value);
}

function addOne(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(value);
  if (set === undefined) map.set(value, new Set([key]));
  else set.add(key);
}

function removeOne(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(value);
  // Absent when the values repeat one whose set an earlier call already dropped.
  if (set === undefined) return;
  set.delete(key);
  // An empty set is dropped at once: high-churn values (pod names, node names) would otherwise
  // leak one empty set each, and listIndexFuncValues() would report values nobody has.
  if (set.size === 0) map.delete(value);
}

// Above this many values, membership tests use a Set rather than a linear scan.
const LINEAR_SCAN_LIMIT = 8;

/**
 * Moves `key` from `before` to `after`, touching only the values that differ, so a value shared
 * by both is never dropped and re-created.
 */
export function moveKey(map: Map<string, Set<string>>, key: string, before: IndexValues, after: IndexValues): void {
  const was = before[0];
  const now = after[0];
  if (before.length === 1 && after.length === 1 && was !== undefined && now !== undefined) {
    // The usual shape (one value per object); the caller has checked that the value changed.
    removeOne(map, key, was);
    addOne(map, key, now);
    return;
  }
  const has = membership(after);
  const had = membership(before);
  for (const value of before) {
    if (!has(value)) removeOne(map, key, value);
  }
  for (const value of after) {
    if (!had(value)) addOne(map, key, value);
  }
}

function membership(values: IndexValues): (value: string) => boolean {
  if (values.length <= LINEAR_SCAN_LIMIT) return (value) => values.includes(value);
  const set = new Set(values);
  return (value) => set.has(value);
}
