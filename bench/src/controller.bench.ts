// @kcache/controller end to end on the fake API server: the latency from a write on the server to
// the reconcile of its key (informer → handler → work queue → one of 4 workers → reconcile), at
// 1,000 writes per second, against a floor: the same informer calling a plain handler, with no
// queue and no workers. The difference is the controller's own share.
//
//   pnpm --filter @kcache/bench bench:controller
//   KCACHE_BENCH_CONTROLLER_RATE=2000 KCACHE_BENCH_CONTROLLER_SECONDS=20 … for other loads
//
// The server and the writer run in a worker thread (the other core); each write stamps the
// ConfigMap with its wall-clock time, and the main thread measures when the handler or the
// reconcile sees that version. Rounds alternate floor, controller and paired (one informer with
// both, giving reconcile − handler time per write: the controller's share, whatever the machine
// load does to both), each with a fresh informer.
import { Worker } from 'node:worker_threads';
import { KubeConfig } from '@kubernetes/client-node';
import { createController } from '@kcache/controller';
import { createSharedInformer } from '@kcache/informer';
import { createListWatch } from '@kcache/listwatch';
import type { KubeObject } from '@kcache/store';
import { benchQuick, writeBenchResult, type BenchRow } from './internal/aggregate-protocol.js';
import { NAMESPACE, WRITTEN_AT, type ControllerWorkerCommand } from './internal/controller-bench-worker.js';

const RATE = Number(process.env.KCACHE_BENCH_CONTROLLER_RATE ?? 1000);
const SECONDS = Number(process.env.KCACHE_BENCH_CONTROLLER_SECONDS ?? (benchQuick ? 4 : 15));
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? (benchQuick ? 1 : 3));
const WORKERS = 4;
const OBJECTS = Math.max(2000, RATE * 2);
const WARMUP_MS = 1000;

type Contender = 'controller' | 'floor' | 'paired';

// ── the worker ─────────────────────────────────────────────────────────────────────────────
const worker = new Worker(new URL('./internal/controller-bench-worker.ts', import.meta.url));
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
function ask<T>(message: ControllerWorkerCommand): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage({ ...message, id });
  });
}

const wallNow = (): number => performance.timeOrigin + performance.now();
const cpuMs = (): number => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

interface RoundResult {
  contender: Contender;
  /** Write → handler (floor) or write → reconcile (controller); in a paired round, reconcile − handler of the same write. */
  latencies: Float64Array;
  written: number;
  /** Main-thread CPU time per write during the measured window, in microseconds. */
  cpuUsPerWrite: number;
}

