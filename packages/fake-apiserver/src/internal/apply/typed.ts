// Operations on JSON values guided by an apply schema, after structured-merge-diff's typed
// package: the set of fields a value sets, the comparison of two values, the merge of an applied
// configuration into a live object, and the removal of a set of fields. `undefined` means absent.
import { isJsonObject, jsonEqual, setOwn, type JsonObject } from '../json-value.js';
import { compareStrings, elementToString as elementText, pathToString, serializeElement as peId, type Path, type PathElement } from './path.js';
import { FieldSet } from './field-set.js';
import { DEDUCED, resolve, type ApplySchema, type Atom, type ListType, type MapType, type TypeRef } from './schema.js';

/** A value that does not fit its schema where apply needs it to (a list item without its keys, duplicate items). */
export class TypedValueError extends Error {
  override readonly name: string = 'TypedValueError';
}

type Kind = 'map' | 'scalar' | 'list';

function mustMap(atom: Atom): MapType {
  if (atom.map === undefined) throw new TypedValueError('schema error: expected a map type');
  return atom.map;
}

function mustList(atom: Atom): ListType {
  if (atom.list === undefined) throw new TypedValueError('schema error: expected a list type');
  return atom.list;
}

function at<T>(items: readonly T[], i: number): T {
  if (i < 0 || i >= items.length) throw new RangeError(`index ${String(i)} out of range`);
  return items[i] as T;
}

/** Pick how to treat a value: its own JSON kind when the atom allows it, else the atom's first (map, scalar, list). */
function kindOf(atom: Atom, v: unknown): Kind | undefined {
  if (v !== undefined && v !== null) {
    if (Array.isArray(v)) {
      if (atom.list !== undefined) return 'list';
    } else if (isJsonObject(v)) {
      if (atom.map !== undefined) return 'map';
    } else if (atom.scalar !== undefined) return 'scalar';
  }
  return atom.map !== undefined ? 'map' : atom.scalar !== undefined ? 'scalar' : atom.list !== undefined ? 'list' : undefined;
}

function fieldRef(m: MapType, key: string): { ref: TypeRef; declared: boolean } {
  const declared = m.fields.get(key);
  // Undeclared fields where the schema allows none are treated as deduced rather than refused:
  // the fake stores what clients send, and unknown fields are validation's business.
  return declared !== undefined ? { ref: declared, declared: true } : { ref: m.element ?? DEDUCED, declared: false };
}

function keyDefault(schema: ApplySchema, list: ListType, field: string): unknown {
  const atom = resolve(schema, list.element);
  return atom.map?.defaults?.get(field);
}

/** The path element of an associative list item, or a `TypedValueError`. */
export function listItemElement(schema: ApplySchema, list: ListType, item: unknown): PathElement {
  if (list.keys.length > 0) {
    if (item === null || item === undefined) throw new TypedValueError('associative list with keys may not have a null element');
    if (!isJsonObject(item)) throw new TypedValueError('associative list with keys may not have non-map elements');
    const key: [string, unknown][] = [];
    for (const k of list.keys) {
      if (Object.hasOwn(item, k) && item[k] !== undefined) key.push([k, item[k]]);
      else {
        const def = keyDefault(schema, list, k);
        if (def !== undefined && def !== null) key.push([k, def]);
      }
    }
    if (key.length === 0) {
      throw new TypedValueError(
        `associative list with keys has an element that omits all key fields [${list.keys.map((k) => JSON.stringify(k)).join(' ')}] (and doesn't have default values for any key fields)`,
      );
    }
    key.sort(([a], [b]) => compareStrings(a, b));
    return { key };
  }
  if (isJsonObject(item)) throw new TypedValueError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new TypedValueError('not supported: associative list with lists as elements');
  if (item === null || item === undefined) throw new TypedValueError("associative list without keys has an element that's an explicit null");
  return { value: item };
}

function prefixed(path: Path, err: unknown): TypedValueError {
  const msg = err instanceof Error ? err.message : String(err);
  return new TypedValueError(path.length === 0 ? msg : `${pathToString(path)}: ${msg}`);
}

/** The element of each item of an associative list, in order; duplicates throw unless allowed. */
function indexItems(schema: ApplySchema, list: ListType, items: readonly unknown[], path: Path, allowDuplicates: boolean): PathElement[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    let pe: PathElement;
    try {
      pe = listItemElement(schema, list, item);
    } catch (err) {
      throw prefixed(path, new TypedValueError(`element ${String(i)}: ${err instanceof Error ? err.message : String(err)}`));
    }
    const id = peId(pe);
    if (seen.has(id) && !allowDuplicates) throw prefixed(path, new TypedValueError(`duplicate entries for key ${elementText(pe)}`));
    seen.add(id);
    return pe;
  });
}


