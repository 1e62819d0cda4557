// Value validation of a custom resource against its CRD version's structural schema, as
// kube-apiserver does it (k8s.io/apiextensions-apiserver/pkg/apiserver/validation over
// kube-openapi's fork of go-openapi/validate): the same checks, in the same order within one
// value, with go-openapi's wording and kube's conversion of each result into a field error.
//
// kube-apiserver walks an object's properties in Go map order, which changes between requests;
// the fake walks them in the schema's order.
//
// Then, as the custom resource strategy does: `x-kubernetes-embedded-resource` objects must say
// apiVersion and kind, and `x-kubernetes-list-type` set and map lists must hold no duplicates.
// On an update, values that did not change are not validated again (kube's CRD validation
// ratcheting, on by default since v1.30).
import { isJsonObject, jsonEqual } from './json-value.js';
import { labelValueErrors, qualifiedNameErrors } from './name-rules.js';
import type { OpenApiSchema } from './schema/data.js';
import type { FieldCause } from './validation.js';

type Schema = OpenApiSchema;

/** Where a value sits: its path as go-openapi names it (`spec.ports[0].name`; `''` for the root). */
type Path = string;

function child(path: Path, key: string): Path {
  return path === '' ? key : `${path}.${key}`;
}

function schemaOf(value: unknown): Schema | undefined {
  return isJsonObject(value) ? value : undefined;
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  if (typeof t === 'string' && t !== '') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  // kube-apiserver validates x-kubernetes-int-or-string as either type.
  if (schema['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return [];
}

function numberAt(schema: Schema, key: string): number | undefined {
  const v = schema[key];
  return typeof v === 'number' ? v : undefined;
}

/** The JSON type go-openapi infers for a decoded value (integers as `integer`, like Go's int64). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** The Go type name go-openapi uses as the "format" of a decoded number. */
function goFormat(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return '';
}

/** Go's `%v` of a float64 (go-openapi's bounds). */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  // Go writes exponents with at least two digits: 1e-07, 1e+21.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A field error's bad value the way kube prints it: strings quoted, numbers and booleans bare, the rest as JSON. */
function badValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  return JSON.stringify(value);
}

function invalid(path: Path, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', field: path === '' ? '<nil>' : path, message: `Invalid value: ${badValue(value)}: ${detail}` };
}

/** A plain go-openapi error (not a validation error): kube reports it at no path with an empty value. */
function unplaced(detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', field: '<nil>', message: `Invalid value: "": ${detail}` };
}

function typeInvalid(path: Path, expected: string, got: unknown): FieldCause {
  const shown = typeof got === 'string' ? got : String(got);
  return {
    reason: 'FieldValueTypeInvalid',
    field: path === '' ? '<nil>' : path,
    message: `Invalid value: ${JSON.stringify(shown)}: ${path} in body must be of type ${expected}: ${JSON.stringify(shown)}`,
  };
}

function tooMany(path: Path, count: number, max: number): FieldCause {
  return { reason: 'FieldValueTooMany', field: path, message: `Too many: ${count}: must have at most ${max} ${max === 1 ? 'item' : 'items'}` };
}

function required(path: Path): FieldCause {
  return { reason: 'FieldValueRequired', field: path, message: 'Required value' };
}

// --- formats -------------------------------------------------------------------------------

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const MAC = /^([0-9a-fA-F]{2}([:-])){5,19}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2,9}[0-9a-fA-F]{4}$/;
const HEXCOLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGBCOLOR = /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
const BSON_OBJECT_ID = /^[0-9a-fA-F]{24}$/;
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const DURATION_UNIT = /^(\d+(\.\d*)?|\.\d+)\s*(ns|us|µs|ms|s|m|h|d|w|nanos?|nanoseconds?|micros?|microseconds?|millis?|milliseconds?|seconds?|sec|minutes?|min|hours?|hr|days?|weeks?)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/;

function ipv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function ipv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  let text = s;
  const groupsNeeded = 8;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!ipv4(tail)) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length < groupsNeeded : all.length === groupsNeeded;
}

function cidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (ipv4(ip)) return Number(bits) <= 32;
  return ipv6(ip) && Number(bits) <= 128;
}

function uri(s: string): boolean {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path.
  if (s.startsWith('/')) return !/\s/.test(s);
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(s);
}

function duration(s: string): boolean {
  if (/^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s) || s === '0') return true;
  return DURATION_UNIT.test(s.trim());
}

/** The string formats kube-apiserver checks in custom resources (others are not checked). */
const FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  'date-time': (s) => {
    const m = DATE_TIME.exec(s);
    return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61;
  },
  datetime: (s) => FORMATS['date-time']?.(s) ?? false,
  date: (s) => {
    const m = DATE.exec(s);
    return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  byte: (s) => BASE64.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  ipv4,
  ipv6,
  cidr,
  mac: (s) => MAC.test(s),
  hostname: (s) => s.length <= 255 && HOSTNAME.test(s),
  email: (s) => EMAIL.test(s),
  uri,
  duration,
  hexcolor: (s) => HEXCOLOR.test(s),
  rgbcolor: (s) => RGBCOLOR.test(s),
  bsonobjectid: (s) => BSON_OBJECT_ID.test(s),
  ssn: (s) => SSN.test(s),
  password: () => true,
};

// --- numbers -------------------------------------------------------------------------------

const INT32 = [-2147483648, 2147483647] as const;

/** go-openapi's IsValueValidAgainstRange: can `n` be read as the schema's type and format? */
function rangeError(n: number, type: string, format: string, prefix: string, path: Path): string | undefined {
  let ok: boolean;
  if (type === 'integer') {
    if (!Number.isInteger(n)) ok = false;
    else if (format === 'int32') ok = n >= INT32[0] && n <= INT32[1];
    else if (format === 'uint32') ok = n >= 0 && n <= 4294967295;
    else if (format === 'uint64') ok = n >= 0;
    else ok = Math.abs(n) <= 2 ** 63;
  } else if (format === 'float' || format === 'float32') {
    ok = Math.abs(n) <= 3.4028234663852886e38;
  } else {
    ok = true;
  }
  if (ok) return undefined;
  return format === ''
    ? `${prefix} value must be of type ${type} (default format) in ${path}`
    : `${prefix} value must be of type ${type} with format ${format} in ${path}`;
}

/** swag.IsFloat64AJSONInteger, near enough: an integer up to a relative error of 1e-9. */
function nearlyInteger(f: number): boolean {
  if (!Number.isFinite(f)) return false;
  const g = Math.round(f);
  if (f === g) return true;
  const diff = Math.abs(f - g);
  if (f === 0 || g === 0) return diff < 1e-9 * Number.MIN_VALUE;
  return diff / (Math.abs(f) + Math.abs(g)) < 1e-9;
}

function multipleOfErrors(path: Path, value: number, factor: number, type: string, format: string): FieldCause[] {
  const range = rangeError(factor, type, format, 'MultipleOf', path);
  const out: FieldCause[] = range === undefined ? [] : [unplaced(range)];
  if (range === undefined && Number.isInteger(value)) {
    // Native integer arithmetic: the factor is truncated to an integer first.
    const f = Math.trunc(factor);
    if (f === 0) return [invalid(path, 0, `factor MultipleOf declared for ${path} must be positive: 0`)];
    if (value % f !== 0) out.push(invalid(path, value, `${path} in body should be a multiple of ${f}`));
    return out;
  }
  if (factor <= 0) {
    out.push(invalid(path, factor, `factor MultipleOf declared for ${path} must be positive: ${goNumber(factor)}`));
    return out;
  }
  const mult = factor < 1 ? (1 / factor) * value : value / factor;
  if (!nearlyInteger(mult)) out.push(invalid(path, value, `${path} in body should be a multiple of ${goNumber(factor)}`));
  return out;
}

