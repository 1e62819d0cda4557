import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, kindInfoFromDefinition, type KindInfo } from './kinds.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

function kind(name: string): KindInfo {
  const found = BUILTIN_KINDS.find((k) => k.kind === name);
  if (found === undefined) throw new Error(`no built-in ${name}`);
  return found;
}

const podWith = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});
const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });
const smp = (target: unknown, patch: unknown, k = 'Pod'): unknown => applyStrategicMergePatch(target, patch, kind(k));
const spec = (obj: unknown): Record<string, unknown> => (obj as { spec: Record<string, unknown> }).spec;

function patchError(target: unknown, patch: unknown, k: KindInfo = kind('Pod')): PatchError {
  try {
    applyStrategicMergePatch(target, patch, k);
  } catch (err) {
    expect(err).toBeInstanceOf(PatchError);
    return err as PatchError;
  }
  throw new Error('expected the patch to fail');
}

describe('applyStrategicMergePatch: lists with a merge key', () => {
  const pod = podWith({ containers: [c('a', { image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }), c('b', { image: 'x' })] });

  it('merges containers by name and keeps the others', () => {
    const out = smp(pod, { spec: { containers: [c('a', { image: 'y' })] } });
    expect(spec(out).containers).toEqual([c('a', { image: 'y', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }), c('b', { image: 'x' })]);
  });

  it('merges env by name inside a container', () => {
    const out = smp(pod, { spec: { containers: [c('a', { env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] })] } });
    expect((spec(out).containers as { env: unknown }[])[0]?.env).toEqual([
      { name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' },
    ]);
  });

  it('puts new items first without $setElementOrder, as Kubernetes does', () => {
    const out = smp(pod, { spec: { containers: [c('c', { image: 'z' })] } });
    expect((spec(out).containers as { name: string }[]).map((x) => x.name)).toEqual(['c', 'a', 'b']);
  });

  it('orders by $setElementOrder when the patch gives one', () => {
    const out = smp(pod, {
      spec: { '$setElementOrder/containers': [c('a'), c('b'), c('c')], containers: [c('c', { image: 'z' })] },
    });
    expect((spec(out).containers as { name: string }[]).map((x) => x.name)).toEqual(['a', 'b', 'c']);
    const reordered = smp(pod, { spec: { '$setElementOrder/containers': [c('b'), c('a')] } });
    expect((spec(reordered).containers as { name: string }[]).map((x) => x.name)).toEqual(['b', 'a']);
  });

  it('deletes an item with $patch: delete and replaces the list with $patch: replace', () => {
    const deleted = smp(pod, { spec: { containers: [{ name: 'b', $patch: 'delete' }] } });
    expect((spec(deleted).containers as { name: string }[]).map((x) => x.name)).toEqual(['a']);
    const replaced = smp(pod, { spec: { containers: [c('z', { image: 'q' }), { $patch: 'replace' }] } });
    expect(spec(replaced).containers).toEqual([c('z', { image: 'q' })]);
  });

  it('uses the right merge key per field', () => {
    const p = podWith({
      containers: [c('a', { ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ mountPath: '/data', name: 'v1' }] })],
      volumes: [{ name: 'v1', emptyDir: {} }],
      imagePullSecrets: [{ name: 's1' }],
    });
    const out = spec(
      smp(p, {
        spec: {
          containers: [c('a', { ports: [{ containerPort: 80, protocol: 'TCP' }], volumeMounts: [{ mountPath: '/data', readOnly: true }] })],
          volumes: [{ name: 'v2', configMap: { name: 'cm' } }],
          imagePullSecrets: [{ name: 's2' }],
        },
      }),
    );
    expect(out.containers).toEqual([
      c('a', { ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }], volumeMounts: [{ mountPath: '/data', name: 'v1', readOnly: true }] }),
    ]);
    expect(out.volumes).toEqual([{ name: 'v2', configMap: { name: 'cm' } }, { name: 'v1', emptyDir: {} }]);
    expect(out.imagePullSecrets).toEqual([{ name: 's2' }, { name: 's1' }]);
  });

  it('replaces lists without a merge strategy (tolerations, args)', () => {
    const p = podWith({ tolerations: [{ key: 'a' }], containers: [c('a', { args: ['1', '2'] })] });
    const out = spec(smp(p, { spec: { tolerations: [{ key: 'b' }], containers: [c('a', { args: ['3'] })] } }));
    expect(out.tolerations).toEqual([{ key: 'b' }]);
    expect(out.containers).toEqual([c('a', { args: ['3'] })]);
  });

  it('merges status conditions by type and owner references by uid', () => {
    const p = { ...podWith({}), status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] } };
    const out = smp(p, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }) as { status: { conditions: unknown } };
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }]);
    const owned = podWith({}, { name: 'p', ownerReferences: [{ uid: '1', name: 'rs-a' }] });
    const out2 = smp(owned, { metadata: { ownerReferences: [{ uid: '2', name: 'rs-b' }] } }) as { metadata: { ownerReferences: unknown } };
    expect(out2.metadata.ownerReferences).toEqual([{ uid: '2', name: 'rs-b' }, { uid: '1', name: 'rs-a' }]);
  });

  it('follows pod templates inside workloads', () => {
    const deploy = { spec: { replicas: 1, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [c('a', { image: 'x' }), c('b')] } } } };
    const out = smp(deploy, { spec: { template: { spec: { containers: [c('a', { image: 'y' })] } } } }, 'Deployment');
    expect(out).toEqual({ spec: { replicas: 1, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [c('a', { image: 'y' }), c('b')] } } } });
    const cron = { spec: { jobTemplate: { spec: { template: { spec: { containers: [c('a'), c('b')] } } } } } };
    const out2 = smp(cron, { spec: { jobTemplate: { spec: { template: { spec: { containers: [c('b', { image: 'n' })] } } } } } }, 'CronJob');
    expect(out2).toEqual({ spec: { jobTemplate: { spec: { template: { spec: { containers: [c('a'), c('b', { image: 'n' })] } } } } } });
  });

  it('merges service ports by port and node addresses by type', () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect(smp(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, 'Service')).toEqual({
      spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] },
    });
    const node = { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } };
    expect(smp(node, { status: { addresses: [{ type: 'Hostname', address: 'n1' }] } }, 'Node')).toEqual({
      status: { addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }] },
    });
  });
  it('applies the patch kubectl apply sends when a container is renamed', () => {
    // Captured from kubectl 1.32 applying a Deployment whose second container went from "b" to "c".
    const deploy = { spec: { template: { spec: { containers: [c('a', { image: 'nginx:1', env: [{ name: 'A', value: '1' }] }), c('b', { image: 'busybox' })] } } } };
    const patch = {
      spec: { template: { spec: {
        '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }],
        containers: [{ image: 'nginx:2', name: 'a' }, { image: 'busybox', name: 'c' }, { $patch: 'delete', name: 'b' }],
      } } },
    };
    expect(smp(deploy, patch, 'Deployment')).toEqual({
      spec: { template: { spec: { containers: [c('a', { image: 'nginx:2', env: [{ name: 'A', value: '1' }] }), c('c', { image: 'busybox' })] } } },
    });
  });
});

