// Typechecked by `tsc` (tsconfig includes src): every assignment below must compile without casts,
// which is what "a V1Pod fits" means. The runtime assertions check the same objects work.
import { V1ObjectMeta, V1OwnerReference, V1Pod, type V1ConfigMap, type V1Deployment } from '@kubernetes/client-node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DeletedFinalStateUnknown,
  NAMESPACE_INDEX,
  createIndexer,
  createStore,
  deletionHandlingMetaNamespaceKeyFunc,
  metaNamespaceIndexFunc,
  metaNamespaceKeyFunc,
  type Indexer,
  type KeyFunc,
  type KubeObject,
  type ObjectMeta,
  type Store,
} from './index.js';

describe('structural types', () => {
  it('accepts client-node model classes without casts', () => {
    expectTypeOf<V1Pod>().toExtend<KubeObject>();
    expectTypeOf<V1Deployment>().toExtend<KubeObject>();
    expectTypeOf<V1ConfigMap>().toExtend<KubeObject>();
    expectTypeOf<V1ObjectMeta>().toExtend<ObjectMeta>();

    const store: Store<V1Pod> = createStore<V1Pod>();
    const indexer: Indexer<V1Pod> = createIndexer<V1Pod>({
      indexers: {
        [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
        app: (pod) => (pod.metadata?.labels?.app === undefined ? [] : [pod.metadata.labels.app]),
      },
    });
    const keyFunc: KeyFunc<V1Pod> = metaNamespaceKeyFunc;
    expectTypeOf(store.getByKey('x')).toEqualTypeOf<V1Pod | undefined>();
    expectTypeOf(indexer.byIndex(NAMESPACE_INDEX, 'x')).toEqualTypeOf<V1Pod[]>();

    const meta = new V1ObjectMeta();
    meta.namespace = 'default';
    meta.name = 'web-0';
    const owner = new V1OwnerReference();
    owner.apiVersion = 'apps/v1';
    owner.kind = 'ReplicaSet';
    owner.name = 'web';
    owner.uid = 'u1';
    meta.ownerReferences = [owner];
    meta.creationTimestamp = new Date(0);
    meta.labels = { app: 'web' };
    const pod = new V1Pod();
    pod.apiVersion = 'v1';
    pod.kind = 'Pod';
    pod.metadata = meta;

    store.add(pod);
    indexer.add(pod);
    expect(keyFunc(pod)).toBe('default/web-0');
    expect(store.getByKey('default/web-0')).toBe(pod);
    expect(indexer.byIndex('app', 'web')).toEqual([pod]);
    expect(indexer.index(NAMESPACE_INDEX, pod)).toEqual([pod]);
  });

  it('accepts plain JSON objects as the API server sends them', () => {
    const json = JSON.parse(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"ns","creationTimestamp":"2024-01-01T00:00:00Z"}}',
    ) as V1Pod;
    const store = createStore<KubeObject>();
    store.add(json);
    expect(store.listKeys()).toEqual(['ns/a']);
  });

  it('lets a store hold tombstones next to objects', () => {
    type Item = V1Pod | DeletedFinalStateUnknown<V1Pod>;
    const keyFunc: KeyFunc<Item> = deletionHandlingMetaNamespaceKeyFunc;
    const store = createStore<Item>({ keyFunc });
    const pod = new V1Pod();
    pod.metadata = new V1ObjectMeta();
    pod.metadata.namespace = 'ns';
    pod.metadata.name = 'a';
    store.add(pod);
    expect(store.listKeys()).toEqual(['ns/a']);
    store.delete(new DeletedFinalStateUnknown<V1Pod>('ns/a', undefined));
    expect(store.list()).toEqual([]);
  });

  it('takes any object type when a key function is given', () => {
    const store = createStore<{ id: number }>({ keyFunc: (o) => String(o.id) });
    store.add({ id: 7 });
    expectTypeOf(store.list()).toEqualTypeOf<{ id: number }[]>();
    expect(store.listKeys()).toEqual(['7']);
    // @ts-expect-error: without a key function the objects must be KubeObjects.
    createStore<number>();
  });
});
