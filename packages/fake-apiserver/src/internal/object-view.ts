// How objects are written in a response: plain JSON under some apiVersion, PartialObjectMetadata,
// or (for kubectl) a one-row Table. Each server has its own views and its own cache of what they
// made for each stored entry; a Table's Age is measured on the server's clock at each response.
import type { Entry } from './entry.js';
import type { KindInfo } from './kinds.js';
import { negotiateFormat, TABLE_CONTENT_TYPE } from './negotiate.js';
import { encodeOneRowTable, oneRowTable, toTable, type OneRowTable } from './table.js';

export interface ObjectView {
  /** Distinguishes cached encodings: `json:v1`, `table:apps/v1|Deployment`. */
  readonly id: string;
  /** The Content-Type of responses written in this view. */
  readonly contentType: string;
  /** The list envelope for this view, when it is not the kind's own list. */
  readonly list?: { readonly kind: string; readonly apiVersion: string; readonly contentType: string };
  /**
   * False when an encoding depends on when it is made (a Table's Age): such bytes must not be
   * kept and sent again later, e.g. as a watch event line replayed to another watcher.
   */
  readonly stable: boolean;
  encode(entry: Entry): Buffer;
  /** A whole list as one Table (only Table views have it). */
  encodeTable?(entries: readonly Entry[], listMeta: { resourceVersion: string; continue?: string }): Buffer;
}

/** The views of one server, and the encodings they made for its entries. */
export class Views {
  private readonly views = new Map<string, ObjectView>();
  /** Per entry and view id; entries that leave the store are dropped with their encodings. */
  private readonly encodings = new WeakMap<Entry, Map<string, Buffer | OneRowTable>>();

  /** @param now the server's clock, in milliseconds since the epoch */
  constructor(private readonly now: () => number) {}

  /** The view for an Accept header: the first format in it this server can produce (plain JSON when none is). */
  negotiate(accept: string | undefined, kind: KindInfo): ObjectView {
    const format = negotiateFormat(accept);
    switch (format.as) {
      case 'table': return this.table(kind);
      case 'metadata': return this.metadata(format.version);
      case 'json': return this.json(kind.apiVersion);
    }
  }

  /** Objects as JSON, carrying `apiVersion` (stored objects of other versions are converted). */
  json(apiVersion: string): ObjectView {
    const id = `json:${apiVersion}`;
    return this.view(id, () => ({
      id,
      contentType: 'application/json',
      stable: true,
      encode: (entry) => {
        if (entry.obj.apiVersion === apiVersion) return entry.json;
        return this.cached(entry, id, () => Buffer.from(JSON.stringify({ ...entry.obj, apiVersion })));
      },
    }));
  }

  /** One-row Tables (a GET, and each event's object when kubectl watches a Table), and Tables of lists. */
  table(kind: KindInfo): ObjectView {
    const id = `table:${kind.apiVersion}|${kind.kind}`;
    return this.view(id, () => ({
      id,
      contentType: TABLE_CONTENT_TYPE,
      stable: false,
      encode: (entry) => encodeOneRowTable(this.cached(entry, id, () => oneRowTable(kind, entry.obj, { resourceVersion: String(entry.rv) })), this.now()),
      encodeTable: (entries, listMeta) => Buffer.from(JSON.stringify(toTable(kind, entries.map((e) => e.obj), listMeta, this.now()))),
    }));
  }

  /** Objects as PartialObjectMetadata: only kind, apiVersion and metadata. */
  metadata(version: 'v1' | 'v1beta1'): ObjectView {
    const id = `metadata:${version}`;
    const apiVersion = `meta.k8s.io/${version}`;
    return this.view(id, () => ({
      id,
      contentType: `application/json;as=PartialObjectMetadata;v=${version};g=meta.k8s.io`,
      list: { kind: 'PartialObjectMetadataList', apiVersion, contentType: `application/json;as=PartialObjectMetadataList;v=${version};g=meta.k8s.io` },
      stable: true,
      encode: (entry) =>
        this.cached(entry, id, () => Buffer.from(JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion, metadata: entry.obj.metadata ?? {} }))),
    }));
  }

  private view(id: string, make: () => ObjectView): ObjectView {
    let view = this.views.get(id);
    if (view === undefined) {
      view = make();
      this.views.set(id, view);
    }
    return view;
  }

  /** What view `id` made of the entry, made on first use. */
  private cached<T extends Buffer | OneRowTable>(entry: Entry, id: string, make: () => T): T {
    let byView = this.encodings.get(entry);
    if (byView === undefined) {
      byView = new Map();
      this.encodings.set(entry, byView);
    }
    let made = byView.get(id) as T | undefined;
    if (made === undefined) {
      made = make();
      byView.set(id, made);
    }
    return made;
  }
}