function boundErrors(path: Path, value: number, bound: number, exclusive: boolean, type: string, format: string, min: boolean): FieldCause[] {
  const range = rangeError(bound, type, format, min ? 'Minimum boundary' : 'Maximum boundary', path);
  const out: FieldCause[] = range === undefined ? [] : [unplaced(range)];
  // With a bound of the schema's type, an integer value is compared with the bound truncated.
  const b = range === undefined && Number.isInteger(value) ? Math.trunc(bound) : bound;
  const fails = min ? (exclusive ? value <= b : value < b) : (exclusive ? value >= b : value > b);
  if (fails) {
    const words = min ? (exclusive ? 'greater than' : 'greater than or equal to') : (exclusive ? 'less than' : 'less than or equal to');
    out.push(invalid(path, value, `${path} in body should be ${words} ${goNumber(b)}`));
  }
  return out;
}

function numberErrors(path: Path, value: number, schema: Schema): FieldCause[] {
  const types = typesOf(schema);
  const type = types.length === 1 ? (types[0] ?? '') : '';
  const format = typeof schema.format === 'string' ? schema.format : '';
  const out: FieldCause[] = [];
  const range = rangeError(value, type, format, 'Checked', path);
  if (range !== undefined) out.push(unplaced(range));
  const multipleOf = numberAt(schema, 'multipleOf');
  if (multipleOf !== undefined) out.push(...multipleOfErrors(path, value, multipleOf, type, format));
  const minimum = numberAt(schema, 'minimum');
  if (minimum !== undefined) out.push(...boundErrors(path, value, minimum, schema.exclusiveMinimum === true, type, format, true));
  const maximum = numberAt(schema, 'maximum');
  if (maximum !== undefined) out.push(...boundErrors(path, value, maximum, schema.exclusiveMaximum === true, type, format, false));
  return out;
}

// --- the schema validator ------------------------------------------------------------------

/** The old value at the same place, for ratcheting on update; undefined on create or when nothing correlates. */
type Old = { readonly value: unknown } | undefined;

function oldChild(old: Old, key: string): Old {
  if (old === undefined || !isJsonObject(old.value) || !Object.hasOwn(old.value, key)) return undefined;
  return { value: old.value[key] };
}

function typeErrors(path: Path, value: unknown, schema: Schema): FieldCause[] {
  const types = typesOf(schema);
  if (value === null) {
    if (types.length > 0 && !types.includes('null') && schema.nullable !== true) return [typeInvalid(path, types.join(','), 'null')];
    return [];
  }
  const actual = jsonType(value);
  const format = typeof schema.format === 'string' ? schema.format : '';
  const isFloatInt = actual === 'number' && nearlyInteger(value as number) && types.includes('integer');
  const isIntFloat = actual === 'integer' && types.includes('number');
  const scalar = typeof value !== 'string' && !Array.isArray(value);
  const ownFormat = goFormat(value);
  const lowerInt = format === 'int64' && ownFormat === 'int32';
  if (scalar && format !== '' && !(types.includes(actual) || ownFormat === format || isFloatInt || isIntFloat || lowerInt)) {
    return [typeInvalid(path, format, ownFormat === '' ? actual : ownFormat)];
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '' && !scalar) return [];
  if (types.length > 0 && !(types.includes(actual) || isFloatInt || isIntFloat)) return [typeInvalid(path, types.join(','), actual)];
  return [];
}

function stringErrors(path: Path, value: string, schema: Schema): FieldCause[] {
  // Characters as Go counts runes (code points).
  let length = 0;
  for (const _ of value) length++;
  const maxLength = numberAt(schema, 'maxLength');
  if (maxLength !== undefined && length > maxLength) {
    return [{ reason: 'FieldValueTooLong', field: path, message: `Too long: may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` }];
  }
  const minLength = numberAt(schema, 'minLength');
  if (minLength !== undefined && length < minLength) return [invalid(path, value, `${path} in body should be at least ${minLength} chars long`)];
  const pattern = schema.pattern;
  if (typeof pattern === 'string' && pattern !== '') {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = undefined;
    }
    if (re !== undefined && !re.test(value)) return [invalid(path, value, `${path} in body should match '${pattern}'`)];
  }
  return [];
}

function formatErrors(path: Path, value: string, schema: Schema): FieldCause[] {
  const format = schema.format;
  if (typeof format !== 'string' || format === '') return [];
  const check = FORMATS[format];
  if (check === undefined || check(value)) return [];
  return [typeInvalid(path, format, value)];
}

