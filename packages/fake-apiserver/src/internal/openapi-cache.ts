// The served OpenAPI documents, built once per content: each group version's v3 document and the
// v2 document are kept serialized with the fingerprint of what they were built from (the served
// kinds, and the resourceVersion of the CRDs whose schemas they publish), so a request costs a
// lookup unless a CRD changed since.
import type { ServerResponse } from 'node:http';
import type { Backend } from './backend.js';
import { builtinDefinitions, crdOf, crdVersionSchema, definitionName } from './kind-schemas.js';
import type { KindInfo } from './kinds.js';
import { documentHash, openApiV2Document, openApiV3Document, openApiV3GroupVersionPath, openApiV3Index } from './openapi.js';
import type { PublishedKind } from './openapi-schemas.js';

interface Cached {
  readonly fingerprint: string;
  readonly body: Buffer | undefined;
  readonly hash: string;
}

/** The OpenAPI documents of one server. */
export class OpenApiDocuments {
  private readonly v3 = new Map<string, Cached>();
  private v2: Cached | undefined;

  constructor(private readonly backend: Backend) {}

  private kinds(): KindInfo[] {
    return this.backend.registry.all().map((s) => s.info);
  }

  private published(k: KindInfo): PublishedKind | undefined {
    const served = this.backend.registry.lookup(k.group, k.version, k.plural);
    const defs = builtinDefinitions();
    if (served === undefined) return undefined;
    if (served.origin === 'crd') {
      const crdSchema = crdVersionSchema(crdOf(this.backend, served), k.version);
      return crdSchema === undefined ? undefined : { defs, crdSchema };
    }
    if (served.origin !== 'builtin') return undefined;
    const kind = definitionName(defs, k.group, k.version, k.kind);
    return kind === undefined ? undefined : { defs, definition: { kind, list: definitionName(defs, k.group, k.version, k.listKind) } };
  }

  /** What a document of these kinds is built from. */
  private fingerprint(kinds: readonly KindInfo[]): string {
    const parts = kinds.map((k) => {
      const served = this.backend.registry.lookup(k.group, k.version, k.plural);
      const crd = served === undefined ? undefined : (crdOf(this.backend, served) as { metadata?: { resourceVersion?: string } } | undefined);
      return [k, crd?.metadata?.resourceVersion ?? ''];
    });
    return JSON.stringify(parts);
  }

  private v3Cached(group: string, version: string, kinds: readonly KindInfo[]): Cached {
    const key = openApiV3GroupVersionPath(group, version);
    const own = kinds.filter((k) => k.group === group && k.version === version);
    const fingerprint = this.fingerprint(own);
    const cached = this.v3.get(key);
    if (cached?.fingerprint === fingerprint) return cached;
    const doc = openApiV3Document(group, version, own, (k) => this.published(k));
    const text = doc === undefined ? '' : JSON.stringify(doc);
    const fresh: Cached = { fingerprint, body: doc === undefined ? undefined : Buffer.from(text), hash: documentHash(text) };
    if (doc === undefined) this.v3.delete(key);
    else this.v3.set(key, fresh);
    return fresh;
  }

  /** `GET /openapi/v3/<group version>`; undefined when nothing of that group version is served. */
  v3Document(group: string, version: string): Buffer | undefined {
    return this.v3Cached(group, version, this.kinds()).body;
  }

  /**
   * Answers `GET /openapi/v3/<group version>[?hash=…]` as kube-apiserver does: the document with its
   * hash as ETag; with the current hash, cacheable for a year; with another hash, a 301 to the
   * current URL; an empty 404 when nothing of that group version is served.
   */
  serveV3Document(res: ServerResponse, group: string, version: string, hash: string | null): void {
    const doc = this.v3Cached(group, version, this.kinds());
    if (doc.body === undefined) {
      res.writeHead(404, { 'Cache-Control': 'no-cache, private', 'Content-Length': '0' });
      res.end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ETag: `"${doc.hash}"`, Vary: 'Accept' };
    if (hash !== null && hash !== doc.hash) {
      const path = `/openapi/v3/${openApiV3GroupVersionPath(group, version)}`;
      res.writeHead(301, { ...headers, 'Cache-Control': 'no-cache, private', Location: `${path}?hash=${doc.hash}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    const cache = hash === null
      ? { 'Cache-Control': 'no-cache, private' }
      : { 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() };
    res.writeHead(200, { ...headers, ...cache, 'Content-Length': String(doc.body.length) });
    res.end(doc.body);
  }

  /** `GET /openapi/v3`. */
  v3Index(): object {
    const kinds = this.kinds();
    return openApiV3Index(kinds, undefined, (group, version) => this.v3Cached(group, version, kinds).hash);
  }

  /** `GET /openapi/v2`. */
  v2Document(): Buffer {
    const kinds = this.kinds();
    const fingerprint = this.fingerprint(kinds);
    if (this.v2?.fingerprint !== fingerprint) {
      const body = Buffer.from(JSON.stringify(openApiV2Document(kinds, (k) => this.published(k))));
      this.v2 = { fingerprint, body, hash: '' };
    }
    return this.v2.body ?? Buffer.alloc(0);
  }
}

const documents = new WeakMap<Backend, OpenApiDocuments>();

/** The documents of a backend's server, created on first use. */
export function openApiDocuments(backend: Backend): OpenApiDocuments {
  let docs = documents.get(backend);
  if (docs === undefined) {
    docs = new OpenApiDocuments(backend);
    documents.set(backend, docs);
  }
  return docs;
}
