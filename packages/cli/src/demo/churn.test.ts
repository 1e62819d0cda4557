import { describe, expect, it } from 'vitest';
import { createRandom } from '../internal/random.js';
import { createChurner, type PodWriter } from './churn.js';
import { clusterShape, type DemoPod } from './pod.js';

/** An in-memory server: enough to check the churner's bookkeeping and its writes. */
function memoryWriter() {
  const objects = new Map<string, DemoPod>();
  let rv = 0;
  const log: string[] = [];
  const key = (p: { namespace?: string | undefined; name?: string | undefined }) => `${p.namespace ?? ''}/${p.name ?? ''}`;
  const writer: PodWriter = {
    create(pod) {
      const k = key(pod.metadata ?? {});
      if (objects.has(k)) throw new Error(`exists: ${k}`);
      const stored = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++rv) } };
      objects.set(k, stored);
      log.push(`create ${k}`);
      return stored;
    },
    update(pod) {
      const k = key(pod.metadata ?? {});
      const current = objects.get(k);
      if (current === undefined) throw new Error(`missing: ${k}`);
      if (current.metadata?.resourceVersion !== pod.metadata?.resourceVersion) throw new Error(`conflict: ${k}`);
      const stored = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++rv) } };
      objects.set(k, stored);
      log.push(`update ${k} ${stored.status?.phase ?? ''} ${stored.metadata.labels?.revision ?? ''}`);
      return stored;
    },
    delete(ref) {
      const k = key(ref);
      if (!objects.delete(k)) throw new Error(`missing: ${k}`);
      log.push(`delete ${k}`);
    },
  };
  return { writer, objects, log };
}

describe('createChurner', () => {
  const shape = clusterShape(3, 5);

  it('seeds pods across the given namespaces and nodes, reporting progress', () => {
    const { writer, objects } = memoryWriter();
    const churner = createChurner(writer, createRandom(1), shape);
    const progress: number[] = [];
    churner.seed(250, (done) => progress.push(done));
    expect(objects.size).toBe(250);
    expect(churner.size).toBe(250);
    expect(progress.at(-1)).toBe(250);
    expect(progress.length).toBeGreaterThan(10);
    const pods = [...objects.values()];
    expect(new Set(pods.map((p) => p.metadata?.namespace))).toEqual(new Set(shape.namespaces));
    expect(new Set(pods.map((p) => p.spec?.nodeName))).toEqual(new Set(shape.nodes));
    expect(pods.every((p) => ['Pending', 'Running', 'Succeeded', 'Failed'].includes(p.status?.phase ?? ''))).toBe(true);
  });

  it('writes with current resourceVersions and keeps its bookkeeping equal to the server', () => {
    const { writer, objects } = memoryWriter();
    const churner = createChurner(writer, createRandom(2), shape);
    churner.seed(100);
    // The memory writer throws on a conflict, a missing object or a duplicate.
    for (let i = 0; i < 3000; i++) churner.step();
    const { created, updated, deleted } = churner.counts;
    expect(created + updated + deleted).toBe(3000);
    expect(created).toBeGreaterThan(200);
    expect(deleted).toBeGreaterThan(200);
    expect(updated).toBeGreaterThan(2000);
    expect(objects.size).toBe(100 + created - deleted);
    expect(churner.size).toBe(objects.size);
  });

  it('makes the same writes for the same seed', () => {
    const a = memoryWriter();
    const b = memoryWriter();
    const ca = createChurner(a.writer, createRandom(99), shape);
    const cb = createChurner(b.writer, createRandom(99), shape);
    ca.seed(50);
    cb.seed(50);
    for (let i = 0; i < 500; i++) {
      ca.step();
      cb.step();
    }
    expect(a.log).toEqual(b.log);
    const c = memoryWriter();
    createChurner(c.writer, createRandom(100), shape).seed(50);
    expect(c.log).not.toEqual(a.log.slice(0, 50));
  });
});
