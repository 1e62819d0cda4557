// The longest event-loop stall during a reflector's initial sync: what a process that also serves
// requests (a controller's health probe, a web server) feels while it syncs a large collection.
//
//   pnpm --filter @kcache/bench bench:stall
//   KCACHE_BENCH_SIZES=20000 KCACHE_BENCH_ROUNDS=1 pnpm --filter @kcache/bench bench:stall   (quicker)
//   KCACHE_BENCH_CASES=one-body,stream …                                                       (a subset)
//   KCACHE_BENCH_SYNC_REPLACE=1 …    the reflector replaces with the synchronous store.replace (as before replaceAsync)
//
// Cases, each at 20 000 and 100 000 objects:
//   one-body        ConfigMaps from a plain HTTP server that answers the whole list in one response,
//                   as kube-apiserver's watch cache answers `resourceVersion=0&limit=500`
//   one-body-gzip   the same, gzip-encoded, as kube-apiserver sends it to a client that accepts gzip
//   pages           pods from @kcache/fake-apiserver, in pages of 500
//   stream          pods from @kcache/fake-apiserver, as a streaming list (sendInitialEvents)
// Contenders, both filling the same indexer (namespace index) with one replace:
//   kcache          createListWatch → createReflector → createIndexer
//   kcache-list     createListWatch + listPages alone (no reflector, no store): the list path's
//                   decoding on its own (not for the streaming list)
//   floor           the least a client can do: the same bodies over node:http, one JSON.parse per
//                   body (per line for the stream), items typed by hand, then store.replace — the
//                   list path kcache had before it decoded lists incrementally
//
// The stall is read three ways while the sync runs and until the first timer tick after it (a
// block that ends the sync shows only then): a 1 ms interval timer's longest gap (wall), the
// longest stretch of this thread's CPU time between two ticks (what the code itself blocked, free
// of time the OS gave to other processes), and monitorEventLoopDelay's maximum (resolution 1 ms).
// `store.replace` is timed on its own (for kcache, the staged `replaceAsync` the reflector uses,
// whose span gives the event loop turns every 8 ms; for the floor, the synchronous `replace`, which
// holds the event loop for all of it); so is the longest garbage-collection pause, also shown.
// Every measurement runs in a fresh process; the median of the rounds is reported.
import { once } from 'node:events';
import { createServer, get, Agent, type IncomingMessage } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gunzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { KubeObject } from '@kcache/store';
import { benchQuick, writeBenchResult, type BenchRow } from './internal/aggregate-protocol.js';
import { formatRatio, formatTable, machineSummary } from './internal/report.js';
import { median, runChild, startChildServer } from './internal/child-process.js';

const SELF = fileURLToPath(import.meta.url);
const SIZES = (process.env.KCACHE_BENCH_SIZES ?? process.env.KCACHE_BENCH_PODS ?? (benchQuick ? '20000' : '20000,100000')).split(',').map(Number);
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? 3);
const ALL_CASES = ['one-body', 'one-body-gzip', 'pages', 'stream'] as const;
type Case = (typeof ALL_CASES)[number];
const CASES = (process.env.KCACHE_BENCH_CASES?.split(',') ?? ALL_CASES).filter((c): c is Case => (ALL_CASES as readonly string[]).includes(c));
const STALL_TARGET_MS = 50;
const PAGE = 500;
const RESOURCE_VERSION = '900000';

type Variant = 'kcache' | 'kcache-list' | 'floor';

interface Measurement {
  variant: Variant;
  objects: number;
  wallMs: number;
  cpuMs: number;
  /** Longest gap between two ticks of a 1 ms interval timer. */
  stallMs: number;
  /** Longest stretch of this thread's CPU time between two ticks. */
  cpuStallMs: number;
  /** monitorEventLoopDelay's maximum. */
  eldMaxMs: number;
  /** The longest garbage-collection pause (a `gc` performance entry). */
  gcMaxMs: number;
  replaceMs: number;
  /** This thread's CPU time in `store.replace`. */
  replaceCpuMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  retainedPerObject: number;
  error?: string;
}

interface ServerInfo {
  url: string;
  kubeconfig: string;
}

// ---------------------------------------------------------------------------------------------
// Server processes.

