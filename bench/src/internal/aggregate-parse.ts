// Reads what a benchmark printed when it wrote no JSON: its Markdown tables and its target lines.

/** A pipe table as printed: header and rows of cells. */
export interface PrintedTable {
  header: string[];
  rows: string[][];
}

/** A "what: value (target ≥ x) OK" line. */
export interface Headline {
  label: string;
  value: number;
  comparator: string;
  target: number;
  met: boolean;
}

/** One ratio for the side-by-side table. */
export interface RatioRow {
  bench: string;
  case: string;
  /** How to read the ratio, e.g. `kcache/baseline` or `vs floor`. */
  label: string;
  value: number;
  better?: 'lower' | 'higher' | undefined;
  target?: number | undefined;
  met?: boolean | undefined;
}

const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/** Every pipe table in `text` (a header line, a `|---|` rule, then rows). */
export function parseTables(text: string): PrintedTable[] {
  const lines = text.split('\n');
  const tables: PrintedTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i]?.trim() ?? '';
    const rule = lines[i + 1]?.trim() ?? '';
    if (!head.startsWith('|') || !/^\|[\s:|-]+\|$/.test(rule)) continue;
    const table: PrintedTable = { header: cellsOf(head), rows: [] };
    let j = i + 2;
    for (; j < lines.length && (lines[j]?.trim() ?? '').startsWith('|'); j++) table.rows.push(cellsOf(lines[j] ?? ''));
    tables.push(table);
    i = j - 1;
  }
  return tables;
}

const HEADLINE = /^\s*(.+?):\s+([\d.]+)\s+\(target\s+([≤≥<>]=?)\s*([\d.]+)[^)]*\)\s+(OK|MISSED)\s*$/;

/** Every target line, e.g. `throughput vs bare fetch: 0.97 (target ≥ 0.9) OK`. */
export function parseHeadlines(text: string): Headline[] {
  const out: Headline[] = [];
  for (const line of text.split('\n')) {
    const m = HEADLINE.exec(line);
    if (m === null) continue;
    out.push({ label: m[1] ?? '', value: Number(m[2]), comparator: m[3] ?? '', target: Number(m[4]), met: m[5] === 'OK' });
  }
  return out;
}

const MEASUREMENT = /\d\s*(ns|µs|us|ms|s|KiB|MiB|MB|B|%)\b|\d,\d{3}/;

/**
 * The ratios of a printed table: the column whose header reads as a ratio (`a/b`, `vs x`), one
 * row each, labelled by the leading columns that are not measurements. When some rows are
 * kcache's, only those are kept (the others are the peers measured against themselves).
 */
export function ratiosFromTable(bench: string, table: PrintedTable): RatioRow[] {
  const ratioCol = table.header.findIndex((h) => /\/|^vs\b/i.test(h));
  if (ratioCol === -1) return [];
  let labelCols = 0;
  while (labelCols < ratioCol && !table.rows.some((r) => MEASUREMENT.test(r[labelCols] ?? ''))) labelCols++;
  labelCols = Math.max(1, labelCols);
  const header = table.header[ratioCol] ?? '';
  const better = header.includes('/') ? 'lower' : 'higher';
  const rows = table.rows.some((r) => /kcache/i.test(r[0] ?? '')) ? table.rows.filter((r) => /kcache/i.test(r[0] ?? '')) : table.rows;
  return rows
    .map((r): RatioRow => {
      const label = r.slice(0, labelCols);
      const extra = label.slice(1).map((v, k) => `${v} ${table.header[k + 1] ?? ''}`.trim());
      return {
        bench,
        case: extra.length === 0 ? (label[0] ?? '') : `${label[0] ?? ''} [${extra.join(', ')}]`,
        label: header,
        value: Number.parseFloat(r[ratioCol] ?? ''),
        better,
      };
    })
    .filter((r) => Number.isFinite(r.value));
}
