import type { ReflectorHealth } from '../internal/reflector-health.js';
import type { FaultKind } from './faults.js';
import type { FaultRecord } from './fault-driver.js';
import type { IndexReport } from './index-report.js';
import type { ReplicaCounts } from './replica.js';

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
   * agrees, and the informer's cache and its handler's replica hold them too (`informer.verified`).
   */
  verified: boolean;
  /** True when the reflector's reaction to every fault was seen. */
  faultsAnswered: boolean;
  seed: number;
  server: { url: string; resourceVersion: string };
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
}
