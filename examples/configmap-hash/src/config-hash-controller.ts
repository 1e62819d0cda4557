import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppsV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1ConfigMap, type V1Deployment } from '@kubernetes/client-node';
import { createController, enqueueByIndex, type ControllerEvent, type ReconcileResult } from '@kcache/controller';
import { createInformerFactory, type SharedInformer } from '@kcache/informer';
import { createLeaderElector } from '@kcache/leaderelection';
import type { KubeObject } from '@kcache/store';
import { CONFIG_HASH_ANNOTATION, configHash } from './config-hash.js';
import { configMapNames } from './config-map-refs.js';

/** The Deployments' index: `namespace/name` of each ConfigMap a Deployment uses. */
export const CONFIG_MAP_INDEX = 'configMap';

/** Leader election settings (see `@kcache/leaderelection`). */
export interface LeaderElectionSettings {
  /** The Lease's namespace. Default: the watched namespace, else `default`. */
  namespace?: string | undefined;
  /** The Lease's name. Default `kcache-configmap-hash`. */
  name?: string | undefined;
  leaseDurationMs?: number | undefined;
  renewDeadlineMs?: number | undefined;
  retryPeriodMs?: number | undefined;
  /** Clear the Lease when stopped while leading, so another replica takes over at once. Default true. */
  releaseOnCancel?: boolean | undefined;
}

/** Options of {@link startConfigHashController}. */
export interface ConfigHashControllerOptions {
  /** Where the cluster is and how to authenticate. */
  kubeConfig: KubeConfig;
  /** Watch one namespace; default all namespaces. */
  namespace?: string | undefined;
  /** Stops the controller (and gives up leadership) when aborted. */
  signal: AbortSignal;
  /** This replica's identity in leader election. Default: host name and a random suffix. */
  identity?: string | undefined;
  /** Leader election settings, or `false` to act without it (a single replica). */
  leaderElection?: LeaderElectionSettings | false | undefined;
  /** Deployments reconciled at once. Default 2. */
  workers?: number | undefined;
  /** Told of what happens: the controller's events, leadership and each patch. */
  onEvent?: ((event: ConfigHashEvent) => void) | undefined;
}

/** What {@link ConfigHashControllerOptions.onEvent} is told. */
export type ConfigHashEvent =
  | ControllerEvent
  | { type: 'leading'; identity: string }
  | { type: 'not-leading'; identity: string }
  | { type: 'patched'; key: string; hash: string | undefined }
  | { type: 'conflict'; key: string };

/** A running config-hash controller. */
export interface ConfigHashController {
  /** This replica's identity. */
  readonly identity: string;
  /** Whether this replica is leading (always true without leader election, once started). */
  isLeader(): boolean;
  /** Resolves once stopped: the signal aborted and everything has shut down. */
  readonly stopped: Promise<void>;
}

/**
 * Starts the config-hash controller: it keeps the annotation `kcache.dev/config-hash` on the pod
 * template of every Deployment equal to a hash of the ConfigMaps the Deployment uses (volumes,
 * `envFrom`, `env[].valueFrom.configMapKeyRef`), so that changing a ConfigMap rolls the Deployments
 * that use it. Informers on Deployments (indexed by the ConfigMaps they use) and ConfigMaps run on
 * every replica; the controller runs on the leader only.
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * const running = startConfigHashController({ kubeConfig, namespace: 'default', signal: stop.signal });
 * // …
 * stop.abort();
 * await running.stopped;
 * ```
 */
