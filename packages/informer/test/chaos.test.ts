// Chaos: a seeded writer churns pods across namespaces while faults fire at random (dropped
// watches, reset connections, compaction, 500s, 429s, slow responses). Every handler of every
// informer keeps its own replica from its notifications alone. When the writes stop and the faults
// clear, every replica must equal the server's state exactly (same keys, same resourceVersions),
// every onUpdate's old object must equal what that handler last saw for that key, no add
// may arrive for a key the handler holds, and nothing may become an unhandled rejection.
//
// Quick by default. KCACHE_SOAK=1 runs 200k operations; KCACHE_CHAOS_OPS=<n> picks the count;
// KCACHE_SEED=<n> replays a run (the seed is printed when a run fails).
import { isDeepStrictEqual } from 'node:util';
import { DeletedFinalStateUnknown, deletionHandlingMetaNamespaceKeyFunc, type KubeObject } from '@kcache/store';
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { afterEach, expect, it } from 'vitest';
import { createSharedInformer, type HandlerErrorEvent, type ResourceEventHandler, type SharedInformer, type SharedInformerOptions } from '../src/index.js';
import { closeAll, createNamespaces, fakePod, listWatch, snapshot, startFake, type FakePod } from './support/fake.js';

afterEach(closeAll);

// A fixed seed by default (one whose faults force relists that reveal deletions); KCACHE_SEED picks another.
const SEED = testSeed({ fallback: 2 });
const OPS = Number(process.env.KCACHE_CHAOS_OPS ?? (process.env.KCACHE_SOAK === '1' ? 200_000 : 6000));
const NAMESPACES = ['ns-0', 'ns-1', 'ns-2', 'ns-3', 'ns-4'];
const PODS = { apiVersion: 'v1', kind: 'Pod' } as const;

/** A handler's own copy of the world, built from its notifications alone. */
interface Replica {
  label: string;
  objects: Map<string, KubeObject>;
  /** What this handler should hold, given the server's state. */
  expected: (pods: FakePod[]) => FakePod[];
  violations: string[];
  notifications: number;
  /** Deletions learnt from a relist. */
  tombstones: number;
}

const rvOf = (obj: KubeObject | undefined): string => obj?.metadata?.resourceVersion ?? 'none';

/**
 * A handler that keeps `replica` and checks each notification against it. `delay` makes it async
 * (awaited between notifications); `throwEvery` makes it throw after applying every n-th one.
 */
function replicaHandler(replica: Replica, behaviour: { delay?: () => Promise<void>; throwEvery?: number } = {}): ResourceEventHandler<KubeObject> {
  const { delay, throwEvery } = behaviour;
  const after = (): void | Promise<void> => {
    replica.notifications++;
    if (throwEvery !== undefined && replica.notifications % throwEvery === 0) throw new Error(`planned failure #${String(replica.notifications)}`);
    return delay?.();
  };
  const violation = (what: string): void => {
    if (replica.violations.length < 20) replica.violations.push(what);
  };
  return {
    onAdd: (obj) => {
      const key = deletionHandlingMetaNamespaceKeyFunc(obj);
      if (replica.objects.has(key)) violation(`add ${key}@${rvOf(obj)} while holding @${rvOf(replica.objects.get(key))}`);
      replica.objects.set(key, obj);
      return after();
    },
    onUpdate: (old, obj) => {
      const key = deletionHandlingMetaNamespaceKeyFunc(obj);
      const held = replica.objects.get(key);
      // Equal, not necessarily the same object: a relist that finds an object unchanged puts the
      // newly listed copy in the cache without telling handlers that are not resyncing.
      if (!isDeepStrictEqual(held, old)) violation(`update ${key}: old @${rvOf(old)} but last seen @${rvOf(held)}`);
      replica.objects.set(key, obj);
      return after();
    },
    onDelete: (obj) => {
      const key = deletionHandlingMetaNamespaceKeyFunc(obj);
      const held = replica.objects.get(key);
      if (obj instanceof DeletedFinalStateUnknown) replica.tombstones++;
      if (held === undefined) violation(`delete of ${key}, which this handler does not hold`);
      else if (obj instanceof DeletedFinalStateUnknown && !isDeepStrictEqual(obj.obj, held)) violation(`tombstone ${key}: last state @${rvOf(obj.obj)} but last seen @${rvOf(held)}`);
      replica.objects.delete(key);
      return after();
    },
  };
}

