// JSON merge patch (RFC 7386), the `application/merge-patch+json` patch type.
import { cloneJson, copyObject, isJsonObject, setOwn } from './json-value.js';

/**
 * Apply an RFC 7386 JSON merge patch: objects merge key by key, `null` removes a key, anything
 * else (arrays included) replaces the target value. Returns a new value; neither input is changed
 * and the result shares no structure with them.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const out = isJsonObject(target) ? copyObject(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      Reflect.deleteProperty(out, key);
    } else {
      setOwn(out, key, applyMergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value));
    }
  }
  // Keys copied from the target are still the target's own values: copy them deeply too.
  for (const [key, value] of Object.entries(out)) {
    if (!Object.hasOwn(patch, key)) setOwn(out, key, cloneJson(value));
  }
  return out;
}
