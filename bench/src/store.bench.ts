// @kcache/store against a hand-written Map/Set cache doing the same work, on 100 000 realistic pods.
//
//   pnpm bench:store                      (root) or, in bench/, node --expose-gc --import tsx src/store.bench.ts
//   KCACHE_BENCH_PODS=20000 KCACHE_BENCH_ROUNDS=5 pnpm bench:store   (quicker, less precise)
//   KCACHE_BENCH_ONLY=replace   only the cases whose name contains this text
//   KCACHE_BENCH_GC=1           full garbage collection before every sample (slow on a big heap)
//
// Both sides use the same key format and the same index functions (array-returning, like every
// IndexFunc), and both maintain Map<value, Set<key>> indexes. The baseline is what one would write
// by hand for exactly this job: no error handling, no generality, client-go's algorithm (recompute
// the old object's index values on update). Each case runs both sides in alternation and reports
// the process CPU time per operation of the fastest sample: the machines this runs on are shared,
// and contention only ever adds time. The ratio is kcache / baseline.
import {
  createIndexer,
  createStore,
  type IndexFunc,
  type Indexers,
  type Store,
} from '@kcache/store';
import { makePods, nodeName, type FixturePod, type PodPhase } from './fixtures/pods.js';
import {
  comparePair,
  formatDuration,
  formatRatio,
  formatTable,
  machineSummary,
  medianPerOp,
  minPerOp,
  type Contender,
} from './internal/report.js';

const N = Number(process.env.KCACHE_BENCH_PODS ?? 100_000);
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? 9);
// Runs only the cases whose operation name contains this text (for profiling one case).
const ONLY = process.env.KCACHE_BENCH_ONLY ?? '';
const NODES = 2000;
const RATIO_TARGET = 1.5;
const REPLACE_TARGET_NS = 1e9;

// ---------------------------------------------------------------- the workload's functions

const byNamespace: IndexFunc<FixturePod> = (p) => [p.metadata.namespace];
const byNode: IndexFunc<FixturePod> = (p) => [p.spec.nodeName];
const byPhase: IndexFunc<FixturePod> = (p) => [p.status.phase];

const CONFIGS: { label: string; indexers: Indexers<FixturePod> }[] = [
  { label: '0', indexers: {} },
  { label: '1', indexers: { nodeName: byNode } },
  { label: '3', indexers: { namespace: byNamespace, nodeName: byNode, phase: byPhase } },
];

/** The baseline's key function: the same "namespace/name" format as metaNamespaceKeyFunc. */
function podKey(p: FixturePod): string {
  const m = p.metadata;
  return m.namespace === '' ? m.name : `${m.namespace}/${m.name}`;
}

// ---------------------------------------------------------------- the hand-written baseline

/** What the benchmark asks of both sides. */
interface Target {
  add(p: FixturePod): void;
  update(p: FixturePod): void;
  getByKey(key: string): FixturePod | undefined;
  byIndex(indexName: string, value: string): FixturePod[];
  replace(items: readonly FixturePod[], resourceVersion: string): void;
}

class Baseline implements Target {
  #items = new Map<string, FixturePod>();
  readonly #names: string[];
  readonly #fns: IndexFunc<FixturePod>[];
  #indices: Map<string, Set<string>>[];

  constructor(indexers: Indexers<FixturePod>) {
    this.#names = Object.keys(indexers);
    this.#fns = Object.values(indexers);
    this.#indices = this.#fns.map(() => new Map());
  }

  add(p: FixturePod): void {
    this.update(p);
  }

  update(p: FixturePod): void {
    const key = podKey(p);
    const old = this.#items.get(key);
    this.#items.set(key, p);
    for (let i = 0; i < this.#fns.length; i++) {
      const fn = this.#fns[i]!;
      const index = this.#indices[i]!;
      const next = fn(p);
      if (old !== undefined) {
        const prev = fn(old);
        if (prev.length === 1 && next.length === 1 && prev[0] === next[0]) continue;
        for (const v of prev) {
          const set = index.get(v)!;
          set.delete(key);
          if (set.size === 0) index.delete(v);
        }
      }
      for (const v of next) {
        const set = index.get(v);
        if (set === undefined) index.set(v, new Set([key]));
        else set.add(key);
      }
    }
  }

