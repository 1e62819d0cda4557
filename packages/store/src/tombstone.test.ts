import { describe, expect, it } from 'vitest';
import { KeyError } from './errors.js';
import { createStore } from './store.js';
import { DeletedFinalStateUnknown, deletionHandlingMetaNamespaceKeyFunc } from './tombstone.js';
import type { KubeObject } from './kube-object.js';

describe('DeletedFinalStateUnknown', () => {
  it('carries the key and the last known state', () => {
    const last: KubeObject = { metadata: { namespace: 'ns', name: 'a' } };
    const tombstone = new DeletedFinalStateUnknown('ns/a', last);
    expect(tombstone.key).toBe('ns/a');
    expect(tombstone.obj).toBe(last);
    expect(new DeletedFinalStateUnknown('ns/b', undefined).obj).toBeUndefined();
  });
});

describe('deletionHandlingMetaNamespaceKeyFunc', () => {
  it('uses the tombstone key, even when the stale object would give another', () => {
    const stale: KubeObject = { metadata: { namespace: 'other', name: 'x' } };
    expect(deletionHandlingMetaNamespaceKeyFunc(new DeletedFinalStateUnknown('ns/a', stale))).toBe('ns/a');
  });

  it('falls back to metaNamespaceKeyFunc for objects', () => {
    expect(deletionHandlingMetaNamespaceKeyFunc({ metadata: { namespace: 'ns', name: 'a' } })).toBe('ns/a');
    expect(() => deletionHandlingMetaNamespaceKeyFunc({ kind: 'Pod', metadata: {} })).toThrow(KeyError);
  });

  it('lets a store delete by tombstone', () => {
    const store = createStore<KubeObject | DeletedFinalStateUnknown<KubeObject>>({
      keyFunc: deletionHandlingMetaNamespaceKeyFunc,
    });
    store.add({ metadata: { namespace: 'ns', name: 'a' } });
    store.add({ metadata: { namespace: 'ns', name: 'b' } });
    store.delete(new DeletedFinalStateUnknown<KubeObject>('ns/a', undefined));
    expect(store.listKeys()).toEqual(['ns/b']);
  });
});
