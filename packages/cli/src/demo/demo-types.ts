import type { ReflectorHealth } from '../internal/reflector-health.js';
import type { FaultKind } from './faults.js';
import type { FaultRecord } from './fault-driver.js';
import type { IndexReport } from './index-report.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Pods to seed; default 5000. */
  pods?: number | undefined;
  /** Seconds to churn and inject faults; default 20. Churning goes on past it until every fault has been answered. */
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
}

/** What the demo reports as it goes. */
export type DemoProgressEvent =
  | { type: 'started'; url: string; seed: number; pods: number; namespaces: number; nodes: number; durationMs: number; rate: number }
  | { type: 'seeding'; done: number; total: number }
  | { type: 'seeded'; pods: number; durationMs: number; resourceVersion: string }
  | { type: 'syncing'; received: number; total: number }
  | { type: 'synced'; objects: number; durationMs: number; resourceVersion: string; source: string }
  | { type: 'churning'; elapsedMs: number; durationMs: number; writes: number; status: MirrorStatus; faults: readonly FaultRecord[] }
  | { type: 'fault-injected'; fault: FaultRecord; elapsedMs: number }
  | { type: 'fault-answered'; fault: FaultRecord; elapsedMs: number }
  | { type: 'churned'; writes: number; durationMs: number }
  | { type: 'settling'; elapsedMs: number; status: MirrorStatus }
  | { type: 'settled'; durationMs: number; caughtUp: boolean };

/** The outcome of a demo run; `--json` prints exactly this. */
export interface DemoSummary {
  /** True when the store holds exactly the server's pods at the same resourceVersions and every index agrees. */
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
  diff: { missing: number; extra: number; stale: number; details: string[] };
  indexes: IndexReport;
}
