// The run loop on a fake clock: when attempts happen, when leadership starts and ends, what the
// callbacks see. Includes client-go's TestFastPathLeaderElection and TestReleaseOnCancellation.
import { describe, expect, it } from 'vitest';
import { FakeClock, settle } from '../../test/support/fake-clock.js';
import { record, testSettings } from '../../test/support/elector.js';
import { apiError, MemoryLease } from '../../test/support/memory-lease.js';
import { isLeaderElectionError } from '../errors.js';
import type { LeaderElectionEvent, StoppedLeadingEvent } from '../types.js';
import { Elector, type ElectorSettings } from './elector.js';

interface Harness {
  clock: FakeClock;
  lease: MemoryLease;
  le: Elector;
  stop: AbortController;
  events: LeaderElectionEvent[];
  log: string[];
  errors: unknown[];
  works: AbortSignal[];
  running: () => boolean;
  done: Promise<void>;
}

/** Starts one candidate ('baz', lease 10 s, renew deadline 5 s, retry 1 s unless overridden). */
function start(overrides: Partial<ElectorSettings> = {}, shared?: { clock: FakeClock; lease: MemoryLease }): Harness {
  const clock = shared?.clock ?? new FakeClock();
  const lease = shared?.lease ?? new MemoryLease();
  const log: string[] = [];
  const works: AbortSignal[] = [];
  const settings = testSettings({
    onStartedLeading: (signal) => {
      works.push(signal);
      log.push(`started@${String(clock.now())}`);
    },
    onStoppedLeading: () => log.push(`stopped@${String(clock.now())}`),
    onNewLeader: (id) => log.push(`leader ${id}`),
    ...overrides,
  });
  const le = new Elector(settings, lease.lockFor(settings.identity), clock);
  const events: LeaderElectionEvent[] = [];
  le.on('*', (e) => events.push(e));
  const stop = new AbortController();
  let running = true;
  const done = le.run(stop.signal).finally(() => {
    running = false;
  });
  return { clock, lease, le, stop, events, log, errors: settings.errors, works, running: () => running, done };
}

function verbs(lease: MemoryLease): string[] {
  return lease.actions.map((a) => a.verb);
}

