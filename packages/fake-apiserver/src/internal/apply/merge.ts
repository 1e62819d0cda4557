// The merge of an applied configuration into a live object, after structured-merge-diff.
import { isJsonObject, setOwn, type JsonObject } from '../json-value.js';
import { serializeElement as peId, type PathElement } from './path.js';
import { resolve, type ApplySchema, type ListType, type TypeRef } from './schema.js';
import { at, fieldRef, indexItems, kindOf, mustList, mustMap } from './typed-common.js';

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