async function round(kubeConfig: KubeConfig, contender: Contender, tag: string): Promise<RoundResult> {
  const listerWatcher = createListWatch(kubeConfig, { apiVersion: 'v1', resource: 'configmaps', namespace: NAMESPACE });
  const informer = createSharedInformer({ listerWatcher, name: 'configmaps' });
  const latencies: number[] = [];
  const prefix = `${tag}:`;
  // A paired round runs both on one informer and keeps, per write, reconcile time − handler time.
  const handlerSaw = new Map<string, number>();
  const record = (obj: KubeObject | undefined, via: 'handler' | 'reconcile'): void => {
    const stamp = obj?.metadata?.annotations?.[WRITTEN_AT];
    if (stamp?.startsWith(prefix) !== true) return;
    const now = wallNow();
    if (contender !== 'paired') {
      latencies.push(now - Number(stamp.slice(prefix.length)));
      return;
    }
    const id = `${obj?.metadata?.name ?? ''}@${stamp}`;
    if (via === 'handler') {
      handlerSaw.set(id, now);
      return;
    }
    const seen = handlerSaw.get(id);
    if (seen === undefined) return;
    handlerSaw.delete(id);
    latencies.push(now - seen);
  };
  const stop = new AbortController();
  const running = informer.run(stop.signal);
  let controllerRun: Promise<void> = Promise.resolve();
  if (contender !== 'controller') {
    informer.addEventHandler({ onUpdate: (_old, obj) => { record(obj, 'handler'); } });
  }
  if (contender !== 'floor') {
    const controller = createController({
      name: 'bench',
      informers: [informer],
      workers: WORKERS,
      reconcile: async (key) => {
        record(informer.indexer.getByKey(key), 'reconcile');
      },
    });
    controllerRun = controller.run(stop.signal);
  }
  await informer.waitForSync();
  await ask({ cmd: 'write', ratePerSecond: RATE, durationMs: WARMUP_MS, tag: 'warmup' });
  const cpu0 = cpuMs();
  const { written } = await ask<{ written: number }>({ cmd: 'write', ratePerSecond: RATE, durationMs: SECONDS * 1000, tag });
  // The last writes are still on their way: wait for them (or give up after 5 s and count them as missed).
  const deadline = performance.now() + 5000;
  while (latencies.length < written && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const cpu = cpuMs() - cpu0;
  stop.abort();
  await running;
  await controllerRun;
  listerWatcher.close();
  return { contender, latencies: Float64Array.from(latencies), written, cpuUsPerWrite: (cpu * 1000) / written };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Summary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  received: number;
  written: number;
  cpuUsPerWrite: number;
  roundP50: number[];
  roundP99: number[];
}

function summarize(results: readonly RoundResult[]): Summary {
  const all = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const r of results) {
    all.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  all.sort();
  const sortedRound = (r: RoundResult): Float64Array => Float64Array.from(r.latencies).sort();
  return {
    p50: percentile(all, 50),
    p90: percentile(all, 90),
    p99: percentile(all, 99),
    max: all.at(-1) ?? Number.NaN,
    received: all.length,
    written: results.reduce((n, r) => n + r.written, 0),
    cpuUsPerWrite: results.reduce((n, r) => n + r.cpuUsPerWrite, 0) / results.length,
    roundP50: results.map((r) => percentile(sortedRound(r), 50)),
    roundP99: results.map((r) => percentile(sortedRound(r), 99)),
  };
}

const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const range = (xs: readonly number[]): string => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
const us = (v: number): string => `${(v * 1000).toFixed(0)} µs`;

async function main(): Promise<void> {
  const { url } = await ask<{ url: string }>({ cmd: 'start', objects: OBJECTS });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'fake' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
    currentContext: 'fake',
  });
  console.log(`controller benchmark: ${String(RATE)} writes/s for ${String(SECONDS)} s per round, ${String(ROUNDS)} round(s) each, ${String(OBJECTS)} ConfigMaps, ${String(WORKERS)} workers`);
  const results: RoundResult[] = [];
  const order: Contender[] = [];
  for (let i = 0; i < ROUNDS; i++) order.push(...((i % 2 === 0 ? ['floor', 'controller', 'paired'] : ['paired', 'controller', 'floor']) as Contender[]));
  for (const [i, contender] of order.entries()) {
    const r = await round(kubeConfig, contender, `r${String(i)}`);
    const s = Float64Array.from(r.latencies).sort();
    const fmt = contender === 'paired' ? us : (v: number): string => `${ms(v)} ms`;
    console.log(`  round ${String(i + 1)} ${contender.padEnd(10)} p50 ${fmt(percentile(s, 50))}  p99 ${fmt(percentile(s, 99))}  received ${String(r.latencies.length)}/${String(r.written)}  main-thread CPU ${r.cpuUsPerWrite.toFixed(1)} µs/write`);
    results.push(r);
  }
  await ask({ cmd: 'close' });
  await worker.terminate();

  const c = summarize(results.filter((r) => r.contender === 'controller'));
  const f = summarize(results.filter((r) => r.contender === 'floor'));
  const p = summarize(results.filter((r) => r.contender === 'paired'));
  const rows: BenchRow[] = [
    { case: `write → reconcile p50, ${String(RATE)} writes/s, ${String(WORKERS)} workers`, unit: 'ms', values: { controller: c.p50, floor: f.p50 }, ratio: { label: 'controller/floor p50 latency', value: c.p50 / f.p50, better: 'lower' } },
    { case: `write → reconcile p99, ${String(RATE)} writes/s, ${String(WORKERS)} workers`, unit: 'ms', values: { controller: c.p99, floor: f.p99 }, ratio: { label: 'controller/floor p99 latency', value: c.p99 / f.p99, better: 'lower' } },
    { case: 'controller share: reconcile − handler of the same write, p50', unit: 'ms', values: { controller: p.p50 } },
    { case: 'controller share: reconcile − handler of the same write, p99', unit: 'ms', values: { controller: p.p99 } },
    { case: 'main-thread CPU per write', unit: 'µs', values: { controller: c.cpuUsPerWrite, floor: f.cpuUsPerWrite }, ratio: { label: 'controller/floor CPU per write', value: c.cpuUsPerWrite / f.cpuUsPerWrite, better: 'lower' } },
  ];
  console.log('\n| measure | controller | floor | controller − floor | vs floor |');
  console.log('|:--|--:|--:|--:|--:|');
  console.log(`| p50 latency (ms) | ${ms(c.p50)} | ${ms(f.p50)} | ${ms(c.p50 - f.p50)} | ${(c.p50 / f.p50).toFixed(2)} |`);
  console.log(`| p90 latency (ms) | ${ms(c.p90)} | ${ms(f.p90)} | ${ms(c.p90 - f.p90)} | ${(c.p90 / f.p90).toFixed(2)} |`);
  console.log(`| p99 latency (ms) | ${ms(c.p99)} | ${ms(f.p99)} | ${ms(c.p99 - f.p99)} | ${(c.p99 / f.p99).toFixed(2)} |`);
  console.log(`| max latency (ms) | ${ms(c.max)} | ${ms(f.max)} | ${ms(c.max - f.max)} | ${(c.max / f.max).toFixed(2)} |`);
  console.log(`| main-thread CPU per write (µs) | ${c.cpuUsPerWrite.toFixed(1)} | ${f.cpuUsPerWrite.toFixed(1)} | ${(c.cpuUsPerWrite - f.cpuUsPerWrite).toFixed(1)} | ${(c.cpuUsPerWrite / f.cpuUsPerWrite).toFixed(2)} |`);
  console.log(`\ncontroller's own share, measured on one informer carrying both (reconcile time − handler time of the same write): p50 ${us(p.p50)}, p90 ${us(p.p90)}, p99 ${us(p.p99)}, max ${ms(p.max)} ms (per-round p99 ${p.roundP99.map(us).join(', ')})`);
  console.log(`\nper-round p50: controller ${range(c.roundP50)} ms, floor ${range(f.roundP50)} ms; p99: controller ${range(c.roundP99)} ms, floor ${range(f.roundP99)} ms`);
  console.log(`received: controller ${String(c.received)}/${String(c.written)}, floor ${String(f.received)}/${String(f.written)}`);
  writeBenchResult({
    name: 'controller',
    title: `write → reconcile latency on the fake API server at ${String(RATE)} writes/s with ${String(WORKERS)} workers, vs the same informer calling a plain handler`,
    params: { rate: RATE, seconds: SECONDS, rounds: ROUNDS, workers: WORKERS, objects: OBJECTS },
    rows,
    notes: [
      `p90: controller ${ms(c.p90)} ms, floor ${ms(f.p90)} ms; max: controller ${ms(c.max)} ms, floor ${ms(f.max)} ms`,
      `per-round p50: controller ${range(c.roundP50)} ms, floor ${range(f.roundP50)} ms; p99: controller ${range(c.roundP99)} ms, floor ${range(f.roundP99)} ms`,
      `received: controller ${String(c.received)}/${String(c.written)}, floor ${String(f.received)}/${String(f.written)}`,
      `controller share (paired rounds, reconcile − handler of the same write): p50 ${us(p.p50)}, p90 ${us(p.p90)}, p99 ${us(p.p99)}, max ${ms(p.max)} ms`,
    ],
  });
}

await main();
