// Helpers of the workload kinds' validation (Pods, pod templates, apps and batch kinds) beyond
// common.ts: field paths, bad values printed as Go prints them (maps with sorted keys, structs
// whose JSON the caller writes), what a label selector selects, int-or-percent values and resource
// quantities.
import { isJsonObject, type JsonObject } from '../json-value.js';
import { qualifiedNameErrors } from '../name-rules.js';
import { labelSelectorErrors } from './common.js';
import type { FieldCause } from '../validation.js';

export type { JsonObject };

/** A bad value printed as it is (Go's JSON of a struct, whose field names and order the caller knows). */
export class GoText {
  constructor(readonly text: string) {}
}

/**
 * A value as a Go field error prints it: strings quoted, numbers bare, `null` for nil, maps and
 * objects as JSON with sorted keys (Go marshals maps that way), `GoText` as it is.
 */
function goValue(value: unknown): string {
  if (value instanceof GoText) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return sortedJson(value);
}

/** JSON with object keys sorted (how Go marshals a `map[string]…`). */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => sortedJson(v ?? null)).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

// --- field paths -------------------------------------------------------------------------------

/** `path.name` (or `name` at the root). */
export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((p) => p !== '').join('.');
}

/** `path[i]` */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path[key]` (a map entry, as Go's `field.Path.Key` prints it). */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

// --- field errors ------------------------------------------------------------------------------

function withDetail(text: string, detail: string): string {
  return detail === '' ? text : `${text}: ${detail}`;
}

/** `Invalid value: <value>: detail` */
export function invalid(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', field, message: withDetail(`Invalid value: ${goValue(value)}`, detail) };
}

/** `Unsupported value: <value>: supported values: "a", "b"` */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldCause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return { reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${goValue(value)}: supported values: ${list}` };
}

/** `Not found: <value>` */
export function notFound(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueNotFound', field, message: `Not found: ${goValue(value)}` };
}

/** kube's `field is immutable` when `value` differs from `old` (JSON equality, absent and null alike). */
export function immutable(field: string, value: unknown, old: unknown, shown: unknown = value): FieldCause[] {
  return sortedJson(value ?? null) === sortedJson(old ?? null) ? [] : [invalid(field, shown, 'field is immutable')];
}

// --- reading decoded JSON ----------------------------------------------------------------------

/** The object at `value`, or undefined when it is not one. */
export function obj(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** The array at `value` (empty when absent or not an array). */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The string at `value` (`''` when absent, as Go's zero value). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The number at `value`, or undefined (Go's nil pointer). */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A `map[string]string` (entries that are not strings are left out; the schema check reports them). */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

// --- common rules ------------------------------------------------------------------------------

const NEGATIVE_MESSAGE = 'must be greater than or equal to 0';

/** ValidateNonnegativeField: a set number below 0. */
export function nonNegative(value: unknown, field: string): FieldCause[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, NEGATIVE_MESSAGE)] : [];
}

/** `must be between a and b, inclusive` */
export function inclusiveRange(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateAnnotations: keys are qualified names (checked in lower case), 256 KiB in all. */
export function validateAnnotations(annotations: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(stringMap(annotations) ?? {})) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) causes.push(invalid(field, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    causes.push({ reason: 'FieldValueTooLong', field, message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return causes;
}

// --- label selectors (metav1.LabelSelector) ----------------------------------------------------

/** What metav1.LabelSelectorAsSelector makes of a selector. */
export type SelectorMatch =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'everything' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'selector'; readonly matches: (labels: Readonly<Record<string, string>>) => boolean };

/** The selector's meaning: nil selects nothing, an empty one everything, an invalid one is an error. */
export function selectorMatch(selector: unknown): SelectorMatch {
  const sel = obj(selector);
  if (sel === undefined) return { kind: 'nothing' };
  const matchLabels = stringMap(sel.matchLabels) ?? {};
  const exprs = list(sel.matchExpressions).map((e) => obj(e) ?? {});
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return { kind: 'everything' };
  if (labelSelectorErrors(sel, '').length > 0) return { kind: 'invalid' };
  return {
    kind: 'selector',
    matches: (labels) =>
      Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
      exprs.every((e) => {
        const k = str(e.key);
        const values = list(e.values).map(str);
        const has = Object.hasOwn(labels, k);
        switch (e.operator) {
          case 'In':
            return has && values.includes(labels[k] ?? '');
          case 'NotIn':
            return !has || !values.includes(labels[k] ?? '');
          case 'Exists':
            return has;
          default:
            return !has;
        }
      }),
  };
}

/** A metav1.LabelSelector as Go marshals it (matchLabels, then matchExpressions; empty parts left out). */
export function selectorText(selector: unknown): GoText {
  const sel = obj(selector) ?? {};
  const parts: string[] = [];
  const matchLabels = stringMap(sel.matchLabels);
  if (matchLabels !== undefined && Object.keys(matchLabels).length > 0) parts.push(`"matchLabels":${sortedJson(matchLabels)}`);
  const exprs = list(sel.matchExpressions);
  if (exprs.length > 0) {
    const items = exprs.map((e) => {
      const x = obj(e) ?? {};
      const fields = [`"key":${JSON.stringify(str(x.key))}`, `"operator":${JSON.stringify(str(x.operator))}`];
      const values = list(x.values);
      if (values.length > 0) fields.push(`"values":${JSON.stringify(values.map(str))}`);
      return `{${fields.join(',')}}`;
    });
    parts.push(`"matchExpressions":[${items.join(',')}]`);
  }
  return new GoText(`{${parts.join(',')}}`);
}

/** Labels as the bad value of a selector mismatch: the map with sorted keys, `null` when unset. */
export function labelsText(labels: unknown): GoText {
  const map = stringMap(labels);
  return new GoText(map === undefined ? 'null' : sortedJson(map));
}

// --- int-or-percent (intstr.IntOrString) -------------------------------------------------------

const PERCENT_RE = /^[0-9]+%$/;
const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** ValidatePositiveIntOrPercent: a percent string or a non-negative integer. */
export function validateIntOrPercent(value: unknown, field: string): FieldCause[] {
  if (typeof value === 'string') return PERCENT_RE.test(value) ? [] : [invalid(field, value, PERCENT_MESSAGE)];
  if (typeof value === 'number') return nonNegative(value, field);
  return [];
}

/** The number an int-or-percent holds (a percent's number; 0 for what is neither). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && PERCENT_RE.test(value)) return Number.parseInt(value.slice(0, -1), 10);
  return 0;
}

/** IsNotMoreThan100Percent */
export function notMoreThan100Percent(value: unknown, field: string): FieldCause[] {
  if (typeof value === 'string' && PERCENT_RE.test(value) && intOrPercentValue(value) > 100) {
    return [invalid(field, value, 'must not be greater than 100%')];
  }
  return [];
}

// --- resource quantities -----------------------------------------------------------------------

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A resource quantity's value (approximate for comparisons), or undefined when it is not a quantity. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY_RE.exec(value);
  if (m === null) return undefined;
  const n = Number(m[1]);
  if (Number.isNaN(n)) return undefined;
  const suffix = m[2] ?? '';
  const bin = BINARY[suffix];
  if (bin !== undefined) return n * bin;
  const dec = DECIMAL[suffix];
  if (dec !== undefined) return n * dec;
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  return exp === null ? undefined : n * 10 ** Number(exp[1]);
}

/** A quantity as its bad value prints (the text as sent; numbers as Go's canonical integer text). */
export function quantityText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