// ---------------------------------------------------------------------------------------------
// The fields a value sets.

/**
 * The set of fields `value` sets: its leaves, the items of associative lists, entries of maps
 * that are not struct fields, empty and null maps, and atomic lists and maps as one member.
 *
 * @throws {TypedValueError} when an associative list item lacks its keys (or, unless
 *   `allowDuplicates`, appears twice).
 */
export function toFieldSet(schema: ApplySchema, ref: TypeRef, value: unknown, allowDuplicates = true): FieldSet {
  const set = new FieldSet();
  collect(schema, ref, value, [], set, allowDuplicates);
  return set;
}

function collect(schema: ApplySchema, ref: TypeRef, v: unknown, path: PathElement[], set: FieldSet, dups: boolean): void {
  const atom = resolve(schema, ref);
  const kind = kindOf(atom, v);
  if (kind === 'map') {
    const m = mustMap(atom);
    if (m.relationship === 'atomic') {
      set.insert(path);
      return;
    }
    if (!isJsonObject(v)) return;
    for (const [key, child] of Object.entries(v)) {
      if (child === undefined) continue;
      const { ref: childRef, declared } = fieldRef(m, key);
      const childPath = [...path, { field: key }];
      collect(schema, childRef, child, childPath, set, dups);
      if (child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !declared) set.insert(childPath);
    }
  } else if (kind === 'list') {
    const l = mustList(atom);
    if (l.relationship === 'atomic') {
      set.insert(path);
      return;
    }
    if (!Array.isArray(v)) return;
    if (dups) {
      collectItemsLenient(schema, l, v, path, set);
      return;
    }
    const pes = indexItems(schema, l, v, path, false);
    v.forEach((item, i) => {
      const childPath = [...path, at(pes, i)];
      collect(schema, l.element, item, childPath, set, dups);
      set.insert(childPath);
    });
  } else {
    set.insert(path);
  }
}

/** Items of a live list: a duplicated item is owned as a whole, items without keys are skipped. */
function collectItemsLenient(schema: ApplySchema, l: ListType, items: readonly unknown[], path: PathElement[], set: FieldSet): void {
  const pes = items.map((item) => {
    try {
      return listItemElement(schema, l, item);
    } catch {
      return undefined;
    }
  });
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const pe of pes) {
    if (pe === undefined) continue;
    const id = peId(pe);
    if (seen.has(id) && !duplicates.has(id)) {
      set.insert([...path, pe]);
      duplicates.add(id);
    }
    seen.add(id);
  }
  items.forEach((item, i) => {
    const pe = pes[i];
    if (pe === undefined || duplicates.has(peId(pe))) return;
    const childPath = [...path, pe];
    collect(schema, l.element, item, childPath, set, true);
    set.insert(childPath);
  });
}

// ---------------------------------------------------------------------------------------------
// Comparison.

/** What changed between two values: paths added, modified (leaves whose value differs) and removed. */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** Compare `lhs` (before) with `rhs` (after). Duplicated list items are compared as wholes. */
export function compare(schema: ApplySchema, ref: TypeRef, lhs: unknown, rhs: unknown): Comparison {
  const c = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(schema, ref, lhs, rhs, [], c);
  return c;
}

/** The comparison restricted to what a filter keeps. */
export function filterComparison(c: Comparison, filter: (s: FieldSet) => FieldSet): Comparison {
  return { added: filter(c.added), modified: filter(c.modified), removed: filter(c.removed) };
}

