// Shared helpers for side-by-side benchmarks: interleaved timing of two implementations doing the
// same work, and a plain-text table with their ratio.
import { cpus } from 'node:os';

/**
 * One timed sample: `ops` operations took `ns` nanoseconds of CPU time (user + system, all of the
 * process's threads) and `wallNs` of wall-clock time. CPU time is the figure to compare on a
 * shared machine: time spent waiting for a core is not counted.
 */
export interface Sample {
  ns: number;
  wallNs: number;
  ops: number;
}

/** The fastest per-operation time, in nanoseconds: on a shared machine, contention only adds time. */
export function minPerOp(samples: readonly Sample[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const s of samples) best = Math.min(best, s.ns / s.ops);
  return samples.length === 0 ? Number.NaN : best;
}

/** The median of per-operation times, in nanoseconds. */
export function medianPerOp(samples: readonly Sample[]): number {
  const perOp = samples.map((s) => s.ns / s.ops).sort((a, b) => a - b);
  if (perOp.length === 0) return Number.NaN;
  const mid = perOp.length >> 1;
  return perOp.length % 2 === 1 ? (perOp[mid] ?? Number.NaN) : ((perOp[mid - 1] ?? 0) + (perOp[mid] ?? 0)) / 2;
}

/** A contender in a pairwise comparison: `prepare` (untimed) returns the timed work. */
export interface Contender {
  name: string;
  /** Untimed setup for one sample; returns the function to time and how many operations it does. */
  prepare: () => { run: () => void; ops: number };
}

const collectGarbage: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/**
 * Times two contenders in alternation (a, b, b, a, a, b, …) so drift on a shared machine affects
 * both alike. With `collectGarbage` (and node's `--expose-gc`), a full collection runs before
 * every timed sample; it is off by default because on a large heap it can take longer than the
 * sample itself, and its concurrent sweeping then leaks into the sample anyway.
 */
export function comparePair(
  a: Contender,
  b: Contender,
  options: { rounds: number; collectGarbage?: boolean },
): { a: Sample[]; b: Sample[] } {
  const gc = options.collectGarbage === true ? collectGarbage : undefined;
  const out = { a: [] as Sample[], b: [] as Sample[] };
  const once = (c: Contender, into: Sample[]): void => {
    const { run, ops } = c.prepare();
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    run();
    const t1 = process.hrtime.bigint();
    const c1 = process.cpuUsage(c0);
    into.push({ ns: (c1.user + c1.system) * 1000, wallNs: Number(t1 - t0), ops });
  };
  // One warm-up each, untimed, so both are optimised before measuring.
  once(a, []);
  once(b, []);
  for (let r = 0; r < options.rounds; r++) {
    if (r % 2 === 0) {
      once(a, out.a);
      once(b, out.b);
    } else {
      once(b, out.b);
      once(a, out.a);
    }
  }
  return out;
}

/** "123 ns", "4.56 µs", "7.89 ms", "1.23 s". */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}

/** A ratio with two decimals. */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a';
}

/** Renders rows as an aligned text table (first row is the header), as Markdown-compatible pipes. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** A one-line description of the machine and runtime, for reports. */
export function machineSummary(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${list.length} × ${model}, Node ${process.version}, ${process.platform}/${process.arch}`;
}
