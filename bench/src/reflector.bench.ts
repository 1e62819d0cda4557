// Initial sync and watch apply rate of @kcache/reflector, side by side with @kubernetes/client-node's
// informer and with a floor (the least a client can do), all against @kcache/fake-apiserver.
//
//   pnpm --filter @kcache/bench bench:reflector
//   KCACHE_BENCH_PODS=20000 KCACHE_BENCH_EVENTS=20000 KCACHE_BENCH_ROUNDS=1 pnpm --filter @kcache/bench bench:reflector
//   KCACHE_BENCH_VARIANTS=kcache,client-node KCACHE_BENCH_ONE_NAMESPACE=0 …   (a subset; 0 skips the 200k case)
//
// Contenders, each syncing every pod of the cluster into memory:
//   kcache          createListWatch → createReflector (list and watch, pages of 500) → createIndexer
//                   with a namespace and a node index
//   kcache-stream   the same with a streaming list (sendInitialEvents), the reflector's default
//   kcache-slim     kcache with a transform that drops metadata.managedFields
//   client-node     makeInformer with CoreV1Api.listPodForAllNamespaces (typed, one unpaginated list)
//   floor           GET the same pages as kcache over node:http, JSON.parse, Map.set by hand
// and, for the watch apply rate, kcache (3 indexes) and a floor (line split, JSON.parse, Map.set)
// reading the same replayed history of MODIFIED events.
//
// The fake API server runs in its own process, seeded with realistic ~4 KB pods
// (fixtures/pods.ts). Every measurement runs in a fresh process with --expose-gc, so one
// contender's heap and JIT state do not colour another's: wall time from the first request to a
// complete store, the client process's CPU time, its peak RSS, the heap retained per object
// (heapUsed after GC minus the same before the sync, divided by the count) and the longest
// event-loop stall (monitorEventLoopDelay's maximum, read after the first timer ticks that follow
// the sync, so a block that ends the sync counts). Runs alternate between contenders; the median
// of the rounds is reported. bench:stall looks at stalls in more detail.
import { Agent, get, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { KubeObject } from '@kcache/store';
import { benchQuick, writeBenchResult, type BenchRow, type SyncPoint } from './internal/aggregate-protocol.js';
import { formatRatio, formatTable, machineSummary } from './internal/report.js';
import { median, runChild, startChildServer } from './internal/child-process.js';

const SELF = fileURLToPath(import.meta.url);
const QUICK = benchQuick;
const SIZES = process.env.KCACHE_BENCH_PODS === undefined ? [10_000, 100_000] : [Number(process.env.KCACHE_BENCH_PODS)];
const ONE_NAMESPACE = QUICK ? 0 : Number(process.env.KCACHE_BENCH_ONE_NAMESPACE ?? 200_000);
const EVENTS = Number(process.env.KCACHE_BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? 3);
const PAGE = 500;
const TARGETS = { time: 1.2, bytes: 1.1, stallMs: 50 };

type SyncVariant = 'kcache' | 'kcache-stream' | 'kcache-slim' | 'client-node' | 'floor';
type WatchVariant = 'kcache-watch' | 'floor-watch';

interface SyncResult {
  variant: SyncVariant;
  objects: number;
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  bytesPerObject: number;
  maxStallMs: number;
  error?: string;
}

interface WatchResult {
  variant: WatchVariant;
  events: number;
  wallMs: number;
  cpuMs: number;
  maxStallMs: number;
}

interface ServerInfo {
  kubeconfig: string;
  url: string;
  seededRv: string;
  finalRv: string;
}

// ---------------------------------------------------------------------------------------------
// The server process: a fake API server seeded with pods (and a history of updates to replay).

async function serve(): Promise<void> {
  const { createFakeApiServer } = await import('@kcache/fake-apiserver');
  const { makePod } = await import('./fixtures/pods.js');
  const pods = Number(process.env.KCACHE_BENCH_SERVER_PODS);
  const namespaces = Number(process.env.KCACHE_BENCH_SERVER_NAMESPACES ?? 200);
  const updates = Number(process.env.KCACHE_BENCH_SERVER_UPDATES ?? 0);
  const { FIXTURE_CONTROLLERS, namespaceCreator } = await import('./internal/namespaces.js');
  const fake = await createFakeApiServer({ historyLimit: Math.max(10_000, updates + 1000), requestLogLimit: 100, controllers: FIXTURE_CONTROLLERS });
  const ensureNamespace = namespaceCreator(fake);
  type Stored = ReturnType<typeof makePod>;
  const stored: Stored[] = [];
  for (let i = 0; i < pods; i++) {
    const pod = makePod(i, { namespaces });
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
  // Stay up until the parent closes stdin.
  process.stdin.resume();
  await once(process.stdin, 'end');
  await fake.close();
}

// ---------------------------------------------------------------------------------------------
// A client process: one measurement.

function key(obj: { metadata?: { namespace?: string | undefined; name?: string | undefined } | undefined }): string {
  const m = obj.metadata;
  return m?.namespace ? `${m.namespace}/${m.name ?? ''}` : (m?.name ?? '');
}

const agent = new Agent({ keepAlive: true, keepAliveMsecs: 30_000, scheduling: 'lifo' });

/** Resolves after two rounds of timers, so a delay monitor has seen a block that just ended. */
async function timerTicks(): Promise<void> {
  for (let k = 0; k < 2; k++) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** A whole response body over node:http, decoded to text as it arrives. */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      const parts: string[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parts.push(chunk));
      res.on('end', () => {
        resolve(parts.join(''));
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** A streaming response over node:http. */
function getStream(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { agent, signal, headers: { accept: 'application/json' } }, resolve).on('error', reject);
  });
}

async function measureSync(variant: SyncVariant, expected: number, info: ServerInfo): Promise<SyncResult> {
  const { KubeConfig, CoreV1Api, makeInformer } = await import('@kubernetes/client-node');
  const { createListWatch } = await import('@kcache/listwatch');
  const { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } = await import('@kcache/store');
  const { createReflector } = await import('@kcache/reflector');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const kc = new KubeConfig();
  kc.loadFromString(info.kubeconfig);
  const api = kc.makeApiClient(CoreV1Api);

  let retained: unknown;
  let stop: () => Promise<void> = () => Promise.resolve();
  const run = async (): Promise<number> => {
    switch (variant) {
      case 'kcache':
      case 'kcache-stream':
      case 'kcache-slim': {
        interface Pod extends KubeObject {
          spec?: { nodeName?: string };
        }
        const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
        const store = createIndexer<Pod>({
          indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc, node: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) },
        });
        const reflector = createReflector<Pod>({
          listerWatcher: lw,
          store,
          useWatchList: variant === 'kcache-stream',
          expectedType: { apiVersion: 'v1', kind: 'Pod' },
          ...(variant === 'kcache-slim'
            ? {
                transform: (p: Pod): Pod => {
                  if (p.metadata !== undefined) delete p.metadata.managedFields;
                  return p;
                },
              }
            : {}),
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
      case 'client-node': {
        const informer = makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
        let failure: unknown;
        informer.on('error', (err: unknown) => {
          failure = err;
        });
        await informer.start();
        if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
        retained = informer;
        stop = () => informer.stop();
        return informer.list().length;
      }
      case 'floor': {
        // node:http, the transport @kcache/listwatch uses too: text in, one JSON.parse per page.
        const map = new Map<string, unknown>();
        let token = '';
        do {
          const query = token === '' ? `limit=${String(PAGE)}&resourceVersion=0` : `limit=${String(PAGE)}&continue=${encodeURIComponent(token)}`;
          const page = JSON.parse(await getText(`${info.url}/api/v1/pods?${query}`)) as { metadata: { continue?: string }; items: { metadata?: { namespace?: string; name?: string } }[] };
          for (const item of page.items) map.set(key(item), item);
          token = page.metadata.continue ?? '';
        } while (token !== '');
        retained = map;
        return map.size;
      }
    }
  };

  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
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
  // A block that ends the sync shows only when the timers next run: read the delay after that.
  await timerTicks();
  delay.disable();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const result: SyncResult = {
    variant,
    objects,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    bytesPerObject: objects > 0 ? (after - before) / objects : Number.NaN,
    maxStallMs: delay.max / 1e6,
    ...(error === undefined ? {} : { error }),
  };
  if (error === undefined && objects !== expected) result.error = `synced ${String(objects)} objects, expected ${String(expected)}`;
  await stop();
  if (retained === undefined && error === undefined) throw new Error('nothing retained');
  return result;
}

async function measureWatch(variant: WatchVariant, events: number, info: ServerInfo): Promise<WatchResult> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { createListWatch } = await import('@kcache/listwatch');
  const { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } = await import('@kcache/store');
  const { createReflector } = await import('@kcache/reflector');
  interface Pod extends KubeObject {
    spec?: { nodeName?: string };
    status?: { phase?: string };
  }
  const kc = new KubeConfig();
  kc.loadFromString(info.kubeconfig);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  const start = (): void => {
    delay.enable();
    cpu0 = process.cpuUsage();
    t0 = performance.now();
  };
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  if (variant === 'kcache-watch') {
    const http = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    // Start the store empty at the seeded resourceVersion, so what is timed is the watch alone:
    // the server replays every update since then as MODIFIED events.
    const listerWatcher = {
      list: () => Promise.resolve({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: info.seededRv }, items: [] as Pod[] }),
      watch: http.watch.bind(http),
    };
    const store = createIndexer<Pod>({
      indexers: {
        [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
        node: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []),
        phase: (p) => (p.status?.phase ? [p.status.phase] : []),
      },
    });
    const update = store.update.bind(store);
    store.update = (p) => {
      update(p);
      if (p.metadata?.resourceVersion === info.finalRv) done();
    };
    const reflector = createReflector<Pod>({ listerWatcher, store, useWatchList: false });
    reflector.on('watch-start', start);
    const controller = new AbortController();
    const running = reflector.run(controller.signal);
    await finished;
    const result = await summary();
    controller.abort();
    await running;
    http.close();
    return result;
  }
  const map = new Map<string, Pod>();
  const controller = new AbortController();
  start();
  const res = await getStream(`${info.url}/api/v1/pods?watch=true&resourceVersion=${info.seededRv}`, controller.signal);
  res.setEncoding('utf8');
  let pending = '';
  let last = false;
  for await (const chunk of res as AsyncIterable<string>) {
    const text = pending === '' ? chunk : pending + chunk;
    let from = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const event = JSON.parse(text.slice(from, newline)) as { object: Pod };
      map.set(key(event.object), event.object);
      if (event.object.metadata?.resourceVersion === info.finalRv) last = true;
      from = newline + 1;
      newline = text.indexOf('\n', from);
    }
    pending = text.slice(from);
    if (last) break;
  }
  const result = await summary();
  controller.abort();
  return result;

  async function summary(): Promise<WatchResult> {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await timerTicks();
    delay.disable();
    return { variant, events, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxStallMs: delay.max / 1e6 };
  }
}

