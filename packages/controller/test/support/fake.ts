import { KubeConfig } from '@kubernetes/client-node';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import type { KubeObject } from '@kcache/store';

const open: FakeApiServer[] = [];

/** Starts a fake API server that `closeAll` will close, and a KubeConfig for it. */
export async function startFake(): Promise<{ fake: FakeApiServer; kubeConfig: KubeConfig }> {
  const fake = await createFakeApiServer();
  open.push(fake);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(fake.kubeconfig());
  return { fake, kubeConfig };
}

/** Closes every fake started so far. */
export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
}

/** A valid Deployment. */
export function deployment(name: string, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  } as KubeObject;
}

/** A valid ReplicaSet controlled by the Deployment `owner` (whose uid is given). */
export function replicaSet(name: string, owner: { name: string; uid: string }, namespace = 'default', replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: owner.name } },
      template: { metadata: { labels: { app: owner.name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  } as KubeObject;
}