interface Subject {
  label: string;
  informer: SharedInformer;
  expected: (pods: FakePod[]) => FakePod[];
  replicas: Replica[];
  relists: number;
  handlerErrors: HandlerErrorEvent[];
  settled: boolean;
}

it(`every handler's replica converges to the server's exact state after ${String(OPS)} writes under random faults (seed ${String(SEED)})`, async () => {
  printSeedOnFailure(SEED, { KCACHE_CHAOS_OPS: OPS });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Async handlers wait a few turns of the event loop, drawn from their own generator.
  const delays = seededRandom(SEED ^ 0x5bd1e995);
  const someTurns = async (): Promise<void> => {
    const turns = Math.floor(delays() * 3);
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  const { fake, kc } = await startFake({ historyLimit: 3000, bookmarkIntervalMs: 250 });
  createNamespaces(fake, ...NAMESPACES);
  const subjects: Subject[] = [];
  const stop = new AbortController();
  const runs: Promise<void>[] = [];
  const replica = (subject: Subject, label: string, expected: Subject['expected'] = subject.expected): Replica => {
    const r: Replica = { label: `${subject.label}/${label}`, objects: new Map(), expected, violations: [], notifications: 0, tombstones: 0 };
    subject.replicas.push(r);
    return r;
  };
  const add = (
    label: string,
    options: Partial<SharedInformerOptions<KubeObject>> & { labelSelector?: string },
    expected: Subject['expected'],
  ): Subject => {
    const { labelSelector, ...rest } = options;
    const informer = createSharedInformer<KubeObject>({
      listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods', ...(labelSelector === undefined ? {} : { labelSelector }) }),
      name: label,
      ...rest,
      reflector: { backoff: { initialMs: 5, maxMs: 200 }, minWatchTimeoutSeconds: 3, onWatchError: () => undefined, ...rest.reflector },
    });
    const subject: Subject = { label, informer, expected, replicas: [], relists: 0, handlerErrors: [], settled: false };
    informer.on('relist', () => {
      subject.relists++;
    });
    informer.on('handler-error', (e) => subject.handlerErrors.push(e));
    // Every subject has a plain handler, an async one and one that throws now and then.
    informer.addEventHandler(replicaHandler(replica(subject, 'plain')), { name: 'plain' });
    informer.addEventHandler(replicaHandler(replica(subject, 'async'), { delay: someTurns }), { name: 'async' });
    informer.addEventHandler(replicaHandler(replica(subject, 'throws'), { throwEvery: 10 }), { name: 'throws' });
    subjects.push(subject);
    runs.push(
      informer.run(stop.signal).finally(() => {
        subject.settled = true;
      }),
    );
    return subject;
  };
  const all = (pods: FakePod[]): FakePod[] => pods;
  const tierA = (pods: FakePod[]): FakePod[] => pods.filter((p) => p.metadata.labels?.tier === 'a');
  // Resyncs every second in the quick run; a soak grows to tens of thousands of pods, where that
  // would be a flood of notifications no slow handler could keep up with (nor would anyone ask for).
  const resyncMs = OPS > 20_000 ? 10_000 : 1000;
  const streaming = add('streaming', { reflector: { useWatchList: true }, resyncPeriodMs: resyncMs }, all);
  const listWatchSubject = add('list-watch', { reflector: { useWatchList: false } }, all);
  add('paged', { reflector: { useWatchList: false, pageSize: 100 }, indexers: { node: (p) => [(p as FakePod).spec.nodeName ?? ''] } }, all);
  add('selector', { labelSelector: 'tier=a' }, tierA);
  // Filters: the handler sees objects come and go as their labels change.
  listWatchSubject.informer.addEventHandler(replicaHandler(replica(listWatchSubject, 'filter-tier-a', tierA)), {
    name: 'filter-tier-a',
    filter: (p) => p.metadata?.labels?.tier === 'a',
  });
  const inNs0 = (pods: FakePod[]): FakePod[] => pods.filter((p) => p.metadata.namespace === 'ns-0');
  streaming.informer.addEventHandler(replicaHandler(replica(streaming, 'filter-ns-0', inNs0), { delay: someTurns }), {
    name: 'filter-ns-0',
    filter: (p) => p.metadata?.namespace === 'ns-0',
    resyncPeriodMs: resyncMs * 1.5,
  });
  await Promise.all(subjects.map((s) => s.informer.waitForSync()));

  // The writer, with faults at random intervals.
  const live: { ns: string; name: string }[] = [];
  let serial = 0;
  let faults = 0;
  let forced = 0;
  let throttles = 0;
  let lateAdded = false;
  let nextFault = 200 + Math.floor(random() * 600);
  const faultKinds: string[] = [];
  for (let op = 0; op < OPS; op++) {
    const roll = random();
    if (roll < 0.45 || live.length < 20) {
      const ns = pick(NAMESPACES);
      const name = `p-${String(serial++)}`;
      fake.create(fakePod(name, ns, { labels: { tier: random() < 0.5 ? 'a' : 'b' }, nodeName: `node-${String(Math.floor(random() * 8))}` }));
      live.push({ ns, name });
    } else if (roll < 0.8) {
      const target = pick(live);
      const current = fake.get<FakePod>({ ...PODS, namespace: target.ns, name: target.name });
      if (current === undefined) throw new Error(`${target.ns}/${target.name} vanished`);
      fake.update({ ...current, metadata: { ...current.metadata, labels: { tier: random() < 0.5 ? 'a' : 'b', rev: String(op) } } });
    } else {
      const index = Math.floor(random() * live.length);
      const [target] = live.splice(index, 1);
      // The pods are scheduled: a grace period of 0 removes them at once, as their kubelet would.
      if (target !== undefined) fake.delete({ ...PODS, namespace: target.ns, name: target.name }, { gracePeriodSeconds: 0 });
    }

    // Halfway through, a handler joins a running informer: it starts from the cache.
    if (!lateAdded && op >= OPS / 2) {
      lateAdded = true;
      const target = subjects[2]!;
      target.informer.addEventHandler(replicaHandler(replica(target, 'late'), { delay: someTurns }), { name: 'late' });
    }

    // The last stretch of writes runs without faults: it must be carried by the watch alone.
    if (op === nextFault && op < OPS - Math.min(1000, OPS / 10)) {
      faults++;
      const kind = pick(['closeWatches', 'destroyConnections', 'compact', 'watch500', 'list500', 'watch429', 'compact+close', 'slow']);
      faultKinds.push(kind);
      switch (kind) {
        case 'closeWatches':
          fake.closeWatches();
          forced += 1;
          break;
        case 'destroyConnections':
          fake.destroyConnections();
          forced += 1;
          break;
        case 'compact':
          fake.compact();
          forced += 1;
          break;
        case 'compact+close':
          fake.compact();
          fake.closeWatches();
          forced += 1;
          break;
        case 'watch500': {
          const times = 1 + Math.floor(random() * 3);
          fake.fail({ verb: 'watch', code: 500, reason: 'InternalError', times });
          fake.closeWatches();
          forced += 1 + times;
          break;
        }
        case 'list500': {
          const times = 1 + Math.floor(random() * 3);
          fake.fail({ verb: 'list', code: 500, reason: 'InternalError', times });
          fake.destroyConnections();
          forced += 1 + times;
          break;
        }
        case 'slow': {
          const times = 1 + Math.floor(random() * 4);
          fake.delay({ delayMs: 50 + Math.floor(random() * 250), times });
          fake.closeWatches();
          forced += 1;
          break;
        }
        case 'watch429':
          // Retry-After is whole seconds; keep these rare so the quick run stays quick.
          if (throttles < 2) {
            throttles++;
            fake.fail({ verb: 'watch', code: 429, reason: 'TooManyRequests', retryAfterSeconds: 1, times: 2 });
          } else {
            fake.fail({ verb: 'watch', code: 429, reason: 'TooManyRequests', times: 2 });
          }
          fake.closeWatches();
          forced += 1;
          break;
      }
      nextFault = op + 200 + Math.floor(random() * 600);
    }
    // Let the informers read now and then, as a real cluster would.
    if (op % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    // And now and then long enough to catch up, so faults hit readers both behind and up to date.
    if (op % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 20)));
  }

  // Writes stop, faults clear: every replica must converge to the server's state.
  fake.clearFaults();
  const state = fake.list<FakePod>(PODS);
  const replicas = subjects.flatMap((s) => s.replicas);
  const converged = (r: Replica): boolean => snapshot(r.objects.values()).join('\n') === snapshot(r.expected(state)).join('\n');
  const cachesConverged = (): boolean => subjects.every((s) => snapshot(s.informer.indexer.list()).join('\n') === snapshot(s.expected(state)).join('\n'));
  const deadline = Date.now() + 20_000 + OPS / 5;
  while (!(replicas.every(converged) && cachesConverged()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

  const report = subjects.map(
    (s) => `${s.label}: relists=${String(s.relists)} rv=${s.informer.lastSyncResourceVersion} handlers=${s.replicas.map((r) => `${r.label}:${String(r.notifications)}/${String(r.tombstones)}`).join(',')}`,
  );
  const context = `seed=${String(SEED)} ops=${String(OPS)} faults=${String(faults)} forced=${String(forced)} [${faultKinds.join(',')}] server rv=${fake.resourceVersion}\n${report.join('\n')}`;
  if (process.env.KCACHE_CHAOS_VERBOSE === '1') console.log(context, `live=${String(state.length)}`);
  for (const s of subjects) {
    expect(snapshot(s.informer.indexer.list()), `${s.label} cache (${context})`).toEqual(snapshot(s.expected(state)));
    expect(s.settled, `${s.label} run() stopped on its own`).toBe(false);
    // Only the planned failures were reported, each with its handler's name.
    expect(s.handlerErrors.every((e) => e.handler === 'throws' && String(e.error).includes('planned failure')), `${s.label} handler errors`).toBe(true);
    expect(s.handlerErrors.length, `${s.label} planned failures`).toBeGreaterThan(0);
  }
  for (const r of replicas) {
    expect(r.violations, `${r.label} (${context})`).toEqual([]);
    expect(snapshot(r.objects.values()), `${r.label} replica (${context})`).toEqual(snapshot(r.expected(state)));
  }
  expect(replicas.some((r) => r.label.endsWith('/late'))).toBe(true);
  // The faults made some relist reveal deletions that happened while a watch was down.
  expect(replicas.reduce((n, r) => n + r.tombstones, 0), context).toBeGreaterThan(0);
  const paged = subjects[2]?.informer;
  expect(paged?.indexer.byIndex('node', 'node-3').length).toBe(state.filter((p) => p.spec.nodeName === 'node-3').length);
  expect(streaming.informer.lister().namespace('ns-0').list('tier=a').length).toBe(state.filter((p) => p.metadata.namespace === 'ns-0' && p.metadata.labels?.tier === 'a').length);

  stop.abort();
  await Promise.all(runs);
  expect(subjects.every((s) => s.informer.isStopped())).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  expect(unhandled).toEqual([]);
  expect(state.length).toBeGreaterThan(0);
  expect(faults).toBeGreaterThan(0);
}, 180_000 + OPS);