async function client(): Promise<void> {
  const info = JSON.parse(process.env.KCACHE_BENCH_SERVER_INFO ?? '{}') as ServerInfo;
  const variant = process.env.KCACHE_BENCH_VARIANT ?? '';
  const count = Number(process.env.KCACHE_BENCH_COUNT);
  const result =
    variant === 'kcache-watch' || variant === 'floor-watch'
      ? await measureWatch(variant, count, info)
      : await measureSync(variant as SyncVariant, count, info);
  // Open sockets of a stopped informer may linger: exit once the result is written.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The parent: starts servers, runs every measurement in its own process, reports.

async function startServer(pods: number, namespaces: number, updates: number): Promise<{ info: ServerInfo; close: () => Promise<void> }> {
  const env = {
    KCACHE_REFLECTOR_ROLE: 'server',
    KCACHE_BENCH_SERVER_PODS: String(pods),
    KCACHE_BENCH_SERVER_NAMESPACES: String(namespaces),
    KCACHE_BENCH_SERVER_UPDATES: String(updates),
  };
  const { info, close } = await startChildServer(SELF, env);
  return { info: info as ServerInfo, close };
}

async function measure<R>(info: ServerInfo, variant: string, count: number): Promise<R> {
  return runChild<R>(SELF, {
    KCACHE_REFLECTOR_ROLE: 'client',
    KCACHE_BENCH_VARIANT: variant,
    KCACHE_BENCH_COUNT: String(count),
    KCACHE_BENCH_SERVER_INFO: JSON.stringify(info),
  });
}

function medianResult(runs: readonly SyncResult[]): SyncResult {
  const first = runs[0]!;
  const ok = runs.filter((r) => r.error === undefined);
  const use = ok.length > 0 ? ok : runs;
  return {
    variant: first.variant,
    objects: first.objects,
    wallMs: median(use.map((r) => r.wallMs)),
    cpuMs: median(use.map((r) => r.cpuMs)),
    peakRssBytes: median(use.map((r) => r.peakRssBytes)),
    bytesPerObject: median(use.map((r) => r.bytesPerObject)),
    maxStallMs: median(use.map((r) => r.maxStallMs)),
    ...(ok.length === 0 && first.error !== undefined ? { error: first.error } : {}),
  };
}

const mb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a');
const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');
const verdict = (ok: boolean): string => (ok ? 'OK' : 'MISSED');

async function syncCase(label: string, pods: number, namespaces: number, variants: readonly SyncVariant[], rounds: number): Promise<Map<SyncVariant, SyncResult>> {
  const server = await startServer(pods, namespaces, 0);
  const runs = new Map<SyncVariant, SyncResult[]>(variants.map((v) => [v, []]));
  try {
    // One unmeasured sync first, so the server's own warm-up is nobody's cost.
    await measure<SyncResult>(server.info, 'floor', pods);
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so drift on a shared machine affects every contender alike.
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const result = await measure<SyncResult>(server.info, variant, pods);
        runs.get(variant)!.push(result);
        if (result.error !== undefined) console.error(`${label} ${variant}: ${result.error}`);
      }
    }
  } finally {
    await server.close();
  }
  return new Map([...runs].map(([variant, results]) => [variant, medianResult(results)]));
}

