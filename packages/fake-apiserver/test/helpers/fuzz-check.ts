// Checks one fuzz answer: it is a well-formed HTTP response (a Status whose code matches for every
// error, whole JSON event lines for a watch, no 5xx but the ones Kubernetes itself answers, never
// a hang or a reset), its code is one Kubernetes allows for the request, and what it says matches
// the model. Then an accepted write is applied to the model.
import { isDeepStrictEqual } from 'node:util';
import type { Obj, Model } from './fuzz-model.js';
import type { Planned } from './fuzz-plan.js';
import type { RawOutcome } from './raw-http.js';

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);
/** The one 500 kube-apiserver answers on purpose (its storage refuses the create). */
const RV_ON_CREATE = 'resourceVersion should not be set on objects to be created';

function parse(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`${what} is not JSON: ${JSON.stringify(body.toString('utf8').slice(0, 200))}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Drops what list items of built-in kinds may or may not carry. */
function withoutTypeMeta(obj: unknown): unknown {
  if (!isRecord(obj)) return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Throws with what is wrong; returns the parsed body of a non-stream answer. */
export function checkOutcome(planned: Planned, outcome: RawOutcome, serverRv: string): unknown {
  const { req } = planned;
  if (outcome.kind === 'timeout') throw new Error(`no answer: ${outcome.message}`);
  if (outcome.kind === 'error') {
    // Past the body limit the server answers 413 and stops reading: the client may see the reset first.
    if (planned.huge && /EPIPE|ECONNRESET|socket hang up/.test(outcome.message)) return undefined;
    throw new Error(`connection failed: ${outcome.message}`);
  }
  const { status, headers, body } = outcome;
  const contentType = headers['content-type'] ?? '';
  const head = req.method === 'HEAD';
  let parsed: unknown;
  if (status === 404 && contentType === 'text/plain; charset=utf-8' && (head || body.toString('utf8') === '404 page not found\n')) {
    // kube-apiserver's plain 404 page for paths no API group serves.
    return undefined;
  }
  if (status >= 400) {
    if (!contentType.startsWith('application/json')) throw new Error(`${String(status)} answered with Content-Type ${JSON.stringify(contentType)}`);
    if (!head) {
      const s = parse(body, `the ${String(status)} body`);
      if (!isRecord(s) || s.kind !== 'Status' || s.apiVersion !== 'v1' || s.status !== 'Failure' || s.code !== status || typeof s.message !== 'string' || typeof s.reason !== 'string' || s.reason === '') {
        throw new Error(`${String(status)} answered without a matching Status: ${body.toString('utf8').slice(0, 300)}`);
      }
      if (status >= 500 && !(status === 500 && s.message.includes(RV_ON_CREATE)) && !(status === 504 && s.reason === 'Timeout')) {
        throw new Error(`server error ${String(status)}: ${s.message}`);
      }
      parsed = s;
    } else if (status >= 500 && status !== 504) {
      throw new Error(`server error ${String(status)} on HEAD`);
    }
  } else if (status >= 200 && status < 300) {
    if (outcome.streamed) {
      if (!contentType.startsWith('application/json')) throw new Error(`watch answered with Content-Type ${JSON.stringify(contentType)}`);
      for (const line of outcome.lines) {
        const event = parse(Buffer.from(line), 'a watch line');
        if (!isRecord(event) || typeof event.type !== 'string' || !EVENT_TYPES.has(event.type) || !isRecord(event.object)) {
          throw new Error(`malformed watch event: ${line.slice(0, 300)}`);
        }
        const object = event.object;
        if (event.type === 'ERROR' ? object.kind !== 'Status' : typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
          throw new Error(`watch event without kind/apiVersion: ${line.slice(0, 300)}`);
        }
      }
    } else if (!head && status !== 204) {
      // API answers are JSON; a few endpoints (/healthz, /livez) answer plain text, as Kubernetes' do.
      const apiPath = /^\/apis?(\/|$|\?)/.test(req.path);
      if (apiPath && !contentType.startsWith('application/json')) throw new Error(`${String(status)} answered with Content-Type ${JSON.stringify(contentType)}`);
      if (contentType.startsWith('application/json')) parsed = parse(body, `the ${String(status)} body`);
    }
  } else {
    throw new Error(`unexpected status ${String(status)}`);
  }

  if (planned.allowed !== undefined && !planned.allowed.has(status)) {
    const message = isRecord(parsed) && typeof parsed.message === 'string' ? `: ${parsed.message}` : '';
    throw new Error(`answered ${String(status)}${message}; Kubernetes answers ${[...planned.allowed].join(' or ')}`);
  }
  if (status === 200 && planned.expectObject !== undefined && !isDeepStrictEqual(parsed, planned.expectObject)) {
    throw new Error(`get answered ${JSON.stringify(parsed).slice(0, 400)}\nbut the last accepted write left ${JSON.stringify(planned.expectObject).slice(0, 400)}`);
  }
  if (status === 200 && planned.expectItems !== undefined) {
    const list = parsed as { metadata?: { resourceVersion?: string; continue?: string }; items?: unknown[] };
    const { items, limit } = planned.expectItems;
    const want = (limit > 0 ? items.slice(0, limit) : items).map(withoutTypeMeta);
    const got = (list.items ?? []).map(withoutTypeMeta);
    if (!isDeepStrictEqual(got, want)) {
      throw new Error(`list answered ${String(got.length)} items ${JSON.stringify(got.map((o) => (o as Obj).metadata.name))}, the model holds ${JSON.stringify(want.map((o) => (o as Obj).metadata.name))}${got.length === want.length ? ` (contents differ: ${JSON.stringify(got).slice(0, 300)} vs ${JSON.stringify(want).slice(0, 300)})` : ''}`);
    }
    const more = limit > 0 && items.length > limit;
    if (more !== ((list.metadata?.continue ?? '') !== '')) throw new Error(`list of ${String(items.length)} with limit ${String(limit)}: continue token ${JSON.stringify(list.metadata?.continue)}`);
    if (list.metadata?.resourceVersion !== serverRv) throw new Error(`list resourceVersion ${String(list.metadata?.resourceVersion)}, server is at ${serverRv}`);
  }
  return parsed;
}

function isDryRun(planned: Planned): boolean {
  const query = new URL(planned.req.path, 'http://x').searchParams;
  if (query.getAll('dryRun').length > 0) return true;
  if (planned.req.method !== 'DELETE' || planned.req.body === undefined) return false;
  try {
    const body: unknown = JSON.parse(planned.req.body.toString('utf8'));
    return isRecord(body) && Array.isArray(body.dryRun) && body.dryRun.includes('All');
  } catch {
    return false;
  }
}

/** Applies an accepted write to the model, from what the server answered. */
export function applyToModel(planned: Planned, outcome: RawOutcome, parsed: unknown, model: Model): void {
  if (outcome.kind !== 'response' || outcome.status < 200 || outcome.status >= 300) return;
  const method = planned.req.method;
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || isDryRun(planned)) return;
  if (!isRecord(parsed)) throw new Error(`an accepted ${method} answered no object`);
  if (method === 'DELETE' && parsed.kind === 'Status' && parsed.status === 'Success' && isRecord(parsed.details)) {
    model.removeDeleted(planned.req.path, parsed.details);
    return;
  }
  if (Array.isArray(parsed.items)) {
    if (method !== 'DELETE') throw new Error(`an accepted ${method} answered a list`);
    const kind = typeof parsed.kind === 'string' ? parsed.kind.replace(/List$/, '') : '';
    for (const item of parsed.items as Obj[]) {
      model.apply({ ...item, apiVersion: item.apiVersion ?? (parsed.apiVersion as string), kind: item.kind ?? kind }, 'delete');
    }
    return;
  }
  model.apply(parsed as Obj, method === 'DELETE' ? 'delete' : 'write');
}
