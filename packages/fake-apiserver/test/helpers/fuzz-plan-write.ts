// Plans for writes to one object (update, patch, delete) against the current state, with the
// status codes Kubernetes answers for each defect.
import type { Op } from './fuzz-ops.js';
import type { Model, Obj } from './fuzz-model.js';
import { CT, Codes, PATCH_CT, collectionPath, encodeBody, payloadOf, specChange, target, type Planned } from './fuzz-plan-common.js';

export function planObjectWrite(op: Extract<Op, { op: 'update' | 'patch' | 'delete' }>, model: Model): Planned {
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
    if (op.rv === 'none') {
      delete next.metadata.resourceVersion;
      // kube-apiserver refuses an unconditional update of a custom resource or a Lease.
      if (existing !== undefined && (kind.custom || kind.kind === 'Lease')) codes.add(422);
    } else if (op.rv === 'stale') {
      next.metadata.resourceVersion = '1';
      if (existing !== undefined && existing.metadata.resourceVersion !== '1') codes.add(409);
    } else if (op.rv === 'garbage') {
      next.metadata.resourceVersion = 'abc';
      if (existing !== undefined) codes.add(400, 409, 422);
    }
    switch (op.change) {
      case 'labels': next.metadata.labels = op.labels; break;
      case 'spec': next[kind.payload] = specChange(kind, existing, 2 + Object.keys(op.labels).length); break;
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
    case 'spec': body = json ? [{ op: 'add', path: `/${kind.payload}`, value: specChange(kind, existing, 3) }] : { [kind.payload]: payloadOf(kind, 3) }; break;
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
