// @kcache/workqueue: the add/get/done cycle against the least code that does the same dedup, and
// the delaying queue's cost per operation as the number of waiting items grows.
//
//   pnpm --filter @kcache/bench bench:workqueue
//   KCACHE_BENCH_ROUNDS=3 KCACHE_BENCH_QUICK=1 …   (quicker, less precise)
//
// 1. Throughput. Each sample adds 100 000 keys, each twice (the second add is deduplicated), in
//    batches of 1 000, and a worker loop drains every batch with `await get()` and `done()`. The
//    floor is a Set plus an array with a head index, doing the same dedup, drained by the same
//    kind of loop (`await` on a plain value: one microtask per item, as any async worker pays).
//    A sync floor (no await) is shown for reference. Target: kcache ≤ 1.5× the floor per item.
// 2. Delaying queue. With P items already waiting (due in 1–2 h), P more `addAfter` calls whose
//    due times (6–7 min) are earlier than every waiting item, so each new entry climbs the heap;
//    then all of them fall due at once and one timer firing moves them to the ready queue (a heap
//    pop each). Per-operation CPU time at P = 1 000, 10 000 and 100 000. A binary heap costs
//    O(log P) comparisons, but at 100k the queue's tens of megabytes no longer fit in cache, so
//    every memory access gets dearer too: the control is a plain Map get+set of a new key at the
//    same sizes (the bookkeeping any deduplicating delaying queue needs, O(1)). Target: the heap's
//    cost grows at most 2× more than the Map's from 1k to 100k (log(200k)/log(2k) ≈ 1.6); O(P)
//    would be 100×, as the contrast, a sorted array (binary search + splice), shows. Small sizes
//    repeat on fresh queues until each sample has 100 000 timed operations.
//
// Figures are process CPU time per operation, fastest sample (medians in brackets): the machines
// this runs on are shared, and contention only ever adds time.
import { createWorkQueue, type WorkQueue } from '@kcache/workqueue';
import { benchQuick, writeBenchResult, type BenchRow } from './internal/aggregate-protocol.js';
import { formatDuration, formatRatio, formatTable, machineSummary, medianPerOp, minPerOp, type Sample } from './internal/report.js';
import { random as prng } from './internal/random.js';

const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? (benchQuick ? 3 : 9));
const ITEMS = benchQuick ? 20_000 : 100_000;
const BATCH = 1_000;
const PENDING_SIZES = benchQuick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const THROUGHPUT_TARGET = 1.5;
/** Most the delaying queue's cost may grow from the smallest to the largest P, relative to a Map's. */
const LOG_TARGET = 2;
/** Timed delaying-queue operations per sample, whatever the number of waiting items. */
const OPS_PER_SAMPLE = benchQuick ? 20_000 : 100_000;

// ---------------------------------------------------------------- timing

/** Times one async sample in process CPU time (time spent waiting for a timer is not counted). */
async function timeOnce(run: () => Promise<number>): Promise<Sample> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const ops = await run();
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  return { ns: (c1.user + c1.system) * 1000, wallNs: Number(t1 - t0), ops };
}

/** Runs every contender once untimed, then `rounds` times each, rotating the order every round. */
async function compare(contenders: readonly { name: string; run: () => Promise<number> }[], rounds: number): Promise<Map<string, Sample[]>> {
  const out = new Map<string, Sample[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) await c.run();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + r) % contenders.length]!;
      out.get(c.name)!.push(await timeOnce(c.run));
    }
  }
  return out;
}

// ---------------------------------------------------------------- 1. throughput

const keys = Array.from({ length: ITEMS }, (_, i) => `namespace-${i % 100}/object-${i}`);
let sink = 0;

/** The floor: a Set and an array doing the same dedup, nothing else. */
class Floor {
  private readonly queued = new Set<string>();
  private items: (string | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.items.push(key);
  }

  get(): string | undefined {
    if (this.head === this.items.length) return undefined;
    const key = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    this.queued.delete(key!);
    return key;
  }
}

async function kcacheCycle(q: WorkQueue): Promise<number> {
  for (let start = 0; start < ITEMS; start += BATCH) {
    const end = Math.min(ITEMS, start + BATCH);
    for (let i = start; i < end; i++) q.add(keys[i]!);
    for (let i = start; i < end; i++) q.add(keys[i]!);
    while (q.length > 0) {
      const key = await q.get();
      sink += key!.length;
      q.done(key!);
    }
  }
  return ITEMS;
}

