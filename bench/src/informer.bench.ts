// Initial sync, event-loop stall and notification fan-out of @kcache/informer, side by side with
// the reflector alone, @kubernetes/client-node's informer and a floor, against @kcache/fake-apiserver.
//
//   pnpm --filter @kcache/bench bench:informer
//   KCACHE_BENCH_PODS=20000 KCACHE_BENCH_EVENTS=20000 KCACHE_BENCH_ROUNDS=1 pnpm --filter @kcache/bench bench:informer
//   KCACHE_BENCH_VARIANTS=informer,reflector …   (a subset of the sync contenders)
//   KCACHE_BENCH_FANOUT=0 …                       (skip the fan-out part)
//
// Initial sync, each contender syncing every pod of the cluster into memory:
//   reflector         createListWatch → createReflector (list and watch, pages of 500) → createIndexer
//                     with a namespace and a node index: the informer's cache without the informer
//   informer          createSharedInformer with the same indexes and 3 handlers counting their
//                     notifications; synced when all 3 handlers have had every initial add
//   reflector-stream, informer-stream   the same with a streaming list (sendInitialEvents)
//   client-node       makeInformer with CoreV1Api.listPodForAllNamespaces and one add handler
// The informer's own part of the stall: the same informer and reflector fed a list of already
// decoded pods from memory (no HTTP, no JSON), so what blocks is the reflector's and the informer's
// own work: the reflector alone applies the list in one store.replace; the informer in slices.
// Notification fan-out: the same replayed history of MODIFIED events (10 000 pods) read by an
// informer with 1, 10 and 100 handlers, and by a floor that reads the same stream over node:http
// (split lines, JSON.parse), keeps the objects in a Map and calls the same handler callbacks from a
// plain loop (onAdd for a new key, onUpdate(old, new) otherwise).
//
// The fake API server runs in its own process, seeded with realistic ~4 KB pods (fixtures/pods.ts).
// Every measurement runs in a fresh process with --expose-gc: wall time from the first request to
// the end, the client process's CPU time, the heap retained per object (heapUsed after GC minus
// the same before, divided by the count) and the longest event-loop stall, two ways: monitorEventLoopDelay's
// maximum (wall clock), and the most main-thread CPU time spent between two turns of a 1 ms timer
// (which a busy machine does not inflate: time spent waiting for a core is not counted). Both are
// read only after a timer has fired once more after the end, so that a block which ends the work is
// counted too. Runs alternate between contenders; the median of the rounds is reported.
import { once } from 'node:events';
import { Agent, get, type IncomingMessage } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '@kcache/store';
import { benchQuick, writeBenchResult, type BenchRow } from './internal/aggregate-protocol.js';
import { formatRatio, formatTable, machineSummary } from './internal/report.js';
import { median, runChild, startChildServer } from './internal/child-process.js';

const SELF = fileURLToPath(import.meta.url);
const PODS = Number(process.env.KCACHE_BENCH_PODS ?? 100_000);
const EVENTS = Number(process.env.KCACHE_BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? 3);
const FANOUT = process.env.KCACHE_BENCH_FANOUT !== '0';
const HANDLER_COUNTS = [1, 10, 100];
const WATCH_PODS = 10_000;
const TARGETS = { time: 1.15, bytes: 1.05, stallMs: 50, fanout: 0.7 };

type SyncVariant = 'reflector' | 'informer' | 'reflector-stream' | 'informer-stream' | 'client-node';
const SYNC_VARIANTS: readonly SyncVariant[] = ['reflector', 'informer', 'reflector-stream', 'informer-stream', 'client-node'];

interface SyncResult {
  variant: SyncVariant;
  objects: number;
  wallMs: number;
  cpuMs: number;
  bytesPerObject: number;
  maxStallMs: number;
  maxCpuStallMs: number;
  error?: string;
}

interface FanoutResult {
  variant: string;
  handlers: number;
  events: number;
  wallMs: number;
  cpuMs: number;
  maxStallMs: number;
  maxCpuStallMs: number;
  error?: string;
}

interface MemoryStallResult {
  variant: 'reflector' | 'informer';
  objects: number;
  wallMs: number;
  maxStallMs: number;
  maxCpuStallMs: number;
  error?: string;
}

interface ServerInfo {
  kubeconfig: string;
  url: string;
  seededRv: string;
  finalRv: string;
}