describe('applyStrategicMergePatch: scalar lists', () => {
  const obj = { metadata: { name: 'x', finalizers: ['a.io/x', 'b.io/y'] } };
  const finalizers = (o: unknown): unknown => (o as { metadata: { finalizers: unknown } }).metadata.finalizers;

  it('merges finalizers as a set', () => {
    expect(finalizers(smp(obj, { metadata: { finalizers: ['c.io/z', 'a.io/x'] } }, 'ConfigMap'))).toEqual(['c.io/z', 'a.io/x', 'b.io/y']);
  });

  it('deletes with $deleteFromPrimitiveList', () => {
    expect(finalizers(smp(obj, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x'] } }, 'ConfigMap'))).toEqual(['b.io/y']);
    // Nothing to delete from: no change and no error.
    expect(smp({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, 'ConfigMap')).toEqual({ metadata: {} });
  });

  it('orders by $setElementOrder, keeping server-only items in place', () => {
    const out = smp(obj, { metadata: { '$setElementOrder/finalizers': ['b.io/y', 'c.io/z'], finalizers: ['c.io/z'] } }, 'ConfigMap');
    expect(finalizers(out)).toEqual(['a.io/x', 'b.io/y', 'c.io/z']);
  });

  it('combines an order, an addition and a deletion as kubectl apply sends them', () => {
    const out = smp(
      obj,
      { metadata: { '$setElementOrder/finalizers': ['c.io/z', 'b.io/y'], finalizers: ['c.io/z'], '$deleteFromPrimitiveList/finalizers': ['a.io/x'] } },
      'ConfigMap',
    );
    expect(finalizers(out)).toEqual(['c.io/z', 'b.io/y']);
  });

  it('merges node podCIDRs as a set', () => {
    expect(smp({ spec: { podCIDRs: ['10.0.0.0/24'] } }, { spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] } }, 'Node')).toEqual({
      spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] },
    });
  });
});

