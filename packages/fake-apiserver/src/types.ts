import type { KubeObject, ListMeta, Status, StatusCause, StatusDetails } from '@kcache/store';

/** A kind served by the fake, beside the built-ins (like a CRD without the CRD object). */
export interface ResourceDefinition {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs, e.g. `widgets`. */
  plural: string;
  singular?: string | undefined;
  namespaced: boolean;
  shortNames?: string[] | undefined;
  /** Serve `/status` and keep `.status` out of main-resource writes. */
  statusSubresource?: boolean | undefined;
}

/** Which object a state call is about. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string | undefined;
  name: string;
}

/** What `delete` does beside removing the object: the fields of a DeleteOptions body. */
export interface ObjectDeleteOptions {
  /** How dependents go: `Orphan`, `Background` or `Foreground`; the kind's default when unset. */
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground' | undefined;
  /** Pods: seconds the kubelet gives the pod (`spec.terminationGracePeriodSeconds`, else 30, when unset). */
  gracePeriodSeconds?: number | undefined;
}

/** Which collection a `list` call is about. */
export interface CollectionRef {
  apiVersion: string;
  kind: string;
  namespace?: string | undefined;
}

/** The verbs a fault rule can match. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** A fault: matching requests are answered with this error instead of being served. */
export interface FailRule {
  verb?: Verb | undefined;
  /** Plural resource name, e.g. `pods`. */
  resource?: string | undefined;
  namespace?: string | undefined;
  code: number;
  reason?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /** Answer this many matching requests, then remove the rule. Unlimited when unset. */
  times?: number | undefined;
}

/** A slow-response fault: matching requests are served, but only after `delayMs`. */
export interface DelayRule {
  verb?: Verb | undefined;
  /** Plural resource name, e.g. `pods`. */
  resource?: string | undefined;
  namespace?: string | undefined;
  /** How long to hold each matching request before serving it, in milliseconds. */
  delayMs: number;
  /** Delay this many matching requests, then remove the rule. Unlimited when unset. */
  times?: number | undefined;
}

/** One served HTTP request, for assertions. */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  durationMs: number;
  verb?: Verb | undefined;
  /** The request's `Content-Type` header, when it had one (e.g. which patch type a client sent). */
  contentType?: string | undefined;
}

/**
 * The controllers of a cluster's control plane and nodes that the fake plays, each on unless
 * turned off. Off, the fake behaves as a kube-apiserver without them: deleted namespaces stay
 * Terminating, owners keep their `orphan` / `foregroundDeletion` finalizers and dependents stay,
 * scheduled pods stay marked for deletion until `finishTerminatingPods()`.
 */
export interface ControllerOptions {
  /** The namespace controller: empties a deleted namespace, then removes it. Default true. */
  namespace?: boolean | undefined;
  /**
   * The garbage collector: deletes the dependents of deleted owners (and objects whose owners do
   * not exist), orphans or deletes them for `orphan` / `foregroundDeletion` owners. Default true.
   */
  garbageCollector?: boolean | undefined;
  /**
   * What each node's kubelet does for a pod deleted gracefully: removes it when its grace period
   * ends. Default true.
   */
  podTermination?: boolean | undefined;
}

/** Options of `createFakeApiServer`. */
export interface FakeApiServerOptions {
  /** Interface to bind; default `127.0.0.1` (loopback only unless asked). */
  host?: string | undefined;
  /** Port; default 0 (an ephemeral port). */
  port?: number | undefined;
  /**
   * Changes kept per resource for watches and paginated lists (default 10000, like a watch
   * cache); a watch or continue token older than the oldest kept gets 410 Expired.
   */
  historyLimit?: number | undefined;
  /** How often watches that allow bookmarks get one; default 60000. */
  bookmarkIntervalMs?: number | undefined;
  /** When set, every request needs `Authorization: Bearer <token>`, else 401. */
  token?: string | undefined;
  /** Serve https with a bundled test-only certificate; its CA goes in `kubeconfig()`. */
  tls?: boolean | undefined;
  /** More kinds beside the built-ins (CRD-like). */
  resources?: ResourceDefinition[] | undefined;
  /**
   * Bytes a watch may leave unread before it is cut off (the client re-watches or relists);
   * default 16 MiB. Keeps one slow watcher from holding memory or slowing the others.
   */
  maxWatchBufferBytes?: number | undefined;
  /** How many of the most recent requests `requests` keeps; default 10000. */
  requestLogLimit?: number | undefined;
  /**
   * How long a list or get asking for a resourceVersion the server has not reached waits for it
   * before answering 504 Timeout (`Retry-After: 1`); default 3000, as kube-apiserver's watch
   * cache waits. Tests of that path can set a few milliseconds.
   */
  futureResourceVersionWaitMs?: number | undefined;
  /**
   * Services get their cluster IPs from this IPv4 CIDR, as from kube-apiserver's
   * `--service-cluster-ip-range`; default `10.0.0.0/24`, kube-apiserver's own default. The first
   * address is the `kubernetes` Service's and is never given; others are given lowest first (a
   * cluster picks at random), and a Service may ask for a free one in `spec.clusterIP`.
   * @example '10.96.0.0/12'
   */
  serviceClusterIpRange?: string | undefined;
  /**
   * NodePort and LoadBalancer Services get their node ports from this inclusive range, as from
   * kube-apiserver's `--service-node-port-range`: `[min, max]` or the flag's text `'min-max'`;
   * default `[30000, 32767]`. Ports are given lowest first.
   */
  serviceNodePortRange?: readonly [number, number] | string | undefined;
  /**
   * Which controllers run (all by default); `false` turns every one off, as on a kube-apiserver
   * alone. See `ControllerOptions`.
   */
  controllers?: ControllerOptions | false | undefined;
}

/** The metadata the server fills in on every object it stores. */
export interface StoredMetadata {
  name: string;
  /** Set for namespaced kinds. */
  namespace?: string | undefined;
  uid: string;
  resourceVersion: string;
  /** RFC 3339, seconds, `Z`. */
  creationTimestamp: string;
  /**
   * Set (1 on create, then bumped when the spec changes) for kinds whose spec kube-apiserver
   * tracks: workloads, Pods, CustomResourceDefinitions and custom resources. ConfigMaps, Secrets,
   * Services, ServiceAccounts, Leases… have none unless the creator set one.
   */
  generation?: number | undefined;
}

/** An object as the server stored it: `T` with the metadata it fills in. */
export type Stored<T extends KubeObject> = T & { metadata: NonNullable<T['metadata']> & StoredMetadata };

/**
 * A `Status` as the fake (like kube-apiserver) answers it: the shared `Status` shape of
 * `@kcache/store` with the fields the server always sets made required, so tests can read
 * `err.status.code` or `err.status.reason` without checking for `undefined`.
 */
export interface ServerStatus extends Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  code: number;
}

export type { KubeObject, Status, StatusCause, StatusDetails };
