// Turns an abstract fuzz operation into a concrete HTTP request against the current state, and
// says which status codes Kubernetes allows for it. A request with several defects may be
// refused for any of them (servers check in different orders), so the allowed set is the union of
// the codes of the defects present; a request without defects must succeed.
import { NAMES, NAMESPACES, type ContentType, type Op, type QueryParam } from './fuzz-ops.js';
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

const MAX_BODY = 3 * 1024 * 1024;
const CT: Record<ContentType, string | undefined> = {
  json: 'application/json',
  jsonCharset: 'application/json; charset=utf-8',
  none: undefined,
  text: 'text/plain',
  yaml: 'application/yaml',
  bogus: 'application/x-bogus',
};
const PATCH_CT = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  smp: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
  bogus: 'application/x-bogus-patch',
  none: undefined,
} as const;

function kindAt(k: number): FuzzKind {
  const kind = WRITTEN_KINDS[k];
  if (kind === undefined) throw new Error(`no kind ${String(k)}`);
  return kind;
}

function collectionPath(kind: FuzzKind, namespace: string | undefined): string {
  return kind.namespaced && namespace !== undefined ? `${kind.base}/namespaces/${namespace}/${kind.plural}` : `${kind.base}/${kind.plural}`;
}

function payloadOf(kind: FuzzKind, variant: number): Record<string, unknown> {
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

/** Allowed codes: the defects' codes, or `ok` when there is none. */
class Codes {
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

function encodeBody(ct: ContentType, codes: Codes): void {
  if (ct === 'text' || ct === 'bogus') codes.add(415);
  // Kubernetes also takes YAML; a server that only speaks JSON answers 415.
  if (ct === 'yaml') codes.add(415);
}

function queryString(params: readonly QueryParam[], resolve: (name: string, value: string) => string): string {
  const q = new URLSearchParams();
  for (const [name, value] of params) q.append(name, resolve(name, value));
  return q.toString();
}

export function plan(op: Exclude<Op, { op: 'compact' } | { op: 'closeWatches' }>, model: Model, serverRv: string): Planned {
  const current = Number(serverRv);
  const rvValue = (v: string): string =>
    v === 'current' ? serverRv : v === 'old' ? '1' : v === 'ahead' ? String(current + 1000) : v === 'garbage' ? 'abc' : v;
  switch (op.op) {
    case 'create': {
      const kind = kindAt(op.k);
      const namespace = NAMESPACES[op.ns] ?? 'default';
      const codes = new Codes();
      const meta: Record<string, unknown> = { labels: op.labels };
      let name: string | undefined;
      if (op.name.t === 'pool') name = NAMES[op.name.i];
      else if (op.name.t === 'invalid') name = op.name.v;
      if (name !== undefined) meta.name = name;
      if (op.name.t === 'generate') meta.generateName = 'gen-';
      if (op.name.t === 'missing') codes.add(422);
      if (op.name.t === 'invalid') codes.add(422);
      let body: unknown = { apiVersion: kind.apiVersion, kind: kind.kind, metadata: meta, [kind.payload]: payloadOf(kind, 1) };
      let text: string | undefined;
      const obj = body as Obj;
      switch (op.defect) {
        case 'noKind':
          delete (obj as Record<string, unknown>).apiVersion;
          delete (obj as Record<string, unknown>).kind;
          break;
        case 'withRV': meta.resourceVersion = '5'; codes.add(500); break;
        case 'nsMismatch':
          meta.namespace = 'elsewhere';
          if (kind.namespaced) codes.add(400);
          break;
        case 'kindMismatch': obj.kind = 'Secret'; codes.add(400); break;
        case 'apiVersionMismatch': obj.apiVersion = 'v9'; codes.add(400); break;
        case 'labelsNotStrings': meta.labels = { app: 7 }; codes.add(400); break;
        case 'badLabelValue': meta.labels = { app: 'not a valid value!' }; codes.add(422); break;
        case 'finalizers': meta.finalizers = ['example.com/f1']; break;
        case 'array': body = [obj]; codes.add(400); break;
        case 'malformed': text = `${JSON.stringify(obj).slice(0, -3)},,}`; codes.add(400); break;
        case 'null': body = null; codes.add(400); break;
        case 'randomJson': body = op.random; codes.add(400, 422); break;
        case 'none': break;
      }
      if (name !== undefined && op.name.t === 'pool' && model.get(kind.apiVersion, kind.kind, kind.namespaced ? namespace : undefined, name) !== undefined) {
        codes.add(409);
      }
      encodeBody(op.ct, codes);
      const ct = CT[op.ct];
      return {
        req: {
          method: 'POST',
          path: `${collectionPath(kind, namespace)}${op.dryRun ? '?dryRun=All' : ''}`,
          headers: ct === undefined ? {} : { 'Content-Type': ct },
          body: Buffer.from(text ?? JSON.stringify(body)),
        },
        allowed: codes.result(201),
        huge: false,
      };
    }
    case 'get': {
      const { kind, namespace, name } = target(op, model);
      const existing = model.get(kind.apiVersion, kind.kind, namespace, name);
      return {
        req: { method: op.head ? 'HEAD' : 'GET', path: `${collectionPath(kind, namespace)}/${name}` },
        // kube-apiserver registers no HEAD routes for resources; a server may serve them as GET.
        allowed: new Set([existing === undefined ? 404 : 200, ...(op.head ? [405] : [])]),
        huge: false,
        expectObject: op.head ? undefined : existing,
      };
    }
    case 'list':
      return planList(op, model, serverRv, rvValue);
    case 'watch':
      return planWatch(op, rvValue);
    default:
      return planWrite(op, model);
  }
}

function first(params: readonly QueryParam[], name: string): string | undefined {
  return params.find(([n]) => n === name)?.[1];
}

function planList(op: Extract<Op, { op: 'list' }>, model: Model, serverRv: string, rvValue: (v: string) => string): Planned {
  const kind = kindAt(op.k);
  const namespace = op.ns === null ? undefined : NAMESPACES[op.ns];
  const q = op.q;
  const codes = new Codes();
  const limit = first(q, 'limit');
  if (limit !== undefined && limit !== '' && !/^\d+$/.test(limit)) codes.add(400);
  const timeout = first(q, 'timeoutSeconds');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) codes.add(400);
  if (['app in (', '=web', '!', 'app notin', '(x)'].includes(first(q, 'labelSelector') ?? 'ok')) codes.add(400);
  if (['spec.bogus=1', 'metadata.name', 'metadata.name in (a)', 'x'].includes(first(q, 'fieldSelector') ?? 'ok')) codes.add(400);
  if (first(q, 'watch') === 'yes') codes.add(400);
  const sie = first(q, 'sendInitialEvents');
  if (sie === 'maybe') codes.add(400);
  else if (sie !== undefined) codes.add(422);
  const rvRaw = first(q, 'resourceVersion');
  const rv = rvRaw === undefined ? '' : rvValue(rvRaw);
  const match = first(q, 'resourceVersionMatch');
  const cont = first(q, 'continue');
  if (rvRaw === 'garbage') codes.add(400);
  if (cont !== undefined) codes.add(400);
  if (match !== undefined) {
    if (rv === '') codes.add(400, 422);
    if (match === 'Bogus') codes.add(400, 422);
    if (match === 'Exact' && rv === '0') codes.add(400, 422);
  }
  const alternatives: number[] = [];
  if (rvRaw === 'ahead') {
    if (match === 'Exact') alternatives.push(504, 410);
    else codes.add(504);
  }
  if (rvRaw === 'old' && match === 'Exact') alternatives.push(410);
  if (rvRaw === 'old' && (match === undefined || match === 'NotOlderThan')) alternatives.push(200);
  const allowed = codes.result(200, ...alternatives);
  if (codes.any) for (const c of alternatives) allowed.add(c);

  const resolved = queryString(q, (name, value) => (name === 'resourceVersion' ? rvValue(value) : name === 'continue' ? (value === 'garbage' ? 'not-a-token' : Buffer.from('{"rv":3,"start":"x"}').toString('base64')) : value));
  const plain = first(q, 'labelSelector') === undefined && first(q, 'fieldSelector') === undefined && cont === undefined && (rv === '' || rv === serverRv);
  const n = limit === undefined || !/^\d+$/.test(limit) ? 0 : Number(limit);
  return {
    req: { method: 'GET', path: `${collectionPath(kind, namespace)}${resolved === '' ? '' : `?${resolved}`}` },
    allowed,
    huge: false,
    expectItems: plain ? { items: model.list(kind.apiVersion, kind.kind, kind.namespaced ? namespace : undefined), limit: n } : undefined,
  };
}

function planWatch(op: Extract<Op, { op: 'watch' }>, rvValue: (v: string) => string): Planned {
  const kind = kindAt(op.k);
  const namespace = op.ns === null ? undefined : NAMESPACES[op.ns];
  const q = op.q;
  const codes = new Codes();
  if (['app in (', '=web'].includes(first(q, 'labelSelector') ?? 'ok')) codes.add(400);
  if (first(q, 'fieldSelector') === 'spec.bogus=1') codes.add(400);
  if (first(q, 'resourceVersion') === 'garbage') codes.add(400);
  if (first(q, 'allowWatchBookmarks') === 'maybe') codes.add(400);
  const timeout = first(q, 'timeoutSeconds');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) codes.add(400);
  if (first(q, 'limit') === 'abc') codes.add(400);
  const sie = first(q, 'sendInitialEvents');
  const match = first(q, 'resourceVersionMatch');
  if (sie === 'maybe') codes.add(400);
  if (sie !== undefined && sie !== 'maybe' && match !== 'NotOlderThan') codes.add(422);
  if (match !== undefined && (sie === undefined || match !== 'NotOlderThan')) codes.add(422);
  const alternatives = first(q, 'resourceVersion') === 'ahead' ? [504] : [];
  const allowed = codes.result(200, ...alternatives);
  if (codes.any) for (const c of alternatives) allowed.add(c);
  const resolved = queryString([['watch', 'true'], ...q], (name, value) => (name === 'resourceVersion' ? rvValue(value) : value));
  const name = op.name === null ? '' : `/${NAMES[op.name] ?? 'a'}`;
  return { req: { method: 'GET', path: `${collectionPath(kind, namespace)}${name}?${resolved}`, watch: true }, allowed, huge: false };
}

