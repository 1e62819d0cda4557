// Type-checked by `tsc` (the package's tsconfig includes src): every line must compile without a
// cast. The promise: client-node models and plain custom-resource interfaces fit an informer, its
// handlers, its events and its lister, with the handler parameters typed as the object.
import { KubeConfig, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { createListWatch } from '@kcache/listwatch';
import { DeletedFinalStateUnknown, type Indexer } from '@kcache/store';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createInformerFactory,
  createSharedInformer,
  type HandlerRegistration,
  type InformerEvent,
  type Lister,
  type ResourceEventHandler,
  type SharedInformer,
} from './index.js';

/** A custom resource as a user writes it: a plain interface, not extending anything of kcache's. */
interface Widget {
  apiVersion: 'example.com/v1';
  kind: 'Widget';
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
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
  it('V1Pod: informer, handlers, events and lister typed as V1Pod without a cast', () => {
    const kc = kubeConfig();
    const listerWatcher = createListWatch<V1Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    const pods = createSharedInformer<V1Pod>({
      listerWatcher,
      expectedType: { apiVersion: 'v1', kind: 'Pod' },
      indexers: { node: (pod) => (pod.spec?.nodeName === undefined ? [] : [pod.spec.nodeName]) },
      transform: (pod) => {
        if (pod.metadata !== undefined) delete pod.metadata.managedFields;
        return pod;
      },
    });
    expectTypeOf(pods).toEqualTypeOf<SharedInformer<V1Pod>>();
    expectTypeOf(pods.indexer).toEqualTypeOf<Indexer<V1Pod>>();
    expectTypeOf(pods.lister()).toEqualTypeOf<Lister<V1Pod>>();
    expectTypeOf(pods.lister().namespace('default').list()).toEqualTypeOf<V1Pod[]>();

    const registration = pods.addEventHandler(
      {
        onAdd: (pod, isInInitialList) => {
          expectTypeOf(pod).toEqualTypeOf<V1Pod>();
          expectTypeOf(isInInitialList).toEqualTypeOf<boolean>();
        },
        onUpdate: async (oldPod, newPod) => {
          expectTypeOf(oldPod).toEqualTypeOf<V1Pod>();
          expectTypeOf(newPod.status?.phase).toEqualTypeOf<string | undefined>();
          await Promise.resolve();
        },
        onDelete: (pod) => {
          expectTypeOf(pod).toEqualTypeOf<V1Pod | DeletedFinalStateUnknown<V1Pod>>();
          const last = pod instanceof DeletedFinalStateUnknown ? pod.obj : pod;
          expectTypeOf(last).toEqualTypeOf<V1Pod | undefined>();
        },
      },
      { name: 'pods', resyncPeriodMs: 30_000, filter: (pod) => pod.spec?.nodeName === 'node-1' },
    );
    expectTypeOf(registration).toEqualTypeOf<HandlerRegistration>();
    expectTypeOf(pods.events()).toEqualTypeOf<AsyncIterable<InformerEvent<V1Pod>>>();
    pods.on('handler-error', (e) => {
      expectTypeOf(e.notification).toEqualTypeOf<InformerEvent<V1Pod>>();
    });
    pods.on('list', (e) => {
      expectTypeOf(e.items).toEqualTypeOf<number>();
    });

    // A handler written separately against the client-node model fits.
    const names: string[] = [];
    const handler: ResourceEventHandler<V1Pod> = {
      onAdd: (pod) => {
        names.push(pod.metadata?.name ?? '');
      },
    };
    pods.addEventHandler(handler);
    expect(pods.hasSynced()).toBe(false);
    listerWatcher.close();
  });

  it('a plain custom-resource interface, and the factory', () => {
    const kc = kubeConfig();
    const listerWatcher = createListWatch<Widget>(kc, { apiVersion: 'example.com/v1', resource: 'widgets' });
    const widgets = createSharedInformer<Widget>({ listerWatcher });
    widgets.addEventHandler({
      onUpdate: (old, widget) => {
        expectTypeOf(widget.spec.size - old.spec.size).toEqualTypeOf<number>();
      },
    });
    expectTypeOf(widgets.lister().get('w')).toEqualTypeOf<Widget | undefined>();

    const factory = createInformerFactory(kc, { namespace: 'default' });
    const deployments = factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
    expectTypeOf(deployments).toEqualTypeOf<SharedInformer<V1Deployment>>();
    const replicas: number[] = [];
    deployments.addEventHandler({
      onAdd: (d) => {
        replicas.push(d.spec?.replicas ?? 0);
      },
    });
    expect(deployments).toBe(factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' }));
    listerWatcher.close();
  });
});
