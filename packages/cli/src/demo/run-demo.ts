import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import { createSharedInformer, type HandlerRegistration, type SharedInformer } from '@kcache/informer';
import { createListWatch } from '@kcache/listwatch';
import { createReflector, type Reflector, type ReflectorEvent } from '@kcache/reflector';
import { createIndexer, type Indexer } from '@kcache/store';
import { countingListerWatcher, type CountingListerWatcher } from '../internal/counting-lister-watcher.js';
import { createRandom, randomSeed } from '../internal/random.js';
import { createRateMeter } from '../internal/rate-meter.js';
import { CliError } from '../errors.js';
import { trackHealth, type HealthTracker, type StatusSource } from '../internal/reflector-health.js';
import { createChurner, type Churner, type PodWriter } from './churn.js';
import { compareState, describeDiff, type StateDiff } from './compare-state.js';
import type { ControllerSummary, DemoOptions, DemoProgressEvent, DemoSummary, DiffSummary, MirrorStatus } from './demo-types.js';
import { createFaultDriver, FAULT_REACTION_TIMEOUT_MS, type FaultDriver } from './fault-driver.js';
import { demoTiming, FAULT_KINDS, type DemoTiming } from './faults.js';
import { MIN_DURATION_SECONDS } from './limits.js';
import { indexReport } from './index-report.js';
import { clusterShape, type DemoPod } from './pod.js';
import { podIndexers } from './pod-indexes.js';
import { createHandlerReplica, type HandlerReplica } from './replica.js';
import { startControllerStage, type ControllerStage } from './controller-stage.js';

const POD_REF = { apiVersion: 'v1', kind: 'Pod' } as const;
/** How often the churn loop wakes up to write and to report. */
const TICK_MS = 10;
const REPORT_EVERY_MS = 100;
/** Gives the controller stage its own pseudo-random sequence, so the pods' writes do not depend on it. */
const CONTROLLER_SEED_MASK = 0x2f6b_1d3c;

/** One client of the server (the reflector, or the informer's reflector): its traffic, health and watch. */
interface Client {
  readonly name: 'reflector' | 'informer';
  traffic: CountingListerWatcher<DemoPod>;
  tracker: HealthTracker;
  /** ms (performance.now) since which a watch has been open; undefined while none is. */
  watchOpenSince: number | undefined;
  eventsAtWatchStart: number;
  /** True while a streaming list is still sending its initial events. */
  initialEventsPending: boolean;
}

/** listwatch → reflector → indexer: the store the demo has always verified. */
interface Mirror {
  reflector: Reflector<DemoPod>;
  indexer: Indexer<DemoPod>;
  client: Client;
  stop: AbortController;
  running: Promise<void>;
}

/** listwatch → shared informer, with a handler keeping its own replica from its notifications. */
interface InformerSide {
  informer: SharedInformer<DemoPod>;
  replica: HandlerReplica<DemoPod>;
  registration: HandlerRegistration;
  client: Client;
  stop: AbortController;
  running: Promise<void>;
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
  const durationSeconds = options.durationSeconds ?? 20;
  if (!(durationSeconds >= MIN_DURATION_SECONDS)) {
    throw new CliError('InvalidArgument', `durationSeconds must be at least ${MIN_DURATION_SECONDS}: every fault and its recovery need that long, got ${durationSeconds}`);
  }
  const durationMs = Math.round(durationSeconds * 1000);
  const rate = options.rate ?? 400;
  const seed = options.seed ?? randomSeed();
  const settleTimeoutMs = Math.round((options.settleTimeoutSeconds ?? 15) * 1000);
  const shape = clusterShape(options.namespaces ?? 8, options.nodes ?? 40);
  const report = options.onProgress ?? ((): void => undefined);
  const signal = options.signal ?? new AbortController().signal;
  const random = createRandom(seed);
  const timing = demoTiming(durationMs);
  const t0 = performance.now();

  // History large enough that only the compaction fault ever expires a resourceVersion.
  await using server = await createFakeApiServer({ historyLimit: Math.max(100_000, pods + rate * (durationMs / 1000) * 4) });
  signal.throwIfAborted();
  report({ type: 'started', url: server.url, seed, pods, namespaces: shape.namespaces.length, nodes: shape.nodes.length, durationMs, rate });