async function floorCycle(awaitEach: boolean): Promise<number> {
  const f = new Floor();
  for (let start = 0; start < ITEMS; start += BATCH) {
    const end = Math.min(ITEMS, start + BATCH);
    for (let i = start; i < end; i++) f.add(keys[i]!);
    for (let i = start; i < end; i++) f.add(keys[i]!);
    while (f.length > 0) {
      // The floor awaits a plain value: the microtask every async worker loop pays per item,
      // without even allocating a promise.
      // eslint-disable-next-line @typescript-eslint/await-thenable
      const key = awaitEach ? await f.get() : f.get();
      sink += key!.length;
    }
  }
  return ITEMS;
}

/** Counters in a Map, as a Prometheus exporter would keep them. */
function withCounters(q: WorkQueue): WorkQueue {
  const counters = new Map<string, number>();
  const bump = (name: string, by = 1): void => {
    counters.set(name, (counters.get(name) ?? 0) + by);
  };
  q.on('add', (e) => {
    if (!e.deduplicated) bump('adds_total');
  });
  q.on('depth', (e) => {
    counters.set('depth', e.depth);
  });
  q.on('queue-latency', (e) => {
    bump('queue_duration_ms_sum', e.durationMs);
  });
  q.on('work-duration', (e) => {
    bump('work_duration_ms_sum', e.durationMs);
  });
  return q;
}

// ---------------------------------------------------------------- 2. delaying queue

const HOUR = 3_600_000;
const MINUTE = 60_000;

interface DelaySample {
  insert: Sample;
  fire: Sample;
}

/** Sums samples of several queues into one. */
function sum(samples: readonly Sample[]): Sample {
  return samples.reduce((a, b) => ({ ns: a.ns + b.ns, wallNs: a.wallNs + b.wallNs, ops: a.ops + b.ops }), { ns: 0, wallNs: 0, ops: 0 });
}

/**
 * One sample at `pending` waiting items: as many separate queues as it takes to reach
 * OPS_PER_SAMPLE timed operations, so small sizes are not timed on a handful of microseconds.
 */
async function delaySamples(pending: number, seed: number): Promise<{ insert: Sample; fire: Sample; sorted: Sample; map: Sample }> {
  const reps = Math.max(1, Math.round(OPS_PER_SAMPLE / pending));
  const inserts: Sample[] = [];
  const fires: Sample[] = [];
  const sorted: Sample[] = [];
  const maps: Sample[] = [];
  for (let i = 0; i < reps; i++) {
    const s = await delaySample(pending, seed * 1000 + i);
    inserts.push(s.insert);
    fires.push(s.fire);
    sorted.push(sortedArraySample(pending, seed * 1000 + i));
    maps.push(mapSample(pending));
  }
  return { insert: sum(inserts), fire: sum(fires), sorted: sum(sorted), map: sum(maps) };
}

/** The control: a Map of P keys gets P new ones (a lookup and an insert each), nothing else. */
function mapSample(pending: number): Sample {
  const schedule = new Map<string, { due: number; seq: number }>();
  for (let i = 0; i < pending; i++) schedule.set(`waiting-${i}`, { due: HOUR + i, seq: i });
  const fresh = Array.from({ length: pending }, (_, i) => `fresh-${i}`);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < pending; i++) {
    const key = fresh[i]!;
    if (schedule.get(key) === undefined) schedule.set(key, { due: 6 * MINUTE + i, seq: pending + i });
  }
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  sink += schedule.size;
  return { ns: (c1.user + c1.system) * 1000, wallNs: Number(t1 - t0), ops: pending };
}

