// The cases of client-go's leaderelection_test.go (TestTryAcquireOrRenewLeases, TestReleaseLeaseLeases,
// TestReleaseMethodCallsGet, TestReleaseRetriesOnConflict), one attempt at a time against a Lease
// kept in memory with the API server's rules.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.js';
import { record, testSettings } from '../../test/support/elector.js';
import { apiError, MemoryLease } from '../../test/support/memory-lease.js';
import { Elector } from './elector.js';
import type { LeaderElectionRecord } from './lease-record.js';
import type { LeaderChangeEvent } from '../types.js';

const HOUR = 3_600_000;

interface Case {
  name: string;
  /** The Lease in the store; undefined: there is none. */
  stored?: LeaderElectionRecord;
  /** What the candidate observed before the attempt. */
  observedRecord?: LeaderElectionRecord;
  /** When, relative to now. */
  observedAt?: 'past' | 'future';
  /** Try again this much later when the first attempt does not give the expected result. */
  retryAfterMs?: number;
  expectSuccess: boolean;
  /** Whether leaseTransitions moved from 0 to 1. */
  transitionLeader: boolean;
  outHolder: string;
  /** The requests the attempt(s) made. */
  actions: string[];
}

const cases: Case[] = [
  {
    name: 'acquire from no object',
    expectSuccess: true,
    transitionLeader: false,
    outHolder: 'baz',
    actions: ['get', 'create'],
  },
  {
    name: 'acquire from object without a holder or times',
    stored: record(),
    expectSuccess: true,
    transitionLeader: true,
    outHolder: 'baz',
    actions: ['get', 'update'],
  },
  {
    name: 'acquire from led object with the lease duration seconds',
    stored: record({ holderIdentity: 'bing', leaseDurationSeconds: 3 }),
    retryAfterMs: 3_000,
    expectSuccess: true,
    transitionLeader: true,
    outHolder: 'baz',
    actions: ['get', 'get', 'update'],
  },
  {
    name: 'acquire from unled object',
    stored: record({ holderIdentity: '' }),
    expectSuccess: true,
    transitionLeader: true,
    outHolder: 'baz',
    actions: ['get', 'update'],
  },
  {
    name: 'acquire from led, unacked object',
    stored: record({ holderIdentity: 'bing' }),
    observedRecord: record({ holderIdentity: 'bing' }),
    observedAt: 'past',
    expectSuccess: true,
    transitionLeader: true,
    outHolder: 'baz',
    actions: ['get', 'update'],
  },
  {
    name: 'acquire from empty led, acked object',
    stored: record({ holderIdentity: '' }),
    observedAt: 'future',
    expectSuccess: true,
    transitionLeader: true,
    outHolder: 'baz',
    actions: ['get', 'update'],
  },
  {
    name: "don't acquire from led, acked object",
    stored: record({ holderIdentity: 'bing' }),
    observedAt: 'future',
    expectSuccess: false,
    transitionLeader: false,
    outHolder: 'bing',
    actions: ['get'],
  },
  {
    name: 'renew already acquired object',
    stored: record({ holderIdentity: 'baz' }),
    observedRecord: record({ holderIdentity: 'baz' }),
    observedAt: 'future',
    // The optimistic update needs an object read or written before: it falls back to get + update.
    expectSuccess: true,
    transitionLeader: false,
    outHolder: 'baz',
    actions: ['get', 'update'],
  },
];