  // 1. Seed.
  for (const name of shape.namespaces) server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  // The resourceVersion of the last pod write: the pod clients are caught up once they reach it
  // (the server's own resourceVersion moves on with the controller's writes too).
  let podsResourceVersion = server.resourceVersion;
  const writer: PodWriter = {
    create: (pod) => {
      const created = server.create(pod);
      podsResourceVersion = server.resourceVersion;
      return created;
    },
    update: (pod) => {
      const updated = server.update(pod);
      podsResourceVersion = server.resourceVersion;
      return updated;
    },
    delete: (ref) => {
      server.delete(ref);
      podsResourceVersion = server.resourceVersion;
    },
  };
  const churner = createChurner(writer, random, shape);
  const seedStart = performance.now();
  churner.seed(pods, (done) => {
    report({ type: 'seeding', done, total: pods });
  });
  const seedMs = performance.now() - seedStart;
  report({ type: 'seeded', pods, durationMs: seedMs, resourceVersion: server.resourceVersion });

  // 2. Mirror, through a reflector and, beside it, an informer; and the example controller with
  // its own ConfigMaps and Deployments.
  const stage = options.controller === false ? undefined : startControllerStage(server, kubeConfigFor(server), createRandom(seed ^ CONTROLLER_SEED_MASK), shape);
  const stageStart = performance.now();
  const mirror = startMirror(server, timing);
  const side = startInformer(server, timing);
  try {
    const syncStart = performance.now();
    const informerSyncMs = side.registration.waitForSync(signal).then(() => performance.now() - syncStart);
    informerSyncMs.catch(() => undefined);
    await waitForFirstSync(mirror, pods, report, signal);
    const syncMs = performance.now() - syncStart;
    report({
      type: 'synced',
      objects: mirror.indexer.listKeys().length,
      durationMs: syncMs,
      resourceVersion: mirror.reflector.lastSyncResourceVersion,
      source: mirror.client.tracker.health.lists > 0 ? 'list' : 'streaming list',
    });
    const informerMs = await informerSyncMs;
    report({
      type: 'informer-synced',
      objects: side.informer.indexer.listKeys().length,
      replica: side.replica.objects.size,
      durationMs: informerMs,
      resourceVersion: side.informer.lastSyncResourceVersion,
    });

    if (stage !== undefined) {
      const converged = await waitUntil(() => stage.isLeader() && stage.divergent().length === 0, settleTimeoutMs, signal);
      report({
        type: 'controller-converged',
        identity: stage.identity,
        deployments: stage.deployments,
        configMaps: stage.configMaps,
        durationMs: performance.now() - stageStart,
        converged,
      });
    }

    // 3. Churn with faults, for exactly the duration; reactions still on their way are awaited while settling.
    const driver = createFaultDriver(server, () => void churner.step(), durationMs, ['reflector', 'informer']);
    const churnStart = performance.now();
    const observe = (source: Client['name'], event: ReflectorEvent): void => {
      const answered = driver.observe(source, event, performance.now() - churnStart);
      if (answered !== undefined) report({ type: 'fault-answered', fault: answered, elapsedMs: performance.now() - churnStart });
    };
    const offReflector = mirror.reflector.on('*', (event) => {
      observe('reflector', event);
    });
    const offInformer = side.informer.on('*', (event) => {
      if (event.type !== 'handler-error') observe('informer', event);
    });
    let writes: number;
    let churnMs: number;
    let settleMs: number;
    let caughtUp: boolean;
    try {
      writes = await churn(mirror, side, stage, churner, driver, { durationMs, rate, steadyMs: timing.steadyMs, report, signal });
      churnMs = performance.now() - churnStart;
      report({ type: 'churned', writes, durationMs: churnMs });

      // 4. Settle and verify.
      const settleStart = performance.now();
      caughtUp = await settle(mirror, side, stage, server, () => podsResourceVersion, driver, churnStart, settleTimeoutMs, report, signal);
      settleMs = performance.now() - settleStart;
      report({ type: 'settled', durationMs: settleMs, caughtUp });
    } finally {
      offReflector();
      offInformer();
    }

    const serverPods = server.list<DemoPod>(POD_REF);
    const diff = compareState(mirror.indexer.list(), serverPods);
    const indexes = indexReport(mirror.indexer, serverPods);
    const cacheDiff = compareState(side.informer.indexer.list(), serverPods);
    const replicaDiff = compareState([...side.replica.objects.values()], serverPods);
    const informerVerified = cacheDiff.equal && replicaDiff.equal && side.replica.violationCount === 0;
    const controller = stage === undefined ? undefined : controllerSummary(stage);
    const counters = (client: Client): { watchEvents: number; listedItems: number; bookmarks: number } => ({
      watchEvents: client.traffic.counters.watchEvents,
      listedItems: client.traffic.counters.listedItems,
      bookmarks: client.traffic.counters.bookmarks,
    });
    return {
      verified: diff.equal && indexes.consistent && informerVerified && (controller?.converged ?? true),
      faultsAnswered: driver.records.length === FAULT_KINDS.length && driver.records.every((r) => r.observed),
      seed,
      server: { url: server.url, resourceVersion: server.resourceVersion, podsResourceVersion },
      objects: mirror.indexer.listKeys().length,
      resourceVersion: mirror.reflector.lastSyncResourceVersion,
      pods: { seeded: pods, final: serverPods.length, namespaces: shape.namespaces.length, nodes: shape.nodes.length },
      timings: { seedMs, syncMs, churnMs, settleMs, totalMs: performance.now() - t0 },
      churn: { writes, ...churner.counts, ratePerSecond: churnMs > 0 ? (writes * 1000) / churnMs : 0 },
      mirror: { ...structuredClone(mirror.client.tracker.health), ...counters(mirror.client) },
      faults: driver.records.map((r) => ({ ...r, reactions: r.reactions.map((x) => ({ ...x })) })),
      diff: diffSummary(diff),
      indexes,
      informer: {
        verified: informerVerified,
        objects: side.informer.indexer.listKeys().length,
        resourceVersion: side.informer.lastSyncResourceVersion,
        syncMs: informerMs,
        cache: diffSummary(cacheDiff),
        replica: { objects: side.replica.objects.size, ...diffSummary(replicaDiff) },
        handler: {
          ...side.replica.counts,
          violations: side.replica.violationCount,
          violationDetails: [...side.replica.violations],
          errors: side.client.tracker.health.handlerErrors,
        },
        health: { ...structuredClone(side.client.tracker.health), ...counters(side.client) },
      },
      ...(controller === undefined ? {} : { controller }),
    };
  } finally {
    mirror.stop.abort();
    side.stop.abort();
    await Promise.all([mirror.running, side.running, stage?.stop()]);
    mirror.client.tracker.dispose();
    side.client.tracker.dispose();
  }
}

