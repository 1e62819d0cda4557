// Type-checked by `tsc` (the package's tsconfig includes src): every line must compile without a
// cast. The promise: informers of client-node models (V1Deployment, V1ReplicaSet, V1ConfigMap), of
// custom resources and of KubeObject all fit `informers`, plain or with their own enqueue.
import { KubeConfig, type V1ConfigMap, type V1Deployment, type V1ReplicaSet } from '@kubernetes/client-node';
import { createInformerFactory, createSharedInformer, type SharedInformer } from '@kcache/informer';
import { createListWatch } from '@kcache/listwatch';
import type { DeletedFinalStateUnknown, KubeObject } from '@kcache/store';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createController,
  enqueueByIndex,
  enqueueOwner,
  informerSource,
  unwrapTombstone,
  type Controller,
  type ControllerInformer,
  type InformerSource,
} from './index.js';

interface Widget extends KubeObject {
  spec: { size: number; configMap?: string };
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
  it('client-node models, custom resources and KubeObject informers fit `informers` without a cast', () => {
    const kc = kubeConfig();
    const factory = createInformerFactory(kc, { namespace: 'default' });
    const deployments = factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
    const replicaSets = factory.informerFor<V1ReplicaSet>({ apiVersion: 'apps/v1', resource: 'replicasets' });
    const configMaps: SharedInformer<V1ConfigMap> = createSharedInformer({ listerWatcher: createListWatch<V1ConfigMap>(kc, { apiVersion: 'v1', resource: 'configmaps' }) });
    const widgets = createSharedInformer<Widget>({ listerWatcher: createListWatch<Widget>(kc, { apiVersion: 'example.com/v1', resource: 'widgets' }) });
    const anything = factory.informerFor({ apiVersion: 'v1', resource: 'pods' });
    expectTypeOf(deployments).toExtend<ControllerInformer>();

    const controller = createController({
      name: 'types',
      informers: [
        deployments,
        anything,
        widgets,
        { informer: replicaSets, enqueue: enqueueOwner({ apiVersion: 'apps/v1', kind: 'Deployment' }) },
        // An enqueue function typed by the informer's objects, inferred through informerSource.
        informerSource(configMaps, {
          enqueue: (cm) => unwrapTombstone(cm)?.data?.owner,
          filter: (cm) => cm.immutable !== true,
        }),
        informerSource(widgets, { enqueue: enqueueByIndex({ indexer: deployments.indexer, indexName: 'configMap', value: (w) => unwrapTombstone(w)?.spec.configMap }) }),
        // A source written as a literal with explicit parameter types.
        { informer: replicaSets, enqueue: (rs: V1ReplicaSet | DeletedFinalStateUnknown<V1ReplicaSet>) => unwrapTombstone(rs)?.metadata?.name },
      ],
      reconcile: async (key, signal) => {
        expectTypeOf(key).toEqualTypeOf<string>();
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
        const deployment = deployments.indexer.getByKey(key);
        if (deployment?.spec?.paused === true) return { requeueAfterMs: 1000 };
        if (deployment === undefined) return { requeue: true };
        return undefined;
      },
    });
    expectTypeOf(controller).toEqualTypeOf<Controller>();
    const source: InformerSource = { informer: deployments };
    expect(source.informer).toBe(deployments);

    // A reconcile declared as returning Promise<void>, passed by reference.
    async function reconcileDeployment(_key: string): Promise<void> {}
    createController({ name: 'by-reference', informers: [deployments], reconcile: reconcileDeployment });

    controller.on('reconcile', (event) => {
      expectTypeOf(event.result).toEqualTypeOf<'success' | 'requeue-after' | 'requeue' | 'error' | 'aborted'>();
    });
    controller.on('error', (event) => {
      expectTypeOf(event.numRequeues).toEqualTypeOf<number>();
      expectTypeOf(event.error).toEqualTypeOf<unknown>();
    });
  });

  it('wrong shapes do not compile', () => {
    const deployments = createInformerFactory(kubeConfig()).informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
    const reconcile = async (): Promise<void> => {};
    // @ts-expect-error workers is a number
    expect(() => createController({ name: 'x', informers: [deployments], reconcile, workers: '2' })).toThrow();
    // @ts-expect-error a reconcile result is nothing, { requeueAfterMs } or { requeue: true }
    createController({ name: 'x', informers: [deployments], reconcile: async () => ({ requeueAfter: 5 }) });
    // @ts-expect-error an informerSource enqueue function gets the informer's objects
    informerSource(deployments, { enqueue: (d: V1ConfigMap) => d.data?.x });
  });
});
