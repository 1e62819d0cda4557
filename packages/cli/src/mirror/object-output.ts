import { dump } from 'js-yaml';
import type { KubeObject } from '@kcache/store';

/** Copies `value` with every mapping's keys in alphabetical order, as kubectl prints YAML. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortedKeys(v);
  }
  return out;
}

/**
 * The objects as `kubectl get -o json|yaml` prints several: a `v1` `List`. Its
 * `metadata.resourceVersion` is the resourceVersion the mirror synced at.
 */
export function formatObjectList(items: readonly KubeObject[], resourceVersion: string, format: 'json' | 'yaml'): string {
  const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion } };
  if (format === 'json') return JSON.stringify(list, null, 4);
  // JSON-compatible values only (objects come from JSON), so dumping cannot meet an unsupported type.
  return dump(sortedKeys(JSON.parse(JSON.stringify(list))), { lineWidth: -1, noRefs: true, seqNoIndent: true });
}
