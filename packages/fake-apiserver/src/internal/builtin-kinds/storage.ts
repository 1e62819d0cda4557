// The storage.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The storage.k8s.io group's kinds. */
export const STORAGE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'storage.k8s.io', plural: 'csidrivers' }),
  builtin({ group: 'storage.k8s.io', plural: 'csinodes' }),
  builtin({ group: 'storage.k8s.io', plural: 'csistoragecapacities' }),
  builtin({ group: 'storage.k8s.io', plural: 'storageclasses', deleteReturnsObject: true }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattachments' }),
  builtin({ group: 'storage.k8s.io', plural: 'volumeattributesclasses' }),
];
