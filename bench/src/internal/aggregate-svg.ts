// The sync chart as a plain SVG file: two panels (sync time, bytes per object) against object
// count, one line per contender. Written by hand: the format is simple and a charting library
// would be the heaviest dependency of the repository for two panels.
import type { SyncPoint } from './aggregate-protocol.js';

const COLORS: Record<string, string> = { kcache: '#2563eb', 'client-node': '#dc2626', floor: '#6b7280' };
const DASH: Record<string, string> = { floor: '6 4' };
const PANEL_W = 400;
const PANEL_H = 260;
const M = { left: 64, right: 16, top: 36, bottom: 48 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n % 1e6 === 0 ? 0 : 1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n % 1e3 === 0 ? 0 : 1)}k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function panel(points: readonly SyncPoint[], value: (p: SyncPoint) => number, title: string, unit: string, x0: number): string {
  const xs = [...new Set(points.map((p) => p.objects))].sort((a, b) => a - b);
  const minX = xs[0] ?? 1;
  const maxX = xs.at(-1) ?? 1;
  const logX = maxX / Math.max(1, minX) >= 10;
  const fx = (x: number): number => {
    const w = PANEL_W - M.left - M.right;
    if (maxX === minX) return M.left + w / 2;
    const t = logX ? (Math.log10(x) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX)) : (x - minX) / (maxX - minX);
    return M.left + t * w;
  };
  const maxY = Math.max(...points.map(value), 0) || 1;
  const step = niceStep(maxY, 5);
  const topY = Math.ceil(maxY / step) * step;
  const h = PANEL_H - M.top - M.bottom;
  const fy = (y: number): number => M.top + h - (y / topY) * h;
  const parts: string[] = [`<g transform="translate(${x0},0)">`];
  parts.push(`<text x="${PANEL_W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  for (let y = 0; y <= topY + step / 2; y += step) {
    parts.push(`<line x1="${M.left}" x2="${PANEL_W - M.right}" y1="${fy(y)}" y2="${fy(y)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${M.left - 6}" y="${fy(y) + 4}" text-anchor="end">${compact(y)}</text>`);
  }
  for (const x of xs) {
    parts.push(`<line x1="${fx(x)}" x2="${fx(x)}" y1="${M.top + h}" y2="${M.top + h + 4}" stroke="#374151"/>`);
    parts.push(`<text x="${fx(x)}" y="${M.top + h + 18}" text-anchor="middle">${compact(x)}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${PANEL_W - M.right}" y1="${M.top + h}" y2="${M.top + h}" stroke="#374151"/>`);
  parts.push(`<text x="${(M.left + PANEL_W - M.right) / 2}" y="${PANEL_H - 8}" text-anchor="middle">objects${logX ? ' (log scale)' : ''}</text>`);
  parts.push(`<text transform="translate(14,${M.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(unit)}</text>`);
  const contenders = [...new Set(points.map((p) => p.contender))];
  for (const c of contenders) {
    const series = points.filter((p) => p.contender === c).sort((a, b) => a.objects - b.objects);
    const color = COLORS[c] ?? '#059669';
    const path = series.map((p) => `${fx(p.objects).toFixed(1)},${fy(value(p)).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"${DASH[c] === undefined ? '' : ` stroke-dasharray="${DASH[c]}"`}/>`);
    for (const p of series) parts.push(`<circle cx="${fx(p.objects).toFixed(1)}" cy="${fy(value(p)).toFixed(1)}" r="3" fill="${color}"/>`);
  }
  parts.push('</g>');
  return parts.join('\n');
}

/** The chart for `points`, with a legend and a one-line caption. */
export function syncChartSvg(points: readonly SyncPoint[], caption: string): string {
  const width = PANEL_W * 2;
  const height = PANEL_H + 40;
  const order = (c: string): number => {
    const i = Object.keys(COLORS).indexOf(c);
    return i === -1 ? Object.keys(COLORS).length : i;
  };
  const contenders = [...new Set(points.map((p) => p.contender))].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const legend = contenders
    .map((c, i) => {
      const x = 80 + i * 150;
      const color = COLORS[c] ?? '#059669';
      return `<line x1="${x}" x2="${x + 24}" y1="${PANEL_H + 16}" y2="${PANEL_H + 16}" stroke="${color}" stroke-width="2"${DASH[c] === undefined ? '' : ` stroke-dasharray="${DASH[c]}"`}/><text x="${x + 30}" y="${PANEL_H + 20}">${esc(c)}</text>`;
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11" fill="#111827">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    panel(points, (p) => p.syncMs, 'Time to a synced store', 'ms', 0),
    panel(points, (p) => p.bytesPerObject, 'Heap per cached object', 'bytes', PANEL_W),
    legend,
    `<text x="${width - 8}" y="${PANEL_H + 34}" text-anchor="end" fill="#6b7280">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
