import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import { createListWatch } from '@kcache/listwatch';
import { createReflector, type Reflector } from '@kcache/reflector';
import { createIndexer, type Indexer } from '@kcache/store';
import { countingListerWatcher, type CountingListerWatcher } from '../internal/counting-lister-watcher.js';
import { createRandom, randomSeed } from '../internal/random.js';
import { createRateMeter } from '../internal/rate-meter.js';
import { trackHealth, type HealthTracker } from '../internal/reflector-health.js';
import { createChurner, type Churner, type PodWriter } from './churn.js';
import { compareState, describeDiff } from './compare-state.js';
import type { DemoOptions, DemoProgressEvent, DemoSummary, MirrorStatus } from './demo-types.js';
import { createFaultDriver, FAULT_REACTION_TIMEOUT_MS, type FaultDriver } from './fault-driver.js';
import { FAULT_KINDS } from './faults.js';
import { indexReport } from './index-report.js';
import { clusterShape, type DemoPod } from './pod.js';
import { podIndexers } from './pod-indexes.js';

const POD_REF = { apiVersion: 'v1', kind: 'Pod' } as const;
/** How often the churn loop wakes up to write and to report. */
const TICK_MS = 10;
const REPORT_EVERY_MS = 100;

interface Mirror {
  reflector: Reflector<DemoPod>;
  indexer: Indexer<DemoPod>;
  traffic: CountingListerWatcher<DemoPod>;
  tracker: HealthTracker;
  stop: AbortController;
  running: Promise<void>;
  /** ms (performance.now) since which a watch has been open; undefined while none is. */
  watchOpenSince: number | undefined;
  eventsAtWatchStart: number;
  /** True while a streaming list is still sending its initial events. */
  initialEventsPending: boolean;
}

