// `pnpm bench`: every benchmark side by side, each in its own process (so one's heap and JIT state
// do not colour another's), then one table of ratios and the reports in bench/results/.
//
//   pnpm bench                       full sizes (tens of minutes on a busy 2-core machine)
//   pnpm bench --quick               small sizes, few rounds: a first look in a few minutes
//   pnpm bench --only store,decoder  a subset (the others keep their last results in the report)
//
// Each benchmark gets KCACHE_BENCH_JSON=<file> and may write a BenchResult there (see
// internal/aggregate-protocol.ts and bench/README.md); one that does not is read from its printed
// tables instead. Full runs write bench/results/latest.{json,md} and sync.svg; quick runs write
// the same files under bench/results/quick/ so they never replace a full run's numbers.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult, SyncPoint } from './internal/aggregate-protocol.js';
import { parseHeadlines, parseTables, ratiosFromTable } from './internal/aggregate-parse.js';
import {
  describeMachine,
  markdownReport,
  ratiosFromHeadlines,
  ratiosFromResult,
  ratioTable,
  type AggregateReport,
  type BenchRun,
} from './internal/aggregate-report.js';
import { syncChartSvg } from './internal/aggregate-svg.js';

const BENCHES = ['store', 'decoder', 'list-pages', 'fake-apiserver', 'reflector', 'workqueue', 'informer', 'controller', 'stall', 'protobuf'] as const;
const QUICK_ENV: Record<string, string> = {
  KCACHE_BENCH_QUICK: '1',
  KCACHE_BENCH_PODS: '20000',
  KCACHE_BENCH_EVENTS: '20000',
  KCACHE_BENCH_ROUNDS: '3',
};
const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: readonly string[]): { quick: boolean; only: string[] | undefined; out: string | undefined } {
  let quick = false;
  let only: string[] | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = (argv[++i] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (arg?.startsWith('--only=') === true) only = arg.slice(7).split(',').filter((s) => s !== '');
    else if (arg === '--out') out = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: pnpm bench [--quick] [--only store,decoder,list-pages,fake-apiserver,reflector] [--out dir]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${String(arg)} (try --help)`);
      process.exit(2);
    }
  }
  const unknown = only?.filter((n) => !(BENCHES as readonly string[]).includes(n)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
    process.exit(2);
  }
  return { quick, only, out };
}

/** The node flags a benchmark's own `bench:<name>` script uses (heap size and the like), else the defaults. */
function nodeFlags(name: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const script = scripts[`bench:${name}`];
  const tokens = script?.split(/\s+/) ?? [];
  const start = tokens.indexOf('node');
  const end = tokens.findIndex((t) => t.endsWith('.bench.ts'));
  return start !== -1 && end > start ? tokens.slice(start + 1, end) : ['--expose-gc', '--import', 'tsx'];
}

async function runOne(name: string, quick: boolean, scratch: string): Promise<BenchRun> {
  const file = `src/${name}.bench.ts`;
  const jsonFile = join(scratch, `${name}.json`);
  const env = { ...process.env, KCACHE_BENCH_JSON: jsonFile, ...(quick ? Object.fromEntries(Object.entries(QUICK_ENV).filter(([k]) => process.env[k] === undefined)) : {}) };
  const started = performance.now();
  console.log(`\n━━ ${name} (${file}) ━━`);
  const child = spawn(process.execPath, [...nodeFlags(name), file], { cwd: benchDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      resolve(code);
    });
    child.on('error', () => {
      resolve(null);
    });
  });
  const durationMs = performance.now() - started;
  const result = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchResult) : undefined;
  const tables = parseTables(stdout);
  const headlines = parseHeadlines(stdout);
  const ratios =
    result !== undefined
      ? ratiosFromResult(result)
      : [...tables.flatMap((t) => ratiosFromTable(name, t)), ...ratiosFromHeadlines(name, headlines)];
  const run: BenchRun = {
    name,
    file,
    status: exitCode === 0 ? 'ok' : 'failed',
    exitCode,
    durationMs,
    finishedAt: new Date().toISOString(),
    source: result === undefined ? 'stdout' : 'json',
    result,
    tables,
    headlines,
    ratios,
  };
  if (exitCode !== 0) run.errorTail = stderr.trim().split('\n').slice(-12).join('\n');
  return run;
}

/** The runs of an earlier report in `file`, when it exists and is of the same mode. */
function previousRuns(file: string, quick: boolean): BenchRun[] {
  if (!existsSync(file)) return [];
  try {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as Partial<AggregateReport>;
    return earlier.quick === quick && Array.isArray(earlier.benches) ? earlier.benches : [];
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const names = BENCHES.filter((n) => (args.only === undefined || args.only.includes(n)) && existsSync(join(benchDir, 'src', `${n}.bench.ts`)));
  const missing = BENCHES.filter((n) => (args.only === undefined || args.only.includes(n)) && !names.includes(n));
  console.log(`machine: ${describeMachine()}`);
  console.log(`benchmarks: ${names.join(', ')}${args.quick ? ' (quick)' : ''}${missing.length > 0 ? `; not present: ${missing.join(', ')}` : ''}`);

  const loadAtStart = loadavg()[0] ?? 0;
  const scratch = mkdtempSync(join(tmpdir(), 'kcache-bench-'));
  const runs: BenchRun[] = [];
  try {
    for (const name of names) runs.push(await runOne(name, args.quick, scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const outDir = args.out ?? join(benchDir, 'results', ...(args.quick ? ['quick'] : []));
  mkdirSync(outDir, { recursive: true });
  // `--only` refreshes some benchmarks: keep the others' last results, in the usual order.
  const previous = args.only === undefined ? [] : previousRuns(join(outDir, 'latest.json'), args.quick);
  const allRuns = [...previous.filter((p) => !runs.some((r) => r.name === p.name)), ...runs].sort(
    (a, b) => BENCHES.indexOf(a.name as (typeof BENCHES)[number]) - BENCHES.indexOf(b.name as (typeof BENCHES)[number]),
  );
  const sync: SyncPoint[] = allRuns.flatMap((r) => r.result?.sync ?? []);
  const report: AggregateReport = {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    machine: describeMachine(),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    benches: allRuns,
    ratios: allRuns.flatMap((r) => r.ratios),
    sync,
  };
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const hasChart = sync.length > 0;
  if (hasChart) {
    writeFileSync(join(outDir, 'sync.svg'), syncChartSvg(sync, `${args.quick ? 'quick run, ' : ''}${report.machine}`));
  }
  writeFileSync(join(outDir, 'latest.md'), markdownReport(report, hasChart));

  console.log(`\n━━ side by side ━━\n\n${ratioTable(report.ratios)}\n`);
  const kept = allRuns.filter((r) => !runs.includes(r)).map((r) => r.name);
  if (kept.length > 0) console.log(`(kept earlier results of: ${kept.join(', ')})`);
  const failed = runs.filter((r) => r.status === 'failed');
  console.log(`wrote ${join(outDir, 'latest.json')}, latest.md${hasChart ? ', sync.svg' : ' (no sync chart: no benchmark reported sync points)'}`);
  if (failed.length > 0) {
    console.error(`failed: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
