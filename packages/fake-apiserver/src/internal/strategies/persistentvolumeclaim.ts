// PersistentVolumeClaim and PersistentVolume defaulting and server-set fields
// (pkg/apis/core/v1/defaults.go, pkg/registry/core/persistentvolume{,claim}/strategy.go): volume
// mode Filesystem; a new claim is Pending (no volume controller binds it), a new volume Pending
// since now; a volume's reclaim policy Retain.
import type { KindStrategy } from '../strategy.js';
import { timestamp } from '../object-rules.js';
import { childObject, defaultString, ensureObject } from './json-fields.js';

/** PersistentVolumeClaim: volumeMode Filesystem; a new claim is Pending. */
export const persistentVolumeClaimDefaulting: KindStrategy = {
  default(obj) {
    defaultString(ensureObject(obj, 'spec'), 'volumeMode', 'Filesystem');
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
};

/** PersistentVolume: reclaim policy Retain, volumeMode Filesystem, a hostPath's type ''; a new volume is Pending. */
export const persistentVolumeDefaulting: KindStrategy = {
  default(obj) {
    const spec = ensureObject(obj, 'spec');
    defaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    defaultString(spec, 'volumeMode', 'Filesystem');
    const hostPath = childObject(spec, 'hostPath');
    if (hostPath !== undefined && (hostPath.type === undefined || hostPath.type === null)) hostPath.type = '';
  },
  prepareForCreate(obj, ctx) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: timestamp(ctx.now) };
  },
};
