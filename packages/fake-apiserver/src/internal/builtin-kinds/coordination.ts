// The coordination.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { leaseDefaulting } from '../strategies/coordination.js';
import { leaseValidation } from '../validation/coordination.js';
import { leaseStrategy } from '../strategies/lease.js';

/** The coordination.k8s.io group's kinds. */
export const COORDINATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'coordination.k8s.io', plural: 'leases', strategy: combineStrategies(leaseStrategy, leaseDefaulting, leaseValidation) }),
];
