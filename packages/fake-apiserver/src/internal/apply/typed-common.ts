// What the typed operations share, after structured-merge-diff's typed package: how a value is
// matched with its schema, and how associative list items are identified (their key fields or
// their value), with SMD's errors for items that cannot be.
import { isJsonObject } from '../json-value.js';
import { compareStrings, elementToString as elementText, pathToString, serializeElement as peId, type Path, type PathElement } from './path.js';
import { DEDUCED, resolve, type ApplySchema, type Atom, type ListType, type MapType, type TypeRef } from './schema.js';

/** A value that does not fit its schema where apply needs it to (a list item without its keys, duplicate items). */
export class TypedValueError extends Error {
  override readonly name: string = 'TypedValueError';
}

export type Kind = 'map' | 'scalar' | 'list';

export function mustMap(atom: Atom): MapType {
  if (atom.map === undefined) throw new TypedValueError('schema error: expected a map type');
  return atom.map;
}

export function mustList(atom: Atom): ListType {
  if (atom.list === undefined) throw new TypedValueError('schema error: expected a list type');
  return atom.list;
}

export function at<T>(items: readonly T[], i: number): T {
  if (i < 0 || i >= items.length) throw new RangeError(`index ${String(i)} out of range`);
  return items[i] as T;
}

/** Pick how to treat a value: its own JSON kind when the atom allows it, else the atom's first (map, scalar, list). */
export function kindOf(atom: Atom, v: unknown): Kind | undefined {
  if (v !== undefined && v !== null) {
    if (Array.isArray(v)) {
      if (atom.list !== undefined) return 'list';
    } else if (isJsonObject(v)) {
      if (atom.map !== undefined) return 'map';
    } else if (atom.scalar !== undefined) return 'scalar';
  }
  return atom.map !== undefined ? 'map' : atom.scalar !== undefined ? 'scalar' : atom.list !== undefined ? 'list' : undefined;
}

export function fieldRef(m: MapType, key: string): { ref: TypeRef; declared: boolean } {
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
export function indexItems(schema: ApplySchema, list: ListType, items: readonly unknown[], path: Path, allowDuplicates: boolean): PathElement[] {
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
