// The coordination.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { leaseDefaulting } from '../strategies/coordination.js';
import { leaseValidation } from '../validation/coordination.js';
import { leaseStrategy } from '../strategies/lease.js';

/** `kubectl get leases`: who holds each. */
const LEASE = printer([
  NAME_COLUMN,
  col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
  AGE_COLUMN,
], (lease, now) => [str(rec(lease.metadata).name), str(rec(lease.spec).holderIdentity), ageCell(lease, now)]);

/** The coordination.k8s.io group's kinds. */
export const COORDINATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'coordination.k8s.io', plural: 'leases', columns: LEASE, strategy: combineStrategies(leaseStrategy, leaseDefaulting, leaseValidation) }),
];
