// structured-merge-diff's own schema notation (`types: [{name, map|list|scalar}]`), read into an
// apply schema. Used by the tests ported from structured-merge-diff, which describe their types so.
import { parse } from 'yaml';
import { isJsonObject } from '../../src/internal/json-value.js';
import { commonTypes, DEDUCED_NAME, type ApplySchema, type Atom, type ListType, type MapType, type ScalarType, type TypeRef } from '../../src/internal/apply/schema.js';

type Raw = Record<string, unknown>;

function rel(v: unknown): 'atomic' | 'separable' | undefined {
  return v === 'atomic' ? 'atomic' : v === 'separable' || v === 'granular' ? 'separable' : undefined;
}

function ref(raw: unknown): TypeRef {
  if (!isJsonObject(raw)) return { named: DEDUCED_NAME };
  const r = rel(raw.elementRelationship);
  if (typeof raw.namedType === 'string') return r === undefined ? { named: raw.namedType } : { named: raw.namedType, relationship: r };
  return { inlined: atom(raw) };
}

function atom(raw: Raw): Atom {
  const out: { scalar?: ScalarType; list?: ListType; map?: MapType } = {};
  const sc = raw.scalar;
  if (sc !== undefined) out.scalar = sc === 'numeric' || sc === 'string' || sc === 'boolean' ? sc : 'untyped';
  const l = raw.list;
  if (isJsonObject(l)) {
    const keys = Array.isArray(l.keys) ? (l.keys as string[]) : [];
    out.list = { relationship: l.elementRelationship === 'associative' ? 'associative' : 'atomic', keys, element: ref(l.elementType) };
  }
  const m = raw.map;
  if (isJsonObject(m)) {
    const fields = new Map<string, TypeRef>();
    const defaults = new Map<string, unknown>();
    for (const f of Array.isArray(m.fields) ? (m.fields as Raw[]) : []) {
      fields.set(String(f.name), ref(f.type));
      if (f.default !== undefined) defaults.set(String(f.name), f.default);
    }
    const element = m.elementType !== undefined ? ref(m.elementType) : undefined;
    const base = { fields, element, relationship: rel(m.elementRelationship) ?? 'separable' } as const;
    out.map = defaults.size > 0 ? { ...base, defaults } : base;
  }
  return out;
}

/** Read structured-merge-diff's schema YAML; `root` names the type of the objects. */
export function parseSmdSchema(text: string, root: string): ApplySchema {
  const doc = parse(text) as { types?: Raw[] };
  const types = commonTypes();
  for (const t of doc.types ?? []) types.set(String(t.name), atom(t));
  return { types, root: { named: root } };
}
