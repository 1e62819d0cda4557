// Chaos: a seeded writer churns pods across namespaces while faults fire at random (dropped
// watches, reset connections, compaction, 500s, 429s with Retry-After). When the writes stop and
// the faults clear, every reflector's store must equal the server's state exactly (same keys, same
// resourceVersions) within a bounded time, without `run` ever stopping, without an unhandled
// rejection, and without a hot loop of relists.
//
// Quick by default. KCACHE_SOAK=1 runs 200k operations; KCACHE_CHAOS_OPS=<n> picks the count;
// KCACHE_SEED=<n> replays a run (the seed is printed when a run fails).
import { createIndexer, createStore, type KubeObject, type Store } from '@kcache/store';
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { afterEach, expect, it, vi } from 'vitest';
import { createReflector, type Reflector } from '../src/index.js';
import { closeAll, createNamespaces, fakePod, listWatch, snapshot, startFake, type FakePod } from './support/fake.js';

afterEach(closeAll);

const SEED = testSeed();
const OPS = Number(process.env.KCACHE_CHAOS_OPS ?? (process.env.KCACHE_SOAK === '1' ? 200_000 : 10_000));
const NAMESPACES = ['ns-0', 'ns-1', 'ns-2', 'ns-3', 'ns-4'];
const PODS = { apiVersion: 'v1', kind: 'Pod' } as const;

interface Subject {
  label: string;
  reflector: Reflector;
  store: Store<KubeObject>;
  /** The part of the server's state this reflector should hold. */
  expected: (pods: FakePod[]) => FakePod[];
  relists: number;
  errors: unknown[];
  settled: boolean;
}

it(`converges to the server's exact state after ${String(OPS)} writes under random faults (seed ${String(SEED)})`, async () => {
  printSeedOnFailure(SEED, { KCACHE_CHAOS_OPS: OPS });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const { fake, kc } = await startFake({ historyLimit: 3000, bookmarkIntervalMs: 250 });
  createNamespaces(fake, ...NAMESPACES);
  const subjects: Subject[] = [];
  const stop = new AbortController();
  const runs: Promise<void>[] = [];
  const add = (label: string, options: Partial<Parameters<typeof createReflector<KubeObject>>[0]> & { labelSelector?: string }, expected: Subject['expected']): void => {
    const { labelSelector, ...rest } = options;
    const store = options.store ?? createStore<KubeObject>();
    const subject: Subject = {
      label,
      store,
      expected,
      relists: 0,
      errors: [],
      settled: false,
      reflector: createReflector<KubeObject>({
        listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods', ...(labelSelector === undefined ? {} : { labelSelector }) }),
        backoff: { initialMs: 5, maxMs: 200 },
        minWatchTimeoutSeconds: 3,
        ...rest,
        store,
        name: label,
        onWatchError: (err) => subject.errors.push(err),
      }),
    };
    subject.reflector.on('relist', () => {
      subject.relists++;
    });
    subjects.push(subject);
    runs.push(
      subject.reflector.run(stop.signal).finally(() => {
        subject.settled = true;
      }),
    );
  };
  const all = (pods: FakePod[]): FakePod[] => pods;
  add('streaming', { useWatchList: true }, all);
  add('list-watch', { useWatchList: false }, all);
  add(
    'paged-indexed',
    {
      useWatchList: false,
      pageSize: 100,
      store: createIndexer<KubeObject>({ indexers: { node: (p) => [(p as FakePod).spec.nodeName ?? ''] } }),
    },
    all,
  );
  add('selector', { labelSelector: 'tier=a' }, (pods) => pods.filter((p) => p.metadata.labels?.tier === 'a'));
  await Promise.all(subjects.map((s) => s.reflector.waitForSync()));

  // The writer, with faults at random intervals.
  const live: { ns: string; name: string }[] = [];
  let serial = 0;
  let faults = 0;
  // Relists a fault can force at most: one per dropped or reset watch, one per refused request.
  let forced = 0;
  let throttles = 0;
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
          // A slow API server: the next few requests (re-watches, relists) are held before being served.
          const times = 1 + Math.floor(random() * 4);
          fake.delay({ delayMs: 50 + Math.floor(random() * 250), times });
          fake.closeWatches();
          forced += 1;
          break;
        }
        case 'watch429':
          // Retry-After is whole seconds; keep these rare so the quick run stays quick.
          if (throttles < 3) {
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
    // Let the reflectors read now and then, as a real cluster would.
    if (op % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    // And now and then long enough to catch up, so faults hit readers both behind and up to date.
    if (op % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 20)));
  }

  // Writes stop, faults clear: every store must converge to the server's state.
  fake.clearFaults();
  const state = fake.list<FakePod>(PODS);
  const converged = (s: Subject): boolean => snapshot(s.store.list()).join('\n') === snapshot(s.expected(state)).join('\n');
  // The assertions below tell which store did not converge within the time allowed.
  await vi.waitUntil(() => subjects.every(converged), { timeout: 15_000, interval: 20 }).catch(() => undefined);

  const report = subjects.map((s) => `${s.label}: relists=${String(s.relists)} errors=${String(s.errors.length)} rv=${s.reflector.lastSyncResourceVersion}`);
  const context = `seed=${String(SEED)} ops=${String(OPS)} faults=${String(faults)} forced=${String(forced)} [${faultKinds.join(',')}] server rv=${fake.resourceVersion}\n${report.join('\n')}`;
  if (process.env.KCACHE_CHAOS_VERBOSE === '1') console.log(context, `live=${String(state.length)}`);
  for (const s of subjects) {
    expect(snapshot(s.store.list()), `${s.label} (${context})`).toEqual(snapshot(s.expected(state)));
    expect(s.settled, `${s.label} run() stopped on its own`).toBe(false);
    // No hot loop: every relist traces back to a fault, with a small margin. A reflector that
    // streams its lists may follow a failed streaming attempt with a fallback list: two relists.
    const perFault = s.label === 'streaming' || s.label === 'selector' ? 2 : 1;
    expect(s.relists, `${s.label} relists (${context})`).toBeLessThanOrEqual(perFault * forced + 5);
  }
  const node = subjects[2]?.store as ReturnType<typeof createIndexer<KubeObject>>;
  expect(node.byIndex('node', 'node-3').length).toBe(state.filter((p) => p.spec.nodeName === 'node-3').length);

  stop.abort();
  await Promise.all(runs);
  // A rejection left unhandled is reported once the microtasks of this turn have run.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  expect(unhandled).toEqual([]);
  expect(state.length).toBeGreaterThan(0);
}, 120_000);