interface Pod extends KubeObject {
  spec?: { nodeName?: string };
}

// ---------------------------------------------------------------------------------------------
// The server process: a fake API server seeded with pods (and a history of updates to replay).

async function serve(): Promise<void> {
  const { createFakeApiServer } = await import('@kcache/fake-apiserver');
  const { makePod } = await import('./fixtures/pods.js');
  const pods = Number(process.env.KCACHE_BENCH_SERVER_PODS);
  const updates = Number(process.env.KCACHE_BENCH_SERVER_UPDATES ?? 0);
  const { FIXTURE_CONTROLLERS, namespaceCreator } = await import('./internal/namespaces.js');
  const fake = await createFakeApiServer({ historyLimit: Math.max(10_000, updates + 1000), requestLogLimit: 100, controllers: FIXTURE_CONTROLLERS });
  const ensureNamespace = namespaceCreator(fake);
  type Stored = ReturnType<typeof makePod>;
  const stored: Stored[] = [];
  for (let i = 0; i < pods; i++) {
    const pod = makePod(i, { namespaces: 200 });
    // The server assigns resourceVersions; a create that carries one is refused.
    const { resourceVersion: _rv, ...metadata } = pod.metadata;
    ensureNamespace(metadata.namespace);
    stored.push(fake.create({ ...pod, metadata } as unknown as Stored));
  }
  const seededRv = fake.resourceVersion;
  for (let k = 0; k < updates; k++) {
    const i = k % pods;
    const current = stored[i]!;
    stored[i] = fake.update({ ...current, metadata: { ...current.metadata, labels: { ...current.metadata.labels, 'bench/rev': String(k) } } });
  }
  const info: ServerInfo = { kubeconfig: fake.kubeconfig(), url: fake.url, seededRv, finalRv: fake.resourceVersion };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await fake.close();
}

// ---------------------------------------------------------------------------------------------
// A client process: one measurement.

/**
 * The most main-thread CPU time spent between two turns of a 1 ms timer: how long the event loop
 * was blocked, in CPU time, so that waiting for a core on a busy machine does not count.
 */
function cpuStallProbe(): { stop: () => number } {
  let last = process.threadCpuUsage();
  let max = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = process.threadCpuUsage();
    max = Math.max(max, (now.user + now.system - last.user - last.system) / 1000);
    last = now;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return {
    stop: () => {
      clearTimeout(timer);
      return max;
    },
  };
}

/** Lets a timer fire once more, so that a block which ended the work shows in the stall histogram. */
async function afterNextTimer(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 2));
}

async function measureSync(variant: SyncVariant, expected: number, info: ServerInfo): Promise<SyncResult> {
  const { KubeConfig, CoreV1Api, makeInformer } = await import('@kubernetes/client-node');
  const { createListWatch } = await import('@kcache/listwatch');
  const { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } = await import('@kcache/store');
  const { createReflector } = await import('@kcache/reflector');
  const { createSharedInformer } = await import('@kcache/informer');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const kc = new KubeConfig();
  kc.loadFromString(info.kubeconfig);
  const api = kc.makeApiClient(CoreV1Api);
  const node = (p: Pod): string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);

  let retained: unknown;
  let stop: () => Promise<void> = () => Promise.resolve();
  const run = async (): Promise<number> => {
    switch (variant) {
      case 'reflector':
      case 'reflector-stream': {
        const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
        const store = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc, node } });
        const reflector = createReflector<Pod>({
          listerWatcher: lw,
          store,
          useWatchList: variant === 'reflector-stream',
          expectedType: { apiVersion: 'v1', kind: 'Pod' },
        });
        const controller = new AbortController();
        const running = reflector.run(controller.signal);
        await reflector.waitForSync();
        retained = store;
        stop = async () => {
          controller.abort();
          await running;
          lw.close();
        };
        return store.listKeys().length;
      }
      case 'informer':
      case 'informer-stream': {
        const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
        const informer = createSharedInformer<Pod>({
          listerWatcher: lw,
          expectedType: { apiVersion: 'v1', kind: 'Pod' },
          indexers: { node },
          reflector: { useWatchList: variant === 'informer-stream' },
        });
        const counts = [0, 0, 0];
        const registrations = counts.map((_, i) =>
          informer.addEventHandler({
            onAdd: () => {
              counts[i]!++;
            },
            onUpdate: () => {
              counts[i]!++;
            },
          }),
        );
        const controller = new AbortController();
        const running = informer.run(controller.signal);
        await Promise.all(registrations.map((r) => r.waitForSync()));
        if (counts.some((c) => c !== expected)) throw new Error(`handlers saw ${counts.join(', ')} adds, expected ${String(expected)}`);
        retained = informer;
        stop = async () => {
          controller.abort();
          await running;
          lw.close();
        };
        return informer.indexer.listKeys().length;
      }
      case 'client-node': {
        const informer = makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
        let adds = 0;
        informer.on('add', () => {
          adds++;
        });
        let failure: unknown;
        informer.on('error', (err: unknown) => {
          failure = err;
        });
        await informer.start();
        if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
        if (adds !== expected) throw new Error(`the handler saw ${String(adds)} adds, expected ${String(expected)}`);
        retained = informer;
        stop = () => informer.stop();
        return informer.list().length;
      }
    }
  };

  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const probe = cpuStallProbe();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let objects = 0;
  let error: string | undefined;
  try {
    objects = await run();
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await afterNextTimer();
  delay.disable();
  const maxCpuStallMs = probe.stop();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const result: SyncResult = {
    variant,
    objects,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytesPerObject: objects > 0 ? (after - before) / objects : Number.NaN,
    maxStallMs: delay.max / 1e6,
    maxCpuStallMs,
    ...(error === undefined ? {} : { error }),
  };
  if (error === undefined && objects !== expected) result.error = `synced ${String(objects)} objects, expected ${String(expected)}`;
  await stop();
  if (retained === undefined && error === undefined) throw new Error('nothing retained');
  return result;
}

