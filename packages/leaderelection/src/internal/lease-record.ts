import type { KubeObject } from '@kcache/store';

/**
 * The election state kept in a Lease's spec: client-go's `LeaderElectionRecord`. Times stay in
 * their wire form (MicroTime strings): the elector never trusts remote timestamps, it only notices
 * that they changed.
 */
export interface LeaderElectionRecord {
  /** `''` when the Lease is free. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string | undefined;
  renewTime: string | undefined;
  leaseTransitions: number;
}

/** The `coordination.k8s.io/v1` Lease spec as JSON. Fields this package does not manage are kept. */
export interface LeaseSpec {
  holderIdentity?: string | null | undefined;
  leaseDurationSeconds?: number | null | undefined;
  acquireTime?: string | null | undefined;
  renewTime?: string | null | undefined;
  leaseTransitions?: number | null | undefined;
  [field: string]: unknown;
}

/** A Lease object as JSON. */
export interface Lease extends KubeObject {
  spec?: LeaseSpec | undefined;
}

/** A record with nothing in it: what a candidate has observed before its first read. */
export const EMPTY_RECORD: LeaderElectionRecord = Object.freeze({
  holderIdentity: '',
  leaseDurationSeconds: 0,
  acquireTime: undefined,
  renewTime: undefined,
  leaseTransitions: 0,
});

/** Reads the election record out of a Lease spec; missing fields read as client-go reads nil. */
export function recordFromSpec(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: typeof spec?.holderIdentity === 'string' ? spec.holderIdentity : '',
    leaseDurationSeconds: typeof spec?.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : 0,
    acquireTime: typeof spec?.acquireTime === 'string' ? spec.acquireTime : undefined,
    renewTime: typeof spec?.renewTime === 'string' ? spec.renewTime : undefined,
    leaseTransitions: typeof spec?.leaseTransitions === 'number' ? spec.leaseTransitions : 0,
  };
}

/**
 * The spec to write for `record`, on top of `base` (the spec last read), so fields this package
 * does not manage (`preferredHolder`, `strategy`) survive.
 */
export function specFromRecord(record: LeaderElectionRecord, base?: LeaseSpec): LeaseSpec {
  const spec: LeaseSpec = {
    ...base,
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
  };
  // Unset times are left out, as client-go's omitempty does.
  if (record.acquireTime === undefined) delete spec.acquireTime;
  else spec.acquireTime = record.acquireTime;
  if (record.renewTime === undefined) delete spec.renewTime;
  else spec.renewTime = record.renewTime;
  return spec;
}

/**
 * Whether two records are the same: the elector restarts its expiry clock whenever the record it
 * reads differs from the one it saw before (client-go compares the records' JSON).
 */
export function sameRecord(a: LeaderElectionRecord, b: LeaderElectionRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/**
 * A `metav1.MicroTime` as the API server reads it: RFC 3339 in UTC with exactly six fractional
 * digits (`2006-01-02T15:04:05.000000Z`). kube-apiserver refuses fewer digits, which is what
 * `Date#toJSON` gives.
 */
export function formatMicroTime(date: Date): string {
  const iso = date.toISOString(); // …T15:04:05.123Z
  return `${iso.slice(0, -1)}000Z`;
}
