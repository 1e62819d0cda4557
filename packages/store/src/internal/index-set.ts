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


/**
 * How an entry remembers its values under one index: the single value itself in the usual case
 * (so no array has to stay alive for it), else an array of zero or several values.
 */
export type StoredValues = string | IndexValues;

/** The stored form of "no values", shared. */
export const NO_INDEX_VALUES: IndexValues = Object.freeze([]);

/** The compact form of an index function's result, to keep in an entry. */
export function storable(values: IndexValues): StoredValues {
  const first = values[0];
  if (values.length === 1 && first !== undefined) return first;
  return values.length === 0 ? NO_INDEX_VALUES : values;
}

/** Same values in the same order: the common "nothing moved" case of an update. */
export function sameValues(a: StoredValues, b: StoredValues): boolean {
  if (a === b) return true;
  // A single value is always stored as a string, so a string and an array always differ.
  if (typeof a === 'string' || typeof b === 'string') return false;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** Adds `key` under each of `values`. */
export function addKey(map: Map<string, Set<string>>, key: string, values: StoredValues | undefined): void {
  if (values === undefined) return;
  if (typeof values === 'string') addOne(map, key, values);
  else for (const value of values) addOne(map, key, value);
}

/** Removes `key` from under each of `values`, dropping sets that become empty. */
export function removeKey(map: Map<string, Set<string>>, key: string, values: StoredValues | undefined): void {
  if (values === undefined) return;
  if (typeof values === 'string') removeOne(map, key, values);
  else for (const value of values) removeOne(map, key, value);
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
 * Moves `key` from `before` to `after` (which the caller has found to differ), touching only the
 * values that differ, so a value shared by both is never dropped and re-created.
 */
export function moveKey(map: Map<string, Set<string>>, key: string, before: StoredValues, after: StoredValues): void {
  if (typeof before === 'string' && typeof after === 'string') {
    // The usual shape: one value per object, and it changed.
    removeOne(map, key, before);
    addOne(map, key, after);
    return;
  }
  const was = typeof before === 'string' ? [before] : before;
  const now = typeof after === 'string' ? [after] : after;
  const has = membership(now);
  const had = membership(was);
  for (const value of was) {
    if (!has(value)) removeOne(map, key, value);
  }
  for (const value of now) {
    if (!had(value)) addOne(map, key, value);
  }
}

function membership(values: IndexValues): (value: string) => boolean {
  if (values.length <= LINEAR_SCAN_LIMIT) return (value) => values.includes(value);
  const set = new Set(values);
  return (value) => set.has(value);
}
