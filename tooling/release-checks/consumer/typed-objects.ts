// Copied into the consumer test's scratch project: @kubernetes/client-node's models used with every
// kcache API that takes or returns objects, with no cast, against the packed packages; and what one
// kcache package returns handed straight to another. Prints one line per step; the consumer test
// compares them.
//
// client-node's models are classes, but everyone builds them as object literals and spreads them;
// that is the usage this file proves, so the lint rules against it are off here.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment, @typescript-eslint/no-misused-spread */
import assert from 'node:assert/strict';
import { KubeConfig, type V1ConfigMap, type V1Deployment, type V1Namespace, type V1Pod } from '@kubernetes/client-node';
import { createFakeApiServer } from '@kcache/fake-apiserver';
import { createListWatch } from '@kcache/listwatch';
import { createReflector } from '@kcache/reflector';
import { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } from '@kcache/store';

await using server = await createFakeApiServer();
// As on a cluster, objects go into a namespace that exists.
const shop: V1Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
server.create(shop);

// The fake's in-process API takes client-node models and gives back objects that go back in. A
// manifest read from a file is typed by the reader.
const deployment: unknown = JSON.parse(`{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": { "namespace": "shop", "name": "web" },
  "spec": {
    "selector": { "matchLabels": { "app": "web" } },
    "template": { "metadata": { "labels": { "app": "web" } }, "spec": { "containers": [{ "name": "web", "image": "nginx" }] } }
  }
}`);
const created = server.create(deployment as V1Deployment);
assert.ok(created.spec, 'the Deployment was stored without its spec');
const scaled: V1Deployment = server.update({ ...created, spec: { ...created.spec, replicas: 3 } });
assert.equal(scaled.spec?.replicas, 3);
console.log(`deployment ${String(scaled.metadata?.name)} at RV ${String(scaled.metadata?.resourceVersion)}`);

const settings: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop', name: 'settings' }, data: { mode: 'fast' } };
server.create(settings);
const stored = server.get<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings' });
assert.ok(stored, 'the ConfigMap was not stored');
const changed = server.update({ ...stored, data: { mode: 'safe' } });
console.log(`configmap data ${JSON.stringify(changed.data)}`);

for (const [name, node] of [['web-1', 'node-a'], ['web-2', 'node-b'], ['api-1', 'node-a']] as const) {
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: 'shop', name, labels: { app: name.split('-')[0] ?? name } },
    spec: { nodeName: node, containers: [{ name: 'main', image: 'nginx' }] },
  };
  server.create(pod);
}

// listwatch → reflector → indexer, all typed as V1Pod.
const kc = new KubeConfig();
kc.loadFromString(server.kubeconfig());
const listerWatcher = createListWatch<V1Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
const pods = createIndexer<V1Pod>({
  indexers: {
    [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
    node: (pod) => (pod.spec?.nodeName === undefined ? [] : [pod.spec.nodeName]),
  },
});
const reflector = createReflector({ listerWatcher, store: pods, expectedType: { apiVersion: 'v1', kind: 'Pod' } });
const stop = new AbortController();
const running = reflector.run(stop.signal);
await reflector.waitForSync(AbortSignal.timeout(30_000));
console.log(`pods on node-a: ${pods.indexKeys('node', 'node-a').join(' ')}`);

// An object from the store goes back to the fake as it is.
const cached: V1Pod | undefined = pods.getByKey('shop/web-2');
assert.ok(cached, 'shop/web-2 is not in the store');
const relabelled = server.update({ ...cached, metadata: { ...cached.metadata, labels: { app: 'web', tier: 'front' } } });
const list = await listerWatcher.list({});
const fromList: V1Pod[] = list.items;
console.log(`listed ${String(fromList.length)} pods; web-2 tier ${relabelled.metadata.labels.tier}`);

stop.abort();
await running;
listerWatcher.close();
