// Turns an abstract fuzz operation into a concrete HTTP request against the current state, and
// says which status codes Kubernetes allows for it. A request with several defects may be
// refused for any of them (servers check in different orders), so the allowed set is the union of
// the codes of the defects present; a request without defects must succeed.
import { NAMES, NAMESPACES, type Op } from './fuzz-ops.js';
import type { Model, Obj } from './fuzz-model.js';
import { CT, Codes, MAX_BODY, collectionPath, encodeBody, kindAt, payloadOf, type Planned } from './fuzz-plan-common.js';
import { planGet, planList, planWatch } from './fuzz-plan-read.js';
import { planObjectWrite } from './fuzz-plan-write.js';

export type { Planned } from './fuzz-plan-common.js';

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
    case 'get':
      return planGet(op, model);
    case 'list':
      return planList(op, model, serverRv, rvValue);
    case 'watch':
      return planWatch(op, rvValue);
    default:
      return planWrite(op, model);
  }
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
