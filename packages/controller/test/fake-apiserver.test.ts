// The controller over real informers (createInformerFactory → listwatch → the fake API server over
// HTTP): children enqueue their owner, a deletion learnt from a relist reaches reconcile as the
// tombstone's key, and the controller starts only after the caches have synced.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { createInformerFactory } from '@kcache/informer';
import { DeletedFinalStateUnknown } from '@kcache/store';
import { afterEach, expect, it, vi } from 'vitest';
import { createController, enqueueOwner, informerSource, type ControllerEvent } from '../src/index.js';
import { closeAll, deployment, replicaSet, startFake } from './support/fake.js';

afterEach(async () => {
  await closeAll();
});

it('reconciles Deployments when they or the ReplicaSets they control change', async () => {
  const { fake, kubeConfig } = await startFake();
  const web = fake.create(deployment('web'));
  fake.create(deployment('api'));
  fake.create(replicaSet('web-1', { name: 'web', uid: web.metadata.uid }));
  const factory = createInformerFactory(kubeConfig, { namespace: 'default' });
  const deployments = factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
  const replicaSets = factory.informerFor<V1ReplicaSet>({ apiVersion: 'apps/v1', resource: 'replicasets' });
  const seen: { key: string; cached: boolean; replicaSets: number }[] = [];
  const controller = createController({
    name: 'deployments',
    informers: [deployments, { informer: replicaSets, enqueue: enqueueOwner({ apiVersion: 'apps/v1', kind: 'Deployment' }) }],
    workers: 2,
    reconcile: async (key) => {
      const [namespace = '', name = ''] = key.split('/');
      const owned = replicaSets.lister().namespace(namespace).list().filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.name === name));
      seen.push({ key, cached: deployments.indexer.getByKey(key) !== undefined, replicaSets: owned.length });
    },
  });
  const events: ControllerEvent[] = [];
  controller.on('*', (e) => events.push(e));
  const stop = new AbortController();
  factory.start(stop.signal);
  const running = controller.run(stop.signal);
  await vi.waitUntil(() => seen.length >= 2, { timeout: 5000 });
  // The initial list: both Deployments (web twice at most: itself and its ReplicaSet, deduplicated while queued).
  expect(new Set(seen.map((s) => s.key))).toEqual(new Set(['default/web', 'default/api']));
  expect(seen.every((s) => s.cached)).toBe(true);
  const before = seen.length;
  fake.update({ ...replicaSet('web-1', { name: 'web', uid: web.metadata.uid }, 'default', 3) });
  await vi.waitUntil(() => seen.length > before, { timeout: 5000 });
  expect(seen.at(-1)).toMatchObject({ key: 'default/web', replicaSets: 1 });
  const started = events.findIndex((e) => e.type === 'synced');
  const firstReconcile = events.findIndex((e) => e.type === 'reconcile');
  expect(started).toBeGreaterThanOrEqual(0);
  expect(firstReconcile).toBeGreaterThan(started);
  stop.abort();
  await running;
  await factory.shutdown();
});

it('a deletion learnt from a relist (watch closed, history compacted) reconciles the tombstone key', async () => {
  const { fake, kubeConfig } = await startFake();
  fake.create(deployment('keep'));
  fake.create(deployment('gone'));
  const factory = createInformerFactory(kubeConfig, { namespace: 'default', reflector: { backoff: { initialMs: 10, maxMs: 50 } } });
  const deployments = factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
  const tombstones: string[] = [];
  const reconciled: string[] = [];
  const controller = createController({
    name: 'tombstones',
    informers: [
      informerSource(deployments, {
        enqueue: (d, context) => {
          if (d instanceof DeletedFinalStateUnknown) tombstones.push(`${context.type}:${d.key}`);
          return d instanceof DeletedFinalStateUnknown ? d.key : `${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`;
        },
      }),
    ],
    reconcile: async (key) => {
      reconciled.push(`${key}:${deployments.indexer.getByKey(key) === undefined ? 'absent' : 'present'}`);
    },
  });
  const stop = new AbortController();
  factory.start(stop.signal);
  const running = controller.run(stop.signal);
  await vi.waitUntil(() => reconciled.length === 2, { timeout: 5000 });
  fake.closeWatches();
  fake.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'gone' });
  fake.compact(); // the watch cannot resume past the deletion: 410, then a relist without "gone"
  await vi.waitUntil(() => reconciled.includes('default/gone:absent'), { timeout: 10_000 });
  expect(tombstones).toEqual(['delete:default/gone']);
  stop.abort();
  await running;
  await factory.shutdown();
});