/** P waiting items, then P earlier addAfters (timed), then all of those fall due at once (timed). */
async function delaySample(pending: number, seed: number): Promise<DelaySample> {
  const random = prng(seed);
  let offset = 0;
  const q = createWorkQueue({ clock: { now: () => performance.now() + offset } });
  // The sentinel is due first and stays the heap's root, so inserts never re-arm the timer.
  q.addAfter('sentinel', 5 * MINUTE);
  for (let i = 0; i < pending; i++) q.addAfter(`waiting-${i}`, HOUR + random() * HOUR);
  const fresh = Array.from({ length: pending }, (_, i) => `fresh-${i}`);
  const delays = Array.from({ length: pending }, () => 6 * MINUTE + random() * MINUTE);
  const insert = await timeOnce(() => {
    for (let i = 0; i < pending; i++) q.addAfter(fresh[i]!, delays[i]!);
    return Promise.resolve(pending);
  });
  const fire = await timeOnce(async () => {
    const waiting = q.get();
    // A new earliest item re-arms the one timer for 1 ms; by then the clock has jumped past every
    // fresh item (not the waiting ones), so that one firing moves them all to the ready queue.
    q.addAfter('trigger', 1);
    offset = 8 * MINUTE;
    await waiting;
    return q.length + 1;
  });
  if (q.length + 1 !== pending + 2 || q.delayedLength !== pending) {
    throw new Error(`delaying queue: expected ${pending + 2} due items and ${pending} still waiting, got ${q.length + 1} and ${q.delayedLength}`);
  }
  q.shutDown();
  return { insert, fire };
}

/** The contrast: a sorted array kept in order by binary search and splice. */
function sortedArraySample(pending: number, seed: number): Sample {
  const random = prng(seed);
  const dues: number[] = [];
  const items: string[] = [];
  const insert = (item: string, due: number): void => {
    let lo = 0;
    let hi = dues.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dues[mid]! <= due) lo = mid + 1;
      else hi = mid;
    }
    dues.splice(lo, 0, due);
    items.splice(lo, 0, item);
  };
  insert('sentinel', 5 * MINUTE);
  for (let i = 0; i < pending; i++) insert(`waiting-${i}`, HOUR + random() * HOUR);
  const fresh = Array.from({ length: pending }, (_, i) => `fresh-${i}`);
  const delays = Array.from({ length: pending }, () => 6 * MINUTE + random() * MINUTE);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < pending; i++) insert(fresh[i]!, performance.now() + delays[i]!);
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  sink += items.length;
  return { ns: (c1.user + c1.system) * 1000, wallNs: Number(t1 - t0), ops: pending };
}

// ---------------------------------------------------------------- run

console.log(`machine: ${machineSummary()}`);
console.log(`${ITEMS} keys per throughput sample (each added twice, batches of ${BATCH}); ${ROUNDS} samples per contender${benchQuick ? ' (quick)' : ''}`);
console.log('figures are CPU time per operation, fastest sample (medians in brackets)\n');

const rows: BenchRow[] = [];
const misses: string[] = [];
// The queue's timer is unref'd by design (waiting items never keep a process alive); this
// benchmark waits on it, so it keeps itself alive.
const keepAlive = setInterval(() => undefined, 1 << 30);

const throughput = await compare(
  [
    { name: 'kcache', run: () => kcacheCycle(createWorkQueue()) },
    { name: 'floor', run: () => floorCycle(true) },
    { name: 'kcache+counters', run: () => kcacheCycle(withCounters(createWorkQueue())) },
    { name: 'floor (sync)', run: () => floorCycle(false) },
  ],
  ROUNDS,
);
const best = (name: string): number => minPerOp(throughput.get(name)!);
const median = (name: string): number => medianPerOp(throughput.get(name)!);
const cycleRatio = best('kcache') / best('floor');
const table1: string[][] = [
  ['add ×2 + get + done, per key', 'kcache', 'floor', 'kcache/floor'],
  ['no listeners', formatDuration(best('kcache')), formatDuration(best('floor')), formatRatio(cycleRatio)],
  ['counters on add/depth/latency/duration', formatDuration(best('kcache+counters')), formatDuration(best('floor')), formatRatio(best('kcache+counters') / best('floor'))],
  ['floor without await (reference)', '', formatDuration(best('floor (sync)')), formatRatio(best('kcache') / best('floor (sync)'))],
];
for (const name of throughput.keys()) console.log(`  ${name}: ${formatDuration(best(name))} per key (median ${formatDuration(median(name))})`);
console.log(`\n${formatTable(table1)}\n`);
rows.push({
  case: 'add ×2 + get + done per key',
  unit: 'ns/op',
  values: { kcache: best('kcache'), floor: best('floor') },
  ratio: { label: 'kcache/floor', value: cycleRatio, better: 'lower', target: THROUGHPUT_TARGET },
});
rows.push({
  case: 'same, with counter listeners',
  unit: 'ns/op',
  values: { kcache: best('kcache+counters'), floor: best('floor') },
});
if (cycleRatio > THROUGHPUT_TARGET) misses.push(`add/get/done: ${formatRatio(cycleRatio)}× the floor > ${THROUGHPUT_TARGET}`);

