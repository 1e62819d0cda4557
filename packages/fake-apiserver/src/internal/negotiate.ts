// Response formats: plain JSON, or a meta.k8s.io Table when the client asks for one first
// (kubectl get does), as kube-apiserver negotiates from the Accept header.
import type { Entry } from './entry.js';
import type { KindInfo } from './kinds.js';
import { cachedOn, jsonView, type ObjectView } from './object-view.js';
import { toTable } from './table.js';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
    }
    return { type: type.toLowerCase(), params };
  });
}

/** True when the first range we can serve is a Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  for (const range of parseAccept(accept)) {
    const as = range.params.get('as');
    const jsonish = range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*';
    if (!jsonish) continue;
    if (as === undefined) return false;
    if (as === 'Table' && (range.params.get('g') ?? 'meta.k8s.io') === 'meta.k8s.io') return true;
  }
  return false;
}

const tableViews = new Map<string, ObjectView>();

/** One-row Tables (what a watch sends each event's object as, when kubectl watches a Table). */
export function tableView(kind: KindInfo): ObjectView {
  const key = `${kind.apiVersion}|${kind.kind}`;
  let view = tableViews.get(key);
  if (view === undefined) {
    const id = `table:${key}`;
    view = {
      id,
      contentType: TABLE_CONTENT_TYPE,
      encode: (entry: Entry) =>
        cachedOn(entry, id, () => Buffer.from(JSON.stringify(toTable(kind, [entry.obj], { resourceVersion: String(entry.rv) })))),
    };
    tableViews.set(key, view);
  }
  return view;
}

export function negotiateView(accept: string | undefined, kind: KindInfo): ObjectView {
  return wantsTable(accept) ? tableView(kind) : jsonView(kind.apiVersion);
}
