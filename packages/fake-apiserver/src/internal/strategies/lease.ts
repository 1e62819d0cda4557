// Lease (coordination.k8s.io) write rules: kube-apiserver refuses an update without a
// resourceVersion (its strategy does not allow unconditional updates), so that two holders
// cannot overwrite each other blindly.
import type { KindStrategy } from '../strategy.js';

/** Lease: updates must carry `metadata.resourceVersion`. */
export const leaseStrategy: KindStrategy = { requiresResourceVersionOnUpdate: true };
