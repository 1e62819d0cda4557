// PersistentVolume validation (pkg/apis/core/validation ValidatePersistentVolumeSpec, the parts
// every volume shares): access modes, a storage capacity (the only capacity a volume has), a
// volume source, reclaim policy and volume mode.
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { notSupported, required, invalidValue } from './common.js';
import { quantitySign } from './persistentvolumeclaim.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume',
  'scaleIO', 'local', 'storageos', 'csi',
];

function validatePersistentVolume(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) causes.push(required('spec.accessModes'));
  for (const mode of modes) if (typeof mode !== 'string' || !ACCESS_MODES.includes(mode)) causes.push(notSupported('spec.accessModes', mode, ACCESS_MODES));
  const capacity = isJsonObject(spec.capacity) ? spec.capacity : {};
  const keys = Object.keys(capacity).sort();
  if (keys.length === 0) causes.push(required('spec.capacity'));
  if (!Object.hasOwn(capacity, 'storage') || keys.length > 1) causes.push(notSupported('spec.capacity', keys.length === 0 ? undefined : capacity, ['storage']));
  for (const key of keys) {
    const sign = quantitySign(capacity[key]);
    if (sign !== undefined && sign <= 0) causes.push(invalidValue(`spec.capacity[${key}]`, capacity[key], 'must be greater than zero'));
  }
  if (!SOURCES.some((s) => spec[s] !== undefined && spec[s] !== null)) causes.push(required('spec', 'must specify a volume type'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (typeof policy === 'string' && policy !== '' && !RECLAIM_POLICIES.includes(policy)) causes.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !(typeof spec.volumeMode === 'string' && VOLUME_MODES.includes(spec.volumeMode))) {
    causes.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  }
  return causes;
}

/** PersistentVolume validation. */
export const persistentVolumeValidation: KindStrategy = {
  validate: validatePersistentVolume,
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : validatePersistentVolume(obj)),
};
