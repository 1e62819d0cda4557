// The set of fields a value sets and the comparison of two values, guided by an apply schema,
// after structured-merge-diff's typed package. `undefined` means absent.
import { isJsonObject, jsonEqual } from '../json-value.js';
import { serializeElement as peId, type Path, type PathElement } from './path.js';
import { FieldSet } from './field-set.js';
import { resolve, type ApplySchema, type ListType, type TypeRef } from './schema.js';
import { at, fieldRef, indexItems, kindOf, listItemElement, mustList, mustMap } from './typed-common.js';

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
