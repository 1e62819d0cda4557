import { DeletedFinalStateUnknown, deletionHandlingMetaNamespaceKeyFunc, type KubeObject, type OwnerReference } from '@kcache/store';
import { ControllerError } from './errors.js';
import { describe } from './internal/describe.js';
import type { ControllerInformer, EnqueueContext, EnqueueFunc, EnqueueKeys, InformerSource } from './types.js';

/**
 * The default mapping: an object's own key, `namespace/name` (or `name` when cluster-scoped); a
 * tombstone's key for a deletion learnt from a relist.
 *
 * @throws {KeyError} (from `@kcache/store`) when the object has no name; the controller reports it as an `error` event.
 */
export function enqueueObject(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string {
  return deletionHandlingMetaNamespaceKeyFunc(obj);
}

/** The object itself, or a tombstone's last known state (`undefined` when it has none). */
export function unwrapTombstone<T>(obj: T | DeletedFinalStateUnknown<T>): T | undefined {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}

/** Options of {@link enqueueOwner}. */
export interface EnqueueOwnerOptions {
  /** The owner's kind, e.g. `'Deployment'`. Required. */
  kind: string;
  /**
   * The owner's `apiVersion`, e.g. `'apps/v1'`. Only its group is compared (`apps`; `''` for `v1`),
   * as controller-runtime does: one object referenced at two versions is still the same owner.
   * Default: any group.
   */
  apiVersion?: string | undefined;
  /** Follow only the owner reference marked `controller: true` (default), or every matching one. */
  onlyController?: boolean | undefined;
  /**
   * The owner is cluster-scoped: its key is its bare name. Default false: the owner lives in the
   * object's namespace (`namespace/ownerName`), as a namespaced owner of a namespaced object must.
   */
  clusterScoped?: boolean | undefined;
}

/**
 * An enqueue function for "watch the children, reconcile the parent": maps an object to the key
 * of its controller owner of the given kind (from `metadata.ownerReferences`), and nothing when it
 * has none. Tombstones are mapped through their last known state.
 *
 * @throws {ControllerError} code `InvalidOptions` when `kind` is not a non-empty string.
 * @example
 * ```ts
 * createController({
 *   name: 'deployments',
 *   informers: [deployments, { informer: replicaSets, enqueue: enqueueOwner({ apiVersion: 'apps/v1', kind: 'Deployment' }) }],
 *   reconcile: async (key) => { ... },
 * });
 * ```
 */
export function enqueueOwner(options: EnqueueOwnerOptions): EnqueueFunc {
  const { kind, apiVersion, onlyController = true, clusterScoped = false } = options as Partial<EnqueueOwnerOptions>;
  if (typeof kind !== 'string' || kind === '') {
    throw new ControllerError('InvalidOptions', `enqueueOwner: kind must be a non-empty string (the owner's kind, e.g. 'Deployment'), got ${describe(kind)}`);
  }
  if (apiVersion !== undefined && (typeof apiVersion !== 'string' || apiVersion === '')) {
    throw new ControllerError('InvalidOptions', `enqueueOwner: apiVersion must be a non-empty string such as 'apps/v1' when given, got ${describe(apiVersion)}`);
  }
  const group = apiVersion === undefined ? undefined : groupOf(apiVersion);
  const matches = (ref: OwnerReference): boolean =>
    ref.kind === kind && (!onlyController || ref.controller === true) && (group === undefined || groupOf(ref.apiVersion) === group);
  return (obj) => {
    const meta = unwrapTombstone(obj)?.metadata;
    const refs = meta?.ownerReferences;
    if (refs === undefined || refs.length === 0) return undefined;
    const prefix = clusterScoped || meta?.namespace === undefined || meta.namespace === '' ? '' : `${meta.namespace}/`;
    let keys: string[] | undefined;
    for (const ref of refs) {
      if (!matches(ref) || typeof ref.name !== 'string' || ref.name === '') continue;
      (keys ??= []).push(`${prefix}${ref.name}`);
      // A valid object has at most one controller reference.
      if (onlyController) break;
    }
    return keys;
  };
}

/** The group of an `apiVersion`: `'apps'` for `'apps/v1'`, `''` for the core `'v1'`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Options of {@link enqueueByIndex}. */
export interface EnqueueByIndexOptions<T extends KubeObject = KubeObject> {
  /** The cache to look in: usually the `indexer` of the informer of the objects to reconcile. */
  indexer: { indexKeys(indexName: string, value: string): string[] };
  /** The index of that cache whose values name the notified objects, e.g. `'configMap'`. */
  indexName: string;
  /**
   * The index values a notified object stands for. Default: its own key (`namespace/name`, a
   * tombstone's key), for an index whose values are the keys of the objects referenced.
   */
  value?: ((obj: T | DeletedFinalStateUnknown<T>, context: EnqueueContext) => EnqueueKeys) | undefined;
}

/**
 * An enqueue function for "reconcile everything that refers to this object": the keys the index
 * `indexName` of `indexer` holds under the object's key (or the values `value` gives). For
 * instance, with the Deployments' informer indexed by the `namespace/name` of the ConfigMaps each
 * Deployment mounts, a ConfigMap's notification enqueues every Deployment that mounts it.
 *
 * @throws {ControllerError} code `InvalidOptions` when `indexer` or `indexName` is missing.
 * @example
 * ```ts
 * deployments.addIndexers({ configMap: (d) => configMapKeysOf(d) });
 * createController({
 *   name: 'config-hash',
 *   informers: [deployments, { informer: configMaps, enqueue: enqueueByIndex({ indexer: deployments.indexer, indexName: 'configMap' }) }],
 *   reconcile: async (key) => { ... },
 * });
 * ```
 */
export function enqueueByIndex<T extends KubeObject = KubeObject>(options: EnqueueByIndexOptions<T>): EnqueueFunc<T> {
  const { indexer, indexName, value } = options as Partial<EnqueueByIndexOptions<T>>;
  if (typeof indexer?.indexKeys !== 'function') {
    throw new ControllerError('InvalidOptions', 'enqueueByIndex: indexer must be an Indexer (e.g. informer.indexer)');
  }
  if (typeof indexName !== 'string' || indexName === '') {
    throw new ControllerError('InvalidOptions', `enqueueByIndex: indexName must be a non-empty string, got ${describe(indexName)}`);
  }
  if (value !== undefined && typeof value !== 'function') {
    throw new ControllerError('InvalidOptions', 'enqueueByIndex: value must be a function when given');
  }
  return (obj, context) => {
    const values = value === undefined ? deletionHandlingMetaNamespaceKeyFunc(obj) : value(obj, context);
    if (values === undefined || values === null) return undefined;
    if (typeof values === 'string') return indexer.indexKeys(indexName, values);
    const keys: string[] = [];
    for (const v of values) keys.push(...indexer.indexKeys(indexName, v));
    return keys;
  };
}

/** Options of {@link informerSource}. */
export interface InformerSourceOptions<T extends KubeObject> {
  /** How this informer's notifications become keys. */
  enqueue?: EnqueueFunc<T> | undefined;
  /** Only objects for which this returns true enqueue anything. */
  filter?: ((obj: T) => boolean) | undefined;
}

/**
 * An {@link InformerSource} whose `enqueue` and `filter` are typed by the informer's objects, so a
 * plain arrow function gets a `V1Pod` (or `DeletedFinalStateUnknown<V1Pod>`) without annotations.
 * An object literal `{ informer, enqueue }` in `informers` works too, with `KubeObject` parameters.
 *
 * @throws {ControllerError} code `InvalidOptions` when `enqueue` or `filter` is not a function.
 * @example
 * ```ts
 * informerSource(pods, {
 *   enqueue: (pod) => unwrapTombstone(pod)?.spec?.nodeName,   // reconcile the pod's node
 *   filter: (pod) => pod.status?.phase !== 'Succeeded',
 * });
 * ```
 */
export function informerSource<T extends KubeObject>(informer: ControllerInformer<T>, options: InformerSourceOptions<T> = {}): InformerSource<T> {
  const { enqueue, filter } = options;
  if (enqueue !== undefined && typeof enqueue !== 'function') throw new ControllerError('InvalidOptions', 'informerSource: enqueue must be a function');
  if (filter !== undefined && typeof filter !== 'function') throw new ControllerError('InvalidOptions', 'informerSource: filter must be a function');
  return {
    informer,
    ...(enqueue === undefined ? {} : { enqueue }),
    ...(filter === undefined ? {} : { filter }),
  };
}
