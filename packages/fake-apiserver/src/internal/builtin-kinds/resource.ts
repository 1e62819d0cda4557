// The resource.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The resource.k8s.io group's kinds. */
export const RESOURCE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'resource.k8s.io', plural: 'deviceclasses', generation: true }),
  builtin({ group: 'resource.k8s.io', plural: 'devicetaintrules', generation: true }),
  builtin({ group: 'resource.k8s.io', plural: 'resourceclaims', deleteReturnsObject: true }),
  builtin({ group: 'resource.k8s.io', plural: 'resourceclaimtemplates', deleteReturnsObject: true }),
  builtin({ group: 'resource.k8s.io', plural: 'resourceslices', generation: true,
    fields: ['spec.nodeName', 'spec.driver', 'spec.pool.name'], namespaceNotSelectable: true }),
];
