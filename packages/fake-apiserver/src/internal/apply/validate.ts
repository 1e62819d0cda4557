// structured-merge-diff's validation of a value against its schema, as kube-apiserver runs it
// on an applied configuration: undeclared fields, scalar types, the kinds of maps and lists,
// list items without keys and duplicated items, with its messages and paths.
import { isJsonObject } from '../json-value.js';
import { elementToString, serializeElement, type PathElement } from './path.js';
import { resolve, type ApplySchema, type Atom, type ScalarType, type TypeRef } from './schema.js';
import { listItemElement, TypedValueError } from './typed-common.js';

interface Found {
  readonly path: string;
  readonly message: string;
}

/** Go's `%v` of a JSON value held as `interface{}`. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isJsonObject(v)) {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goValue(v[k])}`)
      .join(' ')}]`;
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '?';
}

/** Go's `%T` of a JSON value held as `interface{}` (numbers as the YAML decoder gives them). */
function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (isJsonObject(v)) return 'map[string]interface {}';
  return '<nil>';
}

/** Go's `%#v` of a scalar held as `interface{}`. */
function goSyntax(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isJsonObject(v)) return `map[string]interface {}{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goSyntax(v[k])}`).join(', ')}}`;
  return goValue(v);
}

function scalarError(t: ScalarType, v: unknown): string | undefined {
  const isNumber = typeof v === 'number';
  switch (t) {
    case 'numeric':
      return isNumber ? undefined : `expected numeric (int or float), got ${goType(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `expected string, got &value.valueUnstructured{Value:${goSyntax(v)}}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected boolean, got &{${goValue(v)}}`;
    default:
      return isNumber || typeof v === 'string' || typeof v === 'boolean' ? undefined : `expected any scalar, got &{${goValue(v)}}`;
  }
}

/** The atom to check a value with: the one matching its kind when the schema allows several. */
function deduce(atom: Atom, v: unknown): 'map' | 'scalar' | 'list' | undefined {
  if (Array.isArray(v)) {
    if (atom.list !== undefined) return 'list';
  } else if (isJsonObject(v)) {
    if (atom.map !== undefined) return 'map';
  } else if (v !== null && atom.scalar !== undefined) return 'scalar';
  return atom.map !== undefined ? 'map' : atom.scalar !== undefined ? 'scalar' : atom.list !== undefined ? 'list' : undefined;
}

function walk(schema: ApplySchema, ref: TypeRef, v: unknown, path: string, out: Found[], allowDuplicates: boolean): void {
  const atom = resolve(schema, ref);
  const kind = deduce(atom, v);
  if (kind === 'map') {
    if (v === null) return;
    if (!isJsonObject(v)) {
      out.push({ path, message: `expected map, got &{${goValue(v)}}` });
      return;
    }
    const m = atom.map;
    if (m === undefined) return;
    for (const [key, child] of Object.entries(v)) {
      if (child === undefined) continue;
      const declared = m.fields.get(key);
      const childRef = declared ?? m.element;
      if (childRef === undefined) {
        // Go stops at the first undeclared field of a map.
        out.push({ path: `${path}.${key}`, message: 'field not declared in schema' });
        return;
      }
      walk(schema, childRef, child, `${path}.${key}`, out, allowDuplicates);
    }
  } else if (kind === 'list') {
    if (v === null) return;
    if (!Array.isArray(v)) {
      out.push({ path, message: `expected list, got &{${goValue(v)}}` });
      return;
    }
    const l = atom.list;
    if (l === undefined) return;
    const seen = new Set<string>();
    for (const [i, item] of (v as unknown[]).entries()) {
      let pe: PathElement;
      if (l.relationship !== 'associative') pe = { index: i };
      else {
        try {
          pe = listItemElement(schema, l, item);
        } catch (err) {
          // An item without its key stops the checks of this list.
          out.push({ path, message: `element ${String(i)}: ${err instanceof Error ? err.message : String(err)}` });
          return;
        }
        const id = serializeElement(pe);
        if (seen.has(id) && !allowDuplicates) out.push({ path, message: `duplicate entries for key ${elementToString(pe)}` });
        seen.add(id);
      }
      walk(schema, l.element, item, `${path}${elementToString(pe)}`, out, allowDuplicates);
    }
  } else if (kind === 'scalar' && atom.scalar !== undefined && v !== null) {
    const message = scalarError(atom.scalar, v);
    if (message !== undefined) out.push({ path, message });
  }
}

/**
 * Check `value` against its schema as structured-merge-diff does before an apply.
 *
 * @throws {TypedValueError} with SMD's message (one error, or `errors:` and one per line).
 */
export function validateTyped(schema: ApplySchema, ref: TypeRef, value: unknown, allowDuplicates = false): void {
  const found: Found[] = [];
  walk(schema, ref, value, '', found, allowDuplicates);
  if (found.length === 0) return;
  const text = (f: Found): string => (f.path === '' ? f.message : `${f.path}: ${f.message}`);
  const [only] = found;
  if (found.length === 1 && only !== undefined) throw new TypedValueError(text(only));
  throw new TypedValueError(['errors:', ...found.map((f) => `  ${text(f)}`)].join('\n'));
}
