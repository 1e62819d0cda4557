import { getActiveResourcesInfo } from 'node:process';
import { KubeConfig } from '@kubernetes/client-node';
import { vi } from 'vitest';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import type { KubeObject, WatchEvent } from '../../src/index.js';

type FakeOptions = NonNullable<Parameters<typeof createFakeApiServer>[0]>;

/** A running fake plus a KubeConfig loaded from its kubeconfig YAML. */
export interface FakeHandle {
  fake: FakeApiServer;
  kc: KubeConfig;
}

const open: FakeApiServer[] = [];

export async function startFake(options: FakeOptions = {}): Promise<FakeHandle> {
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

/** Closes every fake started by this test file so far. */
export async function closeFakes(): Promise<void> {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
}

export interface Pod extends KubeObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string; annotations?: Record<string, string> };
  spec: { containers: { name: string; image: string }[]; nodeName?: string };
}

export function pod(name: string, labels: Record<string, string> = {}, namespace = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
  };
}

/** Reads events until `stop` says so (inclusive) or the stream ends. */
export async function take<T>(
  stream: AsyncIterator<WatchEvent<T>>,
  stop: (event: WatchEvent<T>, all: WatchEvent<T>[]) => boolean,
): Promise<WatchEvent<T>[]> {
  const out: WatchEvent<T>[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done === true) return out;
    out.push(next.value);
    if (stop(next.value, out)) return out;
  }
}

/** Open TCP sockets of this process (client and server sides: the fake runs in-process). */
export function openSockets(): number {
  return getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap').length;
}

/** Waits until `condition` holds (checked through `vi.waitUntil`), for at most 10 s. */
export async function until(condition: () => boolean): Promise<void> {
  await vi.waitUntil(condition, { timeout: 10_000, interval: 10 });
}

export const nameOf = (event: WatchEvent<Pod>): string | undefined =>
  event.type === 'ERROR' ? undefined : event.object.metadata.name;
