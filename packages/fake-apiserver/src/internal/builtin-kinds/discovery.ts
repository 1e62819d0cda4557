// The discovery.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { endpointSliceDefaulting } from '../strategies/discovery.js';
import { endpointSliceValidation } from '../validation/discovery.js';

/** The discovery.k8s.io group's kinds. */
export const DISCOVERY_KINDS: readonly KindInfo[] = [
  builtin({ group: 'discovery.k8s.io', plural: 'endpointslices', generation: true,
    strategy: combineStrategies(endpointSliceDefaulting, endpointSliceValidation) }),
];
