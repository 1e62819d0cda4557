import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { configHash, configMapContentHash, configMapNames } from './index.js';

function deploymentUsing(pod: Record<string, unknown>): V1Deployment {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: {}, template: { spec: { containers: [{ name: 'app' }], ...pod } } },
  };
}

describe('configMapNames', () => {
  it('finds ConfigMaps in volumes, projected volumes, envFrom and env of every container, sorted and unique', () => {
    const d = deploymentUsing({
      volumes: [{ name: 'v1', configMap: { name: 'vol' } }, { name: 'v2', projected: { sources: [{ configMap: { name: 'proj' } }, { secret: { name: 's' } }] } }, { name: 'v3', secret: { secretName: 'x' } }],
      containers: [
        { name: 'app', envFrom: [{ configMapRef: { name: 'from' } }, { secretRef: { name: 's' } }], env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'key', key: 'a' } } }, { name: 'B', value: 'b' }] },
        { name: 'side', env: [{ name: 'C', valueFrom: { configMapKeyRef: { name: 'vol', key: 'c' } } }] },
      ],
      initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'init' } }] }],
    });
    expect(configMapNames(d)).toEqual(['from', 'init', 'key', 'proj', 'vol']);
  });

  it('is empty for a Deployment that uses none', () => {
    expect(configMapNames(deploymentUsing({}))).toEqual([]);
    expect(configMapNames({ metadata: { name: 'x' } })).toEqual([]);
  });
});

describe('configHash', () => {
  const cm = (data: Record<string, string>, binaryData?: Record<string, string>): V1ConfigMap => ({ metadata: { name: 'x', resourceVersion: '1' }, data, ...(binaryData === undefined ? {} : { binaryData }) });

  it('depends on content only: not on key order or metadata', () => {
    expect(configMapContentHash(cm({ a: '1', b: '2' }))).toBe(configMapContentHash({ ...cm({ b: '2', a: '1' }), metadata: { name: 'y', resourceVersion: '9' } }));
    expect(configMapContentHash(cm({ a: '1' }))).not.toBe(configMapContentHash(cm({ a: '2' })));
    expect(configMapContentHash(cm({ a: '1' }))).not.toBe(configMapContentHash(cm({}, { a: '1' })));
  });

  it('covers every ConfigMap used, a missing one included, and is undefined for none', () => {
    const store = new Map([['a', cm({ k: '1' })], ['b', cm({ k: '2' })]]);
    const lookup = (name: string): V1ConfigMap | undefined => store.get(name);
    const both = configHash(['a', 'b'], lookup);
    expect(both).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(['a'], lookup)).not.toBe(both);
    const withMissing = configHash(['a', 'b', 'c'], lookup);
    expect(withMissing).not.toBe(both);
    store.set('c', cm({}));
    expect(configHash(['a', 'b', 'c'], lookup)).not.toBe(withMissing);
    store.set('b', cm({ k: 'changed' }));
    expect(configHash(['a', 'b'], lookup)).not.toBe(both);
    expect(configHash([], lookup)).toBeUndefined();
  });
});
