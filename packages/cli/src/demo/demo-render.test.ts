import { describe, expect, it } from 'vitest';
import { createColors } from 'picocolors';
import type { ReflectorHealth } from '../internal/reflector-health.js';
import type { LiveView } from '../internal/live-view.js';
import { createDemoRenderer, renderSummary } from './demo-render.js';
import type { DemoSummary, DiffSummary } from './demo-types.js';

const c = createColors(false);
const equal: DiffSummary = { missing: 0, extra: 0, stale: 0, details: [] };
const health: ReflectorHealth = {
  lists: 0,
  syncs: 2,
  relists: { expired: 1 },
  watchStarts: 3,
  watchEnds: { closed: 1 },
  backoffs: { cycle: 1 },
  backoffMs: 40,
  errors: 1,
  lastError: undefined,
  handlerErrors: 0,
};

function summary(overrides: { informer?: Partial<DemoSummary['informer']>; diff?: DiffSummary; controller?: DemoSummary['controller'] } = {}): DemoSummary {
  const informer: DemoSummary['informer'] = {
    verified: true,
    objects: 10,
    resourceVersion: '99',
    syncMs: 5,
    cache: equal,
    replica: { objects: 10, ...equal },
    handler: { initialAdds: 10, adds: 2, updates: 7, deletes: 1, tombstones: 1, violations: 0, violationDetails: [], errors: 0 },
    health: { ...health, watchEvents: 20, listedItems: 0, bookmarks: 1 },
    ...overrides.informer,
  };
  const diff = overrides.diff ?? equal;
  const controller = 'controller' in overrides ? overrides.controller : converged;
  return {
    verified: informer.verified && diff.details.length === 0 && (controller?.converged ?? true),
    faultsAnswered: true,
    seed: 1,
    server: { url: 'http://127.0.0.1:1', resourceVersion: '120', podsResourceVersion: '99' },
    objects: 10,
    resourceVersion: '99',
    pods: { seeded: 10, final: 10, namespaces: 1, nodes: 1 },
    timings: { seedMs: 1, syncMs: 1, churnMs: 3000, settleMs: 1, totalMs: 3003 },
    churn: { writes: 10, created: 2, updated: 7, deleted: 1, ratePerSecond: 3 },
    mirror: { ...health, watchEvents: 20, listedItems: 0, bookmarks: 1 },
    faults: [],
    diff,
    indexes: { consistent: true, mismatches: [], phases: { Running: 10 }, namespaces: { a: 10 }, busiestNodes: [{ node: 'n', pods: 10 }] },
    informer,
    ...(controller === undefined ? {} : { controller }),
  };
}

const converged: NonNullable<DemoSummary['controller']> = {
  converged: true,
  identity: 'kcache-demo',
  lease: { namespace: 'kube-system', name: 'kcache-demo-configmap-hash', holder: 'kcache-demo', transitions: 0 },
  deployments: 40,
  configMaps: 24,
  edits: 59,
  reconciles: 317,
  outcomes: { success: 314, requeue: 1, error: 2 },
  patches: 159,
  conflicts: 1,
  errors: 2,
  terms: 1,
  divergent: 0,
  divergentDetails: [],
};

