// @kcache/fake-apiserver under load: how fast it serves big lists (beside a bare node:http server
// writing the very same bytes: the floor), how watch events fan out to 1, 100 and 1000 watchers,
// what a watcher that stops reading costs the others (and the server's memory), and how many
// writes per second it takes over HTTP and in-process.
//
//   pnpm --filter @kcache/bench bench:fake-apiserver
//   KCACHE_BENCH_QUICK=1 pnpm --filter @kcache/bench bench:fake-apiserver      (small sizes)
//
// The servers run in a worker thread (the other core), the clients here; on a shared machine the
// ratio of two servers measured in alternation, in the same run, is the figure to trust.
import { Agent, request, type IncomingMessage } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makePod } from './fixtures/pods.js';
import { benchQuick, writeBenchResult, type BenchRow } from './internal/aggregate-protocol.js';
import type { MemorySample, WorkerCommand } from './internal/fake-apiserver-worker.js';
import { formatRatio, formatTable, machineSummary } from './internal/report.js';

const PODS = Number(process.env.KCACHE_BENCH_PODS ?? (benchQuick ? 20_000 : 100_000));
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? (benchQuick ? 3 : 5));
const UPDATES = Number(process.env.KCACHE_BENCH_UPDATES ?? (benchQuick ? 2_000 : 10_000));
const WATCHERS = [1, 100, 1000];
const HTTP_WRITES = benchQuick ? 1_000 : 5_000;
const PAGE = 500;
const LIST_TARGET = 0.7;
const MB = 1e6;

// ── the worker ─────────────────────────────────────────────────────────────────────────────
const worker = new Worker(new URL('./internal/fake-apiserver-worker.ts', import.meta.url), {
  resourceLimits: { maxOldGenerationSizeMb: 8192 },
});
let nextId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
  const p = pending.get(m.id);
  pending.delete(m.id);
  if (m.error !== undefined) p?.reject(new Error(m.error));
  else p?.resolve(m.result);
});
worker.on('error', (err) => {
  console.error(err);
  process.exit(1);
});
function ask<T>(message: WorkerCommand, transfer: ArrayBuffer[] = []): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage({ ...message, id }, transfer);
  });
}