function planWrite(op: Extract<Op, { op: 'update' | 'patch' | 'delete' | 'deletecollection' | 'raw' | 'huge' }>, model: Model): Planned {
  switch (op.op) {
    case 'update':
    case 'patch':
    case 'delete':
      return planObjectWrite(op, model);
    case 'deletecollection': {
      const kind = kindAt(op.k);
      const namespace = op.ns === null ? undefined : NAMESPACES[op.ns];
      return {
        req: { method: 'DELETE', path: `${collectionPath(kind, namespace)}?labelSelector=${encodeURIComponent(op.selector)}` },
        allowed: new Set([op.selector === 'app in (' ? 400 : 200]),
        huge: false,
      };
    }
    case 'huge': {
      const kind = kindAt(op.k);
      const namespace = NAMESPACES[op.ns] ?? 'default';
      const filler = 'x'.repeat(MAX_BODY);
      const body = Buffer.from(JSON.stringify({ apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name: 'huge', annotations: { filler } } }));
      const ct = CT[op.ct];
      return { req: { method: 'POST', path: collectionPath(kind, namespace), headers: ct === undefined ? {} : { 'Content-Type': ct }, body }, allowed: new Set([413]), huge: true };
    }
    case 'raw': {
      const ct = CT[op.ct];
      const body = op.body.t === 'none' ? undefined : op.body.t === 'json' ? Buffer.from(JSON.stringify(op.body.v)) : op.body.t === 'bytes' ? Buffer.from(op.body.v) : Buffer.from(op.body.v);
      const path = op.query === '' ? op.path : `${op.path}?${op.query}`;
      const watchValue = new URLSearchParams(op.query).get('watch');
      const watch = op.method === 'GET' && watchValue !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(watchValue) ? 'maybe' : false;
      return { req: { method: op.method, path, headers: ct === undefined ? {} : { 'Content-Type': ct }, body, watch }, allowed: undefined, huge: false };
    }
  }
}

