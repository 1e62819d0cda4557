// A list of 100 000 realistic pods (about 4 KB each) in pages of 500, through @kcache/listwatch's
// createListWatch + listPages, beside the least a client can do: fetch each page, JSON.parse it,
// collect the items, follow the continue token.
//
//   pnpm --filter @kcache/bench bench:list-pages
//   KCACHE_BENCH_PODS=20000 KCACHE_BENCH_ROUNDS=3 pnpm --filter @kcache/bench bench:list-pages   (quicker)
//
// The server runs in a worker thread (the other core) and answers from page bodies serialized
// in advance, so it costs the same for both sides. Items come without apiVersion/kind, as a real
// API server sends them; listPages fills them in, which is part of the work measured. Runs
// alternate (a, b, b, a, …); the median is reported. The longest event-loop stall is the longest
// gap between ticks of a 1 ms interval timer (wall, and this thread's CPU time in it), read after
// the timer has ticked once more after the list, so a block that ends it counts.
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KubeConfig } from '@kubernetes/client-node';
import { createListWatch, listPages } from '@kcache/listwatch';
import { makePod } from './fixtures/pods.js';
import { writeBenchResult } from './internal/aggregate-protocol.js';
import { formatRatio, formatTable, machineSummary } from './internal/report.js';

const N = Number(process.env.KCACHE_BENCH_PODS ?? 100_000);
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? 5);
const PAGE = 500;
const RATIO_TARGET = 0.9;
const RESOURCE_VERSION = '9000000';
const collectGarbage: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Page bodies as a real server would send them: items without apiVersion/kind, opaque tokens. */
function buildPages(n: number): ArrayBuffer[] {
  const pages: ArrayBuffer[] = [];
  const count = Math.ceil(n / PAGE);
  for (let p = 0; p < count; p++) {
    const items: string[] = [];
    for (let i = p * PAGE; i < Math.min(n, (p + 1) * PAGE); i++) {
      const { apiVersion: _a, kind: _k, ...item } = makePod(i);
      items.push(JSON.stringify(item));
    }
    const last = p === count - 1;
    const metadata = last
      ? { resourceVersion: RESOURCE_VERSION }
      : { resourceVersion: RESOURCE_VERSION, continue: Buffer.from(String(p + 1)).toString('base64url'), remainingItemCount: n - (p + 1) * PAGE };
    const body = Buffer.from(`{"kind":"PodList","apiVersion":"v1","metadata":${JSON.stringify(metadata)},"items":[${items.join(',')}]}`);
    const copy = new ArrayBuffer(body.length);
    new Uint8Array(copy).set(body);
    pages.push(copy);
  }
  return pages;
}

