// Response formats, negotiated from the Accept header as kube-apiserver does: plain JSON, a
// meta.k8s.io Table (kubectl get asks for one first), or PartialObjectMetadata (metadata-only
// clients and informers).
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

export type Format =
  | { readonly as: 'json' }
  | { readonly as: 'table' }
  | { readonly as: 'metadata'; readonly version: 'v1' | 'v1beta1' };

/** The first format in the Accept header this server can produce (plain JSON when none is). */
export function negotiateFormat(accept: string | undefined): Format {
  if (accept === undefined) return { as: 'json' };
  for (const range of parseAccept(accept)) {
    if (range.type !== 'application/json' && range.type !== '*/*' && range.type !== 'application/*') continue;
    const as = range.params.get('as');
    if (as === undefined) return { as: 'json' };
    if ((range.params.get('g') ?? 'meta.k8s.io') !== 'meta.k8s.io') continue;
    const version = range.params.get('v') ?? 'v1';
    if (version !== 'v1' && version !== 'v1beta1') continue;
    if (as === 'Table') return { as: 'table' };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'metadata', version };
  }
  return { as: 'json' };
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

const metadataViews = new Map<string, ObjectView>();

/** Objects as PartialObjectMetadata: only kind, apiVersion and metadata. */
export function metadataView(version: 'v1' | 'v1beta1'): ObjectView {
  let view = metadataViews.get(version);
  if (view === undefined) {
    const id = `metadata:${version}`;
    const apiVersion = `meta.k8s.io/${version}`;
    view = {
      id,
      contentType: `application/json;as=PartialObjectMetadata;v=${version};g=meta.k8s.io`,
      list: { kind: 'PartialObjectMetadataList', apiVersion, contentType: `application/json;as=PartialObjectMetadataList;v=${version};g=meta.k8s.io` },
      encode: (entry: Entry) =>
        cachedOn(entry, id, () => Buffer.from(JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion, metadata: entry.obj.metadata ?? {} }))),
    };
    metadataViews.set(version, view);
  }
  return view;
}

export function negotiateView(accept: string | undefined, kind: KindInfo): ObjectView {
  const format = negotiateFormat(accept);
  switch (format.as) {
    case 'table': return tableView(kind);
    case 'metadata': return metadataView(format.version);
    case 'json': return jsonView(kind.apiVersion);
  }
}
