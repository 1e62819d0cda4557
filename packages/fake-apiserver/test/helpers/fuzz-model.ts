// What the fuzz test expects the server to hold: every write the server accepted (a 2xx that was
// not a dry run), applied with Kubernetes' rules to the object the server answered with. Refused
// requests must leave no trace, so at the end the server's state must equal this model exactly.
import type { KubeObject, ResourceDefinition } from '../../src/index.js';

export interface FuzzKind {
  apiVersion: string;
  kind: string;
  /** URL prefix: `/api/v1` or `/apis/{group}/{version}`. */
  base: string;
  plural: string;
  namespaced: boolean;
  /** Custom kinds: no strategic merge patch. */
  custom: boolean;
  /** Served with a `/status` subresource. */
  status: boolean;
  /** The field a change to "the spec" touches (`data` for a ConfigMap). */
  payload: 'spec' | 'data';
}

/** Kinds the fuzz test writes to (and near-misses of their paths). */
export const WRITTEN_KINDS: readonly FuzzKind[] = [
  { apiVersion: 'v1', kind: 'Pod', base: '/api/v1', plural: 'pods', namespaced: true, custom: false, status: true, payload: 'spec' },
  { apiVersion: 'v1', kind: 'ConfigMap', base: '/api/v1', plural: 'configmaps', namespaced: true, custom: false, status: false, payload: 'data' },
  { apiVersion: 'v1', kind: 'Node', base: '/api/v1', plural: 'nodes', namespaced: false, custom: false, status: true, payload: 'spec' },
  { apiVersion: 'apps/v1', kind: 'Deployment', base: '/apis/apps/v1', plural: 'deployments', namespaced: true, custom: false, status: true, payload: 'spec' },
  { apiVersion: 'example.com/v1', kind: 'Widget', base: '/apis/example.com/v1', plural: 'widgets', namespaced: true, custom: true, status: true, payload: 'spec' },
  { apiVersion: 'example.com/v1', kind: 'Gadget', base: '/apis/example.com/v1', plural: 'gadgets', namespaced: false, custom: true, status: false, payload: 'spec' },
];

/** The custom kinds above, served through `resources`. */
export const FUZZ_RESOURCES: ResourceDefinition[] = [
  { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, statusSubresource: true },
  { group: 'example.com', version: 'v1', kind: 'Gadget', plural: 'gadgets', namespaced: false },
];

/** Every kind checked at the end: the written ones and the rest of the built-ins (which must stay empty). */
export const CHECKED_KINDS: readonly { apiVersion: string; kind: string }[] = [
  ...WRITTEN_KINDS.map(({ apiVersion, kind }) => ({ apiVersion, kind })),
  ...[
    ['v1', 'Namespace'], ['v1', 'Service'], ['v1', 'Endpoints'], ['v1', 'Secret'], ['v1', 'ServiceAccount'],
    ['v1', 'Event'], ['v1', 'PersistentVolumeClaim'], ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'],
    ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['coordination.k8s.io/v1', 'Lease'],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ].map(([apiVersion, kind]) => ({ apiVersion: apiVersion ?? '', kind: kind ?? '' })),
];

export type Obj = KubeObject & { metadata: NonNullable<KubeObject['metadata']> } & Record<string, unknown>;

const objectKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class Model {
  /** `apiVersion/Kind` → `namespace/name` → object. */
  private readonly kinds = new Map<string, Map<string, Obj>>();
  /** The highest resourceVersion any accepted write answered with. */
  maxResourceVersion = 0;
  /** Set when the server made changes no answer showed (a namespace deletion's cascade). */
  unseenChanges = false;

  private bucket(apiVersion: string, kind: string): Map<string, Obj> {
    const id = `${apiVersion}/${kind}`;
    let bucket = this.kinds.get(id);
    if (bucket === undefined) {
      bucket = new Map();
      this.kinds.set(id, bucket);
    }
    return bucket;
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Obj | undefined {
    return this.kinds.get(`${apiVersion}/${kind}`)?.get(objectKey(namespace, name));
  }

  /** Objects of a kind (in one namespace, or all), in the server's key order. */
  list(apiVersion: string, kind: string, namespace?: string): Obj[] {
    const bucket = this.kinds.get(`${apiVersion}/${kind}`);
    if (bucket === undefined) return [];
    return [...bucket.entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }

  /**
   * Applies what an accepted write answered. `removal` says how to read the answer: a DELETE's
   * object is gone unless finalizers hold it; an update's is gone when it removed the last
   * finalizer of an object being deleted. Throws when the answer breaks the resourceVersion rules.
   */
  apply(obj: Obj, how: 'write' | 'delete'): void {
    const { apiVersion, kind } = obj;
    const { name, namespace, resourceVersion } = obj.metadata;
    if (apiVersion === undefined || kind === undefined || name === undefined || resourceVersion === undefined) {
      throw new Error(`an accepted write answered an object without apiVersion, kind, name or resourceVersion: ${JSON.stringify(obj).slice(0, 300)}`);
    }
    const bucket = this.bucket(apiVersion, kind);
    const key = objectKey(namespace, name);
    const before = bucket.get(key);
    const rv = Number(resourceVersion);
    if (!Number.isInteger(rv) || rv <= 0) throw new Error(`resourceVersion ${resourceVersion} is not a positive decimal integer`);
    if (how === 'delete' && before === undefined) {
      throw new Error(`${kind} ${key}: a DELETE was accepted for an object no accepted write created`);
    }
    if (before?.metadata.resourceVersion !== resourceVersion) {
      // A change: the global counter moved past every resourceVersion seen so far.
      if (rv <= this.maxResourceVersion) {
        throw new Error(`${kind} ${key}: resourceVersion ${resourceVersion} of a change is not above ${String(this.maxResourceVersion)}`);
      }
      this.maxResourceVersion = rv;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    const gone = how === 'delete' ? finalizers.length === 0 : obj.metadata.deletionTimestamp !== undefined && finalizers.length === 0;
    if (!gone) {
      bucket.set(key, obj);
      return;
    }
    bucket.delete(key);
    if (apiVersion === 'v1' && kind === 'Namespace') this.removeNamespace(name);
  }

  /**
   * A DELETE answered kube-apiserver's `Success` Status (the object was removed at once): the
   * object its path names is gone. Throws when the Status names another object.
   */
  removeDeleted(path: string, details: Record<string, unknown>): void {
    const written = WRITTEN_KINDS.find((k) => path.startsWith(`${k.base}/`));
    const rest = written === undefined ? [] : path.slice(written.base.length + 1).split('?')[0]!.split('/').map(decodeURIComponent);
    const [namespace, plural, name] = rest[0] === 'namespaces' && rest.length === 4 ? [rest[1], rest[2], rest[3]] : [undefined, rest[0], rest[1]];
    const kind = WRITTEN_KINDS.find((k) => k.base === written?.base && k.plural === plural);
    if (kind === undefined || name === undefined) throw new Error(`a DELETE of ${path} answered a Success Status for no object the model knows`);
    const bucket = this.bucket(kind.apiVersion, kind.kind);
    const key = objectKey(namespace, name);
    const before = bucket.get(key);
    if (before === undefined) throw new Error(`${kind.kind} ${key}: a DELETE was accepted for an object no accepted write created`);
    if (details.name !== name || details.kind !== kind.plural || details.uid !== before.metadata.uid) {
      throw new Error(`${kind.kind} ${key}: the delete's Status names another object: ${JSON.stringify(details)}`);
    }
    bucket.delete(key);
    // The removal is one change the answer does not show: the counter moved by one.
    this.maxResourceVersion += 1;
  }

  /** Deleting a namespace deletes what it holds at once (the fake does the namespace controller's job). */
  private removeNamespace(namespace: string): void {
    for (const [id, bucket] of this.kinds) {
      for (const [key, obj] of bucket) {
        if (obj.metadata.namespace !== namespace) continue;
        if ((obj.metadata.finalizers ?? []).length > 0) {
          throw new Error(`namespace ${namespace} was deleted while ${id} ${key} had finalizers: the model cannot predict its deletionTimestamp`);
        }
        bucket.delete(key);
        this.unseenChanges = true;
      }
    }
  }

  /** Every object, for the final comparison. */
  all(apiVersion: string, kind: string): Obj[] {
    return this.list(apiVersion, kind);
  }
}
