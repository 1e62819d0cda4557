// Candidates electing a leader over HTTP through a KubeConfig, against @kcache/fake-apiserver, with
// short timings (lease 1000 ms, renew deadline 600 ms, retry 200 ms).
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfig as KubeConfigV1 } from 'client-node-1';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseRequestError } from '../src/errors.js';
import type { Lease } from '../src/internal/lease-record.js';
import { type Candidate, FAST, LeaderMonitor, nextEvent, nextLeader, startCandidate } from './support/candidates.js';

const LEASE = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'default', name: 'test-lease' };
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

let server: FakeApiServer;
let kc: KubeConfig;
let running: Candidate[] = [];

beforeEach(async () => {
  server = await createFakeApiServer();
  kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig());
  running = [];
});

afterEach(async () => {
  for (const c of running) c.stop.abort();
  await Promise.all(running.map((c) => c.done));
  await server.close();
});

function candidate(identity: string, options: Parameters<typeof startCandidate>[2] = {}): Candidate {
  const c = startCandidate(kc, identity, options);
  running.push(c);
  return c;
}

function storedLease(): Lease {
  const lease = server.get<Lease>(LEASE);
  if (lease === undefined) throw new Error('no Lease stored');
  return lease;
}

describe('one candidate', () => {
  it('creates the Lease with client-go\'s fields, MicroTime stamps, and renews it', async () => {
    // Renewals come every retry period (200 ms); a lease and renew deadline longer than FAST's keep
    // one slow write on a loaded machine from ending the term before the renewal this test awaits.
    const a = candidate('a', { leaseDurationMs: 5_000, renewDeadlineMs: 4_000 });
    await nextEvent(a.elector, 'started-leading');
    const created = storedLease();
    expect(created.spec).toEqual({
      holderIdentity: 'a',
      leaseDurationSeconds: 5,
      acquireTime: expect.stringMatching(MICRO_TIME),
      renewTime: expect.stringMatching(MICRO_TIME),
      leaseTransitions: 0,
    });
    await nextEvent(a.elector, 'renew', (e) => e.outcome === 'success');
    const renewed = storedLease();
    expect(renewed.spec?.acquireTime).toBe(created.spec?.acquireTime);
    expect(renewed.spec?.renewTime).not.toBe(created.spec?.renewTime);
    expect(Number(renewed.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    const verbs = server.requests.filter((r) => r.path.includes('/leases')).map((r) => `${r.method} ${String(r.status)}`);
    expect(verbs.slice(0, 3)).toEqual(['GET 404', 'POST 201', 'PUT 200']);
    expect(a.errors).toEqual([]);
  });

  it('writes conditionally on the resourceVersion it read, and keeps what others put in the object', async () => {
    const a = candidate('a');
    await nextEvent(a.elector, 'started-leading');
    // Someone else writes the Lease (adds a label): the leader's next optimistic PUT carries a stale
    // resourceVersion and is refused; it reads the Lease again and renews on top of it.
    const lease = storedLease();
    server.update({ ...lease, metadata: { ...lease.metadata, labels: { team: 'infra' } } });
    const renewed = nextEvent(a.elector, 'renew', (e) => e.outcome === 'success');
    await renewed;
    const updates = server.requests.filter((r) => r.verb === 'update').map((r) => r.status);
    expect(updates).toContain(409);
    expect(storedLease().metadata?.labels).toEqual({ team: 'infra' });
    expect(storedLease().spec?.holderIdentity).toBe('a');
    expect(a.elector.isLeader()).toBe(true);
  });

  it('works with a KubeConfig from @kubernetes/client-node 1.x', async () => {
    const kc1 = new KubeConfigV1();
    kc1.loadFromString(server.kubeconfig());
    const a = startCandidate(kc1 as unknown as KubeConfig, 'a');
    running.push(a);
    await nextEvent(a.elector, 'started-leading');
    expect(storedLease().spec?.holderIdentity).toBe('a');
  });

  it('reports a refused request with what to grant, and keeps trying', async () => {
    server.fail({ verb: 'get', resource: 'leases', code: 403, times: 2 });
    const a = candidate('a');
    await nextEvent(a.elector, 'started-leading');
    expect(a.errors).toHaveLength(2);
    expect(a.errors[0]).toBeInstanceOf(LeaseRequestError);
    expect(a.errors[0]).toMatchObject({ statusCode: 403, reason: 'Forbidden', verb: 'get', lease: 'default/test-lease' });
    expect((a.errors[0] as Error).message).toContain('grant this identity get, create and update on leases.coordination.k8s.io');
  });
});

describe('several candidates', () => {
  it('two candidates: exactly one leads; the other takes over after a release', async () => {
    const monitor = new LeaderMonitor();
    const a = candidate('a', { releaseOnCancel: true });
    monitor.add(a);
    await nextEvent(a.elector, 'started-leading');
    const b = candidate('b');
    monitor.add(b);
    await nextEvent(b.elector, 'acquire', (e) => e.outcome === 'held');
    expect(b.elector.leader).toBe('a');
    expect(monitor.leaders()).toEqual(['a']);

    const takeover = nextLeader([b]);
    const releasedAt = performance.now();
    a.stop.abort();
    await a.done;
    expect(a.stopped).toBe(1);
    expect(a.terms[0]?.aborted).toBe(true);
    await takeover;
    // Released, not expired: b took over at its next attempt, well before a lease duration.
    expect(performance.now() - releasedAt).toBeLessThan(FAST.leaseDurationMs);
    expect(storedLease().spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, leaseDurationSeconds: 1 });
    expect(monitor.violations).toEqual([]);
    expect(monitor.starts).toEqual(['a', 'b']);
  });

  it('three candidates hand over leadership four times, one leader at a time', async () => {
    const monitor = new LeaderMonitor();
    const pool = ['a', 'b', 'c'].map((id) => {
      const c = candidate(id, { releaseOnCancel: true });
      monitor.add(c);
      return c;
    });
    let leader = await nextLeader(pool);
    for (let round = 1; round <= 4; round++) {
      const others = pool.filter((c) => c !== leader);
      const next = nextLeader(others);
      leader.stop.abort();
      await leader.done;
      const previous = leader;
      leader = await next;
      expect(storedLease().spec).toMatchObject({ holderIdentity: leader.identity, leaseTransitions: round });
      // The one that stepped down stands again as a new candidate under the same identity.
      const fresh = candidate(previous.identity, { releaseOnCancel: true });
      monitor.add(fresh);
      pool.splice(pool.indexOf(previous), 1, fresh);
    }
    expect(monitor.violations).toEqual([]);
    expect(monitor.starts).toHaveLength(5);
    for (let i = 1; i < monitor.starts.length; i++) expect(monitor.starts[i]).not.toBe(monitor.starts[i - 1]);
  });

  it('takes over after expiry from a leader that just stops renewing, not before a lease duration', async () => {
    const monitor = new LeaderMonitor();
    const a = candidate('a'); // no release
    monitor.add(a);
    await nextEvent(a.elector, 'started-leading');
    const b = candidate('b');
    monitor.add(b);
    await nextEvent(b.elector, 'acquire', (e) => e.outcome === 'held');
    const takeover = nextLeader([b]);
    a.stop.abort();
    await a.done;
    const lastRenewal = a.writes.at(-1) ?? 0;
    expect(storedLease().spec?.holderIdentity).toBe('a');
    await takeover;
    const waited = performance.now() - lastRenewal;
    // b had to see a's last write unchanged for leaseDurationSeconds by its own clock; that write
    // landed after its attempt began, which is what `writes` records.
    expect(waited).toBeGreaterThanOrEqual(FAST.leaseDurationMs);
    expect(storedLease().spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(monitor.violations).toEqual([]);
  });

  it('a leader whose renewals fail steps down within the renew deadline and its signal aborts; another takes over once writes work', async () => {
    const monitor = new LeaderMonitor();
    const a = candidate('a', { restart: true });
    monitor.add(a);
    await nextEvent(a.elector, 'started-leading');
    const b = candidate('b', { restart: true });
    monitor.add(b);
    await nextEvent(b.elector, 'acquire', (e) => e.outcome === 'held');

    const stopped = nextEvent(a.elector, 'stopped-leading');
    const fault = server.fail({ verb: 'update', resource: 'leases', code: 500 });
    const faultAt = performance.now();
    const event = await stopped;
    expect(event.reason).toBe('renew-deadline');
    expect(a.terms[0]?.aborted).toBe(true);
    // The last renewal began before the fault; the deadline counts from there.
    // (Timers may fire late on a busy machine: 300 ms of slack.)
    expect(performance.now() - faultAt).toBeLessThanOrEqual(FAST.renewDeadlineMs + 300);
    expect(a.elector.isLeader()).toBe(false);
    await expect.poll(() => a.stopped).toBe(1);
    expect(a.errors.some((e) => e instanceof LeaseRequestError && e.statusCode === 500)).toBe(true);

    // Nobody can write while the fault lasts, so nobody leads.
    await nextEvent(b.elector, 'acquire', (e) => e.outcome === 'error');
    expect(monitor.leaders()).toEqual([]);

    fault.remove();
    const next = await nextLeader([a, b]);
    expect(storedLease().spec?.holderIdentity).toBe(next.identity);
    expect(monitor.violations).toEqual([]);
  });
});