function controllerSummary(stage: ControllerStage): ControllerSummary {
  const divergent = stage.divergent();
  return {
    converged: divergent.length === 0,
    identity: stage.identity,
    lease: { ...stage.lease, ...stage.leaseRecord() },
    deployments: stage.deployments,
    configMaps: stage.configMaps,
    ...stage.counts,
    divergent: divergent.length,
    divergentDetails: divergent.slice(0, 5),
  };
}

/** Polls `condition` until it holds (true) or `timeoutMs` passes (false). */
async function waitUntil(condition: () => boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const start = performance.now();
  for (;;) {
    signal.throwIfAborted();
    if (condition()) return true;
    if (performance.now() - start >= timeoutMs) return false;
    await sleep(20);
  }
}

function diffSummary(diff: StateDiff): DiffSummary {
  return { missing: diff.missing.length, extra: diff.extra.length, stale: diff.stale.length, details: diff.equal ? [] : describeDiff(diff) };
}

function kubeConfigFor(server: FakeApiServer): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig());
  return kc;
}

/** A client whose watch state follows its reflector's events. */
function createClient(name: Client['name'], traffic: CountingListerWatcher<DemoPod>, source: StatusSource): Client {
  const client: Client = {
    name,
    traffic,
    tracker: trackHealth(source, (event) => {
      if (event.type === 'watch-start') {
        client.watchOpenSince = performance.now();
        client.eventsAtWatchStart = traffic.counters.watchEvents;
        client.initialEventsPending = event.sendInitialEvents;
      } else if (event.type === 'watch-end') {
        client.watchOpenSince = undefined;
        client.initialEventsPending = false;
      } else if (event.type === 'sync') {
        client.initialEventsPending = false;
      }
    }),
    watchOpenSince: undefined,
    eventsAtWatchStart: 0,
    initialEventsPending: false,
  };
  return client;
}

