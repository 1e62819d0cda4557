// The storage.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { csiDriverDefaulting, storageClassDefaulting, volumeAttachmentDefaulting } from '../strategies/storage.js';
import { csiDriverValidation, storageClassValidation, volumeAttachmentValidation } from '../validation/storage.js';

/** The storage.k8s.io group's kinds. */
export const STORAGE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'storage.k8s.io', plural: 'csidrivers', strategy: combineStrategies(csiDriverDefaulting, csiDriverValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'csinodes' }),
  builtin({ group: 'storage.k8s.io', plural: 'csistoragecapacities' }),
  builtin({ group: 'storage.k8s.io', plural: 'storageclasses', deleteReturnsObject: true,
    strategy: combineStrategies(storageClassDefaulting, storageClassValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattachments', strategy: combineStrategies(volumeAttachmentDefaulting, volumeAttachmentValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattributesclasses' }),
];
