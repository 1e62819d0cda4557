// How objects are written in a response: plain JSON under some apiVersion, PartialObjectMetadata,
// or (for kubectl) a one-row Table. Each server has its own views and its own cache of what they
// made for each stored entry; a Table's Age is measured on the server's clock at each response.
import type { KubeObject, ServerStatus } from '../types.js';
import type { Entry } from './entry.js';
import type { LineType } from './event-lines.js';
import type { KindInfo } from './kinds.js';
import { negotiateFormat, notAcceptableMessage } from './negotiate.js';
import { kindHasProtobuf, protobufMetadataView, protobufObjectView } from './protobuf-wire.js';
import { notAcceptable } from './status.js';
import { encodeOneRowTable, oneRowTable, toTable, type IncludeObject, type OneRowTable } from './table.js';

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
  /** A whole list in this view's own encoding, as parts to write in order (protobuf views). */
  encodeList?(entries: readonly Entry[], listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number }): { parts: Buffer[]; total: number };
  /** Watch framing and stand-alone objects for views that are not JSON (protobuf); JSON when absent. */
  readonly wire?: {
    /** The Content-Type of a watch stream in this view. */
    readonly watchContentType: string;
    /** One watch event carrying an object encoded by this view. */
    event(type: LineType, object: Buffer): Buffer;
    /** An object that is not stored (a BOOKMARK's), encoded as this view encodes entries. */
    encodeValue(obj: KubeObject): Buffer;
    /** A Status (a watch's ERROR event). */
    encodeStatus(status: ServerStatus): Buffer;
  };
}

/** The views of one server, and the encodings they made for its entries. */
export class Views {
  private readonly views = new Map<string, ObjectView>();
  /** Per entry and view id; entries that leave the store are dropped with their encodings. */
  private readonly encodings = new WeakMap<Entry, Map<string, Buffer | OneRowTable>>();

  /** @param now the server's clock, in milliseconds since the epoch */
  constructor(private readonly now: () => number) {}

  /**
   * The view for an Accept header: the first format in it this server can produce for the kind
   * (plain JSON when there is no header); 406 when it can produce none.
   */
  negotiate(accept: string | undefined, kind: KindInfo, options: { watch?: boolean; includeObject?: () => IncludeObject } = {}): ObjectView {
    const watch = options.watch === true;
    const format = negotiateFormat(accept, { protobuf: kindHasProtobuf(kind), watch });
    // A watch names the stream types only when the Accept header asks for an object it could
    // write but not stream (YAML); a conversion it cannot make is refused as for a GET.
    if (format === undefined) throw notAcceptable(notAcceptableMessage(watch && negotiateFormat(accept, { protobuf: kindHasProtobuf(kind) }) !== undefined));
    switch (format.as) {
      case 'table': return this.table(kind, options.includeObject?.());
      case 'metadata': return format.protobuf ? this.protobufMetadata(format.version) : this.metadata(format.version);
      case 'protobuf': return this.protobuf(kind);
      case 'json': return kind.conversion === undefined ? this.json(kind.apiVersion) : this.convertedJson(kind);
    }
  }

  /** Objects of a built-in kind in protobuf. */
  protobuf(kind: KindInfo): ObjectView {
    return this.view(`protobuf:${kind.apiVersion}|${kind.kind}`, () => protobufObjectView(kind, (entry, id, make) => this.cached(entry, id, make)));
  }

  /** Objects as PartialObjectMetadata in protobuf. */
  protobufMetadata(version: 'v1' | 'v1beta1'): ObjectView {
    return this.view(`protobuf-metadata:${version}`, () => protobufMetadataView(version, (entry, id, make) => this.cached(entry, id, make)));
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

  /** Objects as JSON in a served version whose shape differs from the storage version's (see KindInfo.conversion). */
  convertedJson(kind: KindInfo): ObjectView {
    const { conversion, apiVersion } = kind;
    if (conversion === undefined) return this.json(apiVersion);
    const id = `json:${apiVersion}|${kind.kind}`;
    return this.view(id, () => ({
      id,
      contentType: 'application/json',
      stable: true,
      encode: (entry) => {
        if (entry.obj.apiVersion === apiVersion) return entry.json;
        return this.cached(entry, id, () => Buffer.from(JSON.stringify(conversion.fromStorage(entry.obj as unknown as Record<string, unknown>))));
      },
    }));
  }

  /**
   * One-row Tables (a GET, and each event's object when kubectl watches a Table), and Tables of
   * lists; each row carries what `include` (the request's `includeObject`) says.
   */
  table(kind: KindInfo, include: IncludeObject = 'Metadata'): ObjectView {
    const id = `table:${kind.apiVersion}|${kind.kind}${include === 'Metadata' ? '' : `|${include}`}`;
    return this.view(id, () => ({
      id,
      // kube-apiserver labels a Table plain `application/json`.
      contentType: 'application/json',
      stable: false,
      encode: (entry) => encodeOneRowTable(this.cached(entry, id, () => oneRowTable(kind, entry.obj, { resourceVersion: String(entry.rv) }, include)), this.now()),
      encodeTable: (entries, listMeta) => Buffer.from(JSON.stringify(toTable(kind, entries.map((e) => e.obj), listMeta, this.now(), include))),
    }));
  }

  /** Objects as PartialObjectMetadata: only kind, apiVersion and metadata. */
  metadata(version: 'v1' | 'v1beta1'): ObjectView {
    const id = `metadata:${version}`;
    const apiVersion = `meta.k8s.io/${version}`;
    return this.view(id, () => ({
      id,
      // kube-apiserver labels converted JSON plain `application/json`, as it does protobuf.
      contentType: 'application/json',
      list: { kind: 'PartialObjectMetadataList', apiVersion, contentType: 'application/json' },
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
