import type { ElectorSettings } from '../../src/internal/elector.js';
import { EMPTY_RECORD, type LeaderElectionRecord } from '../../src/internal/lease-record.js';

/** Settings for an elector under test: client-go's test timings unless overridden; errors are collected, not logged. */
export function testSettings(overrides: Partial<ElectorSettings> = {}): ElectorSettings & { errors: unknown[] } {
  const errors: unknown[] = [];
  return {
    identity: 'baz',
    leaseDurationMs: 10_000,
    renewDeadlineMs: 5_000,
    retryPeriodMs: 1_000,
    releaseOnCancel: false,
    onStartedLeading: () => undefined,
    onStoppedLeading: undefined,
    onNewLeader: undefined,
    onError: (err) => {
      errors.push(err);
    },
    ...overrides,
    errors,
  };
}

/** A record with the given fields, the rest empty. */
export function record(fields: Partial<LeaderElectionRecord> = {}): LeaderElectionRecord {
  return { ...EMPTY_RECORD, ...fields };
}