/**
 * True when `client` is watching steadily: not backing off, not in the middle of a streaming list's
 * initial events, its watch open for `steadyMs` with changes flowing on it.
 */
function watchingSteadily(client: Client, now: number, steadyMs: number): boolean {
  return (
    !client.initialEventsPending &&
    client.watchOpenSince !== undefined &&
    now - client.watchOpenSince >= steadyMs &&
    client.traffic.counters.watchEvents > client.eventsAtWatchStart
  );
}

function startMirror(server: FakeApiServer, timing: DemoTiming): Mirror {
  const traffic = countingListerWatcher(createListWatch<DemoPod>(kubeConfigFor(server), { apiVersion: 'v1', resource: 'pods' }));
  const indexer = createIndexer<DemoPod>({ indexers: podIndexers() });
  const reflector = createReflector<DemoPod>({
    name: 'pods',
    listerWatcher: traffic,
    store: indexer,
    expectedType: { apiVersion: 'v1', kind: 'Pod' },
    // The demo packs minutes of trouble into seconds: shorter waits than client-go's (800 ms doubling
    // to 30 s, reset after 2 min without trouble) keep recovery within the run. The order and the
    // reasons are unchanged.
    backoff: timing.backoff,
    // Errors are shown from the reflector's events; the default console.warn would tear the live view.
    onWatchError: () => undefined,
  });
  const stop = new AbortController();
  const client = createClient('reflector', traffic, reflector);
  return { reflector, indexer, client, stop, running: reflector.run(stop.signal) };
}

function startInformer(server: FakeApiServer, timing: DemoTiming): InformerSide {
  const traffic = countingListerWatcher(createListWatch<DemoPod>(kubeConfigFor(server), { apiVersion: 'v1', resource: 'pods' }));
  const informer = createSharedInformer<DemoPod>({
    name: 'pods-informer',
    listerWatcher: traffic,
    expectedType: { apiVersion: 'v1', kind: 'Pod' },
    reflector: { backoff: timing.backoff, onWatchError: () => undefined },
  });
  const replica = createHandlerReplica<DemoPod>();
  const registration = informer.addEventHandler(replica.handler, { name: 'replica' });
  const stop = new AbortController();
  const client = createClient('informer', traffic, informer);
  return { informer, replica, registration, client, stop, running: informer.run(stop.signal) };
}

async function waitForFirstSync(mirror: Mirror, total: number, report: (e: DemoProgressEvent) => void, signal: AbortSignal): Promise<void> {
  const done = mirror.reflector.waitForSync(signal).then(() => true);
  while (!(await Promise.race([done, sleep(REPORT_EVERY_MS, false)]))) {
    report({ type: 'syncing', received: mirror.client.traffic.counters.syncItems, total });
  }
}

function mirrorStatus(mirror: Mirror, side: InformerSide, stage: ControllerStage | undefined, eventsPerSecond: number): MirrorStatus {
  return {
    ...(stage === undefined ? {} : { controller: { leading: stage.isLeader(), ...stage.counts, deployments: stage.deployments, divergent: stage.divergent().length } }),
    storeSize: mirror.indexer.listKeys().length,
    eventsPerSecond,
    resourceVersion: mirror.reflector.lastSyncResourceVersion,
    health: mirror.client.tracker.health,
    informer: {
      cacheSize: side.informer.indexer.listKeys().length,
      replicaSize: side.replica.objects.size,
      pending: side.registration.pending,
      resourceVersion: side.informer.lastSyncResourceVersion,
      health: side.client.tracker.health,
    },
  };
}

