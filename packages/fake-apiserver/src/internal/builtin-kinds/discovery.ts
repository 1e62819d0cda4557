// The discovery.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The discovery.k8s.io group's kinds. */
export const DISCOVERY_KINDS: readonly KindInfo[] = [
  builtin({ group: 'discovery.k8s.io', plural: 'endpointslices', generation: true }),
];