function enumErrors(path: Path, value: unknown, schema: Schema): FieldCause[] {
  const values = schema.enum;
  if (!Array.isArray(values) || values.length === 0) return [];
  if (value === null && schema.nullable === true) return [];
  if (values.some((v) => jsonEqual(v, value))) return [];
  const supported = values.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return [{ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${badValue(value)}: supported values: ${supported}` }];
}

function arrayErrors(path: Path, value: readonly unknown[], schema: Schema, old: Old): FieldCause[] {
  const out: FieldCause[] = [];
  const items = schemaOf(schema.items);
  if (items !== undefined) {
    const olds = correlateItems(value, schema, old);
    value.forEach((item, i) => out.push(...validateValue(item, items, `${path}[${i}]`, olds[i])));
  }
  const minItems = numberAt(schema, 'minItems');
  if (minItems !== undefined && value.length < minItems) out.push(invalid(path, value.length, `${path} in body should have at least ${minItems} items`));
  const maxItems = numberAt(schema, 'maxItems');
  if (maxItems !== undefined && value.length > maxItems) {
    out.push(tooMany(path, value.length, maxItems));
  }
  if (schema.uniqueItems === true && value.some((v, i) => value.findIndex((w) => jsonEqual(v, w)) !== i)) {
    out.push(invalid(path, value, `${path} in body shouldn't contain duplicates`));
  }
  return out;
}

function mapKeys(schema: Schema): string[] | undefined {
  if (schema['x-kubernetes-list-type'] !== 'map') return undefined;
  const keys = schema['x-kubernetes-list-map-keys'];
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/** The old item of each new one: list-type map items by their keys; other lists do not correlate. */
function correlateItems(value: readonly unknown[], schema: Schema, old: Old): Old[] {
  const keys = mapKeys(schema);
  if (old === undefined || !Array.isArray(old.value) || keys === undefined || keys.length === 0) return value.map(() => undefined);
  const oldItems = old.value as unknown[];
  const keyOf = (item: unknown): string | undefined => (isJsonObject(item) ? JSON.stringify(keys.map((k) => item[k] ?? null)) : undefined);
  const byKey = new Map<string, unknown>();
  for (const item of oldItems) {
    const k = keyOf(item);
    if (k !== undefined && !byKey.has(k)) byKey.set(k, item);
  }
  return value.map((item) => {
    const k = keyOf(item);
    return k !== undefined && byKey.has(k) ? { value: byKey.get(k) } : undefined;
  });
}

function objectErrors(path: Path, value: Readonly<Record<string, unknown>>, schema: Schema, old: Old): FieldCause[] {
  const count = Object.keys(value).length;
  const minProperties = numberAt(schema, 'minProperties');
  if (minProperties !== undefined && count < minProperties) return [invalid(path, count, `${path} in body should have at least ${minProperties} properties`)];
  const maxProperties = numberAt(schema, 'maxProperties');
  if (maxProperties !== undefined && count > maxProperties) {
    return [tooMany(path, count, maxProperties)];
  }
  const out: FieldCause[] = [];
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  for (const [name, sub] of Object.entries(properties)) {
    const s = schemaOf(sub);
    if (s !== undefined && Object.hasOwn(value, name)) out.push(...validateValue(value[name], s, child(path, name), oldChild(old, name)));
  }
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) out.push(required(child(path, name)));
    }
  }
  const additional = schemaOf(schema.additionalProperties);
  if (additional !== undefined) {
    for (const [name, v] of Object.entries(value)) {
      if (!Object.hasOwn(properties, name)) out.push(...validateValue(v, additional, child(path, name), oldChild(old, name)));
    }
  }
  return out;
}

function subSchemas(value: unknown): Schema[] {
  return Array.isArray(value) ? value.map(schemaOf).filter((s): s is Schema => s !== undefined) : [];
}

/**
 * go-openapi's anyOf, oneOf, not and allOf: their own errors are plain ones (no path, an empty
 * value), next to the errors of the first alternative that failed.
 */
