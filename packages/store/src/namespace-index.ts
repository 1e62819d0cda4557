import type { KubeObject } from './kube-object.js';

/** The conventional name of the index built by {@link metaNamespaceIndexFunc}. */
export const NAMESPACE_INDEX = 'namespace';

/**
 * Indexes an object by its namespace; cluster-scoped objects are indexed under `''`.
 *
 * @example
 * ```ts
 * const pods = createIndexer<V1Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
 * pods.byIndex(NAMESPACE_INDEX, 'kube-system');
 * ```
 */
export function metaNamespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}
