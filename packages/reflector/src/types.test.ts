// Type-checked by `tsc` (the package's tsconfig includes src): every line must compile without a
// cast. The promise: a reflector wires a ListerWatcher and a Store of client-node models, of plain
// custom-resource interfaces, or of the shared KubeObject, in any combination that is sound.
import { KubeConfig, type V1ConfigMap, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { createListWatch, type ListerWatcher } from '@kcache/listwatch';
import { createIndexer, createStore, metaNamespaceIndexFunc, NAMESPACE_INDEX, type KubeObject, type Store } from '@kcache/store';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createReflector, type Reflector, type ReflectorOptions } from './index.js';
import { createScriptedListerWatcher } from './testing/index.js';

interface Widget extends KubeObject {
  spec: { size: number };
}

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:9' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('types', () => {
  it('wire listwatch and store of client-node models, custom resources and KubeObject without a cast', () => {
    const kc = kubeConfig();
    const pods = createListWatch<V1Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    const podCache = createIndexer<V1Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    const podReflector = createReflector({ listerWatcher: pods, store: podCache, expectedType: { apiVersion: 'v1', kind: 'Pod' } });
    expectTypeOf(podReflector).toEqualTypeOf<Reflector<V1Pod>>();

    const deployments = createListWatch<V1Deployment>(kc, { apiVersion: 'apps/v1', resource: 'deployments' });
    createReflector({ listerWatcher: deployments, store: createStore<V1Deployment>() });

    const configMaps = createListWatch<V1ConfigMap>(kc, { apiVersion: 'v1', resource: 'configmaps' });
    createReflector<V1ConfigMap>({ listerWatcher: configMaps, store: createIndexer<V1ConfigMap>(), transform: (cm) => ({ ...cm, binaryData: {} }) });

    const widgets = createListWatch<Widget>(kc, { apiVersion: 'example.com/v1', resource: 'widgets' });
    createReflector({ listerWatcher: widgets, store: createStore<Widget>() });

    // The untyped defaults of each package meet: createListWatch() and createStore() speak KubeObject.
    const any = createListWatch(kc, { apiVersion: 'v1', resource: 'secrets' });
    const anyStore: Store<KubeObject> = createStore();
    const anyReflector = createReflector({ listerWatcher: any, store: anyStore });
    expectTypeOf(anyReflector).toEqualTypeOf<Reflector>();
    expect(anyReflector.hasSynced()).toBe(false);

    // A ListerWatcher of the shared shape is what the scripted one (for tests) gives too.
    const scripted = createScriptedListerWatcher<V1Pod>({ lists: [], watches: [] });
    expectTypeOf(scripted).toExtend<ListerWatcher<V1Pod>>();
    expectTypeOf<ReflectorOptions<V1Pod>['store']>().toEqualTypeOf<Store<V1Pod>>();

    for (const lw of [pods, deployments, configMaps, widgets, any]) lw.close();
  });
});
