// PersistentVolumeClaim validation (pkg/apis/core/validation ValidatePersistentVolumeClaim and its
// update): access modes and a positive storage request required, volume modes and storage class
// names checked; the spec immutable once created, except the storage request of a bound claim,
// which may grow, or come back down to above its capacity (kube-apiserver quotes a forbidden change
// as a diff of its internal Go struct).
import type { KubeObject } from '../../types.js';
import { ForbiddenError } from '../../errors.js';
import { objectKey } from '../entry.js';
import { objectDiff } from '../go-diff.js';
import { isJsonObject, jsonEqual, type JsonObject } from '../json-value.js';
import { dns1123SubdomainErrors } from '../name-rules.js';
import { parseQuantity } from '../quantity.js';
import { failure } from '../status.js';
import type { KindStrategy, StrategyContext } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { forbidden, invalidValue, labelSelectorErrors, notSupported, required } from './common.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

function record(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** The sign of a quantity (-1, 0, 1), or undefined when it does not parse. */
export function quantitySign(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const q = parseQuantity(value);
    return q.m > 0n ? 1 : q.m < 0n ? -1 : 0;
  } catch {
    return undefined;
  }
}

/** a − b as a sign, for two quantities; undefined when either does not parse. */
export function compareQuantities(a: unknown, b: unknown): number | undefined {
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  try {
    const x = parseQuantity(a);
    const y = parseQuantity(b);
    const exp = Math.min(x.exp, y.exp);
    const xs = x.m * 10n ** BigInt(x.exp - exp);
    const ys = y.m * 10n ** BigInt(y.exp - exp);
    return xs > ys ? 1 : xs < ys ? -1 : 0;
  } catch {
    return undefined;
  }
}

/** ValidatePersistentVolumeClaimSpec at `spec`. */
function validateClaimSpec(spec: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) causes.push(required('spec.accessModes', 'at least 1 access mode is required'));
  for (const mode of modes) {
    if (typeof mode !== 'string' || !ACCESS_MODES.includes(mode)) causes.push(notSupported('spec.accessModes', mode, ACCESS_MODES));
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    causes.push(forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  }
  if (spec.selector !== undefined && spec.selector !== null) causes.push(...labelSelectorErrors(spec.selector, 'spec.selector'));
  const requests = record(record(spec.resources).requests);
  const storage = requests.storage;
  if (storage === undefined) causes.push(required('spec.resources[storage]'));
  else if ((quantitySign(storage) ?? 0) <= 0) causes.push(invalidValue('spec.resources[storage]', storage, 'must be greater than zero'));
  const className = spec.storageClassName;
  if (typeof className === 'string' && className !== '') {
    for (const msg of dns1123SubdomainErrors(className)) causes.push(invalidValue('spec.storageClassName', className, msg));
  }
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !(typeof spec.volumeMode === 'string' && VOLUME_MODES.includes(spec.volumeMode))) {
    causes.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  }
  return causes;
}

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

function typedRef(value: unknown, withNamespace: boolean): unknown {
  if (!isJsonObject(value)) return null;
  const ref: JsonObject = { APIGroup: orNull(value.apiGroup), Kind: value.kind ?? '', Name: value.name ?? '' };
  if (withNamespace) ref.Namespace = orNull(value.namespace);
  return ref;
}

function sortedMap(value: unknown): unknown {
  if (!isJsonObject(value)) return null;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));
}

/** The claim's spec as kube-apiserver's internal Go struct writes to JSON (field names, nulls). */
function internalSpec(spec: JsonObject): JsonObject {
  const resources = record(spec.resources);
  return {
    AccessModes: orNull(spec.accessModes),
    Selector: orNull(spec.selector),
    Resources: { Limits: sortedMap(resources.limits), Requests: sortedMap(resources.requests) },
    VolumeName: typeof spec.volumeName === 'string' ? spec.volumeName : '',
    StorageClassName: orNull(spec.storageClassName),
    VolumeMode: orNull(spec.volumeMode),
    DataSource: typedRef(spec.dataSource, false),
    DataSourceRef: typedRef(spec.dataSourceRef, true),
    VolumeAttributesClassName: orNull(spec.volumeAttributesClassName),
  };
}

function validateClaimUpdate(obj: JsonObject, old: JsonObject): FieldCause[] {
  const spec = record(obj.spec);
  const oldSpec = record(old.spec);
  const causes = validateClaimSpec(spec);
  const next = internalSpec(spec);
  const prev = internalSpec(oldSpec);
  // The volume controller sets volumeName once.
  if (prev.VolumeName === '') prev.VolumeName = next.VolumeName;
  const bound = record(obj.status).phase === 'Bound';
  const nextRequests = record(record(next.Resources).Requests);
  const prevRequests = record(record(prev.Resources).Requests);
  if (bound && isJsonObject(record(next.Resources).Requests)) {
    nextRequests.storage = prevRequests.storage;
    next.VolumeAttributesClassName = prev.VolumeAttributesClassName;
  }
  if (!jsonEqual(next, prev)) {
    causes.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${objectDiff(prev, next)}`));
  } else if (bound) {
    // A request may come back down (a failed expansion) but not to the capacity the claim has.
    const requested = record(record(spec.resources).requests).storage;
    const shrunk = (compareQuantities(requested, record(record(oldSpec.resources).requests).storage) ?? 0) < 0;
    if (shrunk && (compareQuantities(requested, record(record(old.status).capacity).storage) ?? -1) <= 0) {
      causes.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
  }
  return causes;
}

function forbiddenClaim(name: string, message: string): ForbiddenError {
  return new ForbiddenError(failure(403, 'Forbidden', `persistentvolumeclaims "${name}" is forbidden: ${message}`, { name, kind: 'persistentvolumeclaims' }));
}

/**
 * The PersistentVolumeClaimResize admission, after validation: a claim may grow only when bound
 * and when its StorageClass has `allowVolumeExpansion: true` (403 otherwise).
 */
function admitResize(obj: JsonObject, old: JsonObject, ctx: StrategyContext): void {
  const storage = (o: JsonObject): unknown => record(record(record(o.spec).resources).requests).storage;
  if ((compareQuantities(storage(obj), storage(old)) ?? 0) <= 0) return;
  const name = typeof record(obj.metadata).name === 'string' ? String(record(obj.metadata).name) : '';
  if (record(old.status).phase !== 'Bound') throw forbiddenClaim(name, 'Only bound persistent volume claims can be expanded');
  const annotations = record(record(obj.metadata).annotations);
  const beta = annotations['volume.beta.kubernetes.io/storage-class'];
  const className = typeof beta === 'string' ? beta : record(obj.spec).storageClassName;
  const classes = ctx.registry.lookupKind('storage.k8s.io/v1', 'StorageClass');
  const storageClass = typeof className === 'string' && className !== '' ? classes?.store.entries.get(objectKey('', className))?.obj : undefined;
  if (record(storageClass).allowVolumeExpansion !== true) {
    throw forbiddenClaim(name, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  }
}

/** PersistentVolumeClaim validation. */
export const persistentVolumeClaimValidation: KindStrategy = {
  validate: (obj) => validateClaimSpec(record(obj.spec)),
  validateUpdate(obj, old: KubeObject, ctx) {
    if (ctx.subresource === 'status') return [];
    const causes = validateClaimUpdate(obj, old as unknown as JsonObject);
    if (causes.length === 0) admitResize(obj, old as unknown as JsonObject, ctx);
    return causes;
  },
};
