// Small helpers over parsed JSON values, shared by the patch implementations.

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy of a JSON value, so that results never share structure with their inputs. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Structural equality of JSON values: same type, same scalars, same keys (in any order), same
 * items in order. A key whose value is `undefined` counts as absent, as in JSON text.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = definedKeys(a);
    return keys.length === definedKeys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function definedKeys(obj: JsonObject): string[] {
  return Object.keys(obj).filter((k) => obj[k] !== undefined);
}

/**
 * Set an own property even when the key is `__proto__` (a legal JSON key that a plain assignment
 * would turn into a prototype change).
 */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A shallow copy of an object that keeps `__proto__` keys as data. */
export function copyObject(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) setOwn(out, k, v);
  return out;
}
