// How a benchmark hands machine-readable results to `pnpm bench` (src/all.ts). See bench/README.md.
//
// all.ts runs each `src/<name>.bench.ts` in its own process with:
//   KCACHE_BENCH_JSON=<file>   write one BenchResult as JSON there (writeBenchResult does it)
//   KCACHE_BENCH_QUICK=1       small sizes, few rounds (also KCACHE_BENCH_PODS/EVENTS/ROUNDS are set)
// A benchmark that writes no JSON is still aggregated from what it prints (its Markdown tables
// and its "…: 0.95 (target ≥ 0.9) OK" lines), so the JSON is an improvement, not a requirement.
import { writeFileSync } from 'node:fs';

/** One compared case: each contender's value, and the ratio that matters. */
export interface BenchRow {
  /** What was measured, e.g. `update [3 indexes]`. */
  case: string;
  /** The unit of `values`, e.g. `ns/op`, `ms`, `events/s`. */
  unit: string;
  /** Each contender's value, e.g. `{ kcache: 812, baseline: 640 }`. */
  values: Record<string, number>;
  /** The headline ratio and how to read it. */
  ratio?: { label: string; value: number; better: 'lower' | 'higher'; target?: number } | undefined;
}

/** One point of the sync chart: one contender syncing `objects` objects. */
export interface SyncPoint {
  objects: number;
  /** `kcache`, `client-node` or `floor`. */
  contender: string;
  /** Time from the first request to a complete store. */
  syncMs: number;
  /** Retained heap per cached object after the sync. */
  bytesPerObject: number;
}

/** What a benchmark reports. */
export interface BenchResult {
  /** Short name: `store`, `decoder`, `list-pages`, `fake-apiserver`, `reflector`. */
  name: string;
  /** One line: what is compared with what. */
  title: string;
  /** Sizes and settings, e.g. `{ pods: 100000, rounds: 9 }`. */
  params: Record<string, number | string | boolean>;
  rows: BenchRow[];
  /** Sync time and memory against object count (the reflector benchmark). */
  sync?: SyncPoint[] | undefined;
  /** Anything else worth a line in the report. */
  notes?: string[] | undefined;
}

/** True when `pnpm bench --quick` runs this benchmark. */
export const benchQuick: boolean = process.env.KCACHE_BENCH_QUICK === '1';

/** Writes `result` where `pnpm bench` asked for it (a no-op when run on its own). */
export function writeBenchResult(result: BenchResult): void {
  const file = process.env.KCACHE_BENCH_JSON;
  if (file === undefined || file === '') return;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