// ── HTTP clients ───────────────────────────────────────────────────────────────────────────
const listAgent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GETs a path, counting bytes; `keep` also returns the body. The continue token is read from the head. */
function get(base: string, path: string, keep: boolean): Promise<{ bytes: number; body?: Buffer; continueToken: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent: listAgent }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${String(res.statusCode)}`));
      let bytes = 0;
      let head = '';
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < 1024) head += chunk.subarray(0, 1024).toString('latin1');
        if (keep) chunks.push(chunk);
      });
      res.on('end', () => {
        // The list's metadata comes before its items: the token is in the first bytes.
        const token = /"continue":"([^"]*)"/.exec(head.slice(0, head.indexOf('"items"')))?.[1] ?? '';
        resolve(keep ? { bytes, body: Buffer.concat(chunks), continueToken: token } : { bytes, continueToken: token });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A full list: one request, or pages of PAGE following the continue tokens. Returns the bytes read. */
async function fullList(base: string, paged: boolean, record?: Map<string, ArrayBuffer>): Promise<number> {
  let total = 0;
  let token = '';
  do {
    const limit = paged ? String(PAGE) : '';
    const query = paged ? `?limit=${limit}${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}` : '';
    const page = await get(base, `/api/v1/pods${query}`, record !== undefined);
    if (record !== undefined && page.body !== undefined) {
      const copy = new ArrayBuffer(page.body.length);
      new Uint8Array(copy).set(page.body);
      record.set(`${limit}|${token}`, copy);
    }
    total += page.bytes;
    token = paged ? page.continueToken : '';
  } while (token !== '');
  return total;
}

interface Watcher {
  events: number;
  bytes: number;
  ended: boolean;
  res: IncomingMessage;
  close(): void;
}

/** Opens a watch and counts event lines (newlines) without parsing them. Resolves once headers arrive. */
function openWatcher(url: string, agent: Agent, stalled = false): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const w: Watcher = { events: 0, bytes: 0, ended: false, res, close: () => req.destroy() };
      if (stalled) res.pause();
      res.on('data', (chunk: Buffer) => {
        w.bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) w.events++;
      });
      const end = (): void => {
        w.ended = true;
      };
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
      resolve(w);
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');

// ── measurements ───────────────────────────────────────────────────────────────────────────
async function listBenchmark(fakeUrl: string): Promise<{ rows: BenchRow[]; table: string[][]; lines: string[] }> {
  const recorded = new Map<string, ArrayBuffer>();
  const pagedBytes = await fullList(fakeUrl, true, recorded);
  const fullBytes = await fullList(fakeUrl, false, recorded);
  const { url: floorUrl } = await ask<{ url: string }>({ cmd: 'startFloor', bodies: [...recorded] }, [...recorded.values()]);
  recorded.clear();
  const rows: BenchRow[] = [];
  const table: string[][] = [['LIST of ' + PODS.toLocaleString('en-US') + ' pods', 'fake', 'floor (bare node:http)', 'fake/floor', 'server CPU: fake', 'floor', 'floor/fake CPU']];
  const lines: string[] = [];
  for (const paged of [true, false]) {
    const bytes = paged ? pagedBytes : fullBytes;
    const samples = { fake: [] as number[], floor: [] as number[] };
    const cpu = { fake: [] as number[], floor: [] as number[] };
    const once = async (which: 'fake' | 'floor'): Promise<void> => {
      const cpu0 = await ask<number>({ cmd: 'cpu' });
      const t0 = performance.now();
      const got = await fullList(which === 'fake' ? fakeUrl : floorUrl, paged);
      samples[which].push(performance.now() - t0);
      cpu[which].push((await ask<number>({ cmd: 'cpu' })) - cpu0);
      if (got !== bytes) throw new Error(`${which} served ${String(got)} bytes, expected ${String(bytes)}`);
    };
    await once('fake');
    await once('floor');
    for (let r = 0; r < ROUNDS; r++) {
      for (const which of r % 2 === 0 ? (['fake', 'floor'] as const) : (['floor', 'fake'] as const)) await once(which);
    }
    const fakeMBs = bytes / MB / (median(samples.fake) / 1000);
    const floorMBs = bytes / MB / (median(samples.floor) / 1000);
    const ratio = fakeMBs / floorMBs;
    const fakeCpu = median(cpu.fake);
    const floorCpu = median(cpu.floor);
    const cpuRatio = floorCpu / fakeCpu;
    const label = paged ? `pages of ${String(PAGE)}` : 'unpaginated';
    table.push([`${label} (${(bytes / MB).toFixed(0)} MB)`, `${fakeMBs.toFixed(0)} MB/s`, `${floorMBs.toFixed(0)} MB/s`, formatRatio(ratio), `${fakeCpu.toFixed(0)} ms`, `${floorCpu.toFixed(0)} ms`, formatRatio(cpuRatio)]);
    lines.push(`LIST ${label} vs floor: ${formatRatio(ratio)} throughput, ${formatRatio(cpuRatio)} server CPU time (target ≥ ${String(LIST_TARGET)}) ${ratio >= LIST_TARGET ? 'OK' : 'MISSED'}`);
    rows.push({
      case: `LIST ${String(PODS)} pods, ${label}`,
      unit: 'MB/s',
      values: { fake: Math.round(fakeMBs), floor: Math.round(floorMBs) },
      ratio: { label: 'fake/floor throughput', value: ratio, better: 'higher', target: LIST_TARGET },
    });
    rows.push({
      case: `LIST ${String(PODS)} pods, ${label} (server CPU time)`,
      unit: 'ms',
      values: { fake: Math.round(fakeCpu), floor: Math.round(floorCpu) },
      // The target is on throughput; CPU time is reported to read it on a busy machine.
      ratio: { label: 'floor/fake server CPU time', value: cpuRatio, better: 'higher' },
    });
  }
  return { rows, table, lines };
}

interface FanOut {
  watchers: number;
  writerMs: number;
  deliveryMs: number;
  delivered: number;
  complete: boolean;
}

async function fanOut(base: string, watchers: number, names: string[], namespace: string): Promise<FanOut> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const rv = await currentRv(base, namespace);
  const ws = await Promise.all(Array.from({ length: watchers }, () => openWatcher(`${base}/api/v1/namespaces/${namespace}/pods?watch=true&resourceVersion=${rv}`, agent)));
  const t0 = performance.now();
  const { ms: writerMs } = await ask<{ ms: number }>({ cmd: 'writeUpdates', server: 'main', namespace, names, count: UPDATES, big: false, batch: 100 });
  const complete = await waitFor(() => ws.every((w) => w.events >= UPDATES), 120_000);
  const deliveryMs = performance.now() - t0;
  const delivered = ws.reduce((sum, w) => sum + w.events, 0);
  for (const w of ws) w.close();
  agent.destroy();
  return { watchers, writerMs, deliveryMs, delivered, complete };
}

async function currentRv(base: string, namespace: string): Promise<string> {
  const page = await get(base, `/api/v1/namespaces/${namespace}/pods?limit=1`, true);
  return (/"resourceVersion":"(\d+)"/.exec(page.body?.toString('utf8') ?? '') ?? [])[1] ?? '';
}

interface SlowResult {
  readers: number;
  updates: number;
  baselineMs: number;
  withStalledMs: number;
  stalledEvents: number;
  stalledBytes: number;
  stalledEnded: boolean;
  memoryGrowth: number;
  memoryGrowthBaseline: number;
}

/**
 * The stalled-watcher server keeps a short watch history, so what memory it retains after the
 * writes is what watchers pin, not the history every server keeps.
 */
const SLOW_HISTORY = 100;

/** What loopback TCP buffers hold for a client that stopped reading (send buffer autotuned up to 4 MiB here, plus the receive window). */
const KERNEL_ALLOWANCE = 8 * 1024 * 1024;

/**
 * Readers beside a watcher that never reads, on a server whose watch buffer is `bufferBytes`:
 * enough updates are written to overflow that buffer three times over, beyond what the kernel holds.
 */
async function slowWatcher(base: string, names: string[], namespace: string, eventBytes: number, bufferBytes: number): Promise<SlowResult> {
  const readers = 10;
  const updates = Math.ceil((3 * bufferBytes + KERNEL_ALLOWANCE) / eventBytes);
  const run = async (withStalled: boolean): Promise<{ ms: number; growth: number; stalled?: Watcher }> => {
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const rv = await currentRv(base, namespace);
    const url = `${base}/api/v1/namespaces/${namespace}/pods?watch=true&resourceVersion=${rv}`;
    const ws = await Promise.all(Array.from({ length: readers }, () => openWatcher(url, agent)));
    const stalled = withStalled ? await openWatcher(url, agent, true) : undefined;
    const before = await ask<MemorySample>({ cmd: 'memory' });
    const t0 = performance.now();
    await ask({ cmd: 'writeUpdates', server: 'slow', namespace, names, count: updates, big: true, batch: 50 });
    await waitFor(() => ws.every((w) => w.events >= updates), 120_000);
    const ms = performance.now() - t0;
    // What the server still holds with the stalled watcher connected and unread.
    const after = await ask<MemorySample>({ cmd: 'memory' });
    for (const w of ws) w.close();
    const growth = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    if (stalled !== undefined) {
      // Read what the stalled watcher was sent before it was cut off.
      stalled.res.resume();
      await waitFor(() => stalled.ended, 10_000);
      stalled.close();
    }
    agent.destroy();
    return stalled === undefined ? { ms, growth } : { ms, growth, stalled };
  };
  // Fill the server's (small) watch history first, so both runs start from the same memory.
  await ask({ cmd: 'writeUpdates', server: 'slow', namespace, names, count: 2 * SLOW_HISTORY, big: true, batch: 50 });
  const baseline = await run(false);
  const withStalled = await run(true);
  return {
    readers,
    updates,
    baselineMs: baseline.ms,
    withStalledMs: withStalled.ms,
    stalledEvents: withStalled.stalled?.events ?? 0,
    stalledBytes: withStalled.stalled?.bytes ?? 0,
    stalledEnded: withStalled.stalled?.ended ?? false,
    memoryGrowth: withStalled.growth,
    memoryGrowthBaseline: baseline.growth,
  };
}

/** Creates a namespace over HTTP unless it exists (the fake, like a cluster, refuses creates in a missing one). */
function ensureNamespace(base: string, name: string): Promise<void> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/namespaces`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 201 || res.statusCode === 409) resolve();
        else reject(new Error(`POST /api/v1/namespaces: ${String(res.statusCode)}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `count` requests with `concurrency` in flight; returns the elapsed ms. */
async function httpWrites(base: string, method: 'POST' | 'PUT', count: number, concurrency: number, offset: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const bodies = Array.from({ length: count }, (_, i) => {
    const pod = makePod(offset + i) as unknown as { metadata: Record<string, unknown> };
    delete pod.metadata.resourceVersion;
    delete pod.metadata.uid;
    pod.metadata.namespace = 'writes';
    if (method === 'PUT') pod.metadata.labels = { ...(pod.metadata.labels as Record<string, string>), round: '2' };
    return { name: String(pod.metadata.name), body: Buffer.from(JSON.stringify(pod)) };
  });
  if (method === 'POST') await ensureNamespace(base, 'writes');
  let next = 0;
  const one = (item: { name: string; body: Buffer }): Promise<void> =>
    new Promise((resolve, reject) => {
      const path = method === 'POST' ? '/api/v1/namespaces/writes/pods' : `/api/v1/namespaces/writes/pods/${item.name}`;
      const req = request(`${base}${path}`, { method, agent, headers: { 'Content-Type': 'application/json', 'Content-Length': item.body.length } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === (method === 'POST' ? 201 : 200)) resolve();
          else reject(new Error(`${method} ${path}: ${String(res.statusCode)}`));
        });
      });
      req.on('error', reject);
      req.end(item.body);
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const item = bodies[next++];
      if (item !== undefined) await one(item);
    }
  }));
  const ms = performance.now() - t0;
  agent.destroy();
  return ms;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`machine: ${machineSummary()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`sizes: ${String(PODS)} pods, ${String(ROUNDS)} rounds, ${String(UPDATES)} updates per fan-out${benchQuick ? ' (quick)' : ''}`);
  const { url } = await ask<{ url: string }>({ cmd: 'start', server: 'main' });
  const load = await ask<{ ms: number }>({ cmd: 'loadPods', server: 'main', count: PODS });
  console.log(`loaded ${String(PODS)} pods with server.create in ${load.ms.toFixed(0)} ms (${rate(PODS, load.ms)} creates/s)`);

  const list = await listBenchmark(url);
  console.log(`\n${formatTable(list.table)}\n`);
  for (const line of list.lines) console.log(line);

  const small = await ask<{ names: string[]; eventBytes: number }>({ cmd: 'seedSmall', server: 'main', namespace: 'fan', count: 100 });
  const fan: FanOut[] = [];
  for (const watchers of WATCHERS) fan.push(await fanOut(url, watchers, small.names, 'fan'));
  const fanTable = [['watchers', 'writer (updates/s)', 'events delivered/s', 'MB/s delivered', 'all delivered in', 'complete']];
  for (const f of fan) {
    fanTable.push([String(f.watchers), rate(UPDATES, f.writerMs), rate(f.delivered, f.deliveryMs), (f.delivered * small.eventBytes / MB / (f.deliveryMs / 1000)).toFixed(0), `${f.deliveryMs.toFixed(0)} ms`, f.complete ? 'yes' : `NO (${String(f.delivered)} of ${String(f.watchers * UPDATES)})`]);
  }
  console.log(`\nwatch fan-out: ${String(UPDATES)} updates of ~${String(small.eventBytes)}-byte events to each watcher\n\n${formatTable(fanTable)}\n`);

  // A server of its own, so its memory is not mixed with the big list's; quick runs use a smaller buffer.
  const bufferBytes = benchQuick ? 2 * 1024 * 1024 : 16 * 1024 * 1024;
  const { url: slowUrl } = await ask<{ url: string }>({ cmd: 'start', server: 'slow', historyLimit: SLOW_HISTORY, ...(benchQuick ? { maxWatchBufferBytes: bufferBytes } : {}) });
  await ask({ cmd: 'loadPods', server: 'slow', count: 10, namespace: 'slow' });
  const slowNames = Array.from({ length: 10 }, (_, i) => makePod(i).metadata.name);
  const bigEventBytes = Buffer.byteLength(JSON.stringify({ type: 'MODIFIED', object: makePod(0) })) + 1;
  const slow = await slowWatcher(slowUrl, slowNames, 'slow', bigEventBytes, bufferBytes);
  const wouldHold = slow.updates * bigEventBytes;
  const slowTable = [
    ['stalled watcher', `${String(slow.readers)} readers, no stalled watcher`, `${String(slow.readers)} readers + 1 stalled`],
    ['readers got every event in', `${slow.baselineMs.toFixed(0)} ms`, `${slow.withStalledMs.toFixed(0)} ms`],
    [`server memory growth over the writes (heap + buffers, after GC; history of ${String(SLOW_HISTORY)} events)`, `${(slow.memoryGrowthBaseline / MB).toFixed(1)} MB`, `${(slow.memoryGrowth / MB).toFixed(1)} MB`],
  ];
  console.log(`\nstalled watcher: ${String(slow.updates)} updates of ~${String(bigEventBytes)}-byte events (${(wouldHold / MB).toFixed(0)} MB it never reads)\n\n${formatTable(slowTable)}\n`);
  console.log(`the stalled watcher was ${slow.stalledEnded ? 'cut off' : 'NOT cut off'} after ${String(slow.stalledEvents)} of ${String(slow.updates)} events (${(slow.stalledBytes / MB).toFixed(1)} MB reached it, kernel buffers included)`);
  const slowRatio = slow.baselineMs / slow.withStalledMs;
  console.log(`readers' speed with a stalled watcher vs without: ${formatRatio(slowRatio)} (target ≥ 0.8) ${slowRatio >= 0.8 ? 'OK' : 'MISSED'}`);

  const postSeq = await httpWrites(url, 'POST', HTTP_WRITES, 1, 0);
  const putSeq = await httpWrites(url, 'PUT', HTTP_WRITES, 1, 0);
  const postPar = await httpWrites(url, 'POST', HTTP_WRITES, 16, HTTP_WRITES);
  const putPar = await httpWrites(url, 'PUT', HTTP_WRITES, 16, HTTP_WRITES);
  const inProc = await ask<{ createMs: number; updateMs: number }>({ cmd: 'inProcessWrites', server: 'main', count: HTTP_WRITES });
  const writeTable = [
    [`writes (${String(HTTP_WRITES)} ~4 KB pods)`, 'creates/s', 'updates/s'],
    ['HTTP, 1 in flight', rate(HTTP_WRITES, postSeq), rate(HTTP_WRITES, putSeq)],
    ['HTTP, 16 in flight', rate(HTTP_WRITES, postPar), rate(HTTP_WRITES, putPar)],
    ['in-process server.create / server.update', rate(HTTP_WRITES, inProc.createMs), rate(HTTP_WRITES, inProc.updateMs)],
  ];
  console.log(`\n${formatTable(writeTable)}\n`);

  await ask({ cmd: 'close' });
  listAgent.destroy();
  await worker.terminate();
  const totalS = (performance.now() - started) / 1000;
  console.log(`done in ${totalS.toFixed(0)} s; load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const rows: BenchRow[] = [
    ...list.rows,
    ...fan.map((f) => ({ case: `watch fan-out to ${String(f.watchers)}`, unit: 'events/s', values: { delivered: Math.round(f.delivered / (f.deliveryMs / 1000)), 'writer updates': Math.round(UPDATES / (f.writerMs / 1000)) } })),
    {
      case: `${String(slow.readers)} readers beside a stalled watcher`,
      unit: 'ms',
      values: { 'without it': Math.round(slow.baselineMs), 'with it': Math.round(slow.withStalledMs) },
      ratio: { label: 'speed with / without', value: slowRatio, better: 'higher', target: 0.8 },
    },
    { case: 'writes over HTTP, 16 in flight', unit: 'writes/s', values: { creates: Math.round(HTTP_WRITES / (postPar / 1000)), updates: Math.round(HTTP_WRITES / (putPar / 1000)) } },
    { case: 'writes in-process', unit: 'writes/s', values: { creates: Math.round(HTTP_WRITES / (inProc.createMs / 1000)), updates: Math.round(HTTP_WRITES / (inProc.updateMs / 1000)) } },
  ];
  const notes = [
    `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `stalled watcher ${slow.stalledEnded ? 'cut off' : 'not cut off'} after ${String(slow.stalledEvents)} of ${String(slow.updates)} events; server memory growth ${(slow.memoryGrowth / MB).toFixed(1)} MB against ${(wouldHold / MB).toFixed(0)} MB unread`,
  ];
  writeBenchResult({ name: 'fake-apiserver', title: 'fake API server: LIST vs a bare node:http floor, watch fan-out, a stalled watcher, write throughput', params: { pods: PODS, rounds: ROUNDS, updates: UPDATES, pageSize: PAGE }, rows, notes });

  const report = [
    '# @kcache/fake-apiserver performance',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/src/fake-apiserver.bench.ts\`${benchQuick ? ' (quick mode: small sizes)' : ''} on ${machineSummary()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: absolute figures are low, ratios measured in one run are the ones to read). Servers in a worker thread, clients in the main thread.`,
    '',
    `## LIST (${PODS.toLocaleString('en-US')} pods of ~4 KB)`,
    '',
    'The floor is a bare `node:http` server writing the very bytes the fake answered, recorded beforehand; the two are measured in alternation, median of the rounds. Throughput is wall time at the client; server CPU is the worker thread\'s CPU time per full list (not inflated by waiting for a core on a busy machine).',
    '',
    formatTable(list.table),
    '',
    ...list.lines.map((l) => `- ${l}`),
    '',
    `## Watch fan-out (${UPDATES.toLocaleString('en-US')} updates, ~${String(small.eventBytes)}-byte events)`,
    '',
    formatTable(fanTable),
    '',
    `## A watcher that stops reading (${slow.updates.toLocaleString('en-US')} updates of ~${String(bigEventBytes)}-byte events, ${String(bufferBytes / 1024 / 1024)} MiB watch buffer${benchQuick ? '' : ', the default'})`,
    '',
    formatTable(slowTable),
    '',
    `- The stalled watcher was ${slow.stalledEnded ? 'cut off' : 'NOT cut off'} after ${String(slow.stalledEvents)} of ${String(slow.updates)} events (${(slow.stalledBytes / MB).toFixed(1)} MB reached it, kernel socket buffers included); unbounded, it would have held ${(wouldHold / MB).toFixed(0)} MB.`,
    `- Readers' speed with it vs without: ${formatRatio(slowRatio)}.`,
    '',
    '## Writes',
    '',
    formatTable(writeTable),
    '',
  ].join('\n');
  const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', ...(benchQuick ? ['quick'] : []));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'fake-apiserver.md'), report);
  console.log(`wrote ${join(resultsDir, 'fake-apiserver.md')}`);
}

await main();
