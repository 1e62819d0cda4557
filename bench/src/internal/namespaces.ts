// The fake, like a cluster, refuses creates in a namespace that does not exist: fixtures spread
// over many namespaces create each one the first time it comes up.
import type { FakeApiServer } from '@kcache/fake-apiserver';

/** A function that creates a namespace on the fake the first time it is named. */
export function namespaceCreator(server: Pick<FakeApiServer, 'create' | 'get'>): (namespace: string | undefined) => void {
  const known = new Set<string>();
  return (namespace) => {
    if (namespace === undefined || namespace === '' || known.has(namespace)) return;
    known.add(namespace);
    if (server.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace }) === undefined) {
      server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    }
  };
}

/**
 * Fixture pods name ReplicaSets the fake does not hold (a snapshot of part of a cluster): its
 * garbage collector would delete them, so benchmarks seeding them turn it off.
 */
export const FIXTURE_CONTROLLERS = { garbageCollector: false } as const;
