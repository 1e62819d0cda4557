// The storage.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { csiDriverDefaulting, storageClassDefaulting, volumeAttachmentDefaulting } from '../strategies/storage.js';
import { csiDriverValidation, storageClassValidation, volumeAttachmentValidation } from '../validation/storage.js';

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** `kubectl get storageclasses`: the default class marked, kube's defaults for unset policies. */
const STORAGE_CLASS = printer([
  NAME_COLUMN,
  col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
  col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
  col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
  col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
  AGE_COLUMN,
], (sc, now) => {
  const metadata = rec(sc.metadata);
  const annotations = rec(metadata.annotations);
  const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true');
  const name = str(metadata.name);
  return [isDefault ? `${name} (default)` : name, str(sc.provisioner), str(sc.reclaimPolicy, 'Delete'), str(sc.volumeBindingMode, 'Immediate'),
    sc.allowVolumeExpansion === true, ageCell(sc, now)];
});

/** The storage.k8s.io group's kinds. */
export const STORAGE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'storage.k8s.io', plural: 'csidrivers', deleteReturnsObject: true, strategy: combineStrategies(csiDriverDefaulting, csiDriverValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'csinodes', deleteReturnsObject: true }),
  builtin({ group: 'storage.k8s.io', plural: 'csistoragecapacities' }),
  builtin({ group: 'storage.k8s.io', plural: 'storageclasses', columns: STORAGE_CLASS, deleteReturnsObject: true,
    strategy: combineStrategies(storageClassDefaulting, storageClassValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattachments', deleteReturnsObject: true, strategy: combineStrategies(volumeAttachmentDefaulting, volumeAttachmentValidation) }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattributesclasses' }),
];
