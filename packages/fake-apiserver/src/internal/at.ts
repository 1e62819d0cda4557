/**
 * `arr[i]` for an index the caller has bounds-checked (hot loops over sorted arrays), without
 * the `| undefined` that noUncheckedIndexedAccess adds.
 */
export function at<T>(arr: readonly T[], i: number): T {
  return arr[i] as T;
}

/** A map value the caller knows is present (a key taken from the map's own key set). */
export function mustGet<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  return map.get(key) as V;
}
