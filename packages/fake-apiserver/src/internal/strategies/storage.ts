// Defaulting and server-set fields of storage.k8s.io kinds (pkg/apis/storage/v1/defaults.go,
// pkg/registry/storage/*/strategy.go).
import type { KindStrategy } from '../strategy.js';
import { defaultField, ensureObject } from './json-fields.js';

/** StorageClass: volumes are deleted with their claims and bound at once unless the class says otherwise. */
export const storageClassDefaulting: KindStrategy = {
  default(obj) {
    defaultField(obj, 'reclaimPolicy', 'Delete');
    defaultField(obj, 'volumeBindingMode', 'Immediate');
  },
};

/** CSIDriver: the spec's switches as kube-apiserver v1.37 defaults them. */
export const csiDriverDefaulting: KindStrategy = {
  default(obj) {
    const spec = ensureObject(obj, 'spec');
    defaultField(spec, 'attachRequired', true);
    defaultField(spec, 'podInfoOnMount', false);
    const modes = spec.volumeLifecycleModes;
    if (!Array.isArray(modes) || modes.length === 0) spec.volumeLifecycleModes = ['Persistent'];
    defaultField(spec, 'storageCapacity', false);
    defaultField(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
    defaultField(spec, 'requiresRepublish', false);
    defaultField(spec, 'seLinuxMount', false);
    defaultField(spec, 'preventPodSchedulingIfMissing', false);
  },
};

/** VolumeAttachment: a new attachment is not attached (status reset; `attached` is always written). */
export const volumeAttachmentDefaulting: KindStrategy = {
  prepareForCreate(obj) {
    obj.status = { attached: false };
  },
  prepareForUpdate(obj) {
    defaultField(ensureObject(obj, 'status'), 'attached', false);
  },
};