function compareAt(schema: ApplySchema, ref: TypeRef, lhs: unknown, rhs: unknown, path: PathElement[], c: Comparison): void {
  const atom = resolve(schema, ref);
  const lk = kindOf(atom, lhs);
  const rk = kindOf(atom, rhs);
  const kind = rhs === undefined ? lk : rk;
  let leaf: boolean;
  if (lhs !== undefined && rhs !== undefined && lk !== rk) {
    // Different kinds under an untyped schema: one leaf changed.
    leaf = true;
  } else if (kind === 'map') {
    const m = mustMap(atom);
    const l = isJsonObject(lhs) ? lhs : undefined;
    const r = isJsonObject(rhs) ? rhs : undefined;
    const emptyish = (l === undefined || Object.keys(l).length === 0) && (r === undefined || Object.keys(r).length === 0);
    leaf = m.relationship === 'atomic' || emptyish;
    if (!leaf) {
      const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
      for (const key of keys) {
        const lv = l?.[key];
        const rv = r?.[key];
        if (lv === undefined && rv === undefined) continue;
        compareAt(schema, fieldRef(m, key).ref, lv, rv, [...path, { field: key }], c);
      }
    }
  } else if (kind === 'list') {
    const t = mustList(atom);
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    leaf = t.relationship === 'atomic' || ((l === undefined || l.length === 0) && (r === undefined || r.length === 0));
    if (!leaf) compareItems(schema, t, l ?? [], r ?? [], path, c);
  } else {
    leaf = true;
  }
  if (leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
  } else if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}

function groupItems(schema: ApplySchema, t: ListType, items: readonly unknown[], path: Path, order: PathElement[], seen: Set<string>): Map<string, unknown[]> {
  const pes = indexItems(schema, t, items, path, true);
  const groups = new Map<string, unknown[]>();
  items.forEach((item, i) => {
    const pe = at(pes, i);
    const id = peId(pe);
    const g = groups.get(id);
    if (g === undefined) groups.set(id, [item]);
    else g.push(item);
    if (!seen.has(id)) {
      seen.add(id);
      order.push(pe);
    }
  });
  return groups;
}

