// The list half of Kubernetes' strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch):
// merging lists by merge key or as sets, `$patch` items, and the ordering rules that put items
// in the order of the patch (or `$setElementOrder`) while keeping server-only items in place.
import { isJsonObject, type JsonObject } from './json-value.js';
import { PatchError } from './patch-error.js';

/** Merges two maps of the given type; supplied by the map half to recurse into list items. */
export type MapMerger = (original: JsonObject, patch: JsonObject, type: string | undefined) => JsonObject;

/** `'object'` for lists of maps, `'scalar'` for lists of strings/numbers/booleans, `undefined` when both lists are empty. */
export type ElementKind = 'object' | 'scalar' | undefined;

function kindOfValue(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

/** The common kind of the items of some lists; mixed items or nested lists are a 422, as in Kubernetes. */
export function elementKind(...lists: readonly unknown[][]): ElementKind {
  let seen: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k = kindOfValue(item);
      if (k === 'array') throw new PatchError('lists of lists are not supported', 422);
      if (seen !== undefined && seen !== k) throw new PatchError('list element types are not identical', 422);
      seen = k;
    }
  }
  if (seen === undefined) return undefined;
  return seen === 'object' ? 'object' : 'scalar';
}

function noMergeKey(item: unknown, mergeKey: string): PatchError {
  return new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`, 422);
}

function keyOf(item: unknown, mergeKey: string): unknown {
  if (!isJsonObject(item) || !Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

/** Position of `item` in `list`: by merge-key value for maps, by value for scalars; -1 when absent. */
function indexIn(list: readonly unknown[], item: unknown, mergeKey: string): number {
  if (mergeKey === '') return list.indexOf(item);
  const wanted = isJsonObject(item) ? item[mergeKey] : undefined;
  return list.findIndex((v) => isJsonObject(v) && v[mergeKey] === wanted);
}

/** Split `items` into those present in `partitionBy` and the rest, keeping their order. */
export function partition(items: readonly unknown[], partitionBy: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inList: unknown[] = [];
  const rest: unknown[] = [];
  for (const item of items) {
    if (mergeKey !== '') keyOf(item, mergeKey);
    (indexIn(partitionBy, item, mergeKey) >= 0 ? inList : rest).push(item);
  }
  return [inList, rest];
}

function sortByOrder(items: unknown[], order: readonly unknown[], mergeKey: string): unknown[] {
  if (mergeKey !== '') for (const item of [...items, ...order]) keyOf(item, mergeKey);
  const rank = (item: unknown): number => {
    const i = indexIn(order, item, mergeKey);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return items
    .map((item, i) => ({ item, i, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((e) => e.item);
}

/**
 * Order a merged list: patch items in `patchOrder`, server-only items in `serverOrder`, the two
 * interleaved so that a server-only item stays before a patch item it preceded on the server.
 */
export function normalizeOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Apply `$patch: delete|replace|merge` items of a patch list; returns the remaining original and patch items. */
function applySpecialItems(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let remaining = original;
  let replace = false;
  for (const item of patch) {
    if (!isJsonObject(item) || !Object.hasOwn(item, '$patch')) {
      plain.push(item);
      continue;
    }
    switch (item.$patch) {
      case 'delete': {
        const key = keyOf(item, mergeKey);
        remaining = remaining.filter((o) => !(isJsonObject(o) && Object.hasOwn(o, mergeKey) && o[mergeKey] === key));
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw new PatchError('merging lists cannot yet be specified in the patch', 422);
      default:
        throw new PatchError(`unknown patch type: ${JSON.stringify(item.$patch)} in map: ${JSON.stringify(item)}`, 400);
    }
  }
  return replace ? [plain, []] : [remaining, plain];
}

/**
 * Merge a patch list into an original list whose field has the merge strategy: scalars as a set
 * (union), maps by `mergeKey` (matching items merge, new ones are added), then ordered as
 * Kubernetes orders them.
 */
export function mergeList(original: unknown[], patch: unknown[], mergeKey: string, type: string | undefined, mergeMap: MapMerger): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  let base = original;
  let patchItems = patch;
  if (kind !== 'object') {
    merged = [...new Set([...original, ...patch])];
    mergeKey = '';
  } else {
    if (mergeKey === '') throw new PatchError('cannot merge lists without merge key for type map', 422);
    [base, patchItems] = applySpecialItems(original, patch, mergeKey);
    merged = [...base];
    for (const item of patchItems) {
      const key = keyOf(item, mergeKey);
      const at = merged.findIndex((o) => isJsonObject(o) && Object.hasOwn(o, mergeKey) && o[mergeKey] === key);
      const existing = at >= 0 ? merged[at] : undefined;
      if (isJsonObject(existing)) merged[at] = mergeMap(existing, item as JsonObject, type);
      else merged.push(mergeMap({}, item as JsonObject, type));
    }
  }
  const [fromPatch, serverOnly] = partition(merged, patchItems, mergeKey);
  return normalizeOrder(fromPatch, serverOnly, patchItems, base, mergeKey);
}

/**
 * Check that a patch list is in the relative order `$setElementOrder` gives it (deleted items
 * aside), as Kubernetes requires.
 */
export function checkSetElementOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (patchList.length === 0 || order.length === 0) return;
  const isDirective = (v: unknown): boolean => isJsonObject(v) && Object.hasOwn(v, '$patch');
  const items = mergeKey === '' ? patchList : patchList.filter((v) => !(isJsonObject(v) && v.$patch === 'delete'));
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (isDirective(items[p])) {
      p++;
      continue;
    }
    const same = mergeKey === '' ? items[p] === order[s] : keyOf(items[p], mergeKey) === keyOf(order[s], mergeKey);
    if (same) p++;
    s++;
  }
  if (p < items.length) {
    throw new PatchError(
      `The order in patch list: ${JSON.stringify(patchList)} doesn't match $setElementOrder list: ${JSON.stringify(order)}`,
      422,
    );
  }
}