describe('renderSummary', () => {
  it('verifies the store, the informer cache and the handler replica in one verdict', () => {
    const lines = renderSummary(summary(), c);
    expect(lines).toContain(
      "verified: store, informer cache and handler replica match server — 10 objects at RV 99; controller converged — all 40 deployments carry their ConfigMaps' hash",
    );
    expect(lines).toContain(
      'controller: kcache-demo, 1 term as leader (Lease kube-system/kcache-demo-configmap-hash held by kcache-demo); 59 ConfigMap edits → 317 reconciles, 159 patches, 1 conflicts and 2 errors retried',
    );
    expect(renderSummary(summary({ controller: undefined }), c)).toContain('verified: store, informer cache and handler replica match server — 10 objects at RV 99');
    expect(lines).toContain(
      'informer: 20 watch events, 2 full syncs; relists: expired 1; its handler heard 10 initial adds, 2 adds, 7 updates, 1 deletes, 1 tombstones',
    );
  });

  it('says which copy differs when the handler replica does not match', () => {
    const replica = { objects: 9, missing: 1, extra: 0, stale: 0, details: ['store has 9 objects, server has 10', 'missing from the store (1): ns/a'] };
    const lines = renderSummary(summary({ informer: { verified: false, replica } }), c);
    expect(lines).toContain(
      "NOT verified: handler replica differs from server (server's last pod write at RV 99, store at RV 99, informer at RV 99); controller converged — all 40 deployments carry their ConfigMaps' hash",
    );
    expect(lines).toContain('  handler replica: missing from the store (1): ns/a');
    expect(lines.some((l) => l.startsWith('verified'))).toBe(false);
  });

  it('names every copy that differs, and contradictory notifications', () => {
    const diff = { missing: 0, extra: 1, stale: 0, details: ['in the store but deleted on the server (1): ns/b'] };
    const lines = renderSummary(
      summary({ diff, informer: { verified: false, handler: { ...summary().informer.handler, violations: 1, violationDetails: ['add of ns/a @2 while holding @1'] } } }),
      c,
    );
    expect(lines).toContain(
      "NOT verified: store, handler replica differ from server (server's last pod write at RV 99, store at RV 99, informer at RV 99); controller converged — all 40 deployments carry their ConfigMaps' hash",
    );
    expect(lines).toContain('  handler was told: add of ns/a @2 while holding @1');
  });

  it('is not verified when the controller did not converge, even with every copy matching', () => {
    const lines = renderSummary(summary({ controller: { ...converged, converged: false, divergent: 2, divergentDetails: ['team-01/web', 'team-02/api'] } }), c);
    expect(lines).toContain(
      "NOT verified: store, informer cache and handler replica match server — 10 objects at RV 99; controller did NOT converge — 2 of 40 deployments lack their ConfigMaps' hash",
    );
    expect(lines).toContain("  without its ConfigMaps' hash: team-01/web");
  });
});

describe('createDemoRenderer', () => {
  it('draws the informer and the controller in the live view while churning', () => {
    const updates: string[] = [];
    const persisted: string[] = [];
    const view: LiveView = {
      live: true,
      update: (text) => updates.push(text),
      persist: (text) => persisted.push(text),
      clear: () => undefined,
      done: () => undefined,
    };
    const render = createDemoRenderer(view, c);
    render({ type: 'informer-synced', objects: 500, replica: 500, durationMs: 120, resourceVersion: '509' });
    render({ type: 'controller-converged', identity: 'kcache-demo', deployments: 40, configMaps: 24, durationMs: 300, converged: true });
    const status = {
      storeSize: 500,
      eventsPerSecond: 400,
      resourceVersion: '900',
      health,
      informer: { cacheSize: 499, replicaSize: 498, pending: 2, resourceVersion: '899', health },
      controller: { leading: true, edits: 12, reconciles: 60, outcomes: {}, patches: 30, conflicts: 0, errors: 0, terms: 1, deployments: 40, divergent: 3 },
    };
    render({ type: 'churning', elapsedMs: 1500, durationMs: 3000, writes: 600, status, faults: [] });
    expect(persisted).toEqual([
      "✓ informer synced 500 pods in 120 ms; its handler's own replica holds 500 (listwatch → informer → handler, RV 509)",
      '✓ controller (examples/configmap-hash) leading as kcache-demo: 40 deployments carry the hash of their ConfigMaps (24) after 300 ms',
    ]);
    const frame = updates.at(-1)?.split('\n') ?? [];
    expect(frame).toContain('  informer cache 499 · handler replica 498 · 2 notifications pending · relists 1 · RV 899');
    expect(frame).toContain('  controller leading · 12 ConfigMap edits · 60 reconciles · 30 patches · 3/40 deployments behind');
  });
});