async function churn(
  mirror: Mirror,
  side: InformerSide,
  stage: ControllerStage | undefined,
  churner: Churner,
  driver: FaultDriver,
  opts: { durationMs: number; rate: number; steadyMs: number; report: (e: DemoProgressEvent) => void; signal: AbortSignal },
): Promise<number> {
  const { durationMs, rate, steadyMs, report, signal } = opts;
  const start = performance.now();
  const meter = createRateMeter();
  // Faults are all due within the duration; only a machine too slow to recover from one in time
  // makes the churn run over, bounded by every fault's reaction timeout.
  const hardStopMs = durationMs + FAULT_KINDS.length * FAULT_REACTION_TIMEOUT_MS;
  // Writes asked for so far by the rate; the fault driver's own writes come on top.
  let scheduled = 0;
  // ConfigMap edits for the controller: a twentieth of the pod rate.
  const editRate = Math.max(1, Math.round(rate / 20));
  let editsScheduled = 0;
  const writes = (): number => churner.counts.created + churner.counts.updated + churner.counts.deleted;
  const writesBefore = writes();
  let lastReport = -Infinity;
  for (;;) {
    signal.throwIfAborted();
    const now = performance.now();
    const elapsed = now - start;
    if ((elapsed >= durationMs && driver.allInjected()) || elapsed >= hardStopMs) break;
    // Writes due by now at the asked rate, at most a tenth of a second's worth per tick so a
    // stalled loop catches up smoothly instead of in one burst.
    const due = Math.min(Math.floor((elapsed * rate) / 1000) - scheduled, Math.max(1, Math.ceil(rate / 10)));
    for (let i = 0; i < due; i++) churner.step();
    if (due > 0) scheduled += due;
    if (stage !== undefined) {
      const edits = Math.min(Math.floor((elapsed * editRate) / 1000) - editsScheduled, Math.max(1, Math.ceil(editRate / 10)));
      for (let i = 0; i < edits; i++) stage.edit();
      if (edits > 0) editsScheduled += edits;
    }
    // A fault should meet clients that are watching: not backing off, not in the middle of a
    // streaming list's initial events, and with changes flowing on their watches.
    const steady = watchingSteadily(mirror.client, now, steadyMs) && watchingSteadily(side.client, now, steadyMs);
    const injected = driver.tick(elapsed, steady);
    if (injected !== undefined) report({ type: 'fault-injected', fault: injected, elapsedMs: elapsed });
    if (now - lastReport >= REPORT_EVERY_MS) {
      lastReport = now;
      const eps = meter.sample(mirror.client.traffic.counters.watchEvents, now);
      report({ type: 'churning', elapsedMs: elapsed, durationMs, writes: writes() - writesBefore, status: mirrorStatus(mirror, side, stage, eps), faults: driver.records });
    }
    await sleep(TICK_MS);
  }
  return writes() - writesBefore;
}

/**
 * Waits until the reflector's store, the informer's cache and the handler's replica all equal the
 * server's pods, both reflectors have reached the last pod write, the handler has nothing left to
 * hear, every Deployment carries the hash of its ConfigMaps, and every fault has been answered (or
 * given up on).
 */
async function settle(
  mirror: Mirror,
  side: InformerSide,
  stage: ControllerStage | undefined,
  server: FakeApiServer,
  podsResourceVersion: () => string,
  driver: FaultDriver,
  churnStart: number,
  timeoutMs: number,
  report: (e: DemoProgressEvent) => void,
  signal: AbortSignal,
): Promise<boolean> {
  const start = performance.now();
  const meter = createRateMeter();
  // resourceVersions are opaque to clients; the demo's server is the fake, whose are integers.
  const reached = (rv: string): boolean => rv !== '' && Number(rv) >= Number(podsResourceVersion());
  for (;;) {
    signal.throwIfAborted();
    const serverPods = (): DemoPod[] => server.list<DemoPod>(POD_REF);
    const caughtUp =
      reached(mirror.reflector.lastSyncResourceVersion) &&
      reached(side.informer.lastSyncResourceVersion) &&
      side.registration.pending === 0 &&
      compareState(mirror.indexer.list(), serverPods()).equal &&
      compareState(side.informer.indexer.list(), serverPods()).equal &&
      compareState([...side.replica.objects.values()], serverPods()).equal &&
      (stage === undefined || stage.divergent().length === 0);
    if (caughtUp && driver.finished(performance.now() - churnStart)) return true;
    const elapsed = performance.now() - start;
    if (elapsed >= timeoutMs) return caughtUp;
    report({ type: 'settling', elapsedMs: elapsed, status: mirrorStatus(mirror, side, stage, meter.sample(mirror.client.traffic.counters.watchEvents, performance.now())) });
    await sleep(50);
  }
}