/** A plain HTTP server answering every list with the whole collection in one response. */
async function serveOneBody(): Promise<void> {
  const { makeConfigMap } = await import('./fixtures/config-maps.js');
  const count = Number(process.env.KCACHE_BENCH_SERVER_COUNT);
  const gzipped = process.env.KCACHE_BENCH_SERVER_GZIP === '1';
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    // Items without apiVersion/kind, as a real server sends a built-in kind's list items.
    const { apiVersion: _a, kind: _k, ...item } = makeConfigMap(i);
    items.push(JSON.stringify(item));
  }
  const plain = Buffer.from(`{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"${RESOURCE_VERSION}"},"items":[${items.join(',')}]}`);
  items.length = 0;
  // kube-apiserver compresses with gzip level 1 (BestSpeed).
  const body = gzipped ? gzipSync(plain, { level: 1 }) : plain;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders(); // and stay open until the client goes
      return;
    }
    const gzip = gzipped && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    if (gzipped && !gzip) {
      res.writeHead(406).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;
  const kubeconfig = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'bench', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'bench', user: {} }],
    contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench' } }],
    'current-context': 'bench',
  });
  process.stdout.write(`${JSON.stringify({ url, kubeconfig, bytes: plain.length, sentBytes: body.length })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  server.closeAllConnections();
  server.close();
}

/** The fake API server seeded with pods. */
async function serveFake(): Promise<void> {
  const { createFakeApiServer } = await import('@kcache/fake-apiserver');
  const { makePod } = await import('./fixtures/pods.js');
  const count = Number(process.env.KCACHE_BENCH_SERVER_COUNT);
  const { FIXTURE_CONTROLLERS, namespaceCreator } = await import('./internal/namespaces.js');
  const fake = await createFakeApiServer({ requestLogLimit: 100, controllers: FIXTURE_CONTROLLERS });
  const ensureNamespace = namespaceCreator(fake);
  for (let i = 0; i < count; i++) {
    const pod = makePod(i);
    const { resourceVersion: _rv, ...metadata } = pod.metadata; // the server assigns it
    ensureNamespace(metadata.namespace);
    fake.create({ ...pod, metadata });
  }
  process.stdout.write(`${JSON.stringify({ url: fake.url, kubeconfig: fake.kubeconfig() })}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await fake.close();
}

// ---------------------------------------------------------------------------------------------
// A client process: one sync, measured.

const agent = new Agent({ keepAlive: true, scheduling: 'lifo' });
const gunzipAsync = promisify(gunzip);

/** A whole response body as text; gzip bodies are collected whole and inflated on the thread pool, as kcache did before. */
function getText(url: string, acceptGzip: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { accept: 'application/json', ...(acceptGzip ? { 'accept-encoding': 'gzip' } : {}) } }, (res) => {
      if (res.headers['content-encoding'] === 'gzip') {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          gunzipAsync(Buffer.concat(chunks)).then((body) => {
            resolve(body.toString('utf8'));
          }, reject);
        });
      } else {
        const parts: string[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => parts.push(chunk));
        res.on('end', () => {
          resolve(parts.join(''));
        });
      }
      res.on('error', reject);
    }).on('error', reject);
  });
}

function getStream(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { agent, signal, headers: { accept: 'application/json' } }, resolve).on('error', reject);
  });
}

interface ListBody {
  kind?: string;
  apiVersion?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

function typeItems(items: KubeObject[], apiVersion: string, kind: string): void {
  for (const item of items) {
    item.apiVersion ??= apiVersion;
    item.kind ??= kind;
  }
}

async function measure(kase: Case, variant: Variant, expected: number, info: ServerInfo): Promise<Measurement> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { createListWatch, listPages } = await import('@kcache/listwatch');
  const { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } = await import('@kcache/store');
  const { createReflector } = await import('@kcache/reflector');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const kc = new KubeConfig();
  kc.loadFromString(info.kubeconfig);
  const oneBody = kase === 'one-body' || kase === 'one-body-gzip';
  const resource = oneBody ? 'configmaps' : 'pods';
  const kind = oneBody ? 'ConfigMap' : 'Pod';
  const store = createIndexer<KubeObject>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
  let replaceMs = 0;
  let replaceCpuMs = 0;
  const replace = store.replace.bind(store);
  store.replace = (items, resourceVersion) => {
    const t0 = performance.now();
    const c0 = process.threadCpuUsage();
    replace(items, resourceVersion);
    const c = process.threadCpuUsage(c0);
    replaceMs = performance.now() - t0;
    replaceCpuMs = (c.user + c.system) / 1000;
  };
  // The reflector replaces through the staged replaceAsync: its span, wall and this thread's CPU
  // (the CPU includes whatever else ran in the turns it gave, which is little during a sync).
  // KCACHE_BENCH_SYNC_REPLACE=1 hides it, so the reflector falls back to the synchronous replace.
  if (process.env.KCACHE_BENCH_SYNC_REPLACE === '1') Object.defineProperty(store, 'replaceAsync', { value: undefined });
  const replaceAsync = store.replaceAsync?.bind(store);
  if (replaceAsync !== undefined) {
    store.replaceAsync = async (items, resourceVersion, options) => {
      const t0 = performance.now();
      const c0 = process.threadCpuUsage();
      await replaceAsync(items, resourceVersion, options);
      const c = process.threadCpuUsage(c0);
      replaceMs = performance.now() - t0;
      replaceCpuMs = (c.user + c.system) / 1000;
    };
  }
  const stop = new AbortController();
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let listed: unknown[] | undefined;

