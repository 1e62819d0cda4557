// The rules kube-apiserver applies to an object's metadata on its way in, shared by create,
// update and patch: body shape checks, namespace from the URL, system fields.
import type { KubeObject } from '../types.js';
import { jsonEqual } from './json-value.js';
import type { ServedKind } from './registry.js';
import { badRequest } from './status.js';

type Metadata = NonNullable<KubeObject['metadata']>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStringMap(meta: Record<string, unknown>, field: 'labels' | 'annotations'): void {
  const value = meta[field];
  if (value === undefined || value === null) {
    Reflect.deleteProperty(meta, field);
    return;
  }
  if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw badRequest(`metadata.${field} must be a map of string keys to string values`);
  }
}

/**
 * Checks that a request body is an object of the served kind and returns an object the caller
 * owns (a copy unless `owned`: a body freshly parsed for this request is used as it is), with
 * `apiVersion` (the storage version) and `kind` filled in and `metadata` present.
 */
export function normalizeBody(served: ServedKind, body: unknown, acceptedApiVersions: readonly string[], owned: boolean): KubeObject & { metadata: Metadata } {
  const { info } = served;
  if (!isPlainObject(body)) {
    throw badRequest(`the request body must be a JSON object (a ${info.kind}), not ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`);
  }
  const obj = owned ? body : (JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
  const kind = obj.kind;
  if (kind !== undefined && kind !== '' && kind !== info.kind) {
    throw badRequest(`the kind ${JSON.stringify(kind)} in the request body does not match the kind "${info.kind}" served at this URL`);
  }
  const apiVersion = obj.apiVersion;
  if (apiVersion !== undefined && apiVersion !== '' && (typeof apiVersion !== 'string' || !acceptedApiVersions.includes(apiVersion))) {
    if (served.origin === 'crd') {
      // The custom resource handler's decoder words it its own way.
      throw badRequest(`the API version in the data (${typeof apiVersion === 'string' ? apiVersion : JSON.stringify(apiVersion)}) does not match the expected API version (${info.apiVersion})`);
    }
    throw badRequest(`the apiVersion ${JSON.stringify(apiVersion)} in the request body does not match the apiVersion "${info.apiVersion}" served at this URL`);
  }
  const meta = obj.metadata ?? {};
  if (!isPlainObject(meta)) throw badRequest('metadata must be a JSON object');
  for (const field of ['name', 'generateName', 'namespace', 'resourceVersion', 'uid'] as const) {
    const value = meta[field];
    if (value === null) Reflect.deleteProperty(meta, field);
    else if (value !== undefined && typeof value !== 'string') throw badRequest(`metadata.${field} must be a string`);
  }
  checkStringMap(meta, 'labels');
  checkStringMap(meta, 'annotations');
  const finalizers = meta.finalizers;
  if (finalizers === null) delete meta.finalizers;
  else if (finalizers !== undefined && (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== 'string'))) {
    throw badRequest('metadata.finalizers must be a list of strings');
  }
  if (info.conversion !== undefined && info.apiVersion !== served.store.storageApiVersion && (apiVersion === undefined || apiVersion === '' || apiVersion === info.apiVersion)) {
    obj.metadata = meta;
    info.conversion.toStorage(obj);
  }
  // Key order as kube-apiserver writes objects: apiVersion, kind, metadata, then the rest.
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  return { apiVersion: served.store.storageApiVersion, kind: info.kind, metadata: meta, ...rest };
}

/** Sets the object's namespace from the URL (or `fallback`), refusing a body that names another. */
export function applyNamespace(served: ServedKind, obj: KubeObject & { metadata: Metadata }, urlNamespace: string | undefined): string {
  if (!served.info.namespaced) {
    delete obj.metadata.namespace;
    return '';
  }
  const bodyNamespace = obj.metadata.namespace;
  if (urlNamespace !== undefined) {
    if (bodyNamespace !== undefined && bodyNamespace !== '' && bodyNamespace !== urlNamespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = urlNamespace;
    return urlNamespace;
  }
  // In-process writes carry no URL: the object's namespace, like kubectl's context default.
  const namespace = bodyNamespace === undefined || bodyNamespace === '' ? 'default' : bodyNamespace;
  obj.metadata.namespace = namespace;
  return namespace;
}

/** RFC 3339 with seconds and `Z`, as Kubernetes writes timestamps. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Everything but apiVersion, kind, metadata and status: what `generation` tracks. */
function specOf(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = obj as Record<string, unknown>;
  return rest;
}

/**
 * Whether two objects have the same spec (everything `generation` tracks), compared as
 * kube-apiserver's semantic equality does: key order ignored, array order significant.
 */
export function sameSpec(a: KubeObject, b: KubeObject): boolean {
  return jsonEqual(specOf(a), specOf(b));
}

/** True when `next` adds finalizers that `current` does not have. */
export function newFinalizers(current: KubeObject, next: KubeObject): string[] {
  const before = new Set(current.metadata?.finalizers ?? []);
  return (next.metadata?.finalizers ?? []).filter((f) => !before.has(f));
}

/** A top-level field of an object (`status`, `spec`, …). */
export function fieldOf(obj: KubeObject, field: string): unknown {
  return (obj as Record<string, unknown>)[field];
}

/** Sets a top-level field, or removes it when `value` is undefined. */
export function setField(obj: KubeObject, field: string, value: unknown): void {
  if (value === undefined) Reflect.deleteProperty(obj, field);
  else (obj as Record<string, unknown>)[field] = value;
}
