// The removal of a set of fields from a value, after structured-merge-diff.
import { isJsonObject, setOwn, type JsonObject } from '../json-value.js';
import type { PathElement } from './path.js';
import type { FieldSet } from './field-set.js';
import { resolve, type ApplySchema, type TypeRef } from './schema.js';
import { fieldRef, kindOf, listItemElement, mustList, mustMap } from './typed-common.js';

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