const table2: string[][] = [['waiting items (P)', 'addAfter', 'due item fired', 'Map get+set (control)', 'sorted-array insert (contrast)']];
interface SizeFigures {
  insert: number;
  fire: number;
  map: number;
  sorted: number;
}
const perSize = new Map<number, SizeFigures>();
for (const pending of PENDING_SIZES) {
  const samples: Record<keyof SizeFigures, Sample[]> = { insert: [], fire: [], map: [], sorted: [] };
  await delaySamples(pending, 1); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const s = await delaySamples(pending, r + 2);
    for (const key of ['insert', 'fire', 'map', 'sorted'] as const) samples[key].push(s[key]);
  }
  const figures: SizeFigures = { insert: minPerOp(samples.insert), fire: minPerOp(samples.fire), map: minPerOp(samples.map), sorted: minPerOp(samples.sorted) };
  perSize.set(pending, figures);
  console.log(
    `  P=${pending}: addAfter ${formatDuration(figures.insert)} (median ${formatDuration(medianPerOp(samples.insert))}), ` +
      `fire ${formatDuration(figures.fire)} (median ${formatDuration(medianPerOp(samples.fire))}), ` +
      `Map ${formatDuration(figures.map)}, sorted array ${formatDuration(figures.sorted)}`,
  );
  table2.push([
    pending.toLocaleString('en-US'),
    formatDuration(figures.insert),
    formatDuration(figures.fire),
    formatDuration(figures.map),
    formatDuration(figures.sorted),
  ]);
}
const smallest = perSize.get(PENDING_SIZES[0]!)!;
const largest = perSize.get(PENDING_SIZES.at(-1)!)!;
const growth: SizeFigures = {
  insert: largest.insert / smallest.insert,
  fire: largest.fire / smallest.fire,
  map: largest.map / smallest.map,
  sorted: largest.sorted / smallest.sorted,
};
const sizes = `${PENDING_SIZES.at(-1)! / 1000}k/${PENDING_SIZES[0]! / 1000}k`;
table2.push([`growth ${sizes}`, `${formatRatio(growth.insert)}×`, `${formatRatio(growth.fire)}×`, `${formatRatio(growth.map)}×`, `${formatRatio(growth.sorted)}×`]);
console.log(`\n${formatTable(table2)}\n`);
for (const label of ['addAfter', 'fire'] as const) {
  const key = label === 'addAfter' ? 'insert' : 'fire';
  const value = growth[key] / growth.map;
  rows.push({
    case: `${label}: cost growth ${sizes} waiting, over a Map's`,
    unit: 'ns/op',
    values: { [`P=${PENDING_SIZES[0]!}`]: smallest[key], [`P=${PENDING_SIZES.at(-1)!}`]: largest[key] },
    ratio: { label: 'growth/Map growth', value, better: 'lower', target: LOG_TARGET },
  });
  const line = `${label} cost growth ${sizes} waiting, over a Map's growth: ${formatRatio(value)} (target ≤ ${LOG_TARGET}) ${value <= LOG_TARGET ? 'OK' : 'MISSED'}`;
  console.log(line);
  if (value > LOG_TARGET) misses.push(line);
}

if (sink === 0) throw new Error('the benchmark did no work');
console.log(
  misses.length === 0
    ? `\ntargets met: add/get/done ≤ ${THROUGHPUT_TARGET}× the floor; delaying-queue cost grows ≤ ${LOG_TARGET}× a Map's from ${sizes} waiting items`
    : `\nTARGETS MISSED:\n  ${misses.join('\n  ')}`,
);

clearInterval(keepAlive);

writeBenchResult({
  name: 'workqueue',
  title: 'work queue add/get/done vs a Set+array floor; delaying-queue cost per operation vs waiting items',
  params: { items: ITEMS, batch: BATCH, rounds: ROUNDS, pending: PENDING_SIZES.join(',') },
  rows,
  notes: [
    `per-key cycle: kcache ${formatDuration(best('kcache'))}, floor ${formatDuration(best('floor'))}, sync floor ${formatDuration(best('floor (sync)'))}`,
    ...PENDING_SIZES.map((p) => {
      const f = perSize.get(p)!;
      return `P=${p}: addAfter ${formatDuration(f.insert)}, fire ${formatDuration(f.fire)}, Map get+set ${formatDuration(f.map)}, sorted-array insert ${formatDuration(f.sorted)}`;
    }),
  ],
});
