// Building blocks of kind validation (k8s.io/apimachinery/pkg/util/validation/field and the
// helpers of pkg/apis/core/validation): field errors with kube-apiserver's wording, and checks
// several kinds share (ports, label selectors, immutable fields).
import { fieldErrorBody } from '../field-error.js';
import { isJsonObject, jsonEqual, type JsonObject } from '../json-value.js';
import { labelValueErrors, qualifiedNameErrors } from '../name-rules.js';
import type { FieldCause } from '../validation.js';

/** `Required value` (with an optional detail), e.g. `spec.rules[0].http.paths: Required value`. */
export function required(field: string, detail = ''): FieldCause {
  return { reason: 'FieldValueRequired', field, message: fieldErrorBody('Required', undefined, detail) };
}

/**
 * A bad value as kube-apiserver v1.37 prints it in a field error: strings quoted, numbers and
 * booleans bare, null, and lists and structs as JSON (`["/x"]`, `[]`).
 */
function goValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `Invalid value: <value>: <detail>`. */
export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  const text = `Invalid value: ${goValue(value)}`;
  return { reason: 'FieldValueInvalid', field, message: detail === '' ? text : `${text}: ${detail}` };
}

/** `Unsupported value: <value>: supported values: "a", "b"` (in the order given). */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldCause {
  const detail = supported.length === 0 ? '' : `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
  return { reason: 'FieldValueNotSupported', field, message: fieldErrorBody('NotSupported', value, detail) };
}

/** `Forbidden: <detail>`. */
export function forbidden(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', field, message: fieldErrorBody('Forbidden', undefined, detail) };
}

/** `Duplicate value: <value>`. */
export function duplicate(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueDuplicate', field, message: fieldErrorBody('Duplicate', value, '') };
}

/** `Too long: may not be more than <max> bytes` (kube's TooLong with an unknown value). */
export function tooLong(field: string, max: number): FieldCause {
  return { reason: 'FieldValueTooLong', field, message: fieldErrorBody('TooLong', undefined, `may not be more than ${max} bytes`) };
}

/** `field is immutable` when `next` differs from `old` (absent and `null` alike). */
export function immutable(field: string, next: unknown, old: unknown): FieldCause[] {
  const norm = (v: unknown): unknown => (v === null ? undefined : v);
  return jsonEqual(norm(next), norm(old)) ? [] : [invalidValue(field, next, 'field is immutable')];
}

/**
 * `Invalid value: null: field is immutable` when `next` differs from `old`: kube-apiserver v1.37's
 * declarative validation reports immutable fields without their value.
 */
export function immutableDeclared(field: string, next: unknown, old: unknown): FieldCause[] {
  const norm = (v: unknown): unknown => (v === null ? undefined : v);
  return jsonEqual(norm(next), norm(old)) ? [] : [invalidValue(field, null, 'field is immutable')];
}

/** The object at `key`, or undefined. */
export function objectAt(obj: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(obj)) return undefined;
  const v = obj[key];
  return isJsonObject(v) ? v : undefined;
}

/** The array at `key` (`[]` when absent or not an array). */
export function arrayAt(obj: unknown, key: string): unknown[] {
  if (!isJsonObject(obj)) return [];
  const v = obj[key];
  return Array.isArray(v) ? v : [];
}

/** The string at `key` (`''` when absent or not a string, Go's zero value). */
export function stringAt(obj: unknown, key: string): string {
  if (!isJsonObject(obj)) return '';
  const v = obj[key];
  return typeof v === 'string' ? v : '';
}

/** Whether `key` is set to something other than null. */
export function has(obj: unknown, key: string): boolean {
  return isJsonObject(obj) && obj[key] !== undefined && obj[key] !== null;
}

/** Messages of k8s.io/apimachinery's IsValidPortNum. */
export function portNumErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** Messages of k8s.io/apimachinery's IsValidPortName (an IANA service name). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Causes for a map of labels (keys qualified names, values label values), as ValidateLabels reports them. */
export function labelsErrors(labels: unknown, field: string): FieldCause[] {
  if (!isJsonObject(labels)) return [];
  const causes: FieldCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of qualifiedNameErrors(k)) causes.push(invalidValue(field, k, msg));
    if (typeof v === 'string') for (const msg of labelValueErrors(v)) causes.push(invalidValue(field, v, msg));
  }
  return causes;
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Causes for a metav1.LabelSelector (ValidateLabelSelector of apimachinery's meta/v1 validation). */
export function labelSelectorErrors(selector: unknown, field: string): FieldCause[] {
  if (!isJsonObject(selector)) return [];
  const causes: FieldCause[] = labelsErrors(selector.matchLabels, `${field}.matchLabels`);
  arrayAt(selector, 'matchExpressions').forEach((expr, i) => {
    const path = `${field}.matchExpressions[${i}]`;
    const op = stringAt(expr, 'operator');
    const values = arrayAt(expr, 'values');
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) causes.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else if (!SELECTOR_OPERATORS.includes(op)) {
      causes.push(invalidValue(`${path}.operator`, op, 'not a valid selector operator'));
    }
    const key = stringAt(expr, 'key');
    for (const msg of qualifiedNameErrors(key)) causes.push(invalidValue(`${path}.key`, key, msg));
    values.forEach((v, j) => {
      if (typeof v === 'string') for (const msg of labelValueErrors(v)) causes.push(invalidValue(`${path}.values[${j}]`, v, msg));
    });
  });
  return causes;
}
