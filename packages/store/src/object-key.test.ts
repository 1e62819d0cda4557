import { describe, expect, it } from 'vitest';
import { KeyError } from './errors.js';
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { metaNamespaceKeyFunc, splitMetaNamespaceKey } from './object-key.js';

describe('metaNamespaceKeyFunc', () => {
  it('makes "namespace/name" keys, or "name" without a namespace', () => {
    expect(metaNamespaceKeyFunc({ metadata: { namespace: 'default', name: 'web-0' } })).toBe('default/web-0');
    expect(metaNamespaceKeyFunc({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(metaNamespaceKeyFunc({ metadata: { namespace: '', name: 'node-1' } })).toBe('node-1');
  });

  it('throws a KeyError naming kind and namespace when the name is missing', () => {
    let caught: unknown;
    try {
      metaNamespaceKeyFunc({ kind: 'Secret', metadata: { namespace: 'vault' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeyError);
    expect((caught as KeyError).code).toBe('MissingName');
    expect((caught as KeyError).message).toMatch(/Secret in namespace "vault": metadata\.name is missing/);
    expect(() => metaNamespaceKeyFunc({})).toThrow(/object without kind: it has no metadata/);
  });
});

describe('splitMetaNamespaceKey', () => {
  it('splits namespaced and cluster-scoped keys', () => {
    expect(splitMetaNamespaceKey('default/web-0')).toEqual({ namespace: 'default', name: 'web-0' });
    expect(splitMetaNamespaceKey('node-1')).toEqual({ namespace: '', name: 'node-1' });
    expect(splitMetaNamespaceKey('/name')).toEqual({ namespace: '', name: 'name' });
    expect(splitMetaNamespaceKey('')).toEqual({ namespace: '', name: '' });
  });

  it('rejects a key with more than one "/"', () => {
    let caught: unknown;
    try {
      splitMetaNamespaceKey('a/b/c');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeyError);
    expect((caught as KeyError).code).toBe('InvalidKey');
    expect((caught as KeyError).message).toContain('"a/b/c"');
  });

  // client-go object-names_test.go TestObjectNames: random strings over "abcdefghi/" either fail
  // (more than one "/") or split so that joining them again gives the original back.
  it('round-trips random keys through metaNamespaceKeyFunc', () => {
    const seed = testSeed();
    printSeedOnFailure(seed);
    const random = seededRandom(seed);
    const chars = 'abcdefghi/';
    for (let count = 0; count < 500; count++) {
      let key = '';
      for (let i = 0; i < 10; i++) key += chars[Math.floor(random() * chars.length)] ?? '';
      const parts = key.split('/');
      const context = `seed ${seed}, key ${JSON.stringify(key)}`;
      if (parts.length > 2) {
        expect(() => splitMetaNamespaceKey(key), context).toThrow(KeyError);
        continue;
      }
      const { namespace, name } = splitMetaNamespaceKey(key);
      expect({ namespace, name }, context).toEqual(
        parts.length === 2 ? { namespace: parts[0], name: parts[1] } : { namespace: '', name: key },
      );
      if (name === '') continue;
      const rejoined = metaNamespaceKeyFunc({ metadata: { namespace, name } });
      expect(key.startsWith('/') ? `/${rejoined}` : rejoined, context).toBe(key);
    }
  });
});
