// ConfigMap validation (pkg/apis/core/validation ValidateConfigMap and its update): key syntax, a
// key in both data and binaryData, the 1 MiB size limit, and the data an `immutable: true`
// ConfigMap freezes. The key rule, the size limit and the freezing apply to Secrets too.
import type { KubeObject } from '../../types.js';
import { isJsonObject, jsonEqual, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { forbidden, invalidValue, tooLong } from './common.js';

/** The most bytes of values a ConfigMap or a Secret may hold. */
export const MAX_CONFIG_SIZE: number = 1024 * 1024;
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY_FMT}$`);
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** Messages of k8s.io/apimachinery's IsConfigMapKey. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY_RE.test(key)) {
    errs.push(`a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${CONFIG_KEY_FMT}')`);
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** The map at `key` (`{}` when absent or not a map). */
export function mapAt(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  return isJsonObject(v) ? v : {};
}

/** How many bytes base64 text decodes to. */
export function decodedLength(value: unknown): number {
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : 0;
}

/** ValidateConfigMap beyond metadata. */
function validateConfigMap(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const data = mapAt(obj, 'data');
  const binary = mapAt(obj, 'binaryData');
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of configKeyErrors(key)) causes.push(invalidValue(`data[${key}]`, key, msg));
    if (Object.hasOwn(binary, key)) causes.push(invalidValue(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    size += typeof value === 'string' ? Buffer.byteLength(value) : 0;
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const msg of configKeyErrors(key)) causes.push(invalidValue(`binaryData[${key}]`, key, msg));
    size += decodedLength(value);
  }
  // kube-apiserver names the whole object with an empty path, printed as `[]`.
  if (size > MAX_CONFIG_SIZE) causes.push(tooLong('[]', MAX_CONFIG_SIZE));
  return causes;
}

/** Absent and empty maps alike (what the stored object keeps of an empty map). */
function sameMap(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (isJsonObject(v) && Object.keys(v).length === 0 ? undefined : v ?? undefined);
  return jsonEqual(norm(a), norm(b));
}

/** What an `immutable: true` object refuses to change. */
export function frozenErrors(obj: JsonObject, old: JsonObject, fields: readonly string[]): FieldCause[] {
  if (old.immutable !== true) return [];
  const causes: FieldCause[] = [];
  if (obj.immutable !== true) causes.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
  for (const f of fields) if (!sameMap(obj[f], old[f])) causes.push(forbidden(f, IMMUTABLE_WHEN_SET));
  return causes;
}

/** A stored object as the JSON record validation reads. */
export function asObject(old: KubeObject): JsonObject {
  return old as unknown as JsonObject;
}

/** ConfigMap validation. */
export const configMapValidation: KindStrategy = {
  validate: (obj) => validateConfigMap(obj),
  validateUpdate: (obj, old) => [...frozenErrors(obj, asObject(old), ['data', 'binaryData']), ...validateConfigMap(obj)],
};

