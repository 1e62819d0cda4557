import { Cache } from './internal/cache.js';
import { metaNamespaceKeyFunc } from './object-key.js';
import type { KubeObject } from './kube-object.js';
import type { KeyFunc, Store } from './types.js';

/** Options of {@link createStore}. */
export interface StoreOptions<T> {
  /** Makes each object's key; default {@link metaNamespaceKeyFunc} (`"namespace/name"`). */
  keyFunc?: KeyFunc<T> | undefined;
  /**
   * Deep-freeze every object on its way in, so code that mutates a cached object throws instead
   * of silently corrupting the cache. A debugging aid: it costs a walk over each object.
   * Default `false`.
   */
  freeze?: boolean | undefined;
}

/**
 * Creates an in-memory store keyed by `keyFunc`: client-go's `cache.NewStore`.
 *
 * Objects are kept by reference, never copied: treat everything you put in or get out as
 * immutable (set `freeze: true` while debugging to enforce it). Every operation but `list`,
 * `listKeys` and `replace` takes constant time whatever the store's size.
 *
 * @example
 * ```ts
 * import { createStore } from '@kcache/store';
 * import type { V1Pod } from '@kubernetes/client-node';
 *
 * const pods = createStore<V1Pod>();
 * pods.add({ metadata: { namespace: 'default', name: 'web-0' } });
 * pods.getByKey('default/web-0'); // the pod
 * ```
 * @throws {KeyError} from `add`, `update`, `delete`, `get` and `replace` when no key can be made
 *   for an object; the store is then unchanged.
 */
export function createStore<T extends KubeObject>(options?: StoreOptions<T>): Store<T>;
/**
 * Creates an in-memory store of any kind of object, keyed by `keyFunc`.
 *
 * @example
 * ```ts
 * const users = createStore<{ id: string }>({ keyFunc: (u) => u.id });
 * ```
 * @throws {KeyError} from `add`, `update`, `delete`, `get` and `replace` when `keyFunc` throws.
 */
export function createStore<T>(options: StoreOptions<T> & { keyFunc: KeyFunc<T> }): Store<T>;
export function createStore<T>(options: StoreOptions<T> = {}): Store<T> {
  return new Cache<T>({
    keyFunc: options.keyFunc ?? (metaNamespaceKeyFunc as KeyFunc<T>),
    indexers: {},
    freeze: options.freeze ?? false,
  });
}
