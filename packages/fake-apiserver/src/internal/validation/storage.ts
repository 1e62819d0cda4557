// Validation of storage.k8s.io kinds (pkg/apis/storage/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, forbidden, immutable, immutableDeclared, invalidValue, notSupported, objectAt, required, stringAt, tooLong } from './common.js';

const MAX_PROVISIONER_PARAMETER_SIZE = 256 * 1024;
const MAX_PROVISIONER_PARAMETER_LEN = 512;
const MAX_CSI_DRIVER_NAME_LEN = 63;

function storageClassErrors(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const late: FieldCause[] = [];
  const provisioner = stringAt(obj, 'provisioner');
  if (provisioner === '') late.push(required('provisioner'));
  else {
    const lower = provisioner.toLowerCase();
    for (const m of qualifiedNameErrors(lower)) causes.push(invalidValue('provisioner', lower, m));
  }
  const parameters = objectAt(obj, 'parameters');
  if (parameters !== undefined) {
    const entries = Object.entries(parameters);
    if (entries.length > MAX_PROVISIONER_PARAMETER_LEN) causes.push(tooLong('parameters', MAX_PROVISIONER_PARAMETER_LEN));
    let size = 0;
    for (const [k, v] of entries) {
      if (k === '') causes.push(invalidValue('parameters', k, 'field can not be empty.'));
      size += k.length + (typeof v === 'string' ? v.length : 0);
    }
    if (size > MAX_PROVISIONER_PARAMETER_SIZE) causes.push(tooLong('parameters', MAX_PROVISIONER_PARAMETER_SIZE));
  }
  const reclaim = stringAt(obj, 'reclaimPolicy');
  if (reclaim !== 'Delete' && reclaim !== 'Retain') causes.push(notSupported('reclaimPolicy', reclaim, ['Delete', 'Retain']));
  const binding = stringAt(obj, 'volumeBindingMode');
  if (binding !== 'Immediate' && binding !== 'WaitForFirstConsumer') causes.push(notSupported('volumeBindingMode', binding, ['Immediate', 'WaitForFirstConsumer']));
  arrayAt(obj, 'allowedTopologies').forEach((term, i) => {
    arrayAt(term, 'matchLabelExpressions').forEach((expr, j) => {
      const path = `allowedTopologies[${i}].matchLabelExpressions[${j}]`;
      if (arrayAt(expr, 'values').length === 0) causes.push(required(`${path}.values`));
      const key = stringAt(expr, 'key');
      for (const m of qualifiedNameErrors(key)) causes.push(invalidValue(`${path}.key`, key, m));
    });
  });
  return [...causes, ...late];
}

function storageClassUpdateErrors(obj: JsonObject, old: JsonObject): FieldCause[] {
  return ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'].flatMap((key) => immutableDeclared(key, obj[key], old[key]));
}

/** StorageClass: a provisioner (immutable, as are parameters and the reclaim policy), policies, topologies. */
export const storageClassValidation: KindStrategy = {
  validate: (obj) => storageClassErrors(obj),
  validateUpdate: (obj, old) => [...storageClassErrors(obj), ...storageClassUpdateErrors(obj, old as unknown as JsonObject)],
};

function csiDriverErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const name = stringAt(obj.metadata, 'name');
  if (name.length > MAX_CSI_DRIVER_NAME_LEN) causes.push(tooLong('metadata.name', MAX_CSI_DRIVER_NAME_LEN));
  const policy = spec.fsGroupPolicy;
  if (typeof policy === 'string' && !['File', 'None', 'ReadWriteOnceWithFSType'].includes(policy)) {
    causes.push(notSupported('spec.fsGroupPolicy', policy, ['File', 'None', 'ReadWriteOnceWithFSType']));
  }
  const audiences = new Set<string>();
  arrayAt(spec, 'tokenRequests').forEach((request, i) => {
    const path = `spec.tokenRequests[${i}]`;
    const audience = stringAt(request, 'audience');
    if (audiences.has(audience)) causes.push(invalidValue(`${path}.audience`, audience, 'may not specify duplicate audience'));
    audiences.add(audience);
    const seconds = isJsonObject(request) ? request.expirationSeconds : undefined;
    if (typeof seconds === 'number') {
      if (seconds < 600) causes.push(invalidValue(`${path}.expirationSeconds`, seconds, 'may not specify a duration less than 10 minutes'));
      if (seconds > 2 ** 32) causes.push(invalidValue(`${path}.expirationSeconds`, seconds, 'may not specify a duration larger than 2^32 seconds'));
    }
  });
  for (const mode of arrayAt(spec, 'volumeLifecycleModes')) {
    if (mode !== 'Persistent' && mode !== 'Ephemeral') causes.push(notSupported('spec.volumeLifecycleModes', mode, ['Persistent', 'Ephemeral']));
  }
  return causes;
}

function csiDriverUpdateErrors(obj: JsonObject, old: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const oldSpec = objectAt(old, 'spec') ?? {};
  // kube-apiserver v1.37 names the path `spec.attachedRequired`.
  return [
    ...immutable('spec.attachedRequired', spec.attachRequired, oldSpec.attachRequired),
    ...immutable('spec.volumeLifecycleModes', spec.volumeLifecycleModes, oldSpec.volumeLifecycleModes),
  ];
}

/** CSIDriver: fsGroupPolicy, token requests, lifecycle modes; attachRequired and the lifecycle modes are immutable. */
export const csiDriverValidation: KindStrategy = {
  validate: (obj) => csiDriverErrors(obj),
  validateUpdate: (obj, old) => [...csiDriverErrors(obj), ...csiDriverUpdateErrors(obj, old as unknown as JsonObject)],
  requiresResourceVersionOnUpdate: true,
};

function volumeAttachmentErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const late: FieldCause[] = [];
  const attacher = stringAt(spec, 'attacher');
  if (attacher === '') late.push(required('spec.attacher'));
  else if (attacher.length > MAX_CSI_DRIVER_NAME_LEN) causes.push(tooLong('spec.attacher', MAX_CSI_DRIVER_NAME_LEN));
  else for (const m of dns1123SubdomainErrors(attacher.toLowerCase())) causes.push(invalidValue('spec.attacher', attacher, m));
  const source = objectAt(spec, 'source') ?? {};
  const pv = source.persistentVolumeName;
  const inline = source.inlineVolumeSpec;
  const hasPv = typeof pv === 'string';
  const hasInline = isJsonObject(inline);
  if (!hasPv && !hasInline) causes.push(required('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasPv && hasInline) causes.push(forbidden('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasPv && pv === '') causes.push(required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'));
  const node = stringAt(spec, 'nodeName');
  for (const m of dns1123SubdomainErrors(node)) causes.push(invalidValue('spec.nodeName', node, m));
  return [...causes, ...late];
}

/** VolumeAttachment: attacher, exactly one source, node name; the spec is immutable. */
export const volumeAttachmentValidation: KindStrategy = {
  validate: (obj) => volumeAttachmentErrors(obj),
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : volumeAttachmentErrors(obj)),
};