/** The handler every fan-out contender calls: counts and remembers the last resourceVersion. */
interface CountingHandler {
  count: number;
  last: string;
  onAdd(obj: Pod, isInInitialList: boolean): void;
  onUpdate(oldObj: Pod, newObj: Pod): void;
}

function countingHandlers(n: number, total: number, done: () => void): CountingHandler[] {
  let remaining = n;
  const handlers: CountingHandler[] = [];
  for (let i = 0; i < n; i++) {
    const handler: CountingHandler = {
      count: 0,
      last: '',
      onAdd(obj) {
        this.last = obj.metadata?.resourceVersion ?? '';
        if (++this.count === total && --remaining === 0) done();
      },
      onUpdate(_old, obj) {
        this.last = obj.metadata?.resourceVersion ?? '';
        if (++this.count === total && --remaining === 0) done();
      },
    };
    handlers.push(handler);
  }
  return handlers;
}

const agent = new Agent({ keepAlive: true, keepAliveMsecs: 30_000, scheduling: 'lifo' });

function getStream(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { agent, signal, headers: { accept: 'application/json' } }, resolve).on('error', reject);
  });
}

function key(obj: Pod): string {
  const m = obj.metadata;
  return m?.namespace ? `${m.namespace}/${m.name ?? ''}` : (m?.name ?? '');
}