export function startConfigHashController(options: ConfigHashControllerOptions): ConfigHashController {
  const { kubeConfig, namespace, signal, onEvent } = options;
  const identity = options.identity ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const workers = options.workers ?? 2;
  const emit = (event: ConfigHashEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A logger that fails must not stop the controller.
    }
  };

  const factory = createInformerFactory(kubeConfig, { ...(namespace === undefined ? {} : { namespace }), transform: dropManagedFields });
  const deployments = factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
  const configMaps = factory.informerFor<V1ConfigMap>({ apiVersion: 'v1', resource: 'configmaps' });
  deployments.addIndexers({
    [CONFIG_MAP_INDEX]: (d) => configMapNames(d).map((name) => `${d.metadata?.namespace ?? ''}/${name}`),
  });
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const reconcile = reconciler({ deployments, configMaps, apps, emit });

  let leading = false;
  const lead = async (leaderSignal: AbortSignal): Promise<void> => {
    leading = true;
    emit({ type: 'leading', identity });
    try {
      // A new controller per term: a controller runs once, and its queue starts empty.
      const controller = createController({
        name: 'configmap-hash',
        informers: [deployments, { informer: configMaps, enqueue: enqueueByIndex({ indexer: deployments.indexer, indexName: CONFIG_MAP_INDEX }) }],
        workers,
        reconcile,
      });
      controller.on('*', emit);
      await controller.run(leaderSignal);
    } finally {
      leading = false;
      emit({ type: 'not-leading', identity });
    }
  };

  factory.start(signal);
  const stopped = (async () => {
    try {
      const election = options.leaderElection;
      if (election === false) {
        await lead(signal);
        return;
      }
      const elector = createLeaderElector({
        kubeConfig,
        identity,
        lease: { namespace: election?.namespace ?? namespace ?? 'default', name: election?.name ?? 'kcache-configmap-hash' },
        releaseOnCancel: election?.releaseOnCancel ?? true,
        ...(election?.leaseDurationMs === undefined ? {} : { leaseDurationMs: election.leaseDurationMs }),
        ...(election?.renewDeadlineMs === undefined ? {} : { renewDeadlineMs: election.renewDeadlineMs }),
        ...(election?.retryPeriodMs === undefined ? {} : { retryPeriodMs: election.retryPeriodMs }),
        onStartedLeading: lead,
      });
      // Leadership can be lost (a renewal deadline missed); stand again until stopped.
      while (!signal.aborted) await elector.run(signal);
    } finally {
      await factory.shutdown();
    }
  })();
  return { identity, isLeader: () => leading, stopped };
}

/** Drops server-side-apply bookkeeping before the cache sees an object: it is most of a small object's size. */
function dropManagedFields(obj: KubeObject): KubeObject {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

interface ReconcilerDeps {
  deployments: SharedInformer<V1Deployment>;
  configMaps: SharedInformer<V1ConfigMap>;
  apps: AppsV1Api;
  emit: (event: ConfigHashEvent) => void;
}

/** Reconciles one Deployment: compares its annotation with the hash of its ConfigMaps, and patches it when they differ. */
function reconciler({ deployments, configMaps, apps, emit }: ReconcilerDeps): (key: string, signal: AbortSignal) => Promise<ReconcileResult> {
  return async (key, signal) => {
    const deployment = deployments.indexer.getByKey(key);
    if (deployment === undefined || deployment.metadata?.deletionTimestamp !== undefined) return undefined;
    const namespace = deployment.metadata?.namespace ?? '';
    const name = deployment.metadata?.name ?? '';
    const desired = configHash(configMapNames(deployment), (cm) => configMaps.indexer.getByKey(`${namespace}/${cm}`));
    const current = deployment.spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];
    if (current === desired) return undefined;
    // A JSON merge patch of the one annotation (null removes it), conditional on the cached
    // resourceVersion: a Deployment changed since is answered 409, and reconciled again once the
    // cache has the change.
    const body = {
      metadata: { resourceVersion: deployment.metadata?.resourceVersion },
      spec: { template: { metadata: { annotations: { [CONFIG_HASH_ANNOTATION]: desired ?? null } } } },
    };
    try {
      await abortable(apps.patchNamespacedDeployment({ name, namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)), signal);
    } catch (err) {
      const status = statusOf(err);
      if (status === 409) {
        emit({ type: 'conflict', key });
        return { requeue: true };
      }
      if (status === 404) return undefined; // deleted meanwhile
      throw err;
    }
    emit({ type: 'patched', key, hash: desired });
    return undefined;
  };
}

/** The HTTP status of a client-node `ApiException`. */
function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (the request is left to finish on its own). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors -- passed on as the client threw it
      },
    );
  });
}