  getByKey(key: string): FixturePod | undefined {
    return this.#items.get(key);
  }

  byIndex(indexName: string, value: string): FixturePod[] {
    const set = this.#indices[this.#names.indexOf(indexName)]!.get(value);
    const out: FixturePod[] = [];
    if (set === undefined) return out;
    for (const key of set) out.push(this.#items.get(key)!);
    return out;
  }

  replace(items: readonly FixturePod[]): void {
    const next = new Map<string, FixturePod>();
    const indices = this.#fns.map(() => new Map<string, Set<string>>());
    for (const p of items) {
      const key = podKey(p);
      next.set(key, p);
      for (let i = 0; i < this.#fns.length; i++) {
        const index = indices[i]!;
        for (const v of this.#fns[i]!(p)) {
          const set = index.get(v);
          if (set === undefined) index.set(v, new Set([key]));
          else set.add(key);
        }
      }
    }
    this.#items = next;
    this.#indices = indices;
  }
}

/** kcache behind the same interface: a Store with no indexes, else an Indexer. */
function kcache(indexers: Indexers<FixturePod>): Target {
  if (Object.keys(indexers).length === 0) {
    const store: Store<FixturePod> = createStore<FixturePod>();
    return {
      add: (p) => {
        store.add(p);
      },
      update: (p) => {
        store.update(p);
      },
      getByKey: (key) => store.getByKey(key),
      byIndex: () => [],
      replace: (items, rv) => {
        store.replace(items, rv);
      },
    };
  }
  return createIndexer<FixturePod>({ indexers });
}

// ---------------------------------------------------------------- data

function withVersion(p: FixturePod, rv: string, change?: { nodeName: string; phase: PodPhase }): FixturePod {
  // A new object as a watch event would bring, sharing unchanged parts (the store never looks inside).
  return {
    ...p,
    metadata: { ...p.metadata, resourceVersion: rv },
    spec: change === undefined ? p.spec : { ...p.spec, nodeName: change.nodeName },
    status: change === undefined ? p.status : { ...p.status, phase: change.phase },
  };
}

console.log(`generating ${N} pods…`);
const pods = makePods(N, 1, { nodes: NODES });
const keys = pods.map(podKey);
const meanBytes = pods.slice(0, 1000).reduce((sum, p) => sum + JSON.stringify(p).length, 0) / Math.min(N, 1000);
// Same index values, new resourceVersion: the common update.
const sameA = pods.map((p, i) => withVersion(p, String(2_000_000 + i)));
const sameB = pods.map((p, i) => withVersion(p, String(3_000_000 + i)));
// A different node and phase: the update moves the pod between index values (never its namespace,
// which is part of its key).
const nodeNumber = new Map(Array.from({ length: NODES }, (_, k) => [nodeName(k), k]));
const movedA = pods.map((p, i) =>
  withVersion(p, String(4_000_000 + i), {
    nodeName: nodeName(((nodeNumber.get(p.spec.nodeName) ?? 0) + 1) % NODES),
    phase: p.status.phase === 'Running' ? 'Pending' : 'Running',
  }),
);
const movedB = pods.map((p, i) => withVersion(p, String(5_000_000 + i)));
const nodeValues = Array.from({ length: NODES }, (_, k) => nodeName(k));

// ---------------------------------------------------------------- cases

interface Work {
  run: () => void;
  ops: number;
}

interface Case {
  op: string;
  /** Skip for these index counts. */
  skip?: (indexes: string) => boolean;
  /** Every sample starts from a new, empty target; otherwise one filled target is reused. */
  fresh?: boolean;
  /** Returns a function that prepares one sample's work against `target` (untimed). */
  samples: (target: Target) => () => Work;
}

/** Alternates between two arrays so every sample does real work on the previous sample's state. */
function alternate(a: readonly FixturePod[], b: readonly FixturePod[], work: (items: readonly FixturePod[]) => Work): () => Work {
  let flip = false;
  return () => {
    flip = !flip;
    return work(flip ? a : b);
  };
}

let sink = 0;
const GET_REPEAT = 5;
const BY_INDEX_REPEAT = 5;

const CASES: Case[] = [
  {
    op: 'add (into an empty store)',
    fresh: true,
    samples: (t) => () => ({
      run: () => {
        for (const p of pods) t.add(p);
      },
      ops: pods.length,
    }),
  },
  {
    op: 'update, index values unchanged',
    samples: (t) =>
      alternate(sameA, sameB, (items) => ({
        run: () => {
          for (const p of items) t.update(p);
        },
        ops: items.length,
      })),
  },
  {
    op: 'update, moves node and phase',
    samples: (t) =>
      alternate(movedA, movedB, (items) => ({
        run: () => {
          for (const p of items) t.update(p);
        },
        ops: items.length,
      })),
  },
  {
    op: 'getByKey',
    samples: (t) => () => ({
      run: () => {
        for (let r = 0; r < GET_REPEAT; r++) for (const key of keys) if (t.getByKey(key) !== undefined) sink++;
      },
      ops: GET_REPEAT * keys.length,
    }),
  },
  {
    op: 'byIndex(nodeName) (~50 pods)',
    skip: (indexes) => indexes === '0',
    samples: (t) => () => ({
      run: () => {
        for (let r = 0; r < BY_INDEX_REPEAT; r++) for (const node of nodeValues) sink += t.byIndex('nodeName', node).length;
      },
      ops: BY_INDEX_REPEAT * nodeValues.length,
    }),
  },
  {
    op: 'replace (all pods, whole call)',
    samples: (t) =>
      alternate(sameA, sameB, (items) => ({
        run: () => {
          t.replace(items, '2');
        },
        ops: 1,
      })),
  },
];

function contender(name: string, make: () => Target, c: Case): Contender {
  if (c.fresh === true) return { name, prepare: () => c.samples(make())() };
  let next: (() => Work) | undefined;
  return {
    name,
    prepare: () => {
      if (next === undefined) {
        const target = make();
        target.replace(pods, '1');
        next = c.samples(target);
      }
      return next();
    },
  };
}

// ---------------------------------------------------------------- run

console.log(`machine: ${machineSummary()}`);
console.log(
  `pods: ${N}, mean ${(meanBytes / 1024).toFixed(1)} KiB of JSON each; ${ROUNDS} samples per side per case, ` +
    `alternating; figures are CPU time per operation, fastest sample (medians in brackets)\n`,
);

const rows: string[][] = [['operation', 'indexes', 'kcache', 'baseline', 'kcache/baseline']];
const misses: string[] = [];
for (const c of CASES) {
  for (const config of CONFIGS) {
    if (c.skip?.(config.label) === true || !c.op.includes(ONLY)) continue;
    const result = comparePair(
      contender('kcache', () => kcache(config.indexers), c),
      contender('baseline', () => new Baseline(config.indexers), c),
      { rounds: ROUNDS, collectGarbage: process.env.KCACHE_BENCH_GC === '1' },
    );
    const k = minPerOp(result.a);
    const b = minPerOp(result.b);
    const ratio = k / b;
    rows.push([c.op, config.label, formatDuration(k), formatDuration(b), formatRatio(ratio)]);
    console.log(
      `  ${c.op} [${config.label} indexes]: kcache ${formatDuration(k)}, baseline ${formatDuration(b)}, ratio ${formatRatio(ratio)}` +
        ` (medians ${formatDuration(medianPerOp(result.a))} / ${formatDuration(medianPerOp(result.b))})`,
    );
    if (ratio > RATIO_TARGET) misses.push(`${c.op} with ${config.label} indexes: ratio ${formatRatio(ratio)} > ${RATIO_TARGET}`);
    if (c.op.startsWith('replace') && config.label === '3' && k > REPLACE_TARGET_NS) {
      misses.push(`replace of ${N} pods with 3 indexes took ${formatDuration(k)} > 1 s`);
    }
  }
}

console.log(`\n${formatTable(rows)}\n`);
if (sink === 0) throw new Error('lookups found nothing: the benchmark is broken');
if (misses.length === 0) {
  console.log(`targets met: every ratio ≤ ${RATIO_TARGET}, replace with 3 indexes < 1 s`);
} else {
  console.log(`TARGETS MISSED:\n  ${misses.join('\n  ')}`);
}
