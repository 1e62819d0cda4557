// Type-checked by `tsc` (the package's tsconfig includes src): every line must compile without a
// cast. The promise: client-node's models (1.4 and 2.x) and plain custom-resource interfaces fit
// createListWatch, and the shapes listwatch speaks in are @kcache/store's own.
import { KubeConfig, type V1ConfigMap, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import type { V1Pod as V1Pod1, V1Deployment as V1Deployment1 } from 'client-node-1';
import type * as store from '@kcache/store';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createListWatch,
  type KubeObject,
  type ListerWatcher,
  type ListMeta,
  type ObjectList,
  type Status,
  type StatusCause,
  type StatusDetails,
  type WatchEvent,
} from './index.js';

interface Widget {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
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
  it('are the shared shapes of @kcache/store', () => {
    expectTypeOf<KubeObject>().toEqualTypeOf<store.KubeObject>();
    expectTypeOf<ListMeta>().toEqualTypeOf<store.ListMeta>();
    expectTypeOf<ObjectList<V1Pod>>().toEqualTypeOf<store.ObjectList<V1Pod>>();
    expectTypeOf<Status>().toEqualTypeOf<store.Status>();
    expectTypeOf<StatusDetails>().toEqualTypeOf<store.StatusDetails>();
    expectTypeOf<StatusCause>().toEqualTypeOf<store.StatusCause>();
  });

  it('fit client-node 2.x and 1.4 models and custom resources', () => {
    const kc = kubeConfig();
    const pods = createListWatch<V1Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    const deployments = createListWatch<V1Deployment>(kc, { apiVersion: 'apps/v1', resource: 'deployments' });
    const configMaps = createListWatch<V1ConfigMap>(kc, { apiVersion: 'v1', resource: 'configmaps' });
    const pods1 = createListWatch<V1Pod1>(kc, { apiVersion: 'v1', resource: 'pods' });
    const deployments1 = createListWatch<V1Deployment1>(kc, { apiVersion: 'apps/v1', resource: 'deployments' });
    const widgets = createListWatch<Widget>(kc, { apiVersion: 'example.com/v1', resource: 'widgets' });

    expectTypeOf(pods).toExtend<ListerWatcher<V1Pod>>();
    expectTypeOf<Awaited<ReturnType<typeof pods.list>>>().toEqualTypeOf<store.ObjectList<V1Pod>>();
    expectTypeOf<V1Pod>().toExtend<store.KubeObject>();
    expectTypeOf<V1Pod1>().toExtend<store.KubeObject>();
    expectTypeOf<V1Deployment1>().toExtend<store.KubeObject>();
    expectTypeOf<Widget>().toExtend<store.KubeObject>();
    expectTypeOf<WatchEvent<V1Pod>>().toExtend<{ type: string; object: V1Pod | store.Status }>();

    // A ListerWatcher of a model fits where a ListerWatcher of any object is expected.
    const any: ListerWatcher<KubeObject>[] = [pods, deployments, configMaps, pods1, deployments1, widgets];
    expect(any).toHaveLength(6);
    for (const lw of [pods, deployments, configMaps, pods1, deployments1, widgets]) lw.close();
  });
});
