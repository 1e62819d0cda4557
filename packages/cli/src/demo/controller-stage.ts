import type { KubeConfig, V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import type { ReconcileOutcome } from '@kcache/controller';
import type { FakeApiServer } from '@kcache/fake-apiserver';
import type { LeaseRef } from '@kcache/leaderelection';
import type { KubeObject } from '@kcache/store';
import { CONFIG_HASH_ANNOTATION, configHash, configMapNames, startConfigHashController } from '@kcache/example-configmap-hash';
import type { Random } from '../internal/random.js';
import type { ClusterShape } from './pod.js';

// The demo's controller stage: the repository's example controller (examples/configmap-hash: it
// keeps a hash of the ConfigMaps a Deployment uses as an annotation on its pod template, so that
// changed config rolls the Deployment), with leader election, run against the demo's fake API
// server while ConfigMaps are edited and the demo's faults fire.

/** What the controller has done so far. */
export interface ControllerCounts {
  /** ConfigMap edits made by the demo. */
  edits: number;
  /** Reconciles finished (every outcome). */
  reconciles: number;
  /** Reconciles by outcome: `success`, `requeue` (a 409, retried), `error` (retried with backoff), … */
  outcomes: Partial<Record<ReconcileOutcome, number>>;
  /** Deployments patched with a new hash. */
  patches: number;
  /** Patches answered 409 Conflict (the cache was behind; retried). */
  conflicts: number;
  /** Reconciles that failed (a connection reset under a patch, …) and were retried with backoff. */
  errors: number;
  /** Times this replica became the leader. */
  terms: number;
}

/** The controller stage, running. */
export interface ControllerStage {
  /** Its identity in leader election. */
  readonly identity: string;
  readonly deployments: number;
  readonly configMaps: number;
  readonly counts: Readonly<ControllerCounts>;
  /** The Lease the controller holds while it leads. */
  readonly lease: LeaseRef;
  isLeader(): boolean;
  /** The Lease as the server has it: its holder and how often it changed hands. */
  leaseRecord(): { holder: string | undefined; transitions: number };
  /** Makes one ConfigMap edit. */
  edit(): void;
  /** Deployments (`namespace/name`) whose annotation differs from the hash of their ConfigMaps, as the server has them. */
  divergent(): string[];
  /** Stops the controller and gives up leadership; resolves once everything has shut down. */
  stop(): Promise<void>;
}

const CONFIG_MAPS = ['app-config', 'feature-flags', 'logging'] as const;
const DEPLOYMENTS = ['web', 'api', 'worker', 'cache', 'ingest'] as const;
/** The identity the demo's controller holds the Lease with. */
const IDENTITY = 'kcache-demo';
const LEASE: LeaseRef = { namespace: 'kube-system', name: 'kcache-demo-configmap-hash' };

/** The part of a coordination.k8s.io/v1 Lease the demo reads. */
interface LeaseObject extends KubeObject {
  spec?: { holderIdentity?: string | null; leaseTransitions?: number | null } | undefined;
}

/** A ConfigMap as the demo writes it (plain JSON, as on the wire). */
interface DemoConfigMap extends KubeObject {
  data: Record<string, string>;
}

/** A Deployment as the demo writes it: what `configMapNames` reads, plain JSON. */
interface DemoDeployment extends KubeObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: { name: string; image: string; volumeMounts: { name: string; mountPath: string }[]; envFrom?: { configMapRef: { name: string } }[] }[];
        volumes: { name: string; configMap: { name: string } }[];
      };
    };
  };
}

function configMap(namespace: string, name: string, revision: number): DemoConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name }, data: { 'settings.yaml': `revision: ${String(revision)}\n` } };
}

/** A Deployment that mounts one or two of the namespace's ConfigMaps, as a volume or through envFrom. */
function deployment(namespace: string, name: string, random: Random): DemoDeployment {
  const first = random.pick(CONFIG_MAPS);
  const used = random.chance(0.5) ? [first, random.pick(CONFIG_MAPS.filter((c) => c !== first))] : [first];
  const [mounted, ...fromEnv] = used;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { namespace, name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name,
              image: `registry.example.com/${name}:1.0.0`,
              volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
              ...(fromEnv.length === 0 ? {} : { envFrom: fromEnv.map((c) => ({ configMapRef: { name: c } })) }),
            },
          ],
          volumes: [{ name: 'config', configMap: { name: mounted ?? first } }],
        },
      },
    },
  };
}

/**
 * Seeds ConfigMaps and Deployments that use them in every namespace of `shape`, and starts the
 * example controller with leader election against the server `kubeConfig` points at.
 */
export function startControllerStage(server: FakeApiServer, kubeConfig: KubeConfig, random: Random, shape: ClusterShape): ControllerStage {
  const revisions = new Map<string, number>();
  for (const namespace of shape.namespaces) {
    for (const name of CONFIG_MAPS) {
      server.create(configMap(namespace, name, 0));
      revisions.set(`${namespace}/${name}`, 0);
    }
    for (const name of DEPLOYMENTS) server.create(deployment(namespace, name, random));
  }
  const counts: ControllerCounts = { edits: 0, reconciles: 0, outcomes: {}, patches: 0, conflicts: 0, errors: 0, terms: 0 };
  const stop = new AbortController();
  const controller = startConfigHashController({
    kubeConfig,
    signal: stop.signal,
    identity: IDENTITY,
    // Short terms, so a lost renewal shows within the run; the Lease is released on stop.
    leaderElection: { ...LEASE, leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 500 },
    workers: 2,
    onEvent: (event) => {
      switch (event.type) {
        case 'leading':
          counts.terms++;
          break;
        case 'reconcile':
          counts.reconciles++;
          counts.outcomes[event.result] = (counts.outcomes[event.result] ?? 0) + 1;
          break;
        case 'patched':
          counts.patches++;
          break;
        case 'conflict':
          counts.conflicts++;
          break;
        case 'error':
          counts.errors++;
          break;
        default:
          break;
      }
    },
  });
  const keys = [...revisions.keys()];
  return {
    identity: controller.identity,
    deployments: shape.namespaces.length * DEPLOYMENTS.length,
    configMaps: keys.length,
    counts,
    lease: LEASE,
    isLeader: () => controller.isLeader(),
    leaseRecord() {
      const lease = server.get<LeaseObject>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...LEASE });
      const holder = lease?.spec?.holderIdentity;
      return { holder: holder === null || holder === '' ? undefined : holder, transitions: lease?.spec?.leaseTransitions ?? 0 };
    },
    edit() {
      const key = random.pick(keys);
      const [namespace = '', name = ''] = key.split('/');
      const revision = (revisions.get(key) ?? 0) + 1;
      revisions.set(key, revision);
      // Without a resourceVersion the update is unconditional: the demo owns ConfigMap content.
      server.update(configMap(namespace, name, revision));
      counts.edits++;
    },
    divergent() {
      const wrong: string[] = [];
      for (const d of server.list<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment' })) {
        const namespace = d.metadata.namespace ?? '';
        const expected = configHash(configMapNames(d), (name) => server.get<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name }));
        if (d.spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION] !== expected) wrong.push(`${namespace}/${d.metadata.name}`);
      }
      return wrong.sort();
    },
    async stop() {
      stop.abort();
      await controller.stopped;
    },
  };
}
