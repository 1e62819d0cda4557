import type { ReflectorHealth } from '../internal/reflector-health.js';
import type { FaultKind } from './faults.js';
import type { FaultRecord } from './fault-driver.js';
import type { IndexReport } from './index-report.js';
import type { ReplicaCounts } from './replica.js';
import type { ControllerCounts } from './controller-stage.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Pods to seed; default 5000. */
  pods?: number | undefined;
  /**
   * Seconds to churn and inject faults; default 20, at least 3. Every fault is due within it, and
   * the churn lasts this long (it runs over only on a machine too slow to recover from a fault in time).
   */
  durationSeconds?: number | undefined;
  /** Churn writes per second; default 400. */
  rate?: number | undefined;
  /** Namespaces to spread pods over; default 8. */
  namespaces?: number | undefined;
  /** Nodes to spread pods over; default 40. */
  nodes?: number | undefined;
  /** Seed of the pseudo-random generator; default a random one (reported in the summary). */
  seed?: number | undefined;
  /** Seconds to wait for the mirror to catch up after churning; default 15. */
  settleTimeoutSeconds?: number | undefined;
  /** Run the example controller stage (examples/configmap-hash) beside the mirrors; default true. */
  controller?: boolean | undefined;
  /** Stops the demo early (it then rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
  /** Called as the demo progresses, for a live view. */
  onProgress?: ((event: DemoProgressEvent) => void) | undefined;
}

/** A snapshot of the mirror while churning. */
export interface MirrorStatus {
  /** Objects in the store. */
  storeSize: number;
  /** Watch events per second received lately. */
  eventsPerSecond: number;
  /** The reflector's lastSyncResourceVersion. */
  resourceVersion: string;
  health: Readonly<ReflectorHealth>;
  /** The informer beside the reflector. */
  informer: InformerStatus;
  /** The example controller, when its stage runs. */
  controller?: ControllerStatus | undefined;
}

/** A snapshot of the example controller while churning. */
export interface ControllerStatus extends ControllerCounts {
  /** Whether it holds the Lease. */
  leading: boolean;
  deployments: number;
  /** Deployments whose annotation is not (yet) the hash of their ConfigMaps. */
  divergent: number;
}

/** The example controller's part of the summary. */
export interface ControllerSummary extends ControllerCounts {
  /** True when every Deployment's annotation equals the hash of its ConfigMaps, as the server has them. */
  converged: boolean;
  /** Its identity in leader election. */
  identity: string;
  /** The Lease at the end, as the server has it (before the controller released it on stopping). */
  lease: { namespace: string; name: string; holder: string | undefined; transitions: number };
  deployments: number;
  configMaps: number;
  /** Deployments whose annotation differs (0 when converged). */
  divergent: number;
  /** The first few of them, `namespace/name`. */
  divergentDetails: string[];
}

/** A snapshot of the informer and its handler while churning. */
export interface InformerStatus {
  /** Objects in the informer's cache. */
  cacheSize: number;
  /** Objects in the handler's own replica. */
  replicaSize: number;
  /** Notifications the handler has yet to hear. */
  pending: number;
  /** The informer's lastSyncResourceVersion. */
  resourceVersion: string;
  health: Readonly<ReflectorHealth>;
}

/** How a copy of the pods differs from the server (all zero when equal). */
export interface DiffSummary {
  missing: number;
  extra: number;
  stale: number;
  /** A few lines for people; empty when equal. */
  details: string[];
}

/** The informer's part of the summary. */
export interface InformerSummary {
  /** True when the informer's cache and the handler's replica hold exactly the server's pods and no notification contradicted an earlier one. */
  verified: boolean;
  /** Objects in the informer's cache at the end. */
  objects: number;
  /** The informer's lastSyncResourceVersion at the end. */
  resourceVersion: string;
  /** ms until the handler had heard every object of the first list. */
  syncMs: number;
  /** How the informer's cache differs from the server. */
  cache: DiffSummary;
  /** How the handler's replica, built from its notifications alone, differs from the server. */
  replica: DiffSummary & { objects: number };
  /** What the handler heard. */
  handler: ReplicaCounts & {
    /** Notifications that contradicted earlier ones (an update whose old object was not the last one told, …). */
    violations: number;
    /** The first few, for people. */
    violationDetails: string[];
    /** Times the handler threw. */
    errors: number;
  };
  health: ReflectorHealth & { watchEvents: number; listedItems: number; bookmarks: number };
}

/** What the demo reports as it goes. */
export type DemoProgressEvent =
  | { type: 'started'; url: string; seed: number; pods: number; namespaces: number; nodes: number; durationMs: number; rate: number }
  | { type: 'seeding'; done: number; total: number }
  | { type: 'seeded'; pods: number; durationMs: number; resourceVersion: string }
  | { type: 'syncing'; received: number; total: number }
  | { type: 'synced'; objects: number; durationMs: number; resourceVersion: string; source: string }
  | { type: 'informer-synced'; objects: number; replica: number; durationMs: number; resourceVersion: string }
  | { type: 'controller-converged'; identity: string; deployments: number; configMaps: number; durationMs: number; converged: boolean }
  | { type: 'churning'; elapsedMs: number; durationMs: number; writes: number; status: MirrorStatus; faults: readonly FaultRecord[] }
  | { type: 'fault-injected'; fault: FaultRecord; elapsedMs: number }
  | { type: 'fault-answered'; fault: FaultRecord; elapsedMs: number }
  | { type: 'churned'; writes: number; durationMs: number }
  | { type: 'settling'; elapsedMs: number; status: MirrorStatus }
  | { type: 'settled'; durationMs: number; caughtUp: boolean };

/** The outcome of a demo run; `--json` prints exactly this. */
export interface DemoSummary {
  /**
   * True when the store holds exactly the server's pods at the same resourceVersions and every index
   * agrees, the informer's cache and its handler's replica hold them too (`informer.verified`), and
   * the example controller converged (`controller.converged`).
   */
  verified: boolean;
  /** True when the reflector's reaction to every fault was seen. */
  faultsAnswered: boolean;
  seed: number;
  /** The server's resourceVersion at the end, and that of its last pod write. */
  server: { url: string; resourceVersion: string; podsResourceVersion: string };
  /** Objects in the store at the end. */
  objects: number;
  /** The reflector's lastSyncResourceVersion at the end. */
  resourceVersion: string;
  pods: { seeded: number; final: number; namespaces: number; nodes: number };
  timings: { seedMs: number; syncMs: number; churnMs: number; settleMs: number; totalMs: number };
  churn: { writes: number; created: number; updated: number; deleted: number; ratePerSecond: number };
  mirror: ReflectorHealth & { watchEvents: number; listedItems: number; bookmarks: number };
  faults: (FaultRecord & { kind: FaultKind })[];
  /** How the store differs from the server (all zero when verified). */
  diff: DiffSummary;
  indexes: IndexReport;
  /** The informer run beside the reflector, and the replica its handler kept. */
  informer: InformerSummary;
  /** The example controller's stage; absent when skipped (`controller: false`, `--no-controller`). */
  controller?: ControllerSummary | undefined;
}
