import { describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import type { DemoSummary } from '../src/demo/demo-types.js';
import { captureIo } from './capture-io.js';

// The demo end to end, small: a real fake API server, real HTTP, the real reflector and store.

const SEED = Number(process.env.KCACHE_DEMO_SEED ?? 20240611);

describe('kcache demo', () => {
  it('--json: mirrors through every fault and verifies the store equals the server', async () => {
    const io = captureIo();
    const code = await runCli(['demo', '--pods', '500', '--duration', '3', '--json', '--seed', String(SEED)], { io });
    const summary = JSON.parse(io.out()) as DemoSummary;
    const context = `seed ${SEED}: ${JSON.stringify({ faults: summary.faults, mirror: summary.mirror, diff: summary.diff, informer: summary.informer, timings: summary.timings }, null, 1)}\n${io.err()}`;
    expect(code, context).toBe(0);
    expect(io.err()).toBe('');
    expect(summary.seed).toBe(SEED);
    expect(summary.verified, context).toBe(true);
    expect(summary.diff).toEqual({ missing: 0, extra: 0, stale: 0, details: [] });
    expect(summary.objects).toBe(summary.pods.final);
    // The mirror reached the server's last pod write (the server's own resourceVersion may be further
    // on: the controller's patches and Lease renewals are writes too).
    expect(Number(summary.resourceVersion)).toBeGreaterThanOrEqual(Number(summary.server.podsResourceVersion));
    expect(Number(summary.server.resourceVersion)).toBeGreaterThanOrEqual(Number(summary.server.podsResourceVersion));
    expect(summary.pods.seeded).toBe(500);
    expect(summary.churn.writes).toBeGreaterThan(100);
    expect(summary.churn.created + summary.churn.updated + summary.churn.deleted).toBe(summary.churn.writes);

    // One of each fault, each answered by the reflector in its own way.
    expect(summary.faults.map((f) => f.kind)).toEqual(['dropped-watch', 'compaction', 'throttled', 'server-errors', 'connection-reset']);
    for (const fault of summary.faults) {
      expect(fault.observed, `${fault.kind} ${context}`).toBe(true);
      // Both clients, the reflector and the informer, reacted to each fault.
      expect(fault.reactions.map((r) => r.source).sort()).toEqual(['informer', 'reflector']);
    }
    expect(summary.faultsAnswered).toBe(true);

    // --duration is the churn's real length: every fault is due within it (before, faults due
    // later stretched a 3 s run to 7.5 s), and the churn ends at the first tick after both the
    // duration and the last injection. A fault waits for clients that are watching steadily, so
    // on a loaded machine an injection may come after its due time and the churn with it; the
    // margin is for a tick stretched by load.
    expect(summary.timings.churnMs).toBeGreaterThanOrEqual(3000);
    for (const fault of summary.faults) expect(fault.dueAtMs).toBeLessThan(3000);
    const lastInjectedMs = Math.max(...summary.faults.map((f) => f.injectedAtMs ?? 0));
    expect(summary.timings.churnMs, context).toBeLessThan(Math.max(3000, lastInjectedMs) + 1000);

    // The informer beside the reflector: its cache and the replica its handler kept from
    // onAdd/onUpdate/onDelete alone (tombstones included) equal the server.
    const informer = summary.informer;
    expect(informer.verified, context).toBe(true);
    expect(informer.cache).toEqual({ missing: 0, extra: 0, stale: 0, details: [] });
    expect(informer.replica).toEqual({ objects: summary.pods.final, missing: 0, extra: 0, stale: 0, details: [] });
    expect(informer.objects).toBe(summary.pods.final);
    expect(Number(informer.resourceVersion)).toBeGreaterThanOrEqual(Number(summary.server.podsResourceVersion));
    expect(informer.handler.violations, context).toBe(0);
    expect(informer.handler.errors).toBe(0);
    expect(informer.handler.initialAdds).toBe(500);
    expect(informer.handler.updates).toBeGreaterThan(0);
    const h = informer.handler;
    expect(h.initialAdds + h.adds - h.deletes - h.tombstones).toBe(summary.pods.final);
    expect(informer.health.relists.expired ?? 0).toBeGreaterThanOrEqual(1);

    // The example controller (examples/configmap-hash, with leader election) converged while
    // ConfigMaps were edited and the faults fired: every Deployment carries its ConfigMaps' hash.
    const controller = summary.controller;
    expect(controller, context).toMatchObject({ converged: true, identity: 'kcache-demo', deployments: 40, configMaps: 24, divergent: 0, divergentDetails: [] });
    expect(controller?.terms).toBeGreaterThanOrEqual(1);
    // It led through the Lease: the server's Lease names it.
    expect(controller?.lease).toMatchObject({ namespace: 'kube-system', name: 'kcache-demo-configmap-hash', holder: 'kcache-demo' });
    expect(controller?.outcomes.success).toBeGreaterThan(0);
    expect(controller?.edits).toBeGreaterThan(20); // 20 edits/s at the default rate, for 3 s
    // Every Deployment was patched once at the start, and again after edits of its ConfigMaps.
    expect(controller?.patches).toBeGreaterThan(40);
    expect(controller?.reconciles).toBeGreaterThanOrEqual(controller?.patches ?? Infinity);
    const m = summary.mirror;
    expect(m.watchEnds.closed ?? 0).toBeGreaterThanOrEqual(1); // dropped watch: re-watch, no relist
    expect(m.watchEnds['connection-lost'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(m.relists.expired ?? 0, context).toBeGreaterThanOrEqual(1); // compaction → 410 → relist
    expect(m.backoffs['too-many-requests'] ?? 0).toBeGreaterThanOrEqual(1); // 429 → wait, re-watch
    // The 500s made the reflector relist (the watch was refused, then the list) — and only those
    // and the compaction did: the dropped watch, the 429 and the reset must not cause relists.
    const relistReasons = Object.keys(m.relists).sort();
    expect(relistReasons.filter((r) => r !== 'expired').length, context).toBeGreaterThanOrEqual(1);
    for (const reason of relistReasons) expect(['expired', 'watch-failed', 'list-failed', 'watch-list-fallback', 'internal-error'], context).toContain(reason);

    // The indexes agree with the server.
    expect(summary.indexes.consistent).toBe(true);
    expect(Object.values(summary.indexes.phases).reduce((a, b) => a + b, 0)).toBe(summary.objects);
    expect(Object.values(summary.indexes.namespaces).reduce((a, b) => a + b, 0)).toBe(summary.objects);
    expect(summary.indexes.busiestNodes.length).toBe(5);
  });

  it('prints the verdict and the index tables for people, without escape codes when piped', async () => {
    const io = captureIo();
    const code = await runCli(['demo', '--pods', '300', '--duration', '3', '--seed', String(SEED + 1)], { io });
    const out = io.out();
    expect(code, out + io.err()).toBe(0);
    expect(out).toMatch(/^kcache demo · seed \d+ · 300 pods · 8 namespaces · 40 nodes/m);
    expect(out).toMatch(/^✓ seeded 300 pods/m);
    expect(out).toMatch(/^✓ mirrored 300 pods in .+ by streaming list/m);
    expect(out).toMatch(/^✓ informer synced 300 pods in .+; its handler's own replica holds 300 /m);
    expect(out).toMatch(/^✓ controller \(examples\/configmap-hash\) leading as kcache-demo: 40 deployments carry the hash of their ConfigMaps \(24\) after /m);
    for (const fault of ['dropped watch', 'compaction → 410', '429 Retry-After', '500 burst', 'connection reset']) {
      expect(out).toMatch(new RegExp(`^✓ [\\d.]+ s  ${fault}: `, 'm'));
    }
    const verdict =
      /^verified: store, informer cache and handler replica match server — ([\d,]+) objects at RV (\d+); controller converged — all 40 deployments carry their ConfigMaps' hash$/m.exec(
        out,
      );
    expect(verdict, out).not.toBeNull();
    expect(out).toMatch(/^informer: [\d,]+ watch events, \d+ full syncs; relists: .+; its handler heard 300 initial adds, [\d,]+ adds, /m);
    expect(out).toMatch(/^controller: kcache-demo, \d+ terms? as leader \(Lease kube-system\/kcache-demo-configmap-hash held by kcache-demo\); [\d,]+ ConfigMap edits → [\d,]+ reconciles, [\d,]+ patches, /m);
    expect(out).toMatch(/^phase\s+pods\s+busiest node\s+pods$/m);
    expect(out).toMatch(/^Running\s+[\d,]+\s+node-\d{3}\s+[\d,]+$/m);
    expect(out).not.toContain('\u001b[');
  });

  it('--no-controller skips the controller stage', async () => {
    const io = captureIo();
    const code = await runCli(['demo', '--pods', '200', '--duration', '3', '--json', '--no-controller', '--seed', String(SEED + 2)], { io });
    const summary = JSON.parse(io.out()) as DemoSummary;
    expect(code, io.err()).toBe(0);
    expect(summary.verified).toBe(true);
    expect(summary.controller).toBeUndefined();
    // Only pods were written after the seed: the server's resourceVersion is the last pod write's.
    expect(summary.server.resourceVersion).toBe(summary.server.podsResourceVersion);
    expect(summary.resourceVersion).toBe(summary.server.resourceVersion);
  });
});
