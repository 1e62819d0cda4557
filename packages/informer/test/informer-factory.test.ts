// createInformerFactory against the fake API server: one informer per resource, started together.
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createInformerFactory, isInformerError } from '../src/index.js';
import { closeAll, createNamespaces, fakePod, snapshot, startFake } from './support/fake.js';
import { until } from './support/objects.js';

afterEach(closeAll);

describe('createInformerFactory', () => {
  it('makes one informer per resource, runs them, and waits for all their caches', async () => {
    const { fake, kc } = await startFake();
    fake.create(fakePod('web-0', 'default'));
    createNamespaces(fake, 'other');
    fake.create(fakePod('web-1', 'other'));
    fake.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } });
    const factory = createInformerFactory(kc, { namespace: 'default' });
    const pods = factory.informerFor<V1Pod>({ apiVersion: 'v1', resource: 'pods' });
    expect(factory.informerFor<V1Pod>({ apiVersion: 'v1', resource: 'pods' })).toBe(pods);
    await expect(factory.waitForCacheSync()).rejects.toMatchObject({ code: 'NotStarted' });

    factory.start(new AbortController().signal);
    // Made after start: starts at once.
    const configMaps = factory.informerFor<V1ConfigMap>({ apiVersion: 'v1', resource: 'configmaps' });
    await factory.waitForCacheSync(AbortSignal.timeout(10_000));
    expect(snapshot(pods.indexer.list()).map((s) => s.split('@')[0])).toEqual(['default/web-0']);
    expect(configMaps.lister().namespace('default').get('settings')?.data).toEqual({ a: '1' });

    const added: string[] = [];
    pods.addEventHandler({
      onAdd: (p, initial) => {
        added.push(`${p.metadata?.name ?? '?'} ${String(initial)}`);
      },
    });
    fake.create(fakePod('web-2', 'default'));
    await until(() => added.length === 2, { timeout: 10_000 });
    expect(added).toEqual(['web-0 true', 'web-2 false']);

    await factory.shutdown();
    expect(pods.isStopped()).toBe(true);
    expect(configMaps.isStopped()).toBe(true);
    let error: unknown;
    try {
      factory.informerFor({ apiVersion: 'v1', resource: 'secrets' });
    } catch (err) {
      error = err;
    }
    expect(isInformerError(error, 'Stopped')).toBe(true);
  });

  it('the start signal stops every informer', async () => {
    const { kc } = await startFake();
    const factory = createInformerFactory(kc);
    const pods = factory.informerFor({ apiVersion: 'v1', resource: 'pods' });
    const controller = new AbortController();
    factory.start(controller.signal);
    await factory.waitForCacheSync();
    controller.abort();
    await until(() => pods.isStopped());
    await factory.shutdown();
  });

  it('refuses something that is not a KubeConfig', () => {
    expect(() => createInformerFactory({} as never)).toThrow(/KubeConfig/);
  });
});