/**
 * The object an operation is about: from the pools, or (when asked) an existing object, of the
 * operation's kind if there is one, else of any kind.
 */
function target(op: { k: number; ns: number; name: number; existing: boolean }, model: Model): { kind: FuzzKind; namespace: string | undefined; name: string } {
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

function planObjectWrite(op: Extract<Op, { op: 'update' | 'patch' | 'delete' }>, model: Model): Planned {
  const { kind, namespace, name } = target(op, model);
  const existing = model.get(kind.apiVersion, kind.kind, namespace, name);
  const codes = new Codes();
  const status = op.op !== 'delete' && op.status;
  if (status && !kind.status) codes.add(404);
  // Writes through /status: custom resources ignore everything but .status there, while built-in
  // kinds (pods) also take metadata changes, so a metadata defect may or may not be refused.
  const statusMaybe = (code: number): void => {
    if (status) maybe.push(code);
    else codes.add(code);
  };
  const maybe: number[] = [];
  const withMaybe = (allowed: Set<number>): Set<number> => {
    for (const c of maybe) allowed.add(c);
    return allowed;
  };
  const path = `${collectionPath(kind, namespace)}/${name}${status ? '/status' : ''}${op.dryRun ? '?dryRun=All' : ''}`;
  const missing = (): void => {
    if (existing === undefined) codes.add(404);
  };
  if (op.op === 'delete') {
    missing();
    let body: string | undefined;
    switch (op.opts) {
      case 'uidCurrent': body = JSON.stringify({ preconditions: { uid: existing?.metadata.uid ?? 'x' } }); break;
      case 'uidStale': body = JSON.stringify({ preconditions: { uid: '00000000-0000-0000-0000-000000000000' } }); if (existing !== undefined) codes.add(409); break;
      case 'rvCurrent': body = JSON.stringify({ preconditions: { resourceVersion: existing?.metadata.resourceVersion ?? '1' } }); break;
      case 'rvStale': body = JSON.stringify({ preconditions: { resourceVersion: '1' } }); if (existing !== undefined && existing.metadata.resourceVersion !== '1') codes.add(409); break;
      case 'dryRunBody': body = JSON.stringify({ dryRun: ['All'] }); break;
      case 'malformed': body = '{"preconditions":'; codes.add(400); break;
      case 'array': body = '[]'; codes.add(400); break;
      case 'empty': body = '{}'; break;
      case 'none': break;
    }
    return { req: { method: 'DELETE', path, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : Buffer.from(body) }, allowed: codes.result(200), huge: false };
  }
  const base: Obj = existing === undefined
    ? { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) } }
    : (structuredClone(existing));
  const beingDeleted = existing?.metadata.deletionTimestamp !== undefined;
  if (op.op === 'update') {
    missing();
    const next = base;
    let text: string | undefined;
    if (op.rv === 'none') delete next.metadata.resourceVersion;
    else if (op.rv === 'stale') {
      next.metadata.resourceVersion = '1';
      if (existing !== undefined && existing.metadata.resourceVersion !== '1') codes.add(409);
    } else if (op.rv === 'garbage') {
      next.metadata.resourceVersion = 'abc';
      if (existing !== undefined) codes.add(400, 409, 422);
    }
    switch (op.change) {
      case 'labels': next.metadata.labels = op.labels; break;
      case 'spec': next[kind.payload] = payloadOf(kind, 2 + Object.keys(op.labels).length); break;
      case 'status': next.status = { phase: 'Running', observed: Object.keys(op.labels).length }; break;
      case 'addFinalizer':
        next.metadata.finalizers = [...(next.metadata.finalizers ?? []), 'example.com/f2'];
        if (beingDeleted && !(existing.metadata.finalizers ?? []).includes('example.com/f2')) statusMaybe(422);
        break;
      case 'dropFinalizers': next.metadata.finalizers = []; break;
      case 'rename': next.metadata.name = 'renamed'; codes.add(400); break;
      case 'badLabel': next.metadata.labels = { 'bad key!': 'v' }; statusMaybe(422); break;
      case 'nsMismatch': next.metadata.namespace = 'elsewhere'; if (kind.namespaced) codes.add(400); break;
      case 'kindMismatch': next.kind = 'Secret'; codes.add(400); break;
      case 'malformed': text = '{"metadata":'; codes.add(400); break;
    }
    encodeBody(op.ct, codes);
    const ct = CT[op.ct];
    return { req: { method: 'PUT', path, headers: ct === undefined ? {} : { 'Content-Type': ct }, body: Buffer.from(text ?? JSON.stringify(next)) }, allowed: withMaybe(codes.result(200)), huge: false };
  }
  // patch
  const ct = PATCH_CT[op.type];
  if (op.type === 'bogus' || op.type === 'none' || (op.type === 'smp' && kind.custom)) {
    return { req: { method: 'PATCH', path, headers: ct === undefined ? {} : { 'Content-Type': ct }, body: Buffer.from('{}') }, allowed: new Set(status && !kind.status ? [404, 415] : [415]), huge: false };
  }
  missing();
  let body: unknown;
  const json = op.type === 'json';
  switch (op.body) {
    case 'labels': body = json ? [{ op: 'add', path: '/metadata/labels', value: op.labels }] : { metadata: { labels: op.labels } }; break;
    case 'spec': body = json ? [{ op: 'add', path: `/${kind.payload}`, value: payloadOf(kind, 3) }] : { [kind.payload]: payloadOf(kind, 3) }; break;
    case 'dropFinalizers': body = json ? [{ op: 'add', path: '/metadata/finalizers', value: [] }] : { metadata: { finalizers: null } }; break;
    case 'badLabel':
      body = json ? [{ op: 'add', path: '/metadata/labels', value: { 'bad key!': 'v' } }] : { metadata: { labels: { 'bad key!': 'v' } } };
      statusMaybe(422);
      break;
    case 'malformed': body = undefined; codes.add(400, 422); break;
    case 'array': body = json ? {} : [{ metadata: {} }]; codes.add(400, 422); break;
    case 'null': body = null; codes.add(400, 422); break;
    case 'jsonTestFail': body = [{ op: 'test', path: '/metadata/name', value: 'not-this' }]; codes.add(400, 409, 422); break;
  }
  const allowed = withMaybe(codes.result(200));
  if (op.type === 'apply') for (const c of [415, 400, 422, 404, 409, 200, 201]) allowed.add(c);
  return {
    req: { method: 'PATCH', path, headers: ct === undefined ? {} : { 'Content-Type': ct }, body: Buffer.from(body === undefined ? '{"metadata":{' : JSON.stringify(body)) },
    allowed,
    huge: false,
  };
}