function combinationErrors(path: Path, value: unknown, schema: Schema): FieldCause[] {
  const out: FieldCause[] = [];
  const quoted = JSON.stringify(path);
  const anyOf = subSchemas(schema.anyOf);
  if (anyOf.length > 0) {
    let best: FieldCause[] | undefined;
    let valid = false;
    for (const s of anyOf) {
      const errors = validateValue(value, s, path, undefined);
      if (errors.length === 0) {
        valid = true;
        best = undefined;
        break;
      }
      best ??= errors;
    }
    if (!valid) out.push(unplaced(`${quoted} must validate at least one schema (anyOf)`));
    if (best !== undefined) out.push(...best);
  }
  const oneOf = subSchemas(schema.oneOf);
  if (oneOf.length > 0) {
    let best: FieldCause[] | undefined;
    let validCount = 0;
    for (const s of oneOf) {
      const errors = validateValue(value, s, path, undefined);
      if (errors.length === 0) validCount++;
      else best ??= errors;
    }
    if (validCount === 0) {
      out.push(unplaced(`${quoted} must validate one and only one schema (oneOf). Found none valid`));
      if (best !== undefined) out.push(...best);
    } else if (validCount > 1) {
      out.push(unplaced(`${quoted} must validate one and only one schema (oneOf). Found ${validCount} valid alternatives`));
    }
  }
  const not = schemaOf(schema.not);
  if (not !== undefined && validateValue(value, not, path, undefined).length === 0) out.push(unplaced(`${quoted} must not validate the schema (not)`));
  const allOf = subSchemas(schema.allOf);
  if (allOf.length > 0) {
    const errors = allOf.flatMap((s) => validateValue(value, s, path, undefined));
    if (errors.length > 0) out.push(...errors, unplaced(`${quoted} must validate all the schemas (allOf)`));
  }
  return out;
}

function validateValue(value: unknown, schema: Schema, path: Path, old: Old): FieldCause[] {
  // Ratcheting: an unchanged value is not validated again.
  if (old !== undefined && jsonEqual(old.value, value)) return [];
  const out: FieldCause[] = [];
  out.push(...typeErrors(path, value, schema));
  out.push(...combinationErrors(path, value, schema));
  if (typeof value === 'string') {
    out.push(...stringErrors(path, value, schema));
    out.push(...formatErrors(path, value, schema));
  }
  if (typeof value === 'number') out.push(...numberErrors(path, value, schema));
  if (Array.isArray(value)) out.push(...arrayErrors(path, value, schema, old));
  out.push(...enumErrors(path, value, schema));
  if (isJsonObject(value)) out.push(...objectErrors(path, value, schema, old));
  return out;
}

// --- after the schema: embedded resources and list types -----------------------------------

function embeddedErrors(value: unknown, schema: Schema, path: Path, out: FieldCause[]): void {
  if (Array.isArray(value)) {
    const items = schemaOf(schema.items);
    if (items !== undefined) value.forEach((v, i) => { embeddedErrors(v, items, `${path}[${i}]`, out); });
    return;
  }
  if (!isJsonObject(value)) return;
  if (schema['x-kubernetes-embedded-resource'] === true) {
    for (const key of ['apiVersion', 'kind']) {
      const v = value[key];
      const at = child(path, key);
      if (!Object.hasOwn(value, key)) out.push(required(at));
      else if (typeof v !== 'string') out.push(typeInvalid(at, 'string', jsonType(v)));
      else if (v === '') out.push(invalid(at, v, 'must not be empty'));
    }
    const meta = value.metadata;
    if (isJsonObject(meta)) embeddedMetadataErrors(meta, child(path, 'metadata'), out);
  }
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const additional = schemaOf(schema.additionalProperties);
  for (const [name, v] of Object.entries(value)) {
    const s = schemaOf(properties[name]) ?? additional;
    if (s !== undefined) embeddedErrors(v, s, child(path, name), out);
  }
}

