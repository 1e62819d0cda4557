import { describe, expect, it } from 'vitest';
import { DeletedFinalStateUnknown, type KubeObject } from '@kcache/store';
import { createHandlerReplica } from './replica.js';

const pod = (name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'ns', name, resourceVersion: rv } });

describe('createHandlerReplica', () => {
  it('keeps a map from adds, updates, deletes and tombstones', async () => {
    const replica = createHandlerReplica<KubeObject>();
    const h = replica.handler;
    await h.onAdd?.(pod('a', '1'), true);
    await h.onAdd?.(pod('b', '2'), true);
    await h.onAdd?.(pod('c', '3'), false);
    await h.onUpdate?.(pod('a', '1'), pod('a', '4'));
    await h.onDelete?.(pod('b', '5'));
    await h.onDelete?.(new DeletedFinalStateUnknown('ns/c', pod('c', '3')));
    expect([...replica.objects.entries()].map(([k, v]) => `${k}@${v.metadata?.resourceVersion ?? ''}`)).toEqual(['ns/a@4']);
    expect(replica.counts).toEqual({ initialAdds: 2, adds: 1, updates: 1, deletes: 1, tombstones: 1 });
    expect(replica.violationCount).toBe(0);
  });

  it('records notifications that contradict what the handler was told before', async () => {
    const replica = createHandlerReplica<KubeObject>();
    const h = replica.handler;
    await h.onAdd?.(pod('a', '1'), true);
    await h.onAdd?.(pod('a', '2'), false);
    await h.onUpdate?.(pod('a', '1'), pod('a', '3'));
    await h.onUpdate?.(pod('x', '1'), pod('x', '2'));
    await h.onDelete?.(new DeletedFinalStateUnknown<KubeObject>('ns/y', undefined));
    expect(replica.violations).toEqual([
      'add of ns/a @2 while holding @1',
      'update of ns/a: old @1 but last told @2',
      'update of ns/x @2, which it does not hold',
      'delete of ns/y, which it does not hold',
    ]);
    expect(replica.violationCount).toBe(4);
    for (let i = 0; i < 10; i++) await h.onDelete?.(pod(`z${String(i)}`, '9'));
    expect(replica.violations).toHaveLength(5);
    expect(replica.violationCount).toBe(14);
  });
});
