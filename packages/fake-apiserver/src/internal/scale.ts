// The `/scale` subresource: an `autoscaling/v1` Scale read from and written into its parent
// (Deployments, ReplicaSets, StatefulSets, and custom resources whose CRD version declares
// `subresources.scale`), as kube-apiserver v1.37.2 serves it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, ObjectMeta } from '@kcache/store';
import type { Backend } from './backend.js';
import { mediaType, parseJson, readBody } from './body.js';
import { cloneObject, objectKey, type Entry } from './entry.js';
import type { KindInfo } from './kinds.js';
import { APPLY_PATCH_TYPE, managerOptions } from './manager-options.js';
import { negotiateFormat, PROTOBUF_CONTENT_TYPE } from './negotiate.js';
import type { JsonObject } from './json-value.js';
import { encodeObject } from './protobuf/codec.js';
import { decodeObjectBody } from './protobuf-wire.js';
import { patchFunction } from './patch-dispatch.js';
import { parseDryRun } from './query.js';
import type { ServedKind } from './registry.js';
import { sendBytes } from './respond.js';
import type { ResourceRoute } from './route.js';
import { FakeApiServerError } from '../errors.js';
import { badRequest, conflict, failure, invalid, notFound, unsupportedMediaType } from './status.js';

/** Where a kind keeps what its Scale shows. */
export interface ScalePaths {
  /** e.g. `'.spec.replicas'` */
  readonly specReplicasPath: string;
  /** e.g. `'.status.replicas'` */
  readonly statusReplicasPath: string;
  /** Where the label selector is, when the kind has one. */
  readonly labelSelectorPath?: string | undefined;
  /**
   * Built-in kinds keep a `LabelSelector` object there (serialised into the Scale's string form);
   * custom resources keep the string itself.
   */
  readonly selectorShape: 'labelSelector' | 'string';
}

/** The scale paths of built-in kinds that kube-apiserver serves a `scale` subresource for. */
export const BUILTIN_SCALE: ScalePaths = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
  selectorShape: 'labelSelector',
};

/** A CRD version's `subresources.scale`, undefined when absent or without its required paths. */
export function crdScalePaths(subresources: Record<string, unknown>): ScalePaths | undefined {
  const scale = subresources.scale;
  if (typeof scale !== 'object' || scale === null || Array.isArray(scale)) return undefined;
  const { specReplicasPath, statusReplicasPath, labelSelectorPath } = scale as Record<string, unknown>;
  if (typeof specReplicasPath !== 'string' || typeof statusReplicasPath !== 'string') return undefined;
  return {
    specReplicasPath,
    statusReplicasPath,
    labelSelectorPath: typeof labelSelectorPath === 'string' ? labelSelectorPath : undefined,
    selectorShape: 'string',
  };
}

const SCALE_VERBS = ['get', 'patch', 'update'] as const;

/** Discovery's entry for a kind's scale subresource. */
export const SCALE_RESPONSE_KIND = { group: 'autoscaling', version: 'v1', kind: 'Scale' } as const;

/** Verbs of a scale subresource, as discovery lists them. */
export function scaleVerbs(): string[] {
  return [...SCALE_VERBS];
}

function segments(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter((s) => s !== '');
}

function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of segments(path)) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function setValueAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = segments(path);
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      const made: Record<string, unknown> = {};
      cur[key] = made;
      cur = made;
    } else {
      cur = next as Record<string, unknown>;
    }
  }
  const last = keys.at(-1);
  if (last !== undefined) cur[last] = value;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A `LabelSelector` in the string form of kube's `labels.Selector` (requirements sorted by key). */
function labelSelectorString(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector)) return '';
  const { matchLabels, matchExpressions } = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  const parts: { key: string; text: string }[] = [];
  if (typeof matchLabels === 'object' && matchLabels !== null) {
    for (const [key, value] of Object.entries(matchLabels as Record<string, unknown>)) {
      parts.push({ key, text: `${key}=${String(value)}` });
    }
  }
  if (Array.isArray(matchExpressions)) {
    for (const e of matchExpressions as { key?: unknown; operator?: unknown; values?: unknown }[]) {
      const key = typeof e.key === 'string' ? e.key : '';
      const values = stringList(e.values).sort().join(',');
      switch (e.operator) {
        case 'In': parts.push({ key, text: `${key} in (${values})` }); break;
        case 'NotIn': parts.push({ key, text: `${key} notin (${values})` }); break;
        case 'Exists': parts.push({ key, text: key }); break;
        case 'DoesNotExist': parts.push({ key, text: `!${key}` }); break;
        default: break;
      }
    }
  }
  return parts
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => p.text)
    .join(',');
}

interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: ObjectMeta;
  spec: { replicas?: number };
  status: { replicas: number; selector?: string };
}

/** The Scale of a stored object. */
function scaleOf(paths: ScalePaths, entry: Entry): Scale {
  const obj = entry.obj;
  const meta = obj.metadata ?? {};
  const metadata: ObjectMeta = { name: meta.name ?? entry.name };
  if (meta.namespace !== undefined) metadata.namespace = meta.namespace;
  if (meta.uid !== undefined) metadata.uid = meta.uid;
  metadata.resourceVersion = String(entry.rv);
  if (meta.creationTimestamp !== undefined) metadata.creationTimestamp = meta.creationTimestamp;
  const specReplicas = valueAt(obj, paths.specReplicasPath);
  const statusReplicas = valueAt(obj, paths.statusReplicasPath);
  const scale: Scale = {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: {},
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 },
  };
  // Scale's spec.replicas is omitted when zero, as kube serialises it.
  if (typeof specReplicas === 'number' && specReplicas !== 0) scale.spec.replicas = specReplicas;
  if (paths.labelSelectorPath !== undefined) {
    const raw = valueAt(obj, paths.labelSelectorPath);
    const selector = paths.selectorShape === 'labelSelector' ? labelSelectorString(raw) : typeof raw === 'string' ? raw : '';
    if (selector !== '') scale.status.selector = selector;
  }
  return scale;
}

/** The Scale in protobuf when the client asks for it first (client-go's default), else in JSON. */
function sendScale(res: ServerResponse, code: number, scale: Scale, accept: string | undefined): void {
  if (negotiateFormat(accept, { protobuf: true })?.as === 'protobuf') {
    sendBytes(res, code, Buffer.from(encodeObject(scale as unknown as JsonObject)), PROTOBUF_CONTENT_TYPE);
    return;
  }
  sendBytes(res, code, Buffer.from(JSON.stringify(scale)), 'application/json');
}

/** Methods the scale subresource answers; kube-apiserver's 405 for the others. */
export function scaleVerb(method: string): 'get' | 'update' | 'patch' {
  switch (method) {
    case 'GET':
    case 'HEAD': return 'get';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    // kube-apiserver's router answers without naming the method.
    default: throw new FakeApiServerError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
  }
}

function currentEntry(served: ServedKind, namespace: string | undefined, name: string): Entry {
  const entry = served.store.entries.get(objectKey(namespace ?? '', name));
  if (entry === undefined) throw notFound(served.info, name);
  return entry;
}

/** Checks a Scale sent by a client and returns the replicas it asks for. */
function desiredReplicas(info: KindInfo, paths: ScalePaths, urlName: string, body: unknown): { replicas: number; resourceVersion: string | undefined } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request must be a Scale object');
  const { metadata, spec } = body as { metadata?: unknown; spec?: unknown };
  const meta = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as { name?: unknown; resourceVersion?: unknown };
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (name !== urlName) throw badRequest(`the name of the object (${name}) does not match the name on the URL (${urlName})`);
  const raw = typeof spec === 'object' && spec !== null ? (spec as { replicas?: unknown }).replicas : undefined;
  if (raw !== undefined && raw !== null && (typeof raw !== 'number' || !Number.isInteger(raw))) {
    throw badRequest('spec.replicas of a Scale must be an integer');
  }
  const replicas = typeof raw === 'number' ? raw : 0;
  if (replicas < 0) {
    if (paths.selectorShape === 'labelSelector') {
      const message = `Invalid value: ${replicas}: must be greater than or equal to 0`;
      throw invalid({ group: 'autoscaling', plural: 'Scale', kind: 'Scale' }, urlName, [{ reason: 'FieldValueInvalid', message, field: 'spec.replicas' }]);
    }
    const message = `Invalid value: ${replicas}: should be a non-negative integer`;
    throw invalid(info, urlName, [{ reason: 'FieldValueInvalid', message, field: paths.specReplicasPath }]);
  }
  const rv = typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' ? meta.resourceVersion : undefined;
  return { replicas, resourceVersion: rv };
}

