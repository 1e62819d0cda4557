// Type-checked by `tsc` (the package's tsconfig includes test): every line must compile without a
// cast. The promise across packages: what one kcache package returns, every other takes; client-node
// models (1.4 and 2.x) and plain custom-resource interfaces fit all of them.
import { KubeConfig, type V1ConfigMap, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import type { V1Pod as V1Pod1 } from 'client-node-1';
import { createFakeApiServer, type ServerStatus, type Stored } from '@kcache/fake-apiserver';
import { createListWatch, type ApiError, type ObjectList, type Status } from '@kcache/listwatch';
import { createReflector } from '@kcache/reflector';
import * as store from '@kcache/store';
import { createIndexer, createStore, DeletedFinalStateUnknown, metaNamespaceKeyFunc, type KubeObject } from '@kcache/store';
import { describe, expect, expectTypeOf, it } from 'vitest';

interface Widget extends KubeObject {
  spec: { size: number };
}

describe('one object type across packages', () => {
  it('has one definition of each shared shape', () => {
    expectTypeOf<Status>().toEqualTypeOf<store.Status>();
    expectTypeOf<ObjectList<V1Pod>>().toEqualTypeOf<store.ObjectList<V1Pod>>();
    expectTypeOf<ServerStatus>().toExtend<Status>();
    expectTypeOf<ApiError['status']>().toEqualTypeOf<Status>();
  });

  it('passes objects from the fake to the store, the listwatch to the store, and the store back to the fake', async () => {
    await using server = await createFakeApiServer({
      resources: [{ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true }],
    });
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig());

    // The fake's return values go into a store of the same model.
    const deployment: V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { namespace: 'default', name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    const stored: Stored<V1Deployment> = server.create(deployment);
    const deployments = createIndexer<V1Deployment>();
    deployments.add(stored);
    expect(deployments.getByKey('default/web')?.metadata?.resourceVersion).toBe(stored.metadata.resourceVersion);

    // A ListerWatcher's items go into a store; a store's objects go back to the fake.
    server.create<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name: 'settings' }, data: { a: '1' } });
    const configMaps = createListWatch<V1ConfigMap>(kc, { apiVersion: 'v1', resource: 'configmaps' });
    const list = await configMaps.list({});
    const cache = createStore<V1ConfigMap>();
    cache.replace(list.items, list.metadata.resourceVersion ?? '');
    const cached = cache.getByKey('default/settings');
    if (cached === undefined) throw new Error('the ConfigMap was not listed');
    const updated = server.update({ ...cached, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    configMaps.close();

    // A reflector wires a ListerWatcher and a store of a custom resource; tombstones key like objects.
    server.create<Widget>({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'default', name: 'w' }, spec: { size: 1 } });
    const widgets = createListWatch<Widget>(kc, { apiVersion: 'example.com/v1', resource: 'widgets' });
    const widgetCache = createIndexer<Widget>();
    const reflector = createReflector({ listerWatcher: widgets, store: widgetCache });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync(AbortSignal.timeout(10_000));
    const w = widgetCache.getByKey('default/w');
    expect(w?.spec.size).toBe(1);
    const tombstone = new DeletedFinalStateUnknown<Widget>('default/w', w);
    expect(store.deletionHandlingMetaNamespaceKeyFunc(tombstone)).toBe('default/w');
    stop.abort();
    await running;
    widgets.close();

    // A client-node 1.4 model fits the same APIs.
    const pods1 = createStore<V1Pod1>();
    const pods = createStore<V1Pod>();
    const pod = server.create<V1Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    pods.add(pod);
    expect(metaNamespaceKeyFunc(pod)).toBe('default/p');
    expectTypeOf(pods1.list()).toEqualTypeOf<V1Pod1[]>();
  });
});
