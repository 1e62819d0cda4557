// The storagemigration.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The storagemigration.k8s.io group's kinds. */
export const STORAGEMIGRATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'storagemigration.k8s.io', plural: 'storageversionmigrations' }),
];
