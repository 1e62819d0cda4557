// Helpers the pod and workload defaulting shares. Defaulting runs before validation, so it meets
// bodies of any shape: each helper acts only where the value has the expected JSON type and
// leaves anything else for validation to report.
import { isJsonObject, type JsonObject } from '../json-value.js';

export { isJsonObject, type JsonObject };

/** `parent[key]` when it is a JSON object, else undefined. */
export function objectAt(parent: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(parent)) return undefined;
  const value = parent[key];
  return isJsonObject(value) ? value : undefined;
}

/** The JSON objects of the array `parent[key]` (other items skipped); empty when it is no array. */
export function objectsAt(parent: unknown, key: string): JsonObject[] {
  if (!isJsonObject(parent)) return [];
  const value = parent[key];
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * `parent[key]` as a JSON object, set to `{}` when absent or null (a Go struct field that is
 * serialised even when empty, or a pointer the defaulting allocates). Undefined when `parent[key]`
 * holds something else: validation reports it.
 */
export function ensureObject(parent: JsonObject, key: string): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    const created: JsonObject = {};
    parent[key] = created;
    return created;
  }
  return isJsonObject(value) ? value : undefined;
}

/** Sets `obj[key]` to `value` when it is absent, null, or the Go zero value `''` of a string field. */
export function defaultString(obj: JsonObject, key: string, value: string): void {
  const current = obj[key];
  if (current === undefined || current === null || current === '') obj[key] = value;
}

/** Sets `obj[key]` to `value` when it is absent or null (an unset pointer). */
export function defaultValue(obj: JsonObject, key: string, value: unknown): void {
  obj[key] ??= value;
}

/** Sets `obj[key]` to `value` when it is absent, null or 0 (an unset Go integer). */
export function defaultNumber(obj: JsonObject, key: string, value: number): void {
  const current = obj[key];
  if (current === undefined || current === null || current === 0) obj[key] = value;
}

/** Whether a map field (labels, selector…) is absent or empty, as Go's `len(m) == 0`. */
export function isEmptyMap(value: unknown): boolean {
  return value === undefined || value === null || (isJsonObject(value) && Object.keys(value).length === 0);
}
