// `pods/binding` and `pods/eviction` as kube-apiserver v1.37.2 answers them with no scheduler,
// kubelet or PodDisruptionBudget: a Binding sets the pod's node and its PodScheduled condition; an
// Eviction deletes the pod. Both answer a `Success` Status with code 201.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '@kcache/store';
import { FakeApiServerError } from '../errors.js';
import type { Backend } from './backend.js';
import { mediaType, parseJson, readBody } from './body.js';
import { cloneObject, objectKey } from './entry.js';
import { PROTOBUF_CONTENT_TYPE } from './negotiate.js';
import { timestamp } from './object-rules.js';
import { decodeObjectBody } from './protobuf-wire.js';
import { parseDryRun } from './query.js';
import type { ServedKind } from './registry.js';
import { sendStatus } from './respond.js';
import type { ResourceRoute } from './route.js';
import { badRequest, conflict, failure, notFound } from './status.js';

/** Whether a kind is core v1 pods (which have the subresources served here). */
function isCorePods(info: { readonly group: string; readonly plural: string }): boolean {
  return info.group === '' && info.plural === 'pods';
}

/** The pod subresources served here. */
export type PodSubresource = 'binding' | 'eviction';

/** Whether `route` names a served pod subresource (core v1 pods, with a pod name). */
export function podSubresourceOf(served: ServedKind, route: ResourceRoute): PodSubresource | undefined {
  const { info } = served;
  if (!isCorePods(info) || route.name === undefined) return undefined;
  return route.subresource === 'binding' || route.subresource === 'eviction' ? route.subresource : undefined;
}

/** Only POST (create) is served; kube-apiserver's router answers 405 otherwise, naming no method. */
export function podSubresourceVerb(method: string): 'create' {
  if (method === 'POST') return 'create';
  throw new FakeApiServerError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

export type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

async function readObject(req: IncomingMessage): Promise<Json> {
  const raw = await readBody(req);
  const body = mediaType(req.headers['content-type']) === PROTOBUF_CONTENT_TYPE ? decodeObjectBody(raw) : parseJson(raw);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request must be an object');
  return body as Json;
}

/** kube-apiserver's answer: a `Success` Status without message or reason (the fake's Status type always has both). */
const CREATED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as Parameters<typeof sendStatus>[1];

/** Serves POST on `pods/{name}/binding` and `pods/{name}/eviction`. */
export async function handlePodSubresource(
  backend: Backend,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  served: ServedKind,
  subresource: PodSubresource,
): Promise<void> {
  const namespace = route.namespace ?? '';
  const name = route.name ?? '';
  const body = await readObject(req);
  const bodyName = record(body.metadata).name;
  const what = subresource === 'binding' ? 'Binding' : 'Eviction';
  if (bodyName !== name) throw badRequest(`name in URL does not match name in ${what} object`);
  const dryRun = parseDryRun(query);
  if (subresource === 'eviction') {
    // No PodDisruptionBudget can stop it: the eviction deletes the pod (an already deleted one answers the same).
    const current = served.store.entries.get(objectKey(namespace, name));
    if (current === undefined) throw notFound(served.info, name);
    // The eviction deletes the pod as a DELETE would: a pod a node runs gracefully.
    const grace = record(body.deleteOptions).gracePeriodSeconds;
    if (current.obj.metadata?.deletionTimestamp === undefined) {
      backend.writes.delete(served, namespace, name, { dryRun, gracePeriodSeconds: typeof grace === 'number' ? grace : undefined });
    }
    sendStatus(res, CREATED, {}, req.headers.accept);
    return;
  }
  bindPod(backend, served, namespace, name, body, dryRun);
  sendStatus(res, CREATED, {}, req.headers.accept);
}

/**
 * Binds a pod to the node a Binding names (`pods/{name}/binding`, and the `bindings` resource):
 * sets `spec.nodeName` and the PodScheduled condition, as kube-apiserver's pod storage does.
 */
export function bindPod(backend: Backend, pods: ServedKind, namespace: string, name: string, body: Json, dryRun: boolean): void {
  const target = record(body.target);
  const node = typeof target.name === 'string' ? target.name : '';
  // kube-apiserver answers an invalid Binding with a 500 carrying the validation message.
  if (node === '') throw new FakeApiServerError(failure(500, '', 'target.name: Required value'));
  const current = pods.store.entries.get(objectKey(namespace, name));
  if (current === undefined) throw notFound(pods.info, name);
  const byBinding = { group: '', plural: 'pods/binding', kind: 'pods/binding' };
  const meta = current.obj.metadata ?? {};
  if (meta.deletionTimestamp !== undefined) throw conflict(byBinding, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  const spec = record((current.obj as Json).spec);
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
    throw conflict(byBinding, name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
  }
  const next = cloneObject(current.obj) as KubeObject & Json;
  next.spec = { ...record(next.spec), nodeName: node };
  const annotations = record(record(body.metadata).annotations);
  if (Object.keys(annotations).length > 0) {
    next.metadata = { ...next.metadata, annotations: { ...(next.metadata?.annotations ?? {}), ...(annotations as Record<string, string>) } };
  }
  const status = record(next.status);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Json[]).filter((c) => c.type !== 'PodScheduled') : [];
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(backend.now()) });
  next.status = { ...status, conditions };
  // The scheduler's write: no generation bump and no managedFields entry, as kube-apiserver records it.
  if (!dryRun) backend.storage.replace(pods.store, current, next);
}