describe('run', () => {
  it('acquires at once, renews every retryPeriod, and on abort ends leadership and resolves', async () => {
    const h = start();
    await settle();
    expect(h.le.isLeader()).toBe(true);
    expect(h.log).toEqual(['leader baz', 'started@0']);
    expect(verbs(h.lease)).toEqual(['get', 'create']);
    await h.clock.advance(3_500);
    expect(verbs(h.lease)).toEqual(['get', 'create', 'update', 'update', 'update']);
    expect(h.events.filter((e) => e.type === 'renew').map((e) => [e.outcome, e.sinceLastRenewMs])).toEqual([
      ['success', 0],
      ['success', 0],
      ['success', 0],
    ]);
    h.stop.abort();
    await h.done;
    expect(h.le.isLeader()).toBe(false);
    expect(h.works[0]?.aborted).toBe(true);
    expect(h.log).toEqual(['leader baz', 'started@0', 'stopped@3500']);
    expect(h.events.find((e) => e.type === 'stopped-leading')).toMatchObject({ reason: 'aborted', ledMs: 3_500 });
    // Without releaseOnCancel the Lease is left to expire.
    expect(h.lease.stored?.record.holderIdentity).toBe('baz');
    expect(h.clock.pending).toBe(0);
  });

  it('client-go TestFastPathLeaderElection: renewals are optimistic updates', async () => {
    const lease = new MemoryLease();
    let updates = 0;
    const box: { h?: Harness } = {};
    lease.react((action) => {
      if (action.verb === 'update' && ++updates === 2) box.h?.stop.abort();
      return undefined;
    });
    const h = (box.h = start({ retryPeriodMs: 1_000, renewDeadlineMs: 2_000, leaseDurationMs: 15_000 }, { clock: new FakeClock(), lease }));
    await h.clock.advanceUntil(() => !h.running());
    expect(verbs(lease)).toEqual(['get', 'create', 'update', 'update']);
  });

  it('client-go TestFastPathLeaderElection: a failed optimistic update falls back to get + update', async () => {
    const lease = new MemoryLease();
    let updates = 0;
    const box: { h?: Harness } = {};
    lease.react((action) => {
      if (action.verb !== 'update') return undefined;
      updates++;
      if (updates === 2) return apiError('update', 409, 'Conflict');
      if (updates === 4) box.h?.stop.abort();
      return undefined;
    });
    const h = (box.h = start({ retryPeriodMs: 1_000, renewDeadlineMs: 2_000, leaseDurationMs: 15_000 }, { clock: new FakeClock(), lease }));
    await h.clock.advanceUntil(() => !h.running());
    expect(verbs(lease)).toEqual(['get', 'create', 'update', 'update', 'get', 'update', 'update']);
  });

  it('steps down exactly renewDeadline after the last successful renewal, aborting the work signal', async () => {
    const h = start();
    await h.clock.advance(2_000); // renewed at 1000 and 2000
    h.lease.react((action) => (action.verb === 'update' ? apiError('update', 500, 'InternalError') : undefined));
    await h.clock.advance(4_999); // attempts at 3000 … 6000 fail; the last success began at 2000
    expect(h.le.isLeader()).toBe(true);
    expect(h.works[0]?.aborted).toBe(false);
    await h.clock.advance(1);
    expect(h.le.isLeader()).toBe(false);
    expect(h.works[0]?.aborted).toBe(true);
    expect(h.works[0]?.reason).toMatchObject({ name: 'AbortError' });
    await h.done;
    const stopped = h.events.find((e): e is StoppedLeadingEvent => e.type === 'stopped-leading');
    expect(stopped).toMatchObject({ reason: 'renew-deadline', ledMs: 7_000 });
    expect(h.log.at(-1)).toBe('stopped@7000');
    const renewals = h.events.filter((e) => e.type === 'renew');
    expect(renewals.map((e) => e.outcome)).toEqual(['success', 'success', 'error', 'error', 'error', 'error']);
    expect(h.errors).toHaveLength(4);
    expect(h.errors[0]).toMatchObject({ statusCode: 500, verb: 'update' });
    // run resolved as client-go's Run returns: the candidate stands again only if run() is called again.
    expect(h.running()).toBe(false);
  });

  it('cuts a renewal in flight short at the deadline', async () => {
    const h = start();
    await settle();
    let inFlight: AbortSignal | undefined;
    h.lease.react((action, signal) => {
      if (action.verb !== 'update') return undefined;
      inFlight = signal;
      return new Promise<undefined>(() => undefined); // never answers
    });
    await h.clock.advance(4_999);
    expect(inFlight?.aborted).toBe(false);
    expect(h.le.isLeader()).toBe(true);
    await h.clock.advance(1);
    expect(h.le.isLeader()).toBe(false);
    expect(inFlight?.aborted).toBe(true);
    await h.done;
    expect(h.events.filter((e) => e.type === 'renew').map((e) => e.outcome)).toEqual(['aborted']);
  });

  it('steps down at once when the Lease shows another holder', async () => {
    const h = start();
    await h.clock.advance(1_000);
    h.lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 10, leaseTransitions: 1 }));
    await h.clock.advance(1_000);
    expect(h.le.isLeader()).toBe(false);
    await h.done;
    expect(h.events.find((e) => e.type === 'stopped-leading')).toMatchObject({ reason: 'lease-lost' });
    expect(h.le.leader).toBe('bing');
    expect(h.log).toEqual(['leader baz', 'started@0', 'leader bing', 'stopped@2000']);
  });

  it('waits retryPeriod plus up to 1.2 × retryPeriod of jitter between acquire attempts', async () => {
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 3_600 }));
    const clock = new FakeClock();
    const h = start({}, { clock, lease });
    const attempts = (): number[] => h.events.filter((e) => e.type === 'acquire').map(() => 0);
    await settle();
    expect(attempts()).toHaveLength(1);
    clock.randomValue = 0;
    await clock.advance(999); // the first wait was drawn with 0.5: 1600 ms
    expect(attempts()).toHaveLength(1);
    await clock.advance(601);
    expect(attempts()).toHaveLength(2); // at 1600; the next wait is drawn with 0: exactly 1000 ms
    clock.randomValue = 0.999;
    await clock.advance(999);
    expect(attempts()).toHaveLength(2);
    await clock.advance(1);
    expect(attempts()).toHaveLength(3); // at 2600; then 1000 + 0.999 × 1200 = 2198.8 ms
    await clock.advance(2_198);
    expect(attempts()).toHaveLength(3);
    await clock.advance(1);
    expect(attempts()).toHaveLength(4);
    expect(h.events.filter((e) => e.type === 'acquire').every((e) => e.outcome === 'held' && e.holder === 'bing')).toBe(true);
    h.stop.abort();
    await h.done;
    expect(h.log).toEqual(['leader bing']); // never led: neither started nor stopped
  });

  it('client-go TestReleaseOnCancellation: abort during a renewal, then release the Lease', async () => {
    const h = start({ releaseOnCancel: true, leaseDurationMs: 15_000, renewDeadlineMs: 2_000, retryPeriodMs: 1_000 });
    await settle();
    let renewal: ((err: Error | undefined) => void) | undefined;
    h.lease.react((action) => {
      if (action.verb !== 'update' || renewal !== undefined) return undefined;
      return new Promise<Error | undefined>((resolve) => {
        renewal = resolve;
      });
    });
    await h.clock.advance(1_000);
    expect(renewal).toBeDefined();
    h.stop.abort();
    renewal?.(undefined);
    await h.done;
    expect(h.lease.stored?.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(verbs(h.lease)).toEqual(['get', 'create', 'update', 'get', 'update']);
    expect(h.events.filter((e) => e.type === 'release').map((e) => e.outcome)).toEqual(['released']);
    expect(h.le.leader).toBeUndefined();
  });

  it('releases only after the work of onStartedLeading has settled, then calls onStoppedLeading', async () => {
    let finishWork: (() => void) | undefined;
    const order: string[] = [];
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const h = start(
      {
        releaseOnCancel: true,
        onStartedLeading: (signal) =>
          new Promise<void>((resolve) => {
            signal.addEventListener('abort', () => order.push('work signal aborted'));
            finishWork = () => {
              order.push('work done');
              resolve();
            };
          }),
        onStoppedLeading: () => order.push(`onStoppedLeading, holder "${lease.stored?.record.holderIdentity ?? ''}"`),
      },
      { clock, lease },
    );
    await clock.advance(1_500);
    h.stop.abort();
    await clock.advance(10_000);
    expect(h.running()).toBe(true);
    expect(lease.stored?.record.holderIdentity).toBe('baz');
    finishWork?.();
    await h.done;
    expect(order).toEqual(['work signal aborted', 'work done', 'onStoppedLeading, holder ""']);
  });

  it('does not release when leadership was lost rather than given up', async () => {
    const h = start({ releaseOnCancel: true });
    await settle();
    h.lease.react((action) => (action.verb === 'update' ? apiError('update', 500, 'InternalError') : undefined));
    await h.clock.advanceUntil(() => !h.running());
    expect(h.events.some((e) => e.type === 'release')).toBe(false);
  });

  it('acquired as the signal aborted: no callbacks, but the Lease is released when asked', async () => {
    const lease = new MemoryLease();
    const box: { h?: Harness } = {};
    lease.react((action) => {
      // The create lands, but the signal aborts before its answer is read.
      if (action.verb === 'create') {
        queueMicrotask(() => {
          box.h?.stop.abort();
        });
      }
      return undefined;
    });
    const h = (box.h = start({ releaseOnCancel: true }, { clock: new FakeClock(), lease }));
    await h.done;
    expect(h.log).toEqual(['leader baz']);
    expect(lease.stored?.record.holderIdentity).toBe('');
  });

  it('returns at once when aborted while acquiring, with no callbacks', async () => {
    const lease = new MemoryLease();
    lease.put(record({ holderIdentity: 'bing', leaseDurationSeconds: 10 }));
    const h = start({}, { clock: new FakeClock(), lease });
    await h.clock.advance(5_000);
    h.stop.abort();
    await h.done;
    expect(h.log).toEqual(['leader bing']);
    expect(h.clock.pending).toBe(0);
  });

  it('refuses a second run while one is running, and allows one afterwards', async () => {
    const h = start();
    await settle();
    await expect(h.le.run(new AbortController().signal)).rejects.toSatisfy((err) => isLeaderElectionError(err, 'AlreadyRunning'));
    h.stop.abort();
    await h.done;
    const again = new AbortController();
    const second = h.le.run(again.signal);
    await settle();
    expect(h.le.isLeader()).toBe(true); // its own unexpired Lease: the optimistic update succeeds at once
    again.abort();
    await second;
  });

  it('stands again after a loss when run is called again (a restart loop)', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const settings = testSettings({ onStartedLeading: () => undefined });
    const le = new Elector(settings, lease.lockFor('baz'), clock);
    const starts: number[] = [];
    le.on('started-leading', () => starts.push(clock.now()));
    const stop = new AbortController();
    const loop = (async () => {
      while (!stop.signal.aborted) await le.run(stop.signal);
    })();
    await settle();
    lease.react((action) => (action.verb === 'update' || action.verb === 'get' ? apiError(action.verb, 503, 'ServiceUnavailable') : undefined));
    await clock.advance(5_000); // lost at 5000
    expect(le.isLeader()).toBe(false);
    lease.react(undefined);
    await clock.advanceUntil(() => le.isLeader());
    expect(starts).toEqual([0, clock.now()]);
    expect(clock.now()).toBeGreaterThan(5_000);
    expect(lease.stored?.record.leaseTransitions).toBe(0); // still the same holder
    stop.abort();
    await loop;
  });

  it('reports a throwing onStartedLeading and keeps leading', async () => {
    const h = start({
      onStartedLeading: () => {
        throw new Error('boom');
      },
    });
    await h.clock.advance(2_000);
    expect(h.le.isLeader()).toBe(true);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatchObject({ code: 'CallbackFailed', message: expect.stringContaining('onStartedLeading threw: boom') });
    h.stop.abort();
    await h.done;
  });

  it('reports a rejecting onStartedLeading, a throwing onNewLeader and a throwing listener, and goes on', async () => {
    const h = start({
      onStartedLeading: () => Promise.reject(new Error('work failed')),
      onNewLeader: () => {
        throw new Error('cannot log');
      },
    });
    h.le.on('renew', () => {
      throw new Error('listener broke');
    });
    await h.clock.advance(1_000);
    expect(h.le.isLeader()).toBe(true);
    expect(h.errors.map((e) => (e as Error).message)).toEqual([
      expect.stringContaining('onNewLeader threw: cannot log'),
      expect.stringContaining('onStartedLeading threw: work failed'),
      'a listener of "renew" threw: listener broke',
    ]);
    expect(h.events.filter((e) => e.type === 'renew')).toHaveLength(1); // the other listener still ran
    h.stop.abort();
    await h.done;
  });
});