// Plain JavaScript: runs in the worker without a loader.
const SERVER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const pages = workerData.pages.map((ab) => Buffer.from(ab));
const server = http.createServer((req, res) => {
  const token = new URL(req.url, 'http://x').searchParams.get('continue');
  const body = pages[token ? Number(Buffer.from(token, 'base64url').toString()) : 0];
  if (body === undefined) { res.writeHead(410); res.end(); return; }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => { if (m === 'close') { server.closeAllConnections(); server.close(); } });
`;

interface Pod {
  metadata?: { name?: string };
}

async function bareFetch(base: string): Promise<number> {
  const items: Pod[] = [];
  let token = '';
  let resourceVersion: string | undefined;
  do {
    const res = await fetch(`${base}/api/v1/pods?limit=${String(PAGE)}${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}`);
    const page = JSON.parse(await res.text()) as { metadata: { continue?: string; resourceVersion?: string }; items: Pod[] };
    resourceVersion ??= page.metadata.resourceVersion;
    for (const item of page.items) items.push(item);
    token = page.metadata.continue ?? '';
  } while (token !== '');
  if (resourceVersion !== RESOURCE_VERSION) throw new Error('wrong resourceVersion');
  return items.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  console.log(`machine: ${machineSummary()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const pages = buildPages(N);
  const bytes = pages.reduce((sum, p) => sum + p.byteLength, 0);
  console.log(`list: ${String(N)} pods in ${String(pages.length)} pages of ${String(PAGE)}, ${(bytes / 1e6).toFixed(1)} MB`);
  const worker = new Worker(SERVER, { eval: true, workerData: { pages }, transferList: pages });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const base = `http://127.0.0.1:${String(port)}`;

  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'bench', server: base, skipTLSVerify: true }],
    users: [{ name: 'bench' }],
    contexts: [{ name: 'bench', cluster: 'bench', user: 'bench' }],
    currentContext: 'bench',
  });
  const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
  const kcache = async (): Promise<number> => {
    const { list, paginated } = await listPages(lw, {}, { pageSize: PAGE });
    if (!paginated || list.metadata.resourceVersion !== RESOURCE_VERSION) throw new Error('unexpected list');
    return list.items.length;
  };

  const KCACHE = 'kcache createListWatch + listPages';
  const BARE = 'bare fetch + JSON.parse';
  const contenders: [string, () => Promise<number>][] = [
    [KCACHE, kcache],
    [BARE, () => bareFetch(base)],
  ];
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const cpuTimes = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const processCpuTimes = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const stalls = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const cpuStalls = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  // Client CPU time: this thread only (the server runs on another), immune to other processes.
  // Process CPU time adds the server's thread and the garbage collector's helper threads.
  const threadCpuMs = (): number => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  const once = async (run: () => Promise<number>): Promise<{ ms: number; cpuMs: number; processCpuMs: number; stallMs: number; cpuStallMs: number }> => {
    collectGarbage?.();
    let lastTick = performance.now();
    let lastCpu = threadCpuMs();
    let stallMs = 0;
    let cpuStallMs = 0;
    let ticks = 0;
    const probe = setInterval(() => {
      const t = performance.now();
      const c = threadCpuMs();
      stallMs = Math.max(stallMs, t - lastTick);
      cpuStallMs = Math.max(cpuStallMs, c - lastCpu);
      lastTick = t;
      lastCpu = c;
      ticks++;
    }, 1);
    const cpu0 = process.threadCpuUsage();
    const processCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await run();
    const ms = performance.now() - t0;
    const cpu = process.threadCpuUsage(cpu0);
    const processCpu = process.cpuUsage(processCpu0);
    const ticksAtEnd = ticks;
    while (ticks < ticksAtEnd + 2) await new Promise((resolve) => setTimeout(resolve, 1));
    clearInterval(probe);
    if (count !== N) throw new Error(`listed ${String(count)} pods, expected ${String(N)}`);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, processCpuMs: (processCpu.user + processCpu.system) / 1000, stallMs, cpuStallMs };
  };
  for (const [, run] of contenders) await once(run); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const [name, run] of order) {
      const sample = await once(run);
      times.get(name)?.push(sample.ms);
      cpuTimes.get(name)?.push(sample.cpuMs);
      processCpuTimes.get(name)?.push(sample.processCpuMs);
      stalls.get(name)?.push(sample.stallMs);
      cpuStalls.get(name)?.push(sample.cpuStallMs);
    }
  }
  worker.postMessage('close');
  lw.close();
  await worker.terminate();

  const kcacheMs = median(times.get(KCACHE) ?? []);
  const bareMs = median(times.get(BARE) ?? []);
  const kcacheCpuMs = median(cpuTimes.get(KCACHE) ?? []);
  const bareCpuMs = median(cpuTimes.get(BARE) ?? []);
  const bareProcessCpuMs = median(processCpuTimes.get(BARE) ?? []);
  const rows: string[][] = [
    ['client', 'wall (median)', 'pods/s', 'MB/s', 'vs bare', 'client CPU (median)', 'vs bare (CPU)', 'process CPU (median)', 'vs bare (process CPU)', 'max stall (wall / CPU)'],
  ];
  for (const [name] of contenders) {
    const ms = median(times.get(name) ?? []);
    const cpuMs = median(cpuTimes.get(name) ?? []);
    rows.push([
      name,
      `${ms.toFixed(0)} ms`,
      Math.round(N / (ms / 1000)).toLocaleString('en-US'),
      (bytes / 1e6 / (ms / 1000)).toFixed(0),
      formatRatio(bareMs / ms),
      `${cpuMs.toFixed(0)} ms`,
      formatRatio(bareCpuMs / cpuMs),
      `${median(processCpuTimes.get(name) ?? []).toFixed(0)} ms`,
      formatRatio(bareProcessCpuMs / median(processCpuTimes.get(name) ?? [])),
      `${median(stalls.get(name) ?? []).toFixed(0)} / ${median(cpuStalls.get(name) ?? []).toFixed(0)} ms`,
    ]);
  }
  console.log(`\n${formatTable(rows)}\n`);
  const ratio = bareMs / kcacheMs;
  const cpuRatio = bareCpuMs / kcacheCpuMs;
  console.log(`throughput vs bare fetch: ${formatRatio(ratio)} wall, ${formatRatio(cpuRatio)} client CPU time (target ≥ ${String(RATIO_TARGET)}) ${ratio >= RATIO_TARGET ? 'OK' : 'MISSED'}`);
  const kcacheStall = median(stalls.get(KCACHE) ?? []);
  console.log(`longest event-loop stall while listing: ${kcacheStall.toFixed(0)} ms wall, ${median(cpuStalls.get(KCACHE) ?? []).toFixed(0)} ms CPU; bare fetch ${median(stalls.get(BARE) ?? []).toFixed(0)} ms`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`(rounds: ${String(ROUNDS)})`);
  writeBenchResult({
    name: 'list-pages',
    title: 'createListWatch + listPages vs bare fetch + JSON.parse, pages of 500',
    params: { pods: N, pageSize: PAGE, megabytes: Math.round(bytes / 1e6), rounds: ROUNDS },
    rows: [
      {
        case: `list ${String(N)} pods`,
        unit: 'ms',
        values: { kcache: Math.round(kcacheMs), 'bare fetch': Math.round(bareMs) },
        ratio: { label: 'bare / kcache time', value: ratio, better: 'higher', target: RATIO_TARGET },
      },
      {
        case: `list ${String(N)} pods (client CPU time)`,
        unit: 'ms',
        values: { kcache: Math.round(kcacheCpuMs), 'bare fetch': Math.round(bareCpuMs) },
        ratio: { label: 'bare / kcache CPU time', value: cpuRatio, better: 'higher', target: RATIO_TARGET },
      },
    ],
    notes: [`longest event-loop stall: kcache ${kcacheStall.toFixed(0)} ms, bare fetch ${median(stalls.get(BARE) ?? []).toFixed(0)} ms (median of rounds)`, `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`],
  });
}

await main();