async function main(): Promise<void> {
  console.log(`# reflector: initial sync and watch apply rate\n\n${machineSummary()}; rounds: ${String(ROUNDS)}\n`);
  const rows: BenchRow[] = [];
  const sync: SyncPoint[] = [];
  const notes: string[] = [];
  const table: string[][] = [['case', 'contender', 'wall', 'cpu', 'peak RSS', 'bytes/object', 'max stall', 'vs floor (wall)', 'vs floor (bytes)']];
  const headlines: string[] = [];
  const all: SyncVariant[] = ['floor', 'kcache', 'kcache-stream', 'kcache-slim', 'client-node'];
  // KCACHE_BENCH_VARIANTS=floor,kcache runs a subset (the floor is always kept for the ratios).
  const picked = process.env.KCACHE_BENCH_VARIANTS?.split(',').map((v) => v.trim());
  const variants = picked === undefined ? all : all.filter((v) => v === 'floor' || picked.includes(v));

  const report = (label: string, results: Map<SyncVariant, SyncResult>): void => {
    const floor = results.get('floor');
    for (const [variant, r] of results) {
      const timeRatio = floor === undefined ? Number.NaN : r.wallMs / floor.wallMs;
      const bytesRatio = floor === undefined ? Number.NaN : r.bytesPerObject / floor.bytesPerObject;
      table.push([
        label,
        variant,
        r.error === undefined ? ms(r.wallMs) : `failed: ${r.error.slice(0, 60)}`,
        ms(r.cpuMs),
        mb(r.peakRssBytes),
        Number.isFinite(r.bytesPerObject) ? r.bytesPerObject.toFixed(0) : 'n/a',
        ms(r.maxStallMs),
        variant === 'floor' ? '' : formatRatio(timeRatio),
        variant === 'floor' ? '' : formatRatio(bytesRatio),
      ]);
      if (r.error === undefined && (variant === 'kcache' || variant === 'client-node' || variant === 'floor')) {
        sync.push({ objects: r.objects, contender: variant, syncMs: r.wallMs, bytesPerObject: r.bytesPerObject });
      }
      if (r.error !== undefined) notes.push(`${label}, ${variant}: ${r.error}`);
    }
    const k = results.get('kcache');
    const cn = results.get('client-node');
    if (k !== undefined && floor !== undefined && k.error === undefined) {
      const t = k.wallMs / floor.wallMs;
      const b = k.bytesPerObject / floor.bytesPerObject;
      headlines.push(`${label} sync time kcache/floor: ${formatRatio(t)} (target ≤ ${String(TARGETS.time)}) ${verdict(t <= TARGETS.time)}`);
      headlines.push(`${label} bytes/object kcache/floor: ${formatRatio(b)} (target ≤ ${String(TARGETS.bytes)}) ${verdict(b <= TARGETS.bytes)}`);
      headlines.push(`${label} max stall kcache: ${ms(k.maxStallMs)} (target ≤ ${String(TARGETS.stallMs)} ms) ${verdict(k.maxStallMs <= TARGETS.stallMs)}`);
      rows.push({ case: `${label} sync`, unit: 'ms', values: { kcache: k.wallMs, floor: floor.wallMs, ...(cn?.error === undefined && cn ? { 'client-node': cn.wallMs } : {}) }, ratio: { label: 'kcache/floor', value: t, better: 'lower', target: TARGETS.time } });
      rows.push({ case: `${label} bytes/object`, unit: 'B', values: { kcache: k.bytesPerObject, floor: floor.bytesPerObject, ...(cn?.error === undefined && cn ? { 'client-node': cn.bytesPerObject } : {}) }, ratio: { label: 'kcache/floor', value: b, better: 'lower', target: TARGETS.bytes } });
      if (cn !== undefined && cn.error === undefined) {
        headlines.push(`${label} sync time kcache/client-node: ${formatRatio(k.wallMs / cn.wallMs)} (target < 1) ${verdict(k.wallMs < cn.wallMs)}`);
      }
      const slim = results.get('kcache-slim');
      if (slim !== undefined && slim.error === undefined) {
        headlines.push(`${label} bytes/object kcache with managedFields dropped / floor: ${formatRatio(slim.bytesPerObject / floor.bytesPerObject)}`);
      }
    }
  };

  for (const pods of SIZES) {
    report(`${String(pods / 1000)}k pods`, await syncCase(`${String(pods)} pods`, pods, 200, variants, ROUNDS));
  }
  if (ONE_NAMESPACE > 0) {
    report(
      `${String(ONE_NAMESPACE / 1000)}k pods, one namespace`,
      await syncCase(`${String(ONE_NAMESPACE)} pods in one namespace`, ONE_NAMESPACE, 1, ['floor', 'kcache', 'client-node'], 1),
    );
  }

  // Watch apply rate: the same replayed history of MODIFIED events, read by both.
  const watchPods = Math.min(10_000, EVENTS);
  const server = await startServer(watchPods, 200, EVENTS);
  const watchRuns: Record<WatchVariant, WatchResult[]> = { 'kcache-watch': [], 'floor-watch': [] };
  try {
    await measure<WatchResult>(server.info, 'floor-watch', EVENTS);
    for (let r = 0; r < ROUNDS; r++) {
      const order: WatchVariant[] = r % 2 === 0 ? ['floor-watch', 'kcache-watch'] : ['kcache-watch', 'floor-watch'];
      for (const variant of order) watchRuns[variant].push(await measure<WatchResult>(server.info, variant, EVENTS));
    }
  } finally {
    await server.close();
  }
  const rate = (runs: WatchResult[]): number => EVENTS / (median(runs.map((r) => r.wallMs)) / 1000);
  const kRate = rate(watchRuns['kcache-watch']);
  const fRate = rate(watchRuns['floor-watch']);
  const watchTable = [
    ['contender', 'events/s', 'cpu', 'max stall'],
    ['kcache (reflector → indexer, 3 indexes)', kRate.toFixed(0), ms(median(watchRuns['kcache-watch'].map((r) => r.cpuMs))), ms(median(watchRuns['kcache-watch'].map((r) => r.maxStallMs)))],
    ['floor (split, JSON.parse, Map.set)', fRate.toFixed(0), ms(median(watchRuns['floor-watch'].map((r) => r.cpuMs))), ms(median(watchRuns['floor-watch'].map((r) => r.maxStallMs)))],
  ];
  rows.push({ case: `watch apply (${String(EVENTS)} events)`, unit: 'events/s', values: { kcache: kRate, floor: fRate }, ratio: { label: 'kcache/floor', value: kRate / fRate, better: 'higher' } });
  headlines.push(`watch apply rate kcache/floor: ${formatRatio(kRate / fRate)}`);

  console.log('## Initial sync\n');
  console.log(formatTable(table));
  console.log(`\n## Watch apply rate (${String(EVENTS)} MODIFIED events over ${String(watchPods)} pods)\n`);
  console.log(formatTable(watchTable));
  console.log('');
  for (const line of headlines) console.log(line);
  for (const note of notes) console.log(`note: ${note}`);

  writeBenchResult({
    name: 'reflector',
    title: 'initial sync and watch apply rate: kcache vs client-node informer vs floor, against the fake API server',
    params: { sizes: SIZES.join(','), oneNamespace: ONE_NAMESPACE, events: EVENTS, rounds: ROUNDS, pageSize: PAGE },
    rows,
    sync,
    notes: [...headlines, ...notes],
  });
}

const role = process.env.KCACHE_REFLECTOR_ROLE;
if (role === 'server') await serve();
else if (role === 'client') await client();
else await main();