  const sync = async (): Promise<void> => {
    if (variant === 'kcache-list') {
      const lw = createListWatch(kc, { apiVersion: 'v1', resource });
      listed = (await listPages(lw, { resourceVersion: '0' }, { pageSize: PAGE, signal: stop.signal })).list.items;
      lw.close();
      return;
    }
    if (variant === 'kcache') {
      const lw = createListWatch(kc, { apiVersion: 'v1', resource });
      const reflector = createReflector<KubeObject>({ listerWatcher: lw, store, useWatchList: kase === 'stream', expectedType: { apiVersion: 'v1', kind } });
      const running = reflector.run(stop.signal);
      await reflector.waitForSync();
      cleanup = async () => {
        stop.abort();
        await running;
        lw.close();
      };
      return;
    }
    const base = `${info.url}/api/v1/${resource}`;
    if (kase === 'stream') {
      const res = await getStream(`${base}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=600`, stop.signal);
      res.setEncoding('utf8');
      const objects = new Map<string, KubeObject>();
      let pending = '';
      let rv = '';
      reading: for await (const chunk of res as AsyncIterable<string>) {
        const text = pending === '' ? chunk : pending + chunk;
        let from = 0;
        let newline = text.indexOf('\n');
        while (newline !== -1) {
          const event = JSON.parse(text.slice(from, newline)) as { type: string; object: KubeObject };
          from = newline + 1;
          newline = text.indexOf('\n', from);
          const meta = event.object.metadata ?? {};
          if (event.type === 'BOOKMARK') {
            if (meta.annotations?.['k8s.io/initial-events-end'] === 'true') {
              rv = meta.resourceVersion ?? '';
              break reading;
            }
            continue;
          }
          objects.set(`${meta.namespace ?? ''}/${meta.name ?? ''}`, event.object);
        }
        pending = text.slice(from);
      }
      store.replace([...objects.values()], rv);
      cleanup = () => {
        stop.abort();
        return Promise.resolve();
      };
      return;
    }
    const items: KubeObject[] = [];
    let rv = '';
    let token = '';
    do {
      const query = token === '' ? `limit=${String(PAGE)}&resourceVersion=0` : `limit=${String(PAGE)}&continue=${encodeURIComponent(token)}`;
      const page = JSON.parse(await getText(`${base}?${query}`, kase === 'one-body-gzip')) as ListBody;
      rv ||= page.metadata.resourceVersion ?? '';
      for (const item of page.items) items.push(item);
      token = page.metadata.continue ?? '';
    } while (token !== '');
    typeItems(items, 'v1', kind);
    store.replace(items, rv);
  };

  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const eld = monitorEventLoopDelay({ resolution: 1 });
  const threadCpu = (): number => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  let lastTick = performance.now();
  let lastCpu = threadCpu();
  let stallMs = 0;
  let cpuStallMs = 0;
  let peakHeap = 0;
  let ticks = 0;
  const probe = setInterval(() => {
    const t = performance.now();
    const c = threadCpu();
    stallMs = Math.max(stallMs, t - lastTick);
    cpuStallMs = Math.max(cpuStallMs, c - lastCpu);
    lastTick = t;
    lastCpu = c;
    if ((++ticks & 15) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 1);
  let gcMaxMs = 0;
  const gcObserver = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let error: string | undefined;
  try {
    await sync();
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // A block that ends the sync is seen only at the next timer ticks.
  const ticksAtSync = ticks;
  while (ticks < ticksAtSync + 2) await new Promise((resolve) => setTimeout(resolve, 1));
  clearInterval(probe);
  eld.disable();
  gcObserver.disconnect();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  gc();
  gc();
  const objects = listed?.length ?? store.listKeys().length;
  const retained = process.memoryUsage().heapUsed - heapBefore;
  await cleanup();
  const result: Measurement = {
    variant,
    objects,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stallMs,
    cpuStallMs,
    eldMaxMs: eld.max / 1e6,
    gcMaxMs,
    replaceMs,
    replaceCpuMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes: peakHeap - heapBefore,
    retainedPerObject: objects > 0 ? retained / objects : Number.NaN,
  };
  if (error !== undefined) result.error = error;
  else if (objects !== expected) result.error = `synced ${String(objects)} objects, expected ${String(expected)}`;
  return result;
}

async function client(): Promise<void> {
  const info = JSON.parse(process.env.KCACHE_BENCH_SERVER_INFO ?? '{}') as ServerInfo;
  const result = await measure(process.env.KCACHE_BENCH_CASE as Case, process.env.KCACHE_BENCH_VARIANT as Variant, Number(process.env.KCACHE_BENCH_COUNT), info);
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The parent: servers, one process per measurement, the report.

async function startServer(kase: Case, count: number): Promise<{ info: ServerInfo & { bytes?: number; sentBytes?: number }; close: () => Promise<void> }> {
  const env = {
    KCACHE_STALL_ROLE: kase === 'pages' || kase === 'stream' ? 'fake' : 'one-body',
    KCACHE_BENCH_SERVER_COUNT: String(count),
    KCACHE_BENCH_SERVER_GZIP: kase === 'one-body-gzip' ? '1' : '0',
  };
  const { info, close } = await startChildServer(SELF, env);
  return { info: info as ServerInfo & { bytes?: number; sentBytes?: number }, close };
}

async function run(kase: Case, variant: Variant, count: number, info: ServerInfo): Promise<Measurement> {
  return runChild<Measurement>(SELF, {
    KCACHE_STALL_ROLE: 'client',
    KCACHE_BENCH_CASE: kase,
    KCACHE_BENCH_VARIANT: variant,
    KCACHE_BENCH_COUNT: String(count),
    KCACHE_BENCH_SERVER_INFO: JSON.stringify(info),
  });
}

function medianOf(runs: readonly Measurement[]): Measurement {
  const ok = runs.filter((r) => r.error === undefined);
  const use = ok.length > 0 ? ok : runs;
  const m = (pick: (r: Measurement) => number): number => median(use.map(pick));
  const first = runs[0]!;
  return {
    variant: first.variant,
    objects: first.objects,
    wallMs: m((r) => r.wallMs),
    cpuMs: m((r) => r.cpuMs),
    stallMs: m((r) => r.stallMs),
    cpuStallMs: m((r) => r.cpuStallMs),
    eldMaxMs: m((r) => r.eldMaxMs),
    gcMaxMs: m((r) => r.gcMaxMs),
    replaceMs: m((r) => r.replaceMs),
    replaceCpuMs: m((r) => r.replaceCpuMs),
    peakRssBytes: m((r) => r.peakRssBytes),
    peakHeapBytes: m((r) => r.peakHeapBytes),
    retainedPerObject: m((r) => r.retainedPerObject),
    ...(ok.length === 0 && first.error !== undefined ? { error: first.error } : {}),
  };
}

const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
const mb = (v: number): string => (Number.isFinite(v) ? `${(v / 1024 / 1024).toFixed(0)} MB` : 'n/a');

async function main(): Promise<void> {
  console.log(`# event-loop stall during a reflector sync\n\n${machineSummary()}; rounds: ${String(ROUNDS)}\n`);
  const table: string[][] = [['case', 'objects', 'contender', 'wall', 'cpu', 'max stall (timer / CPU / ELD)', 'store.replace (wall / CPU)', 'longest GC pause', 'peak RSS', 'peak heap', 'retained/object', 'stall vs floor']];
  const headlines: string[] = [];
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const kase of CASES) {
    for (const count of SIZES) {
      const server = await startServer(kase, count);
      const runs: Record<Variant, Measurement[]> = { kcache: [], 'kcache-list': [], floor: [] };
      const variants: Variant[] = kase === 'stream' ? ['kcache', 'floor'] : ['kcache', 'kcache-list', 'floor'];
      try {
        await run(kase, 'floor', count, server.info); // warms the server up
        for (let r = 0; r < ROUNDS; r++) {
          const order = r % 2 === 0 ? variants : [...variants].reverse();
          for (const variant of order) {
            const m = await run(kase, variant, count, server.info);
            if (m.error !== undefined) console.error(`${kase} ${String(count)} ${variant}: ${m.error}`);
            runs[variant].push(m);
          }
        }
      } finally {
        await server.close();
      }
      const k = medianOf(runs.kcache);
      const f = medianOf(runs.floor);
      const listOnly = runs['kcache-list'].length > 0 ? medianOf(runs['kcache-list']) : undefined;
      const label = `${kase}, ${String(count / 1000)}k ${kase.startsWith('one-body') ? 'ConfigMaps' : 'pods'}`;
      const size = server.info.bytes === undefined ? '' : ` (${(server.info.bytes / 1e6).toFixed(0)} MB${server.info.sentBytes === server.info.bytes ? '' : `, ${((server.info.sentBytes ?? 0) / 1e6).toFixed(0)} MB gzipped`})`;
      for (const r of listOnly === undefined ? [k, f] : [k, listOnly, f]) {
        const stall = Math.max(r.stallMs, r.eldMaxMs);
        const floorStall = Math.max(f.stallMs, f.eldMaxMs);
        table.push([
          `${kase}${size}`,
          String(count),
          r.variant,
          r.error === undefined ? ms(r.wallMs) : `failed: ${r.error.slice(0, 50)}`,
          ms(r.cpuMs),
          `${ms(r.stallMs)} / ${ms(r.cpuStallMs)} / ${ms(r.eldMaxMs)}`,
          r.variant === 'kcache-list' ? '' : `${ms(r.replaceMs)} / ${ms(r.replaceCpuMs)}`,
          ms(r.gcMaxMs),
          mb(r.peakRssBytes),
          mb(r.peakHeapBytes),
          Number.isFinite(r.retainedPerObject) ? r.retainedPerObject.toFixed(0) : 'n/a',
          r.variant === 'floor' ? '' : formatRatio(stall / floorStall),
        ]);
        if (r.error !== undefined) notes.push(`${label}, ${r.variant}: ${r.error}`);
      }
      const stall = Math.max(k.stallMs, k.eldMaxMs);
      const floorStall = Math.max(f.stallMs, f.eldMaxMs);
      headlines.push(`${label} max stall kcache: ${ms(stall)} wall, ${ms(k.cpuStallMs)} CPU; floor ${ms(floorStall)} (target ≤ ${String(STALL_TARGET_MS)} ms) ${stall <= STALL_TARGET_MS ? 'OK' : 'MISSED'}`);
      if (listOnly !== undefined) headlines.push(`${label} max stall of the list alone (listPages): ${ms(Math.max(listOnly.stallMs, listOnly.eldMaxMs))} wall, ${ms(listOnly.cpuStallMs)} CPU`);
      rows.push({
        case: `max stall, ${label}`,
        unit: 'ms',
        values: { kcache: stall, 'kcache (CPU)': k.cpuStallMs, floor: floorStall, 'floor (CPU)': f.cpuStallMs, 'store.replace (CPU)': k.replaceCpuMs },
        ratio: { label: 'kcache/floor', value: stall / floorStall, better: 'lower' },
      });
      rows.push({
        case: `sync time, ${label}`,
        unit: 'ms',
        values: { kcache: k.wallMs, floor: f.wallMs },
        ratio: { label: 'kcache/floor', value: k.wallMs / f.wallMs, better: 'lower' },
      });
      rows.push({
        case: `peak heap during sync, ${label}`,
        unit: 'MB',
        values: { kcache: k.peakHeapBytes / 1024 / 1024, floor: f.peakHeapBytes / 1024 / 1024 },
        ratio: { label: 'kcache/floor', value: k.peakHeapBytes / f.peakHeapBytes, better: 'lower' },
      });
    }
  }
  console.log(formatTable(table));
  console.log('');
  for (const line of headlines) console.log(line);
  for (const note of notes) console.log(`note: ${note}`);
  writeBenchResult({
    name: 'stall',
    title: 'longest event-loop stall during a reflector sync: kcache vs one JSON.parse per body, one-body lists, pages, streaming lists',
    params: { sizes: SIZES.join(','), cases: CASES.join(','), rounds: ROUNDS, pageSize: PAGE },
    rows,
    notes: [...headlines, ...notes],
  });
}

const role = process.env.KCACHE_STALL_ROLE;
if (role === 'one-body') await serveOneBody();
else if (role === 'fake') await serveFake();
else if (role === 'client') await client();
else await main();
