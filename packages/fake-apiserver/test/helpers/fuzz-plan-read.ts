// Plans for reads: get, list and watch, with the status codes Kubernetes answers for each
// combination of valid and invalid query parameters.
import { NAMES, NAMESPACES, type Op } from './fuzz-ops.js';
import type { Model } from './fuzz-model.js';
import { Codes, collectionPath, first, kindAt, queryString, target, type Planned } from './fuzz-plan-common.js';

export function planGet(op: Extract<Op, { op: 'get' }>, model: Model): Planned {
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

export function planList(op: Extract<Op, { op: 'list' }>, model: Model, serverRv: string, rvValue: (v: string) => string): Planned {
  const kind = kindAt(op.k);
  const namespace = op.ns === null ? undefined : NAMESPACES[op.ns];
  const q = op.q;
  const codes = new Codes();
  const limit = first(q, 'limit');
  // limit and timeoutSeconds are read with Go's ParseInt: negative values mean none.
  if (limit !== undefined && limit !== '' && !/^-?\d+$/.test(limit)) codes.add(400);
  const timeout = first(q, 'timeoutSeconds');
  if (timeout !== undefined && timeout !== '' && !/^-?\d+$/.test(timeout)) codes.add(400);
  if (['app in (', '=web', '!', 'app notin', '(x)'].includes(first(q, 'labelSelector') ?? 'ok')) codes.add(400);
  if (['spec.bogus=1', 'metadata.name', 'metadata.name in (a)', 'x'].includes(first(q, 'fieldSelector') ?? 'ok')) codes.add(400);
  // Nodes' field-label conversion has no metadata.namespace (kube-apiserver: `field label not supported`).
  if (kind.kind === 'Node' && (first(q, 'fieldSelector') ?? '').startsWith('metadata.namespace')) codes.add(400);
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
    // ListOptions validation (422) runs before the continue token is read (400).
    if (rv === '' || cont !== undefined) codes.add(422);
    if (match === 'Bogus') codes.add(422);
    if (match === 'Exact' && rv === '0') codes.add(422);
  }
  const alternatives: number[] = [];
  // A first page (limit without continue) at resourceVersion N and no match reads exactly N, as
  // resourceVersionMatch=Exact does (Kubernetes' list semantics table).
  const paged = limit !== undefined && /^\d+$/.test(limit) && Number(limit) > 0;
  const exact = match === 'Exact' || (match === undefined && paged);
  if (rvRaw === 'ahead') {
    if (exact) alternatives.push(504, 410);
    else codes.add(504);
  }
  if (rvRaw === 'old' && exact) alternatives.push(410);
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

export function planWatch(op: Extract<Op, { op: 'watch' }>, rvValue: (v: string) => string): Planned {
  const kind = kindAt(op.k);
  const namespace = op.ns === null ? undefined : NAMESPACES[op.ns];
  const q = op.q;
  const codes = new Codes();
  if (['app in (', '=web'].includes(first(q, 'labelSelector') ?? 'ok')) codes.add(400);
  if (first(q, 'fieldSelector') === 'spec.bogus=1') codes.add(400);
  if (first(q, 'resourceVersion') === 'garbage') codes.add(400);
  if (first(q, 'allowWatchBookmarks') === 'maybe') codes.add(400);
  const timeout = first(q, 'timeoutSeconds');
  if (timeout !== undefined && timeout !== '' && !/^-?\d+$/.test(timeout)) codes.add(400);
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
