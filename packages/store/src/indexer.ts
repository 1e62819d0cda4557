import { Cache } from './internal/cache.js';
import { metaNamespaceKeyFunc } from './object-key.js';
import type { KubeObject } from './kube-object.js';
import type { Indexer, Indexers, KeyFunc } from './types.js';

/** Options of {@link createIndexer}. */
export interface IndexerOptions<T> {
  /** Makes each object's key; default {@link metaNamespaceKeyFunc} (`"namespace/name"`). */
  keyFunc?: KeyFunc<T> | undefined;
  /** Index functions by index name; more can be added later with `addIndexers`. */
  indexers?: Indexers<T> | undefined;
  /**
   * Deep-freeze every object on its way in, so code that mutates a cached object throws instead
   * of silently corrupting the cache and its indexes. A debugging aid: it costs a walk over each
   * object. Default `false`.
   */
  freeze?: boolean | undefined;
}

/**
 * Creates an in-memory store with secondary indexes: client-go's `cache.NewIndexer`.
 *
 * Objects are kept by reference, never copied: treat everything you put in or get out as
 * immutable (set `freeze: true` while debugging to enforce it). Every operation but `list`,
 * `listKeys`, `replace` and `addIndexers` takes time independent of the store's size (queries
 * take time proportional to what they return).
 *
 * @example
 * ```ts
 * import { createIndexer, NAMESPACE_INDEX, metaNamespaceIndexFunc } from '@kcache/store';
 * import type { V1Pod } from '@kubernetes/client-node';
 *
 * const pods = createIndexer<V1Pod>({
 *   indexers: {
 *     [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
 *     node: (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []),
 *   },
 * });
 * pods.add({ metadata: { namespace: 'default', name: 'web-0' }, spec: { nodeName: 'n1', containers: [] } });
 * pods.byIndex('node', 'n1'); // [the pod]
 * ```
 * @throws {IndexerConflictError} from `addIndexers` when a name is already registered.
 * @throws {StoreError} (code `InvalidIndexer`) when an indexer is not a function.
 * @throws {KeyError} from `add`, `update`, `delete`, `get` and `replace` when no key can be made
 *   for an object; the indexer is then unchanged.
 * @throws {IndexFuncError} from mutations and `index` when an index function throws; mutations
 *   then change nothing.
 * @throws {UnknownIndexError} from `index`, `byIndex` and `indexKeys` for an unknown index name.
 */
export function createIndexer<T extends KubeObject>(options?: IndexerOptions<T>): Indexer<T>;
/**
 * Creates an indexed in-memory store of any kind of object, keyed by `keyFunc`.
 *
 * @example
 * ```ts
 * const users = createIndexer<{ id: string; team: string }>({
 *   keyFunc: (u) => u.id,
 *   indexers: { team: (u) => [u.team] },
 * });
 * ```
 * @throws {StoreError} (code `InvalidIndexer`) when an indexer is not a function.
 */
export function createIndexer<T>(options: IndexerOptions<T> & { keyFunc: KeyFunc<T> }): Indexer<T>;
export function createIndexer<T>(options: IndexerOptions<T> = {}): Indexer<T> {
  return new Cache<T>({
    keyFunc: options.keyFunc ?? (metaNamespaceKeyFunc as KeyFunc<T>),
    indexers: options.indexers ?? {},
    freeze: options.freeze ?? false,
  });
}