/** Removes `path` from a FieldsV1 set; with `prune`, also the parents it leaves empty. */
function dropOwnership(fields: unknown, path: readonly string[], prune: boolean): void {
  const [head, ...rest] = path;
  if (head === undefined || typeof fields !== 'object' || fields === null) return;
  const set = fields as Record<string, unknown>;
  const key = `f:${head}`;
  if (rest.length === 0) {
    Reflect.deleteProperty(set, key);
    return;
  }
  const child = set[key];
  dropOwnership(child, rest, prune);
  if (prune && typeof child === 'object' && child !== null && Object.keys(child).length === 0) Reflect.deleteProperty(set, key);
}

/**
 * kube-apiserver records a write through `/scale` by converting the parent's managedFields to the
 * Scale's and back: the writer's entry is an `Update` with subresource `scale` and no `time`
 * (sorted before the timed entries of its operation), and zero replicas, which a Scale leaves
 * out, are owned by nobody (the writer's entry goes when it owns nothing else).
 */
export function settleScaleManagedFields(info: KindInfo, obj: KubeObject): void {
  const fields = obj.metadata?.managedFields;
  if (fields === undefined || info.scale === undefined) return;
  const replicasPath = segments(info.scale.specReplicasPath);
  const unowned = valueAt(obj, info.scale.specReplicasPath) === 0;
  const kept: Record<string, unknown>[] = [];
  for (const raw of fields) {
    if (typeof raw !== 'object' || raw === null) continue;
    const entry = raw as Record<string, unknown>;
    const isScale = entry.subresource === 'scale' && entry.operation === 'Update';
    if (isScale) delete entry.time;
    if (unowned) {
      dropOwnership(entry.fieldsV1, replicasPath, isScale);
      if (isScale && Object.keys(entry.fieldsV1 ?? {}).length === 0) continue;
    }
    kept.push(entry);
  }
  const operations = [...new Set(kept.map((e) => e.operation))];
  const rank = (e: Record<string, unknown>): number => operations.indexOf(e.operation) * 2 + (e.time === undefined ? 0 : 1);
  obj.metadata = { ...obj.metadata, managedFields: kept.sort((a, b) => rank(a) - rank(b)) };
}

/** Serves GET, PUT and PATCH on `{plural}/{name}/scale`. */
export async function handleScale(backend: Backend, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams, served: ServedKind, paths: ScalePaths): Promise<void> {
  const { info } = served;
  const namespace = info.namespaced ? route.namespace : undefined;
  const name = route.name ?? '';
  const verb = scaleVerb(req.method ?? 'GET');
  if (verb === 'get') {
    sendScale(res, 200, scaleOf(paths, currentEntry(served, namespace, name)), req.headers.accept);
    return;
  }
  const contentType = mediaType(req.headers['content-type']);
  let body: unknown;
  if (verb === 'update') {
    const raw = await readBody(req);
    if (contentType === PROTOBUF_CONTENT_TYPE) body = decodeObjectBody(raw, 'Scale');
    else if (contentType === 'application/json' || contentType === '') body = parseJson(raw);
    else throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  } else {
    // kube-apiserver applies to the Scale with its own managedFields view of the parent; the fake
    // does not model that yet and says so rather than guessing.
    if (contentType === APPLY_PATCH_TYPE) throw unsupportedMediaType('the fake API server does not serve server-side apply through /scale yet; use a merge, JSON or strategic merge patch');
    const apply = patchFunction(contentType, info);
    const patch = parseJson(await readBody(req));
    body = apply(scaleOf(paths, currentEntry(served, namespace, name)), patch);
  }
  const { manager } = managerOptions(verb === 'update' ? 'UpdateOptions' : 'PatchOptions', query, req.headers['user-agent'], verb === 'patch' ? contentType : undefined);
  const wanted = desiredReplicas(info, paths, name, body);
  const current = currentEntry(served, namespace, name);
  if (wanted.resourceVersion !== undefined && wanted.resourceVersion !== String(current.rv)) throw conflict(info, name);
  const next = cloneObject(current.obj) as KubeObject & Record<string, unknown>;
  setValueAt(next, paths.specReplicasPath, wanted.replicas);
  const written = backend.writes.update(served, namespace, name, next, {
    dryRun: parseDryRun(query),
    owned: true,
    subresource: 'scale',
    manager,
  });
  sendScale(res, 200, scaleOf(paths, written), req.headers.accept);
}
