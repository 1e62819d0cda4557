import { KubeConfig } from '@kubernetes/client-node';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import { createListWatch, type KubeListerWatcher, type ListWatchResource } from '@kcache/listwatch';
import type { KubeObject } from '@kcache/store';

type FakeOptions = NonNullable<Parameters<typeof createFakeApiServer>[0]>;

export interface FakePod extends KubeObject {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    resourceVersion?: string;
    [field: string]: unknown;
  };
  spec: { containers: { name: string; image: string }[]; nodeName?: string };
}

const open: FakeApiServer[] = [];
const listerWatchers: KubeListerWatcher<unknown>[] = [];

/** Starts a fake API server that `closeAll` will close. */
export async function startFake(options: FakeOptions = {}): Promise<{ fake: FakeApiServer; kc: KubeConfig }> {
  const fake = await createFakeApiServer(options);
  open.push(fake);
  const kc = new KubeConfig();
  kc.loadFromString(fake.kubeconfig());
  return { fake, kc };
}

/**
 * Creates namespaces a test writes into (a fake, like a cluster, starts with `default` and the
 * `kube-*` ones only, and refuses creates in a namespace that does not exist).
 */
export function createNamespaces(fake: FakeApiServer, ...names: string[]): void {
  for (const name of names) {
    if (fake.get({ apiVersion: 'v1', kind: 'Namespace', name }) === undefined) fake.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}

/** A ListerWatcher for `resource` that `closeAll` will close. */
export function listWatch<T>(kc: KubeConfig, resource: ListWatchResource): KubeListerWatcher<T> {
  const lw = createListWatch<T>(kc, resource);
  listerWatchers.push(lw);
  return lw;
}

/** Closes every ListerWatcher and fake started so far. */
export async function closeAll(): Promise<void> {
  for (const lw of listerWatchers.splice(0)) lw.close();
  await Promise.all(open.splice(0).map((fake) => fake.close()));
}

export function fakePod(name: string, namespace = 'default', extra: { labels?: Record<string, string>; nodeName?: string } = {}): FakePod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(extra.labels === undefined ? {} : { labels: extra.labels }) },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], ...(extra.nodeName === undefined ? {} : { nodeName: extra.nodeName }) },
  };
}

/** `namespace/name@resourceVersion` of every object, sorted: what "the same state" means. */
export function snapshot(objects: Iterable<KubeObject>): string[] {
  return [...objects]
    .map((o) => {
      const m = o.metadata ?? {};
      const ns = m.namespace === undefined || m.namespace === '' ? '' : `${m.namespace}/`;
      return `${ns}${m.name ?? '?'}@${m.resourceVersion ?? '?'}`;
    })
    .sort();
}
