// Field paths as structured-merge-diff names them: a field of a map, an item of an associative
// list by its key fields, an item of a set by its value, or (for atomic lists, rarely) an index.
import { isJsonObject } from '../json-value.js';

/** One step of a field path. */
export type PathElement =
  | { readonly field: string }
  /** Key fields sorted by name. */
  | { readonly key: readonly (readonly [string, unknown])[] }
  | { readonly value: unknown }
  | { readonly index: number };

/** A field path from the object's root. */
export type Path = readonly PathElement[];

/** Go's encoding/json text of a JSON value (HTML-escaped, as the key and value elements of FieldsV1 are written). */
export function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const serialized = new WeakMap<PathElement, string>();

/** The FieldsV1 key of an element: `f:name`, `k:{"name":"c"}`, `v:"x"`, `i:0`. Unique per element, so also used as its identity. */
export function serializeElement(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  let s = serialized.get(pe);
  if (s === undefined) {
    s = serializeUncached(pe);
    serialized.set(pe, s);
  }
  return s;
}

function serializeUncached(pe: Exclude<PathElement, { readonly field: string }>): string {
  if ('key' in pe) {
    // Key fields are sorted by name already; written in that order, values as Go writes them.
    return `k:{${pe.key.map(([k, v]) => `${goJson(k)}:${goJson(canonical(v))}`).join(',')}}`;
  }
  if ('value' in pe) return `v:${goJson(canonical(pe.value))}`;
  return `i:${String(pe.index)}`;
}

/** A JSON value with object keys sorted (Go writes maps with sorted keys). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isJsonObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(compareStrings)) out[k] = canonical(v[k]);
    return out;
  }
  return v;
}

/** Parse a FieldsV1 key back into an element; throws on a malformed key. */
export function deserializeElement(s: string): PathElement {
  if (s.length < 2 || s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: JSON.parse(body) as unknown };
    case 'k': {
      const parsed = JSON.parse(body) as unknown;
      if (!isJsonObject(parsed)) throw new Error(`key element is not a JSON object: ${s}`);
      return { key: Object.entries(parsed).sort(([a], [b]) => compareStrings(a, b)) };
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index: ${s}`);
      return { index: Number(body) };
    }
    default:
      throw new UnknownElementTypeError(s);
  }
}

/** A FieldsV1 key of an element type this version does not know (skipped when reading, as kube does). */
export class UnknownElementTypeError extends Error {}

/** Byte-wise string order (Go's `strings.Compare` on UTF-8 agrees with code point order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Code point order, not UTF-16 code unit order.
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

function typeRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isJsonObject(v)) return 4;
  return 5; // null
}

/** structured-merge-diff's total order of values: numbers, strings, booleans, lists, maps, null. */
function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a).sort(compareStrings);
    const kb = Object.keys(b).sort(compareStrings);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const x = ka[i] ?? '';
      const y = kb[i] ?? '';
      const c = compareStrings(x, y);
      if (c !== 0) return c;
      const d = compareValues(a[x], b[y]);
      if (d !== 0) return d;
    }
    return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1;
  }
  return 0;
}

function elementRank(pe: PathElement): number {
  return 'field' in pe ? 0 : 'key' in pe ? 1 : 'value' in pe ? 2 : 3;
}

/** structured-merge-diff's order of path elements: fields, then keys, values, indexes. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ra = elementRank(a);
  const rb = elementRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if ('field' in a && 'field' in b) return compareStrings(a.field, b.field);
  if ('key' in a && 'key' in b) {
    for (let i = 0; ; i++) {
      const x = a.key[i];
      const y = b.key[i];
      if (x === undefined) return y === undefined ? 0 : -1;
      if (y === undefined) return 1;
      const c = compareStrings(x[0], y[0]);
      if (c !== 0) return c;
      const d = compareValues(x[1], y[1]);
      if (d !== 0) return d;
    }
  }
  if ('value' in a && 'value' in b) return compareValues(a.value, b.value);
  if ('index' in a && 'index' in b) return a.index < b.index ? -1 : a.index > b.index ? 1 : 0;
  return 0;
}

/** Go's `fmt %v` of a float64/int64 as structured-merge-diff prints values in paths. */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  // %v of a float64 is %g: shortest representation, exponent with at least two digits.
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A value as structured-merge-diff prints it in a path: strings quoted, maps as `k=v` pairs. */
function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (isJsonObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${valueToString(x)}`).join('');
  return '{{undefined}}';
}

/** Go's `%q` for the common cases (printable text and the usual escapes). */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** An element as kube prints it in conflict paths: `.name`, `[name="c"]`, `[="x"]`, `[0]`. */
export function elementToString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map(([k, v]) => `${k}=${valueToString(v)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueToString(pe.value)}]`;
  return `[${String(pe.index)}]`;
}

/** A path as kube prints it: `.spec.containers[name="c"].image`. */
export function pathToString(path: Path): string {
  return path.map(elementToString).join('');
}
