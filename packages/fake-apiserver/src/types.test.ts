// Type-checked by `tsc` (the package's tsconfig includes src): every call below must compile without
// a cast. It is the promise that client-node's models and plain custom-resource interfaces fit the
// fake's in-process API, and that what the fake returns can be handed straight back to it.
import type { V1ConfigMap, V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { KubeObject as StoreKubeObject, Status as StoreStatus } from '@kcache/store';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createFakeApiServer, type FakeApiServer, type KubeObject, type ServerStatus, type Status, type Stored } from './index.js';

interface Widget {
  apiVersion: 'example.com/v1';
  kind: 'Widget';
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: { size: number };
}

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('object types', () => {
  it('are the shared shapes of @kcache/store', () => {
    expectTypeOf<KubeObject>().toEqualTypeOf<StoreKubeObject>();
    expectTypeOf<Status>().toEqualTypeOf<StoreStatus>();
    expectTypeOf<ServerStatus>().toExtend<StoreStatus>();
  });

  it('take client-node models and return objects that go back in without a cast', async () => {
    server = await createFakeApiServer();
    const deployment: V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { namespace: 'default', name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    };
    const created = server.create(deployment);
    expectTypeOf(created).toEqualTypeOf<Stored<V1Deployment>>();
    expectTypeOf(created).toExtend<V1Deployment>();
    expectTypeOf(created.metadata.resourceVersion).toEqualTypeOf<string>();
    const scaled = server.update({ ...created, spec: { ...created.spec, selector: created.spec?.selector ?? {}, replicas: 3 } });
    expect(scaled.spec.replicas).toBe(3);
    const again = server.update(scaled);
    expect(again.metadata.name).toBe('web');

    const cm: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name: 'settings' }, data: { a: '1' } };
    server.create(cm);
    const got = server.get<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' });
    expectTypeOf(got).toEqualTypeOf<Stored<V1ConfigMap> | undefined>();
    expect(got?.data).toEqual({ a: '1' });
    if (got === undefined) throw new Error('the ConfigMap was not stored');
    server.update({ ...got, data: { a: '2' } });

    const pods: Stored<V1Pod>[] = server.list<V1Pod>({ apiVersion: 'v1', kind: 'Pod', namespace: 'default' });
    expect(pods).toEqual([]);
  });

  it('take a plain custom-resource interface', async () => {
    server = await createFakeApiServer({
      resources: [{ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true }],
    });
    const widget: Widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 1 } };
    const stored = server.create(widget);
    expectTypeOf(stored.spec.size).toEqualTypeOf<number>();
    const bigger = server.update({ ...stored, spec: { size: 2 } });
    expect(bigger.spec.size).toBe(2);
    expect(server.get<Widget>({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'default', name: 'w' })?.spec.size).toBe(2);
  });

  it('give typed errors whose status is the shared Status', async () => {
    server = await createFakeApiServer();
    try {
      server.get({ apiVersion: 'v1', kind: 'Nope', name: 'x' });
      expect.unreachable('an unknown kind must be refused');
    } catch (err) {
      const status: StoreStatus = (err as { status: ServerStatus }).status;
      expect(status.code).toBe(404);
    }
  });
});
