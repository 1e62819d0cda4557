// The Lease spec ⇄ election record mapping (client-go's TestLeaseSpecToLeaderElectionRecordRoundTrip)
// and the MicroTime wire format.
import { describe, expect, it } from 'vitest';
import { EMPTY_RECORD, formatMicroTime, recordFromSpec, sameRecord, specFromRecord } from './lease-record.js';

describe('lease record', () => {
  it('round-trips a spec through a record', () => {
    const spec = {
      holderIdentity: 'foo',
      leaseDurationSeconds: 10,
      acquireTime: '2025-01-02T03:04:05.678901Z',
      renewTime: '2025-01-02T03:04:06.000001Z',
      leaseTransitions: 1,
    };
    const record = recordFromSpec(spec);
    expect(specFromRecord(record)).toEqual(spec);
    expect(recordFromSpec(specFromRecord(record))).toEqual(record);
  });

  it('reads missing and null fields as client-go reads nil pointers', () => {
    expect(recordFromSpec(undefined)).toEqual(EMPTY_RECORD);
    expect(recordFromSpec({ holderIdentity: null, leaseDurationSeconds: null, renewTime: null })).toEqual(EMPTY_RECORD);
  });

  it('keeps spec fields it does not manage, and leaves unset times out', () => {
    const spec = specFromRecord(
      { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: undefined, renewTime: undefined, leaseTransitions: 2 },
      { preferredHolder: 'b', strategy: 'OldestEmulationVersion', renewTime: '2025-01-02T03:04:05.000000Z' },
    );
    expect(spec).toEqual({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 2, preferredHolder: 'b', strategy: 'OldestEmulationVersion' });
  });

  it('tells records apart by every field', () => {
    const base = recordFromSpec({ holderIdentity: 'a', leaseDurationSeconds: 1, renewTime: '2025-01-02T03:04:05.000000Z' });
    expect(sameRecord(base, { ...base })).toBe(true);
    expect(sameRecord(base, { ...base, renewTime: '2025-01-02T03:04:05.000001Z' })).toBe(false);
    expect(sameRecord(base, { ...base, leaseTransitions: 1 })).toBe(false);
    expect(sameRecord(base, { ...base, holderIdentity: 'b' })).toBe(false);
  });

  it('formats MicroTime with exactly six fractional digits in UTC (kube-apiserver answers 400 to fewer)', () => {
    expect(formatMicroTime(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)))).toBe('2025-01-02T03:04:05.678000Z');
    expect(formatMicroTime(new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 0)))).toBe('2025-12-31T23:59:59.000000Z');
  });
});
