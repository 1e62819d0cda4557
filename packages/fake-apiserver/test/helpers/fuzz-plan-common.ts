// Shared pieces of the fuzz planner: the request a plan sends and the status codes it allows,
// paths, bodies and content types.
import { NAMES, NAMESPACES, type ContentType, type QueryParam } from './fuzz-ops.js';
import { WRITTEN_KINDS, type FuzzKind, type Model, type Obj } from './fuzz-model.js';
import type { RawRequest } from './raw-http.js';

export interface Planned {
  req: RawRequest;
  /** Status codes Kubernetes allows; undefined = any well-formed answer. */
  allowed: Set<number> | undefined;
  /** A body over the limit: the server may also just close the connection. */
  huge: boolean;
  /** A list whose 200 answer must hold exactly these objects (in this order). */
  expectItems?: { items: Obj[]; limit: number } | undefined;
  /** A get whose 200 answer must be exactly this object. */
  expectObject?: Obj | undefined;
}

export const MAX_BODY: number = 3 * 1024 * 1024;
export const CT: Record<ContentType, string | undefined> = {
  json: 'application/json',
  jsonCharset: 'application/json; charset=utf-8',
  none: undefined,
  text: 'text/plain',
  yaml: 'application/yaml',
  bogus: 'application/x-bogus',
};
export const PATCH_CT: Record<'merge' | 'json' | 'smp' | 'apply' | 'bogus' | 'none', string | undefined> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  smp: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
  bogus: 'application/x-bogus-patch',
  none: undefined,
};

export function kindAt(k: number): FuzzKind {
  const kind = WRITTEN_KINDS[k];
  if (kind === undefined) throw new Error(`no kind ${String(k)}`);
  return kind;
}

export function collectionPath(kind: FuzzKind, namespace: string | undefined): string {
  return kind.namespaced && namespace !== undefined ? `${kind.base}/namespaces/${namespace}/${kind.plural}` : `${kind.base}/${kind.plural}`;
}

export function payloadOf(kind: FuzzKind, variant: number): Record<string, unknown> {
  switch (kind.kind) {
    case 'Pod':
      return { containers: [{ name: 'c', image: `busybox:${String(variant)}` }] };
    case 'ConfigMap':
      return { k: String(variant) };
    case 'Node':
      return { unschedulable: variant % 2 === 0 };
    case 'Deployment':
      return { replicas: variant, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } };
    default:
      return { size: variant };
  }
}

/**
 * The payload a write replacing it sends: a Pod keeps its stored spec and changes its image (what a
 * pod update may change), other kinds get a new payload.
 */
export function specChange(kind: FuzzKind, existing: Obj | undefined, variant: number): unknown {
  if (kind.kind !== 'Pod' || existing === undefined) return payloadOf(kind, variant);
  const spec = structuredClone(existing.spec) as { containers: Record<string, unknown>[] };
  spec.containers = spec.containers.map((c, i) => (i === 0 ? { ...c, image: `busybox:${String(variant)}` } : c));
  return spec;
}

/** Allowed codes: the defects' codes, or `ok` when there is none. */
export class Codes {
  private readonly codes = new Set<number>();
  add(...codes: number[]): void {
    for (const c of codes) this.codes.add(c);
  }
  get any(): boolean {
    return this.codes.size > 0;
  }
  result(...ok: number[]): Set<number> {
    return this.codes.size > 0 ? new Set(this.codes) : new Set(ok);
  }
}

export function encodeBody(ct: ContentType, codes: Codes): void {
  if (ct === 'text' || ct === 'bogus') codes.add(415);
  // Kubernetes also takes YAML; a server that only speaks JSON answers 415.
  if (ct === 'yaml') codes.add(415);
}

export function queryString(params: readonly QueryParam[], resolve: (name: string, value: string) => string): string {
  const q = new URLSearchParams();
  for (const [name, value] of params) q.append(name, resolve(name, value));
  return q.toString();
}

export function first(params: readonly QueryParam[], name: string): string | undefined {
  return params.find(([n]) => n === name)?.[1];
}

/**
 * The object an operation is about: from the pools, or (when asked) an existing object, of the
 * operation's kind if there is one, else of any kind.
 */
export function target(op: { k: number; ns: number; name: number; existing: boolean }, model: Model): { kind: FuzzKind; namespace: string | undefined; name: string } {
  const kind = kindAt(op.k);
  const pick = op.ns * NAMES.length + op.name;
  if (op.existing) {
    const own = model.list(kind.apiVersion, kind.kind);
    const pool = own.length > 0 ? own.map((o) => ({ kind, o })) : WRITTEN_KINDS.flatMap((k) => model.list(k.apiVersion, k.kind).map((o) => ({ kind: k, o })));
    const chosen = pool[pick % Math.max(1, pool.length)];
    if (chosen !== undefined) return { kind: chosen.kind, namespace: chosen.o.metadata.namespace, name: chosen.o.metadata.name ?? '' };
  }
  return { kind, namespace: kind.namespaced ? (NAMESPACES[op.ns] ?? 'default') : undefined, name: NAMES[op.name] ?? 'a' };
}
