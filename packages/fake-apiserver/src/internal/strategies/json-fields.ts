// Small helpers of the defaulting of non-core kinds: reaching into decoded JSON objects and
// filling in what kube-apiserver's SetDefaults_* functions and Go's JSON encoding add.
import { isJsonObject, type JsonObject } from '../json-value.js';

/** The object at `key`, created (as `{}`) when absent or not an object. */
export function ensureObject(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isJsonObject(v)) return v;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** The objects of the array at `key` (none when absent). */
export function objectsAt(obj: unknown, key: string): JsonObject[] {
  if (!isJsonObject(obj)) return [];
  const v = obj[key];
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/** The object at `key`, or undefined. */
export function childObject(obj: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(obj)) return undefined;
  const v = obj[key];
  return isJsonObject(v) ? v : undefined;
}

/** Sets `key` to `value` when it is absent or null (a pointer field's default). */
export function defaultField(obj: JsonObject, key: string, value: unknown): void {
  obj[key] ??= value;
}

/** Sets `key` to `value` when it is absent, null or `''` (a string field's default). */
export function defaultString(obj: JsonObject, key: string, value: string): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}
