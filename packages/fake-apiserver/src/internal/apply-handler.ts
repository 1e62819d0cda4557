// Server-side apply: `PATCH` with `application/apply-patch+yaml` on an object or its /status.
// The checks come in kube-apiserver's order: options, body, the body's apiVersion/kind against
// the URL's, the apply itself (conflicts), then the uid, namespace and name of the result.
import type { KubeObject } from '../types.js';
import type { Backend } from './backend.js';
import { parseApplyBody } from './apply-body.js';
import { objectKey, type Entry } from './entry.js';
import { managerOptions, APPLY_PATCH_TYPE } from './manager-options.js';
import { parseDryRun } from './query.js';
import type { ServedKind } from './registry.js';
import { badRequest, conflict, invalid, notFound } from './status.js';

export interface ApplyTarget {
  readonly served: ServedKind;
  /** The URL's namespace (undefined for cluster-scoped kinds). */
  readonly namespace: string | undefined;
  readonly name: string;
  readonly subresource: 'status' | undefined;
}

export interface ApplyResult {
  /** 201 when the apply created the object, 200 otherwise. */
  readonly code: 200 | 201;
  readonly entry: Entry;
}

type Metadata = NonNullable<KubeObject['metadata']>;

function metadataOf(obj: Record<string, unknown>): Record<string, unknown> {
  const meta = obj.metadata;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
}

/** The group/version/kind of an apply body as Go's `schema.GroupVersionKind` prints it. */
function printedGvk(obj: Record<string, unknown>): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const parts = apiVersion.split('/');
  let group = '';
  let version = '';
  if (parts.length === 1) version = apiVersion;
  else if (parts.length === 2) [group = '', version = ''] = parts;
  return `${group}/${version}, Kind=${kind}`;
}

/** A status apply changes status only: the rest of the configuration is not the applier's to own. */
function statusPart(applied: Record<string, unknown>): Record<string, unknown> {
  const meta = metadataOf(applied);
  const identity: Record<string, unknown> = {};
  for (const field of ['name', 'namespace', 'uid', 'resourceVersion']) {
    if (meta[field] !== undefined) identity[field] = meta[field];
  }
  const part: Record<string, unknown> = { apiVersion: applied.apiVersion, kind: applied.kind, metadata: identity };
  if (applied.status !== undefined) part.status = applied.status;
  return part;
}

function checkNamespaceAndName(target: ApplyTarget, meta: Metadata): void {
  const { served, namespace, name } = target;
  if (served.info.namespaced && meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (meta.name === undefined || meta.name === '') {
    throw badRequest(`the name of the object (${name} based on URL) was undeterminable: name must be provided`);
  }
  if (meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
}

/**
 * Serves one apply request whose body has been read. `validateBody` runs once the apply has
 * succeeded, before anything is stored (field validation of the body, as kube-apiserver orders it);
 * `warn` receives the kind's warnings about the write.
 */
export function handleApply(
  backend: Backend,
  target: ApplyTarget,
  query: URLSearchParams,
  userAgent: string | undefined,
  body: Buffer,
  validateBody?: () => void,
  warn?: (warnings: readonly string[]) => void,
): ApplyResult {
  const { served, name, subresource } = target;
  const { info } = served;
  const { manager, force } = managerOptions('PatchOptions', query, userAgent, APPLY_PATCH_TYPE);
  const dryRun = parseDryRun(query);
  let applied = parseApplyBody(body);
  if (applied.apiVersion !== info.apiVersion || applied.kind !== info.kind) throw badRequest(`invalid object type: ${printedGvk(applied)}`);
  const appliedMeta = metadataOf(applied);
  if (appliedMeta.managedFields !== undefined && appliedMeta.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
  if (subresource === 'status') applied = statusPart(applied);

  const writes = backend.writes;
  const request = { manager, force, subresource };
  const namespace = info.namespaced ? (target.namespace ?? 'default') : '';
  const current = served.store.entries.get(objectKey(namespace, name));
  const options = { dryRun, subresource, manager, applied: true, warn };

  if (current === undefined) {
    // kube-apiserver creates on apply, but not through a subresource.
    if (subresource !== undefined) throw notFound(info, name);
    const created = writes.managedFields.apply(served, undefined, applied, request);
    validateBody?.();
    const meta: Metadata = created.metadata ?? {};
    if (meta.uid !== undefined && meta.uid !== '') {
      throw conflict(info, name, `uid mismatch: the provided object specified uid ${meta.uid}, and no existing object was found`);
    }
    checkNamespaceAndName(target, meta);
    // A resourceVersion in the configuration means nothing for an object that does not exist.
    delete meta.resourceVersion;
    return { code: 201, entry: writes.create(served, target.namespace, created, { ...options, owned: true }) };
  }

  const entry = writes.patch(served, target.namespace, name, (live) => {
    const next = writes.managedFields.apply(served, live, applied, request);
    validateBody?.();
    const meta: Metadata = next.metadata ?? {};
    const liveUid = live.metadata?.uid;
    if (meta.uid !== undefined && meta.uid !== '' && meta.uid !== liveUid) {
      throw invalid(info, name, [{ reason: 'FieldValueInvalid', field: 'metadata.uid', message: `Invalid value: ${JSON.stringify(meta.uid)}: field is immutable` }]);
    }
    checkNamespaceAndName(target, meta);
    return next;
  }, options);
  return { code: 200, entry };
}