describe('two candidates on one Lease', () => {
  it('the follower takes over leaseDuration after it last saw the Lease change, never earlier', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const a = start({ identity: 'a' }, { clock, lease });
    await settle();
    const b = start({ identity: 'b' }, { clock, lease });
    await clock.advance(5_000);
    expect(a.le.isLeader()).toBe(true);
    expect(b.le.isLeader()).toBe(false);
    expect(b.le.leader).toBe('a');
    // a stops renewing without releasing (its process froze or was killed).
    a.stop.abort();
    await a.done;
    const lastWrite = 5_000; // a's last renewal
    await clock.advanceUntil(() => b.le.isLeader());
    // b saw a's last write at its first attempt after it, and then waited out the full 10 s.
    expect(clock.now()).toBeGreaterThan(lastWrite + 10_000);
    expect(clock.now()).toBeLessThanOrEqual(lastWrite + 10_000 + 2 * 2_200);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(b.log).toEqual(['leader a', 'leader b', `started@${String(clock.now())}`]);
    b.stop.abort();
    await b.done;
  });

  it('with releaseOnCancel the follower takes over at its next attempt', async () => {
    const clock = new FakeClock();
    const lease = new MemoryLease();
    const a = start({ identity: 'a', releaseOnCancel: true }, { clock, lease });
    await settle();
    const b = start({ identity: 'b' }, { clock, lease });
    await clock.advance(5_000);
    a.stop.abort();
    await a.done;
    const releasedAt = clock.now();
    await clock.advanceUntil(() => b.le.isLeader());
    expect(clock.now() - releasedAt).toBeLessThanOrEqual(2_200);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(b.log).toEqual(['leader a', 'leader b', `started@${String(clock.now())}`]);
    b.stop.abort();
    await b.done;
  });
});
