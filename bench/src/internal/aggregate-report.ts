// The side-by-side report: one table of ratios for the terminal, and the Markdown file.
import type { BenchResult, SyncPoint } from './aggregate-protocol.js';
import type { Headline, PrintedTable, RatioRow } from './aggregate-parse.js';
import { cpus } from 'node:os';

/** The machine and runtime, for reports. */
export function describeMachine(): string {
  const list = cpus();
  return `${String(list.length)} × ${list[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** A Markdown pipe table with per-column alignment (text left, numbers right). */
function alignedTable(rows: readonly (readonly string[])[], right: readonly number[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    `| ${row.map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const rule = `|${widths.map((w, i) => (right.includes(i) ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** One benchmark's run, as all.ts saw it. */
export interface BenchRun {
  name: string;
  file: string;
  status: 'ok' | 'failed';
  exitCode: number | null;
  durationMs: number;
  /** When it ended (ISO 8601): a report refreshed with `--only` mixes runs of different times. */
  finishedAt?: string | undefined;
  /** Where the numbers came from: the JSON the benchmark wrote, or its printed output. */
  source: 'json' | 'stdout';
  result?: BenchResult | undefined;
  tables: PrintedTable[];
  headlines: Headline[];
  ratios: RatioRow[];
  /** The last lines of its stderr when it failed. */
  errorTail?: string | undefined;
}

/** Everything `pnpm bench` writes to latest.json. */
export interface AggregateReport {
  generatedAt: string;
  quick: boolean;
  machine: string;
  /** The 1-minute load average when this invocation started and ended: above the core count, other work competed for the CPU. */
  loadAverage?: { start: number; end: number } | undefined;
  benches: BenchRun[];
  ratios: RatioRow[];
  sync: SyncPoint[];
}

/** Ratios from a benchmark's JSON result. */
export function ratiosFromResult(result: BenchResult): RatioRow[] {
  return result.rows.flatMap((row) =>
    row.ratio === undefined
      ? []
      : [
          {
            bench: result.name,
            case: row.case,
            label: row.ratio.label,
            value: row.ratio.value,
            better: row.ratio.better,
            target: row.ratio.target,
            met:
              row.ratio.target === undefined
                ? undefined
                : row.ratio.better === 'lower'
                  ? row.ratio.value <= row.ratio.target
                  : row.ratio.value >= row.ratio.target,
          },
        ],
  );
}

/** Headlines become ratio rows too: they carry the targets. */
export function ratiosFromHeadlines(bench: string, headlines: readonly Headline[]): RatioRow[] {
  return headlines.map((h) => ({
    bench,
    case: h.label,
    label: 'headline',
    value: h.value,
    better: h.comparator.startsWith('≥') || h.comparator.startsWith('>') ? 'higher' : 'lower',
    target: h.target,
    met: h.met,
  }));
}

/** The one table of ratios (Markdown pipes, readable as plain text). */
export function ratioTable(ratios: readonly RatioRow[]): string {
  const rows = [['benchmark', 'case', 'ratio', 'reads as', 'target', '']];
  for (const r of ratios) {
    const reads = r.label === 'headline' ? (r.better === 'higher' ? 'higher is better' : 'lower is better') : `${r.label} (${r.better === 'higher' ? 'higher' : 'lower'} is better)`;
    rows.push([
      r.bench,
      r.case,
      r.value.toFixed(2),
      reads,
      r.target === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${String(r.target)}`,
      r.met === undefined ? '' : r.met ? 'OK' : 'MISSED',
    ]);
  }
  return alignedTable(rows, [2, 4]);
}

/** The Markdown report. */
export function markdownReport(report: AggregateReport, hasChart: boolean): string {
  const out: string[] = [
    '# kcache benchmarks',
    '',
    `Generated ${report.generatedAt} by \`pnpm bench${report.quick ? ' --quick' : ''}\` on ${report.machine}.`,
    report.loadAverage === undefined
      ? ''
      : `\n1-minute load average ${report.loadAverage.start.toFixed(1)} at the start and ${report.loadAverage.end.toFixed(1)} at the end of the last run on ${String(cpus().length)} cores: ` +
        (Math.max(report.loadAverage.start, report.loadAverage.end) > cpus().length
          ? 'other work competed for the CPU, so wall times are stretched and noisy (CPU-time rows are steadier).'
          : 'the machine was otherwise quiet.'),
    report.quick ? '\n**Quick mode**: small sizes and few rounds; for a first look, not for conclusions.' : '',
    '',
    '## Ratios',
    '',
    ratioTable(report.ratios),
    '',
  ];
  if (hasChart) {
    out.push('## Sync time and memory', '', '![sync time and bytes per object against object count](sync.svg)', '');
    const rows = [['objects', 'contender', 'sync', 'bytes/object']];
    for (const p of [...report.sync].sort((a, b) => a.objects - b.objects || a.contender.localeCompare(b.contender))) {
      rows.push([String(p.objects), p.contender, `${p.syncMs.toFixed(0)} ms`, p.bytesPerObject.toFixed(0)]);
    }
    out.push(alignedTable(rows, [0, 2, 3]), '');
  }
  out.push('## Each benchmark', '');
  for (const run of report.benches) {
    out.push(`### ${run.name}`, '', `\`bench/${run.file}\` — ${run.status === 'ok' ? 'ok' : `**failed** (exit ${String(run.exitCode)})`} in ${(run.durationMs / 1000).toFixed(1)} s${run.finishedAt === undefined ? '' : `, ${run.finishedAt}`}; numbers from its ${run.source === 'json' ? 'JSON result' : 'printed tables'}.`, '');
    if (run.result !== undefined) {
      out.push(run.result.title, '', `Parameters: ${Object.entries(run.result.params).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`, '');
    }
    for (const table of run.tables) out.push(alignedTable([table.header, ...table.rows], table.header.map((_, i) => i).slice(1)), '');
    for (const h of run.headlines) out.push(`- ${h.label}: ${String(h.value)} (target ${h.comparator} ${String(h.target)}) ${h.met ? 'OK' : 'MISSED'}`);
    for (const note of run.result?.notes ?? []) out.push(`- ${note}`);
    if (run.errorTail !== undefined) out.push('', '```', run.errorTail, '```');
    out.push('');
  }
  out.push('Reproduce: `pnpm bench` (full) or `pnpm bench --quick`; one benchmark: `pnpm --filter @kcache/bench bench:<name>`.', '');
  return out.join('\n');
}