/** An embedded resource's labels and annotations, checked as ObjectMeta's are (its name is not checked). */
function embeddedMetadataErrors(meta: Readonly<Record<string, unknown>>, path: Path, out: FieldCause[]): void {
  const labels = meta.labels;
  if (isJsonObject(labels)) {
    const at = child(path, 'labels');
    for (const [k, v] of Object.entries(labels)) {
      for (const msg of qualifiedNameErrors(k)) out.push(invalid(at, k, msg));
      if (typeof v === 'string') for (const msg of labelValueErrors(v)) out.push(invalid(at, v, msg));
    }
  }
  const annotations = meta.annotations;
  if (isJsonObject(annotations)) {
    const at = child(path, 'annotations');
    for (const k of Object.keys(annotations)) for (const msg of qualifiedNameErrors(k.toLowerCase())) out.push(invalid(at, k, msg));
  }
}

function listTypeErrors(value: unknown, schema: Schema, path: Path, out: FieldCause[]): void {
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') {
      value.forEach((v, i) => {
        if (value.findIndex((w) => jsonEqual(v, w)) !== i) out.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: ${badValue(v)}` });
      });
    } else if (listType === 'map') {
      const keys = mapKeys(schema) ?? [];
      const seen = new Set<string>();
      value.forEach((v, i) => {
        if (!isJsonObject(v)) return;
        const key: Record<string, unknown> = {};
        for (const k of keys) if (Object.hasOwn(v, k)) key[k] = v[k];
        const text = JSON.stringify(key);
        if (seen.has(text)) out.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: ${text}` });
        seen.add(text);
      });
    }
    const items = schemaOf(schema.items);
    if (items !== undefined) value.forEach((v, i) => { listTypeErrors(v, items, `${path}[${i}]`, out); });
    return;
  }
  if (!isJsonObject(value)) return;
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const additional = schemaOf(schema.additionalProperties);
  for (const [name, v] of Object.entries(value)) {
    const s = schemaOf(properties[name]) ?? additional;
    if (s !== undefined) listTypeErrors(v, s, child(path, name), out);
  }
}

/**
 * The causes of kube-apiserver's 422 for a custom resource that does not satisfy its version's
 * schema (`root`, the CRD version's `openAPIV3Schema`): value validation, then embedded
 * resources' apiVersion and kind, then duplicates in set and map lists. `old` is the stored
 * object on an update: values it already had are not validated again.
 */
export function validateCustomResource(obj: unknown, root: OpenApiSchema, old?: unknown): FieldCause[] {
  const out = validateValue(obj, root, '', old === undefined ? undefined : { value: old });
  embeddedErrors(obj, root, '', out);
  listTypeErrors(obj, root, '', out);
  return out;
}

/**
 * The causes of a 422 for a write of the status subresource: kube-apiserver validates `.status`
 * against the status schema on its own, so messages name fields from there (`count in body…`)
 * while causes carry the whole path (`status.count`). Then embedded resources and list types of
 * the whole object, as for any write.
 */
export function validateCustomResourceStatus(obj: unknown, root: OpenApiSchema, old: unknown): FieldCause[] {
  const out: FieldCause[] = [];
  const properties = isJsonObject(root.properties) ? root.properties : {};
  const statusSchema = schemaOf(properties.status);
  if (statusSchema !== undefined && isJsonObject(obj) && Object.hasOwn(obj, 'status')) {
    const oldStatus = isJsonObject(old) && Object.hasOwn(old, 'status') ? { value: old.status } : undefined;
    for (const c of validateValue(obj.status, statusSchema, '', oldStatus)) {
      out.push({ ...c, field: c.field === '<nil>' ? c.field : `status.${c.field}` });
    }
  }
  embeddedErrors(obj, root, '', out);
  listTypeErrors(obj, root, '', out);
  return out;
}

/**
 * The validation errors of a CRD version's `default` values against their own schemas, with the
 * paths kube-apiserver gives them (`<schemaPath>.properties[spec].properties[replicas].default`).
 */
export function validateDefault(value: unknown, schema: OpenApiSchema, schemaPath: string): FieldCause[] {
  return validateValue(value, schema, '', undefined).map((c) => ({ ...c, field: c.field === '<nil>' ? `${schemaPath}.default` : `${schemaPath}.default.${c.field}` }));
}
