// Against a real kube-apiserver, only when KCACHE_KUBE_APISERVER_KUBECONFIG names a kubeconfig for
// one (a throwaway cluster: the test creates Leases in the `default` namespace and leaves them).
// Not part of CI. Timings are printed for the record.
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lease } from '../src/internal/lease-record.js';
import { type Candidate, FAST, LeaderMonitor, nextEvent, nextLeader, startCandidate } from './support/candidates.js';

const KUBECONFIG = process.env.KCACHE_KUBE_APISERVER_KUBECONFIG;
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

let running: Candidate[] = [];

afterEach(async () => {
  for (const c of running) c.stop.abort();
  await Promise.all(running.map((c) => c.done));
  running = [];
});

describe.skipIf(KUBECONFIG === undefined || KUBECONFIG === '')('against a real kube-apiserver', () => {
  const kc = new KubeConfig();
  if (KUBECONFIG !== undefined && KUBECONFIG !== '') kc.loadFromFile(KUBECONFIG);
  const leaseName = (what: string): { namespace: string; name: string } => ({
    namespace: 'default',
    name: `kcache-le-${what}-${String(Date.now())}`,
  });

  /** Reads the Lease with client-node's own client (its MicroTime fields arrive as the strings the server sent). */
  async function readLease(ref: { namespace: string; name: string }): Promise<Lease> {
    const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease(ref);
    return lease as unknown as Lease;
  }

  function candidate(identity: string, lease: { namespace: string; name: string }, releaseOnCancel: boolean): Candidate {
    const c = startCandidate(kc, identity, { lease, releaseOnCancel });
    running.push(c);
    return c;
  }

  it('two candidates: one leader; the other takes over after a release', async () => {
    const lease = leaseName('release');
    const monitor = new LeaderMonitor();
    const t0 = performance.now();
    const a = candidate('a', lease, true);
    monitor.add(a);
    await nextEvent(a.elector, 'started-leading');
    const firstLeaderMs = performance.now() - t0;
    const b = candidate('b', lease, false);
    monitor.add(b);
    await nextEvent(b.elector, 'acquire', (e) => e.outcome === 'held');
    expect(monitor.leaders()).toEqual(['a']);
    await nextEvent(a.elector, 'renew', (e) => e.outcome === 'success');
    const held = await readLease(lease);
    expect(held.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(held.spec?.renewTime).toMatch(MICRO_TIME);
    expect(held.spec?.acquireTime).toMatch(MICRO_TIME);

    const takeover = nextLeader([b]);
    const releasedAt = performance.now();
    a.stop.abort();
    await a.done;
    await takeover;
    const takeoverMs = performance.now() - releasedAt;
    expect(takeoverMs).toBeLessThan(FAST.leaseDurationMs);
    expect((await readLease(lease)).spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(monitor.violations).toEqual([]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    console.log(
      `real kube-apiserver, release: first leader after ${firstLeaderMs.toFixed(0)} ms, takeover ${takeoverMs.toFixed(0)} ms after the release began`,
    );
  });

  it('three candidates: leadership passes on at every release, one leader at a time', async () => {
    const lease = leaseName('three');
    const monitor = new LeaderMonitor();
    const pool = ['a', 'b', 'c'].map((id) => {
      const c = candidate(id, lease, true);
      monitor.add(c);
      return c;
    });
    let leader = await nextLeader(pool);
    const handovers: number[] = [];
    for (let round = 1; round <= 2; round++) {
      const others = pool.filter((c) => c !== leader && !c.stop.signal.aborted);
      const next = nextLeader(others);
      const t = performance.now();
      leader.stop.abort();
      await leader.done;
      leader = await next;
      handovers.push(performance.now() - t);
      expect((await readLease(lease)).spec).toMatchObject({ holderIdentity: leader.identity, leaseTransitions: round });
    }
    expect(monitor.violations).toEqual([]);
    expect(pool.flatMap((c) => c.errors)).toEqual([]);
    console.log(`real kube-apiserver, three candidates: handovers after ${handovers.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  });

  it('two candidates: the other takes over after expiry when the leader stops renewing', async () => {
    const lease = leaseName('expiry');
    const monitor = new LeaderMonitor();
    const a = candidate('a', lease, false);
    monitor.add(a);
    await nextEvent(a.elector, 'started-leading');
    const b = candidate('b', lease, false);
    monitor.add(b);
    await nextEvent(b.elector, 'acquire', (e) => e.outcome === 'held');
    const takeover = nextLeader([b]);
    a.stop.abort();
    await a.done;
    const lastRenewal = a.writes.at(-1) ?? 0;
    await takeover;
    const waitedMs = performance.now() - lastRenewal;
    expect(waitedMs).toBeGreaterThanOrEqual(FAST.leaseDurationMs);
    expect((await readLease(lease)).spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    expect(monitor.violations).toEqual([]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    console.log(`real kube-apiserver, expiry: takeover ${waitedMs.toFixed(0)} ms after the last renewal began`);
  });
});
