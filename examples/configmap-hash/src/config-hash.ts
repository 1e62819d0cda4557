import { createHash } from 'node:crypto';
import type { V1ConfigMap } from '@kubernetes/client-node';

/** The pod-template annotation the controller keeps. */
export const CONFIG_HASH_ANNOTATION = 'kcache.dev/config-hash';

/** `data` and `binaryData` with their keys sorted: the same content always gives the same string. */
function canonicalContent(configMap: V1ConfigMap): string {
  const sorted = (record: Record<string, string> | undefined): [string, string][] =>
    Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ data: sorted(configMap.data), binaryData: sorted(configMap.binaryData) });
}

/** SHA-256 (hex) of a ConfigMap's content: its `data` and `binaryData`, not its metadata. */
export function configMapContentHash(configMap: V1ConfigMap): string {
  return createHash('sha256').update(canonicalContent(configMap)).digest('hex');
}

/**
 * The annotation value for a pod template that uses the ConfigMaps `names`: a SHA-256 (hex) over
 * each name with its content hash, or with `null` for a ConfigMap that does not exist (so creating
 * it later changes the value too). `undefined` when `names` is empty: no annotation.
 *
 * @param names sorted ConfigMap names, as `configMapNames` returns them.
 * @param lookup finds a ConfigMap of the Deployment's namespace by name.
 */
export function configHash(names: readonly string[], lookup: (name: string) => V1ConfigMap | undefined): string | undefined {
  if (names.length === 0) return undefined;
  const parts = names.map((name) => {
    const configMap = lookup(name);
    return [name, configMap === undefined ? null : configMapContentHash(configMap)];
  });
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