describe('applyStrategicMergePatch: maps and directives', () => {
  it('merges maps, deletes with null and drops nulls from new values', () => {
    const cm = { metadata: { name: 'x', labels: { a: '1', b: '2' } }, data: { k: 'v' } };
    expect(smp(cm, { metadata: { labels: { a: null, c: '3' } }, data: { k: null, n: 'm' }, extra: { x: null, y: 1 } }, 'ConfigMap')).toEqual({
      metadata: { name: 'x', labels: { b: '2', c: '3' } },
      data: { n: 'm' },
      extra: { y: 1 },
    });
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    const p = podWith({ securityContext: { runAsUser: 1, fsGroup: 2 } }, { name: 'p', labels: { a: '1' } });
    expect(smp(p, { metadata: { labels: { $patch: 'replace', b: '2' } } })).toEqual(podWith(p.spec, { name: 'p', labels: { b: '2' } }));
    expect(smp(p, { spec: { securityContext: { $patch: 'delete' } } })).toEqual(podWith({ securityContext: {} }, p.metadata));
    expect(smp(p, { $patch: 'replace', kind: 'Pod' })).toEqual({ kind: 'Pod' });
  });

  it('clears keys not listed in $retainKeys', () => {
    const deploy = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    expect(smp(deploy, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, 'Deployment')).toEqual({
      spec: { strategy: { type: 'Recreate' } },
    });
  });

  it('replaces a value whose type changes', () => {
    expect(smp({ data: { a: 'x' } }, { data: { a: { b: 1 } } }, 'ConfigMap')).toEqual({ data: { a: { b: 1 } } });
    expect(smp({ data: { a: ['x'] } }, { data: { a: 'y' } }, 'ConfigMap')).toEqual({ data: { a: 'y' } });
  });

  it('behaves as a JSON merge patch on kinds without merge lists when no directive is used', () => {
    const key = fc.string({ maxLength: 3 }).filter((k) => !k.startsWith('$') && k !== 'metadata');
    const value = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('"$'));
    const doc = fc.dictionary(key, value, { maxKeys: 4 });
    fc.assert(
      fc.property(doc, doc, (target, patch) => {
        expect(smp(target, patch, 'ConfigMap')).toEqual(applyMergePatch(target, patch));
      }),
    );
  });

  it('never mutates its inputs', () => {
    const target = podWith({ containers: [c('a', { env: [{ name: 'A' }] })] }, { name: 'p', finalizers: ['x'] });
    const patch = { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] }, spec: { containers: [c('a', { env: [{ name: 'B' }] }), { name: 'z', $patch: 'delete' }] } };
    const [t, p] = [structuredClone(target), structuredClone(patch)];
    const out = smp(target, patch);
    expect(target).toEqual(t);
    expect(patch).toEqual(p);
    (spec(out).containers as { name: string }[])[0]!.name = 'changed';
    expect(target).toEqual(t);
  });
});

describe('applyStrategicMergePatch: errors', () => {
  it('answers 415 for custom kinds', () => {
    const widget = kindInfoFromDefinition({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true });
    const err = patchError({}, {}, widget);
    expect(err.httpCode).toBe(415);
    expect(err.message).toContain('application/merge-patch+json');
  });

  const cases: [what: string, target: unknown, patch: unknown, code: number, message?: string][] = [
    ['a patch that is not an object', {}, [1], 400],
    ['an unknown $patch in a map', {}, { spec: { $patch: 'merge-all' } }, 400],
    ['an unknown $patch in a list', podWith({ containers: [c('a')] }), { spec: { containers: [{ name: 'a', $patch: 'nope' }] } }, 400],
    ['$patch: merge in a list', podWith({ containers: [c('a')] }), { spec: { containers: [{ name: 'a', $patch: 'merge' }] } }, 422,
      'merging lists cannot yet be specified in the patch'],
    ['a list item without its merge key', podWith({ containers: [c('a')] }), { spec: { containers: [{ image: 'x' }] } }, 422,
      'map: {"image":"x"} does not contain declared merge key: name'],
    ['$patch: delete without the merge key', podWith({ containers: [c('a')] }), { spec: { containers: [{ $patch: 'delete' }] } }, 422],
    ['mixed list item types', podWith({ containers: [c('a')] }), { spec: { containers: ['a'] } }, 422, 'list element types are not identical'],
    ['a malformed directive key', {}, { '$deleteFromPrimitiveListfinalizers': ['a'] }, 400, 'invalid patch format of primitive list'],
    ['a $retainKeys that is not a list', {}, { spec: { $retainKeys: 'type' } }, 400, 'invalid patch format of retainKeys'],
    ['a patch key missing from $retainKeys', {}, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, 422,
      "patch content doesn't match retainKeys list"],
    ['a patch list out of $setElementOrder order', podWith({ containers: [c('a'), c('b')] }),
      { spec: { '$setElementOrder/containers': [c('a'), c('b')], containers: [c('b'), c('a')] } }, 422],
  ];
  it.each(cases)('rejects %s', (_what, target, patch, code, message) => {
    const err = patchError(target, patch);
    expect(err.httpCode).toBe(code);
    if (message !== undefined) expect(err.message).toBe(message);
  });
});
