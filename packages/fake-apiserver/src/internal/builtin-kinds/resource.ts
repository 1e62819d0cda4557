// The resource.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, str } from '../table-columns.js';

/** A ResourceClaim's State cell: deleted, pending, allocated, reserved. */
function claimState(claim: Record<string, unknown>): string {
  const states: string[] = [];
  const deleted = rec(claim.metadata).deletionTimestamp !== undefined;
  const status = rec(claim.status);
  if (deleted) states.push('deleted');
  if (status.allocation === undefined || status.allocation === null) {
    if (!deleted) states.push('pending');
  } else {
    states.push('allocated');
    if (list(status.reservedFor).length > 0) states.push('reserved');
  }
  return states.join(',');
}

/** `kubectl get resourceclaims` */
const RESOURCE_CLAIM = printer([
  NAME_COLUMN,
  col('State', 'string', 'A summary of the current state (allocated, pending, reserved, etc.).'),
  AGE_COLUMN,
], (claim, now) => [str(rec(claim.metadata).name), claimState(claim), ageCell(claim, now)]);

/** The resource.k8s.io group's kinds. */
export const RESOURCE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'resource.k8s.io', plural: 'deviceclasses', generation: true }),
  builtin({ group: 'resource.k8s.io', plural: 'devicetaintrules', generation: true }),
  builtin({ group: 'resource.k8s.io', plural: 'resourceclaims', columns: RESOURCE_CLAIM, deleteReturnsObject: true }),
  builtin({ group: 'resource.k8s.io', plural: 'resourceclaimtemplates', deleteReturnsObject: true }),
  builtin({ group: 'resource.k8s.io', plural: 'resourceslices', generation: true,
    fields: ['spec.nodeName', 'spec.driver', 'spec.pool.name'], namespaceNotSelectable: true }),
];