async function measureFanout(variant: string, handlerCount: number, events: number, info: ServerInfo): Promise<FanoutResult> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { createListWatch } = await import('@kcache/listwatch');
  const { createSharedInformer } = await import('@kcache/informer');
  const kc = new KubeConfig();
  kc.loadFromString(info.kubeconfig);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  let probe: { stop: () => number } | undefined;
  const begin = (): void => {
    probe = cpuStallProbe();
    delay.enable();
    cpu0 = process.cpuUsage();
    t0 = performance.now();
  };
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const handlers = countingHandlers(handlerCount, events, () => {
    finish();
  });
  const summary = async (): Promise<FanoutResult> => {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await afterNextTimer();
    delay.disable();
    const maxCpuStallMs = probe?.stop() ?? Number.NaN;
    const error = handlers.some((h) => h.last !== info.finalRv) ? `a handler ended at ${handlers.find((h) => h.last !== info.finalRv)?.last ?? '?'}` : undefined;
    return { variant, handlers: handlerCount, events, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxStallMs: delay.max / 1e6, maxCpuStallMs, ...(error === undefined ? {} : { error }) };
  };

  if (variant === 'informer') {
    const http = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    // Start empty at the seeded resourceVersion, so what is timed is the watch alone: the server
    // replays every update since then as MODIFIED events (the first for each pod is an add).
    const listerWatcher = {
      list: () => Promise.resolve({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: info.seededRv }, items: [] as Pod[] }),
      watch: http.watch.bind(http),
    };
    const informer = createSharedInformer<Pod>({ listerWatcher, reflector: { useWatchList: false } });
    for (const handler of handlers) informer.addEventHandler(handler);
    informer.on('watch-start', begin);
    const controller = new AbortController();
    const running = informer.run(controller.signal);
    await finished;
    const result = await summary();
    controller.abort();
    await running;
    http.close();
    return result;
  }

  // The floor: the same stream, a Map, and the same callbacks from a plain loop.
  const map = new Map<string, Pod>();
  const controller = new AbortController();
  begin();
  const res = await getStream(`${info.url}/api/v1/pods?watch=true&resourceVersion=${info.seededRv}`, controller.signal);
  res.setEncoding('utf8');
  let pending = '';
  let seen = 0;
  for await (const chunk of res as AsyncIterable<string>) {
    const text = pending === '' ? chunk : pending + chunk;
    let from = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const obj = (JSON.parse(text.slice(from, newline)) as { object: Pod }).object;
      const k = key(obj);
      const old = map.get(k);
      map.set(k, obj);
      if (old === undefined) for (const h of handlers) h.onAdd(obj, false);
      else for (const h of handlers) h.onUpdate(old, obj);
      seen++;
      from = newline + 1;
      newline = text.indexOf('\n', from);
    }
    pending = text.slice(from);
    if (seen >= events) break;
  }
  await finished;
  const result = await summary();
  controller.abort();
  return result;
}

/** A sync from a list already in memory: the stall of the reflector's and the informer's own work. */
async function measureMemoryStall(variant: 'reflector' | 'informer', count: number): Promise<MemoryStallResult> {
  const { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } = await import('@kcache/store');
  const { createReflector } = await import('@kcache/reflector');
  const { createSharedInformer } = await import('@kcache/informer');
  const { makePod } = await import('./fixtures/pods.js');
  const items = Array.from({ length: count }, (_, i) => makePod(i, { namespaces: 200 }) as Pod);
  const never = new Promise<IteratorResult<never>>(() => undefined);
  const listerWatcher = {
    list: () => Promise.resolve({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '1' }, items }),
    watch: () => Promise.resolve({ [Symbol.asyncIterator]: () => ({ next: () => never, return: () => Promise.resolve({ done: true as const, value: undefined }) }) }),
  };
  const node = (p: Pod): string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);
  (globalThis as { gc?: () => void }).gc?.();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const probe = cpuStallProbe();
  const t0 = performance.now();
  const controller = new AbortController();
  let objects: number;
  let running: Promise<void>;
  if (variant === 'reflector') {
    const store = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc, node } });
    const reflector = createReflector<Pod>({ listerWatcher, store, useWatchList: false });
    running = reflector.run(controller.signal);
    await reflector.waitForSync();
    objects = store.listKeys().length;
  } else {
    const informer = createSharedInformer<Pod>({ listerWatcher, indexers: { node }, reflector: { useWatchList: false } });
    const registrations = [0, 1, 2].map(() => informer.addEventHandler({ onAdd: () => undefined }));
    running = informer.run(controller.signal);
    await Promise.all(registrations.map((r) => r.waitForSync()));
    objects = informer.indexer.listKeys().length;
  }
  const wallMs = performance.now() - t0;
  await afterNextTimer();
  delay.disable();
  const maxCpuStallMs = probe.stop();
  controller.abort();
  await running;
  return { variant, objects, wallMs, maxStallMs: delay.max / 1e6, maxCpuStallMs, ...(objects === count ? {} : { error: `synced ${String(objects)}` }) };
}

