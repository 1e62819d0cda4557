import type { Random } from '../internal/random.js';

/** The phases a pod goes through, as in `status.phase`. */
export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed'] as const;

/** A pod phase. */
export type PodPhase = (typeof POD_PHASES)[number];

/**
 * The part of a Pod the demo reads and writes (a `V1Pod` fits it). Declared on its own rather than
 * extending a package's `KubeObject`, so it fits the store's and the fake server's shapes alike.
 */
export interface DemoPod {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?:
    | {
        name?: string | undefined;
        namespace?: string | undefined;
        uid?: string | undefined;
        resourceVersion?: string | undefined;
        labels?: Record<string, string> | undefined;
      }
    | undefined;
  spec?: { nodeName?: string | undefined; containers?: { name: string; image: string }[] | undefined } | undefined;
  status?: { phase?: string | undefined } | undefined;
}

const APPS = ['web', 'api', 'worker', 'cache', 'ingest', 'search', 'billing', 'auth'] as const;

/** The cluster's shape: namespace and node names. */
export interface ClusterShape {
  namespaces: readonly string[];
  nodes: readonly string[];
}

/** `count` namespace names and `nodeCount` node names, stable for a given size. */
export function clusterShape(namespaceCount: number, nodeCount: number): ClusterShape {
  const width = String(nodeCount).length < 3 ? 3 : String(nodeCount).length;
  return {
    namespaces: Array.from({ length: namespaceCount }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`),
    nodes: Array.from({ length: nodeCount }, (_, i) => `node-${String(i + 1).padStart(width, '0')}`),
  };
}

/**
 * A new pod in a random namespace, on a random node, in a random phase (most Running, as in a live
 * cluster). Names are unique per generator sequence thanks to the caller's counter.
 */
export function generatePod(random: Random, shape: ClusterShape, serial: number): DemoPod {
  const app = random.pick(APPS);
  const roll = random.next();
  const phase: PodPhase = roll < 0.7 ? 'Running' : roll < 0.85 ? 'Pending' : roll < 0.95 ? 'Succeeded' : 'Failed';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${serial.toString(36).padStart(5, '0')}-${random.token(5)}`,
      namespace: random.pick(shape.namespaces),
      labels: { app, tier: random.pick(['frontend', 'backend', 'batch']), revision: '1' },
    },
    spec: {
      nodeName: random.pick(shape.nodes),
      containers: [{ name: app, image: `registry.example.com/${app}:1.${random.int(20)}.0` }],
    },
    status: { phase },
  };
}

/** The next phase a pod can move to from `phase` (pods only move forward, apart from restarts). */
export function nextPhase(random: Random, phase: string | undefined): PodPhase {
  switch (phase) {
    case 'Pending':
      return random.chance(0.9) ? 'Running' : 'Failed';
    case 'Running':
      return random.chance(0.6) ? 'Succeeded' : random.chance(0.5) ? 'Failed' : 'Pending';
    default:
      return random.chance(0.8) ? 'Pending' : 'Running';
  }
}
