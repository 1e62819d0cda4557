// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`) as kube-apiserver
// applies it for built-in kinds: maps merge, `null` deletes, lists whose field has a merge
// strategy merge (by merge key, or as sets of scalars), other lists replace; the directives
// `$patch`, `$retainKeys`, `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>` are
// honoured.
import { cloneJson, isJsonObject, setOwn, type JsonObject } from './json-value.js';
import type { KindInfo } from './kinds.js';
import { patchField, rootPatchType, type PatchField } from './merge-keys.js';
import { PatchError } from './patch-error.js';
import { checkSetElementOrder, elementKind, mergeList, normalizeOrder, partition } from './strategic-merge-list.js';

const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';
const RETAIN_KEYS = '$retainKeys';
const UNSUPPORTED =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`; a malformed directive key is a 400. */
function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    const what = prefix === SET_ELEMENT_ORDER ? 'setElementOrder list' : 'primitive list';
    throw new PatchError(`invalid patch format of ${what}`, 400);
  }
  return key.slice(slash + 1);
}

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new PatchError(`${what} must be a list, not ${JSON.stringify(value)}`, 422);
  return value;
}

/** A value the original does not have yet, cleaned as if merged into nothing (nulls and directives resolved). */
function fresh(value: unknown, field: PatchField): unknown {
  if (isJsonObject(value)) return mergeMap({}, value, field.type);
  if (Array.isArray(value)) return mergeField([], value, field, false);
  return value;
}

/** Merge two lists for a field: merge strategy, a deletion list, or replacement. */
function mergeField(original: unknown[], patch: unknown[], field: PatchField, deleteList: boolean): unknown[] {
  if (deleteList) {
    elementKind(original, patch);
    return original.filter((item) => !patch.includes(item));
  }
  if (field.strategy !== 'merge') return patch;
  return mergeList(original, patch, field.mergeKey ?? '', field.type, mergeMap);
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const keys = patch[RETAIN_KEYS];
  Reflect.deleteProperty(patch, RETAIN_KEYS);
  if (!Array.isArray(keys)) throw new PatchError('invalid patch format of retainKeys', 400);
  const retained = new Set<unknown>(keys);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(k)) throw new PatchError("patch content doesn't match retainKeys list", 422);
  }
  for (const k of Object.keys(original)) {
    if (!retained.has(k)) Reflect.deleteProperty(original, k);
  }
}

/** Handle every `$setElementOrder/<field>`: merge that field's list and order it as the directive says. */
function applySetElementOrder(original: JsonObject, patch: JsonObject, type: string | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    Reflect.deleteProperty(patch, key);
    if (!Array.isArray(order)) throw new PatchError('invalid patch format of setElementOrder list', 400);
    const name = directiveTarget(key, SET_ELEMENT_ORDER);
    const field = patchField(type, name);
    const mergeKey = field.mergeKey ?? '';
    const hasOriginal = Object.hasOwn(original, name);
    const hasPatch = Object.hasOwn(patch, name);
    const originalList = hasOriginal ? asList(original[name], name) : [];
    const patchList = hasPatch ? asList(patch[name], name) : [];
    checkSetElementOrder(patchList, order, mergeKey);
    if (!hasOriginal && !hasPatch) continue;
    const merged = hasPatch ? mergeField(originalList, patchList, field, false) : originalList;
    if (elementKind(originalList, patchList) !== undefined) {
      const [inOrder, serverOnly] = partition(merged, order, mergeKey);
      setOwn(original, name, normalizeOrder(inOrder, serverOnly, order, originalList, mergeKey));
    } else {
      setOwn(original, name, merged);
    }
    Reflect.deleteProperty(patch, name);
  }
}

/** Merge a patch map into an original map (both owned by the caller: they are changed in place). */
function mergeMap(original: JsonObject, patch: JsonObject, type: string | undefined): JsonObject {
  if (Object.hasOwn(patch, '$patch')) {
    const directive = patch.$patch;
    if (directive === 'delete') return {};
    if (directive === 'replace') {
      Reflect.deleteProperty(patch, '$patch');
      return mergeMap({}, patch, type);
    }
    throw new PatchError(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`, 400);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, type);
  for (const [patchKey, value] of Object.entries(patch)) {
    const deleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = deleteList ? directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST) : patchKey;
    if (value === null) {
      Reflect.deleteProperty(original, key);
      continue;
    }
    const field = patchField(type, key);
    if (!Object.hasOwn(original, key)) {
      if (!deleteList) setOwn(original, key, fresh(value, field));
      continue;
    }
    const current = original[key];
    if (Array.isArray(current) && Array.isArray(value)) {
      setOwn(original, key, mergeField(current, value, field, deleteList));
    } else if (deleteList) {
      // A deletion list for something that is not a list has nothing to delete from.
      continue;
    } else if (isJsonObject(current) && isJsonObject(value)) {
      setOwn(original, key, mergeMap(current, value, field.type));
    } else {
      setOwn(original, key, fresh(value, field));
    }
  }
  return original;
}

/**
 * Apply a Kubernetes strategic merge patch to an object of a built-in kind. Returns a new value;
 * the inputs are not changed.
 *
 * @throws {PatchError} 415 for a kind without strategic-merge support (custom kinds); 400 for a
 *   patch that is not an object or has a malformed directive; 422 for a patch that does not apply
 *   (a list item without its merge key, a `$setElementOrder` that contradicts the patch list, …).
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, kind: KindInfo): unknown {
  if (!kind.strategicMerge) throw new PatchError(UNSUPPORTED, 415);
  if (!isJsonObject(patch)) throw new PatchError('a strategic merge patch must be a JSON object', 400);
  const original = isJsonObject(target) ? cloneJson(target) : {};
  return mergeMap(original, cloneJson(patch), rootPatchType(kind));
}