async function client(): Promise<void> {
  const info = JSON.parse(process.env.KCACHE_BENCH_SERVER_INFO ?? '{}') as ServerInfo;
  const variant = process.env.KCACHE_BENCH_VARIANT ?? '';
  const count = Number(process.env.KCACHE_BENCH_COUNT);
  const handlers = Number(process.env.KCACHE_BENCH_HANDLERS ?? 0);
  const result =
    variant === 'informer-fanout' || variant === 'floor-fanout'
      ? await measureFanout(variant === 'informer-fanout' ? 'informer' : 'floor', handlers, count, info)
      : variant === 'informer-memory' || variant === 'reflector-memory'
        ? await measureMemoryStall(variant === 'informer-memory' ? 'informer' : 'reflector', count)
        : await measureSync(variant as SyncVariant, count, info);
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The parent: starts servers, runs every measurement in its own process, reports.

async function startServer(pods: number, updates: number): Promise<{ info: ServerInfo; close: () => Promise<void> }> {
  const env = { KCACHE_INFORMER_ROLE: 'server', KCACHE_BENCH_SERVER_PODS: String(pods), KCACHE_BENCH_SERVER_UPDATES: String(updates) };
  const { info, close } = await startChildServer(SELF, env);
  return { info: info as ServerInfo, close };
}

async function measure<R>(info: ServerInfo, variant: string, count: number, handlers = 0): Promise<R> {
  return runChild<R>(SELF, {
    KCACHE_INFORMER_ROLE: 'client',
    KCACHE_BENCH_VARIANT: variant,
    KCACHE_BENCH_COUNT: String(count),
    KCACHE_BENCH_HANDLERS: String(handlers),
    KCACHE_BENCH_SERVER_INFO: JSON.stringify(info),
  });
}

function medianOf<R extends { error?: string }>(runs: readonly R[], fields: readonly (keyof R)[]): R {
  const ok = runs.filter((r) => r.error === undefined);
  const use = ok.length > 0 ? ok : runs;
  const out = { ...use[0]! };
  for (const field of fields) (out as Record<keyof R, unknown>)[field] = median(use.map((r) => r[field] as number));
  return out;
}

const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');
const verdict = (ok: boolean): string => (ok ? 'OK' : 'MISSED');

async function main(): Promise<void> {
  console.log(`# informer: initial sync, event-loop stall and notification fan-out\n\n${machineSummary()}; rounds: ${String(ROUNDS)}${benchQuick ? ' (quick)' : ''}\n`);
  const rows: BenchRow[] = [];
  const headlines: string[] = [];
  const notes: string[] = [];
  const picked = process.env.KCACHE_BENCH_VARIANTS?.split(',').map((v) => v.trim());
  const variants = picked === undefined ? SYNC_VARIANTS : SYNC_VARIANTS.filter((v) => v === 'reflector' || picked.includes(v));

  // Initial sync.
  const syncRuns = new Map<SyncVariant, SyncResult[]>(variants.map((v) => [v, []]));
  const server = await startServer(PODS, 0);
  try {
    await measure<SyncResult>(server.info, 'reflector', PODS);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const result = await measure<SyncResult>(server.info, variant, PODS);
        syncRuns.get(variant)!.push(result);
        if (result.error !== undefined) console.error(`${variant}: ${result.error}`);
      }
    }
  } finally {
    await server.close();
  }
  const sync = new Map([...syncRuns].map(([v, runs]) => [v, medianOf(runs, ['wallMs', 'cpuMs', 'bytesPerObject', 'maxStallMs', 'maxCpuStallMs'])]));
  const label = `${String(PODS / 1000)}k pods`;
  const syncTable: string[][] = [['contender', 'wall', 'cpu', 'bytes/object', 'max stall', 'max stall (cpu)', 'vs reflector (wall)', 'vs reflector (bytes)']];
  for (const [variant, r] of sync) {
    const base = sync.get(variant.endsWith('-stream') ? 'reflector-stream' : 'reflector');
    const isBase = variant === 'reflector' || variant === 'reflector-stream';
    syncTable.push([
      variant === 'informer' || variant === 'informer-stream' ? `${variant} (3 handlers)` : variant === 'client-node' ? 'client-node (1 handler)' : variant,
      r.error === undefined ? ms(r.wallMs) : `failed: ${r.error.slice(0, 60)}`,
      ms(r.cpuMs),
      Number.isFinite(r.bytesPerObject) ? r.bytesPerObject.toFixed(0) : 'n/a',
      ms(r.maxStallMs),
      ms(r.maxCpuStallMs),
      isBase || base === undefined ? '' : formatRatio(r.wallMs / base.wallMs),
      isBase || base === undefined ? '' : formatRatio(r.bytesPerObject / base.bytesPerObject),
    ]);
    if (r.error !== undefined) notes.push(`${variant}: ${r.error}`);
  }
  const inf = sync.get('informer');
  const ref = sync.get('reflector');
  const cn = sync.get('client-node');
  if (inf !== undefined && ref !== undefined && inf.error === undefined && ref.error === undefined) {
    const t = inf.wallMs / ref.wallMs;
    const b = inf.bytesPerObject / ref.bytesPerObject;
    headlines.push(`${label} sync time informer/reflector: ${formatRatio(t)} (target ≤ ${String(TARGETS.time)}) ${verdict(t <= TARGETS.time)}`);
    headlines.push(`${label} bytes/object informer/reflector: ${formatRatio(b)} (target ≤ ${String(TARGETS.bytes)}) ${verdict(b <= TARGETS.bytes)}`);
    rows.push({ case: `${label} sync`, unit: 'ms', values: { informer: inf.wallMs, reflector: ref.wallMs, ...(cn?.error === undefined && cn ? { 'client-node': cn.wallMs } : {}) }, ratio: { label: 'informer/reflector', value: t, better: 'lower', target: TARGETS.time } });
    rows.push({ case: `${label} bytes/object`, unit: 'B', values: { informer: inf.bytesPerObject, reflector: ref.bytesPerObject }, ratio: { label: 'informer/reflector', value: b, better: 'lower', target: TARGETS.bytes } });
    if (cn !== undefined && cn.error === undefined) {
      headlines.push(`${label} sync time informer/client-node: ${formatRatio(inf.wallMs / cn.wallMs)} (target < 1) ${verdict(inf.wallMs < cn.wallMs)}`);
    }
  }
  for (const variant of ['informer', 'informer-stream'] as const) {
    const r = sync.get(variant);
    if (r === undefined || r.error !== undefined) continue;
    headlines.push(`${label} max stall ${variant}: ${ms(r.maxStallMs)} (target ≤ ${String(TARGETS.stallMs)} ms) ${verdict(r.maxStallMs <= TARGETS.stallMs)}`);
    headlines.push(`${label} max stall ${variant}, cpu time: ${ms(r.maxCpuStallMs)} (target ≤ ${String(TARGETS.stallMs)} ms) ${verdict(r.maxCpuStallMs <= TARGETS.stallMs)}`);
    rows.push({ case: `${label} max stall, ${variant}`, unit: 'ms', values: Object.fromEntries([...sync].filter(([v]) => v !== 'client-node').map(([v, s]) => [v, s.maxStallMs])), ratio: { label: `${variant} stall/target`, value: r.maxStallMs / TARGETS.stallMs, better: 'lower', target: 1 } });
  }

  console.log(`## Initial sync (${label})\n`);
  console.log(formatTable(syncTable));

  // The informer's own part of the stall, from a list in memory.
  const memoryRuns: Record<'reflector' | 'informer', MemoryStallResult[]> = { reflector: [], informer: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of r % 2 === 0 ? (['reflector', 'informer'] as const) : (['informer', 'reflector'] as const)) {
      const result = await measure<MemoryStallResult>({ kubeconfig: '', url: '', seededRv: '', finalRv: '' }, `${v}-memory`, PODS);
      if (result.error !== undefined) notes.push(`in-memory ${v}: ${result.error}`);
      memoryRuns[v].push(result);
    }
  }
  const memory = { reflector: medianOf(memoryRuns.reflector, ['wallMs', 'maxStallMs', 'maxCpuStallMs']), informer: medianOf(memoryRuns.informer, ['wallMs', 'maxStallMs', 'maxCpuStallMs']) };
  console.log(`\n## Stall of the reflector's and the informer's own work (${label} already decoded, in memory)\n`);
  console.log(
    formatTable([
      ['contender', 'wall', 'max stall', 'max stall (cpu)'],
      ['reflector → indexer (one replace)', ms(memory.reflector.wallMs), ms(memory.reflector.maxStallMs), ms(memory.reflector.maxCpuStallMs)],
      ['informer, 3 handlers (slices)', ms(memory.informer.wallMs), ms(memory.informer.maxStallMs), ms(memory.informer.maxCpuStallMs)],
    ]),
  );
  headlines.push(`${label} in memory, max stall of the informer's own work, cpu time: ${ms(memory.informer.maxCpuStallMs)} (target ≤ ${String(TARGETS.stallMs)} ms) ${verdict(memory.informer.maxCpuStallMs <= TARGETS.stallMs)}`);
  rows.push({ case: `${label} in memory, max stall (cpu)`, unit: 'ms', values: { informer: memory.informer.maxCpuStallMs, reflector: memory.reflector.maxCpuStallMs }, ratio: { label: 'informer stall/target', value: memory.informer.maxCpuStallMs / TARGETS.stallMs, better: 'lower', target: 1 } });

  // Notification fan-out.
  if (FANOUT) {
    const watchServer = await startServer(WATCH_PODS, EVENTS);
    const fanTable: string[][] = [
      ['handlers', 'informer events/s', 'floor events/s', 'informer/floor', 'informer cpu', 'floor cpu', 'informer/floor (per cpu s)', 'informer max stall', 'floor max stall', 'informer max stall (cpu)', 'floor max stall (cpu)'],
    ];
    try {
      await measure<FanoutResult>(watchServer.info, 'floor-fanout', EVENTS, 1);
      for (const n of HANDLER_COUNTS) {
        const runs: Record<'informer' | 'floor', FanoutResult[]> = { informer: [], floor: [] };
        for (let r = 0; r < ROUNDS; r++) {
          const order = r % 2 === 0 ? (['floor', 'informer'] as const) : (['informer', 'floor'] as const);
          for (const v of order) {
            const result = await measure<FanoutResult>(watchServer.info, `${v}-fanout`, EVENTS, n);
            if (result.error !== undefined) console.error(`fan-out ${v} ${String(n)}: ${result.error}`);
            runs[v].push(result);
          }
        }
        const i = medianOf(runs.informer, ['wallMs', 'cpuMs', 'maxStallMs', 'maxCpuStallMs']);
        const f = medianOf(runs.floor, ['wallMs', 'cpuMs', 'maxStallMs', 'maxCpuStallMs']);
        const iRate = EVENTS / (i.wallMs / 1000);
        const fRate = EVENTS / (f.wallMs / 1000);
        const ratio = iRate / fRate;
        // Events per second of CPU time: what a busy machine does not distort.
        const cpuRatio = f.cpuMs / i.cpuMs;
        fanTable.push([String(n), iRate.toFixed(0), fRate.toFixed(0), formatRatio(ratio), ms(i.cpuMs), ms(f.cpuMs), formatRatio(cpuRatio), ms(i.maxStallMs), ms(f.maxStallMs), ms(i.maxCpuStallMs), ms(f.maxCpuStallMs)]);
        headlines.push(`fan-out to ${String(n)} handler${n === 1 ? '' : 's'} informer/floor: ${formatRatio(ratio)} (target ≥ ${String(TARGETS.fanout)}) ${verdict(ratio >= TARGETS.fanout)}`);
        headlines.push(`fan-out to ${String(n)} handler${n === 1 ? '' : 's'} informer/floor, per cpu second: ${formatRatio(cpuRatio)} (target ≥ ${String(TARGETS.fanout)}) ${verdict(cpuRatio >= TARGETS.fanout)}`);
        rows.push({ case: `fan-out, ${String(n)} handler${n === 1 ? '' : 's'} (${String(EVENTS)} events)`, unit: 'events/s', values: { informer: iRate, floor: fRate }, ratio: { label: 'informer/floor', value: ratio, better: 'higher', target: TARGETS.fanout } });
        for (const r of [...runs.informer, ...runs.floor]) if (r.error !== undefined) notes.push(`fan-out ${r.variant} ${String(n)}: ${r.error}`);
      }
    } finally {
      await watchServer.close();
    }
    console.log(`\n## Notification fan-out (${String(EVENTS)} MODIFIED events over ${String(WATCH_PODS)} pods)\n`);
    console.log(formatTable(fanTable));
  }

  console.log('');
  for (const line of headlines) console.log(line);
  for (const note of notes) console.log(`note: ${note}`);

  writeBenchResult({
    name: 'informer',
    title: 'initial sync (informer with 3 handlers vs reflector alone vs client-node informer), event-loop stall, notification fan-out vs a plain loop',
    params: { pods: PODS, events: EVENTS, rounds: ROUNDS, handlers: HANDLER_COUNTS.join(',') },
    rows,
    notes: [...headlines, ...notes],
  });
}

const role = process.env.KCACHE_INFORMER_ROLE;
if (role === 'server') await serve();
else if (role === 'client') await client();
else await main();