describe('tryAcquireOrRenew (client-go TestTryAcquireOrRenew)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const clock = new FakeClock();
      const lease = new MemoryLease();
      if (c.stored !== undefined) lease.put(c.stored);
      // Every request takes a millisecond, as real ones take some time (client-go's cases rely on
      // its clock moving between the start of an attempt and the observation of the record).
      lease.react(() => {
        clock.tick(1);
        return undefined;
      });
      const reported: string[] = [];
      const le = new Elector(
        testSettings({
          onNewLeader: (id) => {
            reported.push(id);
          },
        }),
        lease.lockFor('baz'),
        clock,
      );
      if (c.observedRecord !== undefined) {
        le.observedRecord = c.observedRecord;
        le.observedRawRecord = c.observedRecord;
      }
      if (c.observedAt !== undefined) le.observedTime = clock.now() + (c.observedAt === 'future' ? 1000 * HOUR : -1000 * HOUR);

      let result = await le.tryAcquireOrRenew(new AbortController().signal);
      if ((result.outcome === 'success') !== c.expectSuccess && c.retryAfterMs !== undefined) {
        await clock.advance(c.retryAfterMs + 1);
        result = await le.tryAcquireOrRenew(new AbortController().signal);
      }
      expect(result.outcome === 'success').toBe(c.expectSuccess);
      expect(le.observedRecord.holderIdentity).toBe(c.outHolder);
      expect(lease.actions.map((a) => a.verb)).toEqual(c.actions);
      expect(le.observedRecord.leaseTransitions).toBe(c.transitionLeader ? 1 : 0);
      le.maybeReportTransition();
      expect(reported).toEqual([c.outHolder]);
      if (c.expectSuccess) {
        // What was written is what the candidate now believes.
        expect(lease.stored?.record).toEqual(le.observedRecord);
        expect(lease.stored?.record.leaseDurationSeconds).toBe(10);
      }
    });
  }

  it('writes MicroTime stamps from the wall clock, keeps acquireTime across renewals and moves renewTime', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 2, 3, 4, 5, 678));
    const lease = new MemoryLease();
    const le = new Elector(testSettings(), lease.lockFor('baz'), clock);
    expect((await le.tryAcquireOrRenew(new AbortController().signal)).outcome).toBe('success');
    expect(lease.stored?.record).toEqual({
      holderIdentity: 'baz',
      leaseDurationSeconds: 10,
      acquireTime: '2025-01-02T03:04:05.678000Z',
      renewTime: '2025-01-02T03:04:05.678000Z',
      leaseTransitions: 0,
    });
    await clock.advance(1_500);
    expect((await le.tryAcquireOrRenew(new AbortController().signal)).outcome).toBe('success');
    expect(lease.stored?.record).toMatchObject({ acquireTime: '2025-01-02T03:04:05.678000Z', renewTime: '2025-01-02T03:04:07.178000Z' });
    // The second attempt was the optimistic update alone.
    expect(lease.actions.map((a) => a.verb)).toEqual(['get', 'create', 'update']);
  });

  it('rounds leaseDurationSeconds up, so others never wait less than leaseDurationMs', async () => {
    const lease = new MemoryLease();
    const le = new Elector(testSettings({ leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 500 }), lease.lockFor('baz'), new FakeClock());
    await le.tryAcquireOrRenew(new AbortController().signal);
    expect(lease.stored?.record.leaseDurationSeconds).toBe(2);
  });

  it('counts a transition at every change of holder, and none on renewal', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const a = new Elector(testSettings({ identity: 'a' }), lease.lockFor('a'), clock);
    const b = new Elector(testSettings({ identity: 'b' }), lease.lockFor('b'), clock);
    const signal = new AbortController().signal;
    expect((await a.tryAcquireOrRenew(signal)).outcome).toBe('success');
    expect(lease.stored?.record.leaseTransitions).toBe(0);
    expect((await b.tryAcquireOrRenew(signal)).outcome).toBe('held');
    await clock.advance(5_000);
    expect((await a.tryAcquireOrRenew(signal)).outcome).toBe('success');
    expect((await b.tryAcquireOrRenew(signal)).outcome).toBe('held'); // the record changed: b's clock restarts
    await clock.advance(9_999);
    expect((await b.tryAcquireOrRenew(signal)).outcome).toBe('held');
    await clock.advance(2);
    expect((await b.tryAcquireOrRenew(signal)).outcome).toBe('success');
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    // a comes back: its own record has expired in its view, so it reads b's and waits for that to expire.
    expect((await a.tryAcquireOrRenew(signal)).outcome).toBe('held');
    await clock.advance(10_001);
    expect((await a.tryAcquireOrRenew(signal)).outcome).toBe('success');
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'a', leaseTransitions: 2 });
  });

  it('judges expiry by the local time since the record last changed, not by the remote renewTime', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    // A renewTime from long ago (or a skewed clock): still, the candidate waits a full duration.
    lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 10, renewTime: '2001-01-01T00:00:00.000000Z' }));
    const le = new Elector(testSettings(), lease.lockFor('baz'), clock);
    const signal = new AbortController().signal;
    expect((await le.tryAcquireOrRenew(signal)).outcome).toBe('held');
    await clock.advance(9_999);
    expect((await le.tryAcquireOrRenew(signal)).outcome).toBe('held');
    await clock.advance(1); // observed + leaseDurationSeconds is no longer in the future
    expect((await le.tryAcquireOrRenew(signal)).outcome).toBe('success');
  });

  it('reports a lost race as a conflict: AlreadyExists on create, Conflict on update', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const le = new Elector(testSettings(), lease.lockFor('baz'), clock);
    const signal = new AbortController().signal;
    lease.react((action) => {
      // Another candidate creates the Lease between this one's get and create.
      if (action.verb === 'create') lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 10 }));
      return undefined;
    });
    const created = await le.tryAcquireOrRenew(signal);
    expect(created.outcome).toBe('conflict');
    expect(created.error).toMatchObject({ statusCode: 409, reason: 'AlreadyExists' });

    lease.put(record({ holderIdentity: '' }));
    lease.react((action) => {
      if (action.verb === 'update') lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 10 }));
      return undefined;
    });
    const updated = await le.tryAcquireOrRenew(signal);
    expect(updated.outcome).toBe('conflict');
    expect(updated.error).toMatchObject({ statusCode: 409, reason: 'Conflict' });
    expect(lease.stored?.record.holderIdentity).toBe('bing');
  });

  it('reports other failures as errors and changes nothing', async () => {
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: '' }));
    lease.react((action) => (action.verb === 'get' ? apiError('get', 500, 'InternalError') : undefined));
    const le = new Elector(testSettings(), lease.lockFor('baz'), new FakeClock());
    const result = await le.tryAcquireOrRenew(new AbortController().signal);
    expect(result).toMatchObject({ outcome: 'error', error: { statusCode: 500 } });
    expect(le.leader).toBeUndefined();
  });
});