/**
 * Runs the demo: seeds a fake API server, mirrors it through listwatch → reflector → indexer while
 * churning and injecting faults, then checks that the store equals the server's state.
 *
 * @throws The signal's reason when `options.signal` aborts.
 * @example
 * ```ts
 * const summary = await runDemo({ pods: 500, durationSeconds: 3, seed: 1 });
 * console.log(summary.verified, summary.resourceVersion);
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const pods = options.pods ?? 5000;
  const durationMs = Math.round((options.durationSeconds ?? 20) * 1000);
  const rate = options.rate ?? 400;
  const seed = options.seed ?? randomSeed();
  const settleTimeoutMs = Math.round((options.settleTimeoutSeconds ?? 15) * 1000);
  const shape = clusterShape(options.namespaces ?? 8, options.nodes ?? 40);
  const report = options.onProgress ?? ((): void => undefined);
  const signal = options.signal ?? new AbortController().signal;
  const random = createRandom(seed);
  const t0 = performance.now();

  // History large enough that only the compaction fault ever expires a resourceVersion.
  await using server = await createFakeApiServer({ historyLimit: Math.max(100_000, pods + rate * (durationMs / 1000) * 4) });
  signal.throwIfAborted();
  report({ type: 'started', url: server.url, seed, pods, namespaces: shape.namespaces.length, nodes: shape.nodes.length, durationMs, rate });

  // 1. Seed.
  for (const name of shape.namespaces) server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const writer: PodWriter = {
    create: (pod) => server.create(pod),
    update: (pod) => server.update(pod),
    delete: (ref) => {
      server.delete(ref);
    },
  };
  const churner = createChurner(writer, random, shape);
  const seedStart = performance.now();
  churner.seed(pods, (done) => {
    report({ type: 'seeding', done, total: pods });
  });
  const seedMs = performance.now() - seedStart;
  report({ type: 'seeded', pods, durationMs: seedMs, resourceVersion: server.resourceVersion });

  // 2. Mirror.
  const mirror = startMirror(server);
  try {
    const syncStart = performance.now();
    await waitForFirstSync(mirror, pods, report, signal);
    const syncMs = performance.now() - syncStart;
    report({
      type: 'synced',
      objects: mirror.indexer.listKeys().length,
      durationMs: syncMs,
      resourceVersion: mirror.reflector.lastSyncResourceVersion,
      source: mirror.tracker.health.lists > 0 ? 'list' : 'streaming list',
    });

    // 3. Churn with faults.
    const driver = createFaultDriver(server, () => void churner.step(), durationMs);
    const churnStart = performance.now();
    const writes = await churn(mirror, churner, driver, { durationMs, rate, report, signal });
    const churnMs = performance.now() - churnStart;
    report({ type: 'churned', writes, durationMs: churnMs });

    // 4. Settle and verify.
    const settleStart = performance.now();
    const caughtUp = await settle(mirror, server, settleTimeoutMs, report, signal);
    const settleMs = performance.now() - settleStart;
    report({ type: 'settled', durationMs: settleMs, caughtUp });

    const serverPods = server.list<DemoPod>(POD_REF);
    const diff = compareState(mirror.indexer.list(), serverPods);
    const indexes = indexReport(mirror.indexer, serverPods);
    const { counters } = mirror.traffic;
    return {
      verified: diff.equal && indexes.consistent,
      faultsAnswered: driver.records.length === FAULT_KINDS.length && driver.records.every((r) => r.observed),
      seed,
      server: { url: server.url, resourceVersion: server.resourceVersion },
      objects: mirror.indexer.listKeys().length,
      resourceVersion: mirror.reflector.lastSyncResourceVersion,
      pods: { seeded: pods, final: serverPods.length, namespaces: shape.namespaces.length, nodes: shape.nodes.length },
      timings: { seedMs, syncMs, churnMs, settleMs, totalMs: performance.now() - t0 },
      churn: { writes, ...churner.counts, ratePerSecond: churnMs > 0 ? (writes * 1000) / churnMs : 0 },
      mirror: {
        ...structuredClone(mirror.tracker.health),
        watchEvents: counters.watchEvents,
        listedItems: counters.listedItems,
        bookmarks: counters.bookmarks,
      },
      faults: driver.records.map((r) => ({ ...r })),
      diff: {
        missing: diff.missing.length,
        extra: diff.extra.length,
        stale: diff.stale.length,
        details: diff.equal ? [] : describeDiff(diff),
      },
      indexes,
    };
  } finally {
    mirror.stop.abort();
    await mirror.running;
    mirror.tracker.dispose();
  }
}

function startMirror(server: FakeApiServer): Mirror {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig());
  const traffic = countingListerWatcher(createListWatch<DemoPod>(kc, { apiVersion: 'v1', resource: 'pods' }));
  const indexer = createIndexer<DemoPod>({ indexers: podIndexers() });
  const reflector = createReflector<DemoPod>({
    name: 'pods',
    listerWatcher: traffic,
    store: indexer,
    expectedType: { apiVersion: 'v1', kind: 'Pod' },
    // The demo packs minutes of trouble into seconds: shorter waits than client-go's (800 ms doubling
    // to 30 s, reset after 2 min without trouble) keep recovery visible within the run. The order
    // and the reasons are unchanged.
    backoff: { initialMs: 200, maxMs: 2000, resetAfterMs: 10_000 },
    // Errors are shown from the reflector's events; the default console.warn would tear the live view.
    onWatchError: () => undefined,
  });
  const stop = new AbortController();
  const mirror: Mirror = {
    reflector,
    indexer,
    traffic,
    tracker: trackHealth(reflector, (event) => {
      if (event.type === 'watch-start') {
        mirror.watchOpenSince = performance.now();
        mirror.eventsAtWatchStart = traffic.counters.watchEvents;
        mirror.initialEventsPending = event.sendInitialEvents;
      } else if (event.type === 'watch-end') {
        mirror.watchOpenSince = undefined;
        mirror.initialEventsPending = false;
      } else if (event.type === 'sync') {
        mirror.initialEventsPending = false;
      }
    }),
    stop,
    running: Promise.resolve(),
    watchOpenSince: undefined,
    eventsAtWatchStart: 0,
    initialEventsPending: false,
  };
  mirror.running = reflector.run(stop.signal);
  return mirror;
}

async function waitForFirstSync(mirror: Mirror, total: number, report: (e: DemoProgressEvent) => void, signal: AbortSignal): Promise<void> {
  const done = mirror.reflector.waitForSync(signal).then(() => true);
  while (!(await Promise.race([done, sleep(REPORT_EVERY_MS, false)]))) {
    report({ type: 'syncing', received: mirror.traffic.counters.syncItems, total });
  }
}

function mirrorStatus(mirror: Mirror, eventsPerSecond: number): MirrorStatus {
  return {
    storeSize: mirror.indexer.listKeys().length,
    eventsPerSecond,
    resourceVersion: mirror.reflector.lastSyncResourceVersion,
    health: mirror.tracker.health,
  };
}

async function churn(
  mirror: Mirror,
  churner: Churner,
  driver: FaultDriver,
  opts: { durationMs: number; rate: number; report: (e: DemoProgressEvent) => void; signal: AbortSignal },
): Promise<number> {
  const { durationMs, rate, report, signal } = opts;
  const start = performance.now();
  const meter = createRateMeter();
  // Faults resolve on reflector events, which arrive between ticks.
  const offObserve = mirror.reflector.on('*', (event) => {
    const answered = driver.observe(event, performance.now() - start);
    if (answered !== undefined) report({ type: 'fault-answered', fault: answered, elapsedMs: performance.now() - start });
  });
  // A bound on the run however faults go: the duration plus every fault's reaction timeout.
  const hardStopMs = durationMs + FAULT_KINDS.length * FAULT_REACTION_TIMEOUT_MS;
  // Writes asked for so far by the rate; the fault driver's own writes come on top.
  let scheduled = 0;
  const writes = (): number => churner.counts.created + churner.counts.updated + churner.counts.deleted;
  const writesBefore = writes();
  let lastReport = -Infinity;
  try {
    for (;;) {
      signal.throwIfAborted();
      const now = performance.now();
      const elapsed = now - start;
      if ((elapsed >= durationMs && driver.finished(elapsed)) || elapsed >= hardStopMs) break;
      // Writes due by now at the asked rate, at most a tenth of a second's worth per tick so a
      // stalled loop catches up smoothly instead of in one burst.
      const due = Math.min(Math.floor((elapsed * rate) / 1000) - scheduled, Math.max(1, Math.ceil(rate / 10)));
      for (let i = 0; i < due; i++) churner.step();
      if (due > 0) scheduled += due;
      // A fault should meet a mirror that is watching: not backing off, not in the middle of a
      // streaming list's initial events, and with changes flowing on this watch.
      const steady =
        !mirror.initialEventsPending &&
        mirror.watchOpenSince !== undefined &&
        now - mirror.watchOpenSince >= 300 &&
        mirror.traffic.counters.watchEvents > mirror.eventsAtWatchStart;
      const injected = driver.tick(elapsed, steady);
      if (injected !== undefined) report({ type: 'fault-injected', fault: injected, elapsedMs: elapsed });
      if (now - lastReport >= REPORT_EVERY_MS) {
        lastReport = now;
        const eps = meter.sample(mirror.traffic.counters.watchEvents, now);
        report({ type: 'churning', elapsedMs: elapsed, durationMs, writes: writes() - writesBefore, status: mirrorStatus(mirror, eps), faults: driver.records });
      }
      await sleep(TICK_MS);
    }
  } finally {
    offObserve();
  }
  return writes() - writesBefore;
}

/** Waits until the store equals the server's pods and the reflector is at the server's resourceVersion. */
async function settle(
  mirror: Mirror,
  server: FakeApiServer,
  timeoutMs: number,
  report: (e: DemoProgressEvent) => void,
  signal: AbortSignal,
): Promise<boolean> {
  const start = performance.now();
  const meter = createRateMeter();
  for (;;) {
    signal.throwIfAborted();
    const caughtUp =
      mirror.reflector.lastSyncResourceVersion === server.resourceVersion &&
      compareState(mirror.indexer.list(), server.list<DemoPod>(POD_REF)).equal;
    if (caughtUp) return true;
    const elapsed = performance.now() - start;
    if (elapsed >= timeoutMs) return false;
    report({ type: 'settling', elapsedMs: elapsed, status: mirrorStatus(mirror, meter.sample(mirror.traffic.counters.watchEvents, performance.now())) });
    await sleep(50);
  }
}
