import { metaNamespaceKeyFunc, type KubeObject } from '@kcache/store';

/** One object whose resourceVersion differs between the store and the server. */
interface StaleEntry {
  key: string;
  store: string;
  server: string;
}

/** How a store's content differs from the server's state; all empty when they are equal. */
export interface StateDiff {
  /** True when both hold the same keys at the same resourceVersions. */
  equal: boolean;
  storeCount: number;
  serverCount: number;
  /** On the server, not in the store (sorted). */
  missing: string[];
  /** In the store, not on the server any more (sorted). */
  extra: string[];
  /** In both, at different resourceVersions (sorted by key). */
  stale: StaleEntry[];
}

/** Compares two sets of objects by key (`namespace/name`) and `metadata.resourceVersion`. */
export function compareState(storeItems: readonly KubeObject[], serverItems: readonly KubeObject[]): StateDiff {
  const server = new Map<string, string>();
  for (const obj of serverItems) server.set(metaNamespaceKeyFunc(obj), obj.metadata?.resourceVersion ?? '');
  const seen = new Set<string>();
  const extra: string[] = [];
  const stale: StaleEntry[] = [];
  for (const obj of storeItems) {
    const key = metaNamespaceKeyFunc(obj);
    seen.add(key);
    const rv = server.get(key);
    const storeRv = obj.metadata?.resourceVersion ?? '';
    if (rv === undefined) extra.push(key);
    else if (rv !== storeRv) stale.push({ key, store: storeRv, server: rv });
  }
  const missing = [...server.keys()].filter((k) => !seen.has(k));
  missing.sort();
  extra.sort();
  stale.sort((a, b) => a.key.localeCompare(b.key));
  return {
    equal: missing.length === 0 && extra.length === 0 && stale.length === 0 && storeItems.length === serverItems.length,
    storeCount: storeItems.length,
    serverCount: serverItems.length,
    missing,
    extra,
    stale,
  };
}

/** A few lines for people: counts, then up to `limit` keys of each kind of difference. */
export function describeDiff(diff: StateDiff, limit = 5): string[] {
  const lines = [`store has ${diff.storeCount} objects, server has ${diff.serverCount}`];
  const sample = (keys: readonly string[]): string =>
    keys.slice(0, limit).join(', ') + (keys.length > limit ? `, … (${keys.length - limit} more)` : '');
  if (diff.missing.length > 0) lines.push(`missing from the store (${diff.missing.length}): ${sample(diff.missing)}`);
  if (diff.extra.length > 0) lines.push(`in the store but deleted on the server (${diff.extra.length}): ${sample(diff.extra)}`);
  if (diff.stale.length > 0) {
    lines.push(
      `at an old resourceVersion (${diff.stale.length}): ${sample(diff.stale.map((s) => `${s.key} (store ${s.store}, server ${s.server})`))}`,
    );
  }
  return lines;
}
