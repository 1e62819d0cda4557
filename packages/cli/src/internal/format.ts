// Text formatting for the live view and summaries. Plain strings only: moving the cursor and
// redrawing is log-update's job, colour is picocolors'.

/** A fixed-width progress bar such as `[██████░░░░░░]  50%`. */
export function progressBar(done: number, total: number, width = 24): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent}`;
}

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds for people: `850 ms`, `1.24 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** `{ expired: 2, 'watch-failed': 1 }` → `expired 2, watch-failed 1` (`none` when empty). */
export function formatTally(tally: Readonly<Record<string, number>>): string {
  const parts = Object.entries(tally)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Column alignment of {@link formatTable}. */
export type Align = 'left' | 'right';

/**
 * A plain text table: a header row, a rule, then the rows, columns padded to their widest cell.
 * Numeric-looking columns are right-aligned unless `align` says otherwise.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const alignOf = (i: number): Align =>
    align?.[i] ?? (rows.length > 0 && rows.every((r) => /^[\d.,%×x -]*$/.test(r[i] ?? '')) ? 'right' : 'left');
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return alignOf(i) === 'right' ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