describe('release (client-go TestReleaseLease…, TestReleaseMethodCallsGet, TestReleaseRetriesOnConflict)', () => {
  it('releases an acquired lock: an empty holder, one second, transitions kept', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: 'baz' }));
    const changes: LeaderChangeEvent[] = [];
    const le = new Elector(testSettings(), lease.lockFor('baz'), clock);
    le.on('leader-change', (e) => changes.push(e));
    expect((await le.tryAcquireOrRenew(new AbortController().signal)).outcome).toBe('success');
    le.maybeReportTransition();
    await le.release();
    expect(le.observedRecord.holderIdentity).toBe('');
    expect(lease.actions.map((a) => a.verb)).toEqual(['get', 'update', 'get', 'update']);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(lease.stored?.record.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(changes.map((e) => [e.previous, e.leader])).toEqual([
      [undefined, 'baz'],
      ['baz', undefined],
    ]);
    expect(le.leader).toBeUndefined();
  });

  it('reads the Lease before releasing it', async () => {
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: 'baz', leaseDurationSeconds: 10 }));
    const le = new Elector(testSettings(), lease.lockFor('baz'), new FakeClock());
    le.observedRecord = record({ holderIdentity: 'baz' });
    await le.release();
    expect(lease.actions[0]?.verb).toBe('get');
  });

  it('retries on conflict (a renewal cut short may still have landed)', async () => {
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: 'baz', leaseDurationSeconds: 10 }));
    let conflicted = false;
    lease.react((action) => {
      if (action.verb === 'update' && !conflicted) {
        conflicted = true;
        return apiError('update', 409, 'Conflict');
      }
      return undefined;
    });
    const le = new Elector(testSettings(), lease.lockFor('baz'), new FakeClock());
    const events: string[] = [];
    le.on('release', (e) => events.push(e.outcome));
    await le.release();
    expect(conflicted).toBe(true);
    expect(events).toEqual(['released']);
    expect(lease.stored?.record.holderIdentity).toBe('');
  });

  it('leaves a Lease alone that names another holder', async () => {
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 10 }));
    const le = new Elector(testSettings(), lease.lockFor('baz'), new FakeClock());
    le.observedRecord = record({ holderIdentity: 'baz' });
    const events: string[] = [];
    le.on('release', (e) => events.push(e.outcome));
    await le.release();
    expect(events).toEqual(['not-held']);
    expect(lease.actions.map((a) => a.verb)).toEqual(['get']);
    expect(lease.stored?.record.holderIdentity).toBe('bing');
  });
});