function compareItems(schema: ApplySchema, t: ListType, l: readonly unknown[], r: readonly unknown[], path: PathElement[], c: Comparison): void {
  const order: PathElement[] = [];
  const seen = new Set<string>();
  const lg = groupItems(schema, t, l, path, order, seen);
  const rg = groupItems(schema, t, r, path, order, seen);
  for (const pe of order) {
    const id = peId(pe);
    const ll = lg.get(id) ?? [];
    const rl = rg.get(id) ?? [];
    const child = [...path, pe];
    if (ll.length <= 1 && rl.length <= 1) compareAt(schema, t.element, ll[0], rl[0], child, c);
    else if (ll.length >= 2 && rl.length >= 2) {
      if (!jsonEqual(ll, rl)) c.modified.insert(child);
    } else if (ll.length >= 2) {
      if (rl.length !== 0) compareAt(schema, t.element, undefined, rl[0], child, c);
      c.removed.insert(child);
    } else {
      if (ll.length !== 0) compareAt(schema, t.element, ll[0], undefined, child, c);
      c.added.insert(child);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Merge.

/**
 * Merge `rhs` (an applied configuration) into `lhs` (the live object): maps merged entry by
 * entry, associative lists merged item by item (the applied items in the applied order, live-only
 * items kept where they were), atomic values and scalars replaced.
 *
 * @throws {TypedValueError} when `rhs` has list items without keys or duplicated, or `lhs` items without keys.
 */
export function merge(schema: ApplySchema, ref: TypeRef, lhs: unknown, rhs: unknown): unknown {
  return mergeAt(schema, ref, lhs, rhs, []);
}

function mergeAt(schema: ApplySchema, ref: TypeRef, lhs: unknown, rhs: unknown, path: PathElement[]): unknown {
  if (rhs === undefined) return lhs;
  const atom = resolve(schema, ref);
  const rk = kindOf(atom, rhs);
  const lk = kindOf(atom, lhs);
  if (lhs !== undefined && lk !== rk) lhs = undefined;
  if (rk === 'map') {
    const m = mustMap(atom);
    const l = isJsonObject(lhs) ? lhs : undefined;
    const r = isJsonObject(rhs) ? rhs : undefined;
    const emptyish = (l === undefined || Object.keys(l).length === 0) && (r === undefined || Object.keys(r).length === 0);
    if (m.relationship === 'atomic' || emptyish) return rhs;
    const out: JsonObject = {};
    for (const [key, lv] of Object.entries(l ?? {})) {
      if (lv === undefined) continue;
      const rv = r?.[key];
      const merged = rv === undefined ? lv : mergeAt(schema, fieldRef(m, key).ref, lv, rv, [...path, { field: key }]);
      if (merged !== undefined) setOwn(out, key, merged);
    }
    for (const [key, rv] of Object.entries(r ?? {})) {
      if (rv === undefined || (l !== undefined && Object.hasOwn(l, key) && l[key] !== undefined)) continue;
      const merged = mergeAt(schema, fieldRef(m, key).ref, undefined, rv, [...path, { field: key }]);
      if (merged !== undefined) setOwn(out, key, merged);
    }
    // A map whose entries all vanished is left out, as the Go walker leaves it unset.
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (rk === 'list') {
    const t = mustList(atom);
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (t.relationship === 'atomic' || ((l === undefined || l.length === 0) && (r === undefined || r.length === 0))) return rhs;
    const out = mergeItems(schema, t, l ?? [], r ?? [], path);
    return out.length > 0 ? out : undefined;
  }
  return rhs;
}

/**
 * The item order of SMD's merge: walk both lists; an item present on both sides is emitted when
 * both cursors reach it; a live-only item is emitted where it stands; a live item that the applied
 * list also has is skipped until the applied list reaches it, keeping the applied order of shared items.
 */
function mergeItems(schema: ApplySchema, t: ListType, l: readonly unknown[], r: readonly unknown[], path: PathElement[]): unknown[] {
  const rPEs = indexItems(schema, t, r, path, false);
  const lPEs = indexItems(schema, t, l, path, true);
  const lById = new Map<string, unknown>();
  lPEs.forEach((pe, i) => {
    const id = peId(pe);
    // A duplicated live item merges as if absent (Go stores nil for it).
    lById.set(id, lById.has(id) ? undefined : l[i]);
  });
  const rById = new Map<string, unknown>();
  rPEs.forEach((pe, i) => rById.set(peId(pe), r[i]));
  const shared = rPEs.filter((pe) => lById.has(peId(pe)));
  let sharedIdx = 0;
  let nextShared: PathElement | undefined = shared[sharedIdx++];
  const mergedR = new Set<string>();
  const out: unknown[] = [];
  const emit = (pe: PathElement, lv: unknown, rv: unknown): void => {
    const v = mergeAt(schema, t.element, lv, rv, [...path, pe]);
    if (v !== undefined) out.push(v);
  };
  let lI = 0;
  let rI = 0;
  while (lI < lPEs.length || rI < rPEs.length) {
    if (lI < lPEs.length && rI < rPEs.length) {
      const pe = at(lPEs, lI);
      const id = peId(pe);
      if (id === peId(at(rPEs, rI))) {
        mergedR.add(id);
        emit(pe, lById.get(id), rById.get(id));
        lI++;
        rI++;
        nextShared = shared[sharedIdx++];
        continue;
      }
      if (rById.has(id) && nextShared !== undefined && peId(nextShared) !== id) {
        lI++;
        continue;
      }
    }
    if (lI < lPEs.length) {
      const pe = at(lPEs, lI);
      const id = peId(pe);
      if (!rById.has(id)) {
        emit(pe, l[lI], undefined);
        lI++;
        continue;
      } else if (mergedR.has(id)) {
        lI++;
      }
    }
    if (rI < rPEs.length) {
      const pe = at(rPEs, rI);
      const id = peId(pe);
      mergedR.add(id);
      emit(pe, lById.get(id), rById.get(id));
      rI++;
      if (nextShared !== undefined && peId(nextShared) === id) nextShared = shared[sharedIdx++];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Removal.

/**
 * `value` without the members of `items`: a member removes the field or list item and all
 * below it; a non-member node descends. A map or list emptied by the removal becomes null, as in
 * structured-merge-diff (the field manager drops such nulls from the objects it returns).
 */
export function removeItems(schema: ApplySchema, ref: TypeRef, value: unknown, items: FieldSet): unknown {
  if (value === undefined || value === null) return value;
  const atom = resolve(schema, ref);
  const kind = kindOf(atom, value);
  if (kind === 'map' && isJsonObject(value)) {
    const m = mustMap(atom);
    if (Object.keys(value).length === 0 || m.relationship === 'atomic') return value;
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const pe = { field: key };
      if (items.hasMember(pe)) continue;
      const sub = items.withPrefix(pe);
      const kept = sub.empty() ? v : removeItems(schema, fieldRef(m, key).ref, v, sub);
      setOwn(out, key, kept ?? null);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (kind === 'list' && Array.isArray(value)) {
    const t = mustList(atom);
    if (value.length === 0 || t.relationship === 'atomic') return value;
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      let pe: PathElement;
      try {
        pe = listItemElement(schema, t, item);
      } catch {
        out.push(item);
        continue;
      }
      if (items.hasMember(pe)) continue;
      const sub = items.withPrefix(pe);
      const kept = sub.empty() ? item : removeItems(schema, t.element, item, sub);
      out.push(kept ?? null);
    }
    return out.length > 0 ? out : undefined;
  }
  return value;
}
