import { describe, expect, it } from 'vitest';
import { KeyError, StoreError } from './errors.js';
import { createStore } from './store.js';
import type { KubeObject } from './kube-object.js';

interface TestObject {
  id: string;
  val: string;
}
const mk = (id: string, val: string): TestObject => ({ id, val });
const byId = (o: TestObject): string => o.id;

const pod = (namespace: string | undefined, name: string | undefined, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { ...(namespace === undefined ? {} : { namespace }), ...(name === undefined ? {} : { name }) },
  ...extra,
});

describe('createStore', () => {
  // client-go store_test.go doTestStore: add, update, delete, list, replace through the public API.
  it('adds, updates, deletes, lists and replaces', () => {
    const store = createStore<TestObject>({ keyFunc: byId });

    store.add(mk('foo', 'bar'));
    expect(store.get(mk('foo', ''))?.val).toBe('bar');

    store.update(mk('foo', 'baz'));
    expect(store.get(mk('foo', ''))?.val).toBe('baz');

    store.delete(mk('foo', ''));
    expect(store.get(mk('foo', ''))).toBeUndefined();

    store.add(mk('a', 'b'));
    store.add(mk('c', 'd'));
    store.add(mk('e', 'e'));
    expect(store.list().map((o) => o.val).sort()).toEqual(['b', 'd', 'e']);
    expect(store.listKeys().sort()).toEqual(['a', 'c', 'e']);

    store.replace([mk('foo', 'foo'), mk('bar', 'bar')], '0');
    expect(store.list().map((o) => o.val).sort()).toEqual(['bar', 'foo']);
    expect(store.listKeys().sort()).toEqual(['bar', 'foo']);
  });

  it('upserts with both add and update', () => {
    const store = createStore<TestObject>({ keyFunc: byId });
    store.update(mk('x', '1'));
    expect(store.getByKey('x')).toEqual(mk('x', '1'));
    store.add(mk('x', '2'));
    expect(store.getByKey('x')).toEqual(mk('x', '2'));
    expect(store.listKeys()).toEqual(['x']);
  });

  it('keeps objects by reference', () => {
    const store = createStore<KubeObject>();
    const obj = pod('default', 'web-0');
    store.add(obj);
    expect(store.getByKey('default/web-0')).toBe(obj);
    expect(store.list()[0]).toBe(obj);
  });

  it('treats deleting an absent key as a no-op', () => {
    const store = createStore<KubeObject>();
    store.add(pod('default', 'a'));
    expect(() => {
      store.delete(pod('default', 'missing'));
    }).not.toThrow();
    expect(store.listKeys()).toEqual(['default/a']);
  });

  it('keys namespaced objects "ns/name" and cluster-scoped ones "name" by default', () => {
    const store = createStore<KubeObject>();
    store.add(pod('default', 'web-0'));
    store.add(pod(undefined, 'node-1'));
    store.add(pod('', 'node-2'));
    expect(store.listKeys().sort()).toEqual(['default/web-0', 'node-1', 'node-2']);
    expect(store.get(pod('default', 'web-0'))).toBeDefined();
    expect(store.getByKey('missing')).toBeUndefined();
  });

  it('replace swaps the whole contents, the later of two items with one key winning', () => {
    const store = createStore<TestObject>({ keyFunc: byId });
    store.add(mk('old', 'x'));
    store.replace([mk('a', '1'), mk('b', '2'), mk('a', '3')], '42');
    expect(store.listKeys().sort()).toEqual(['a', 'b']);
    expect(store.getByKey('a')?.val).toBe('3');
    expect(store.getByKey('old')).toBeUndefined();
    store.replace([], '43');
    expect(store.list()).toEqual([]);
  });

  it('replace does not keep a reference to the items array', () => {
    const store = createStore<TestObject>({ keyFunc: byId });
    const items = [mk('a', '1')];
    store.replace(items, '1');
    items.push(mk('b', '2'));
    expect(store.listKeys()).toEqual(['a']);
  });

  it('resync is a no-op', () => {
    const store = createStore<TestObject>({ keyFunc: byId });
    store.add(mk('a', '1'));
    store.resync();
    expect(store.list()).toEqual([mk('a', '1')]);
  });
});

describe('createStore key errors', () => {
  it('rejects an object without metadata.name with a KeyError naming its kind and namespace', () => {
    const store = createStore<KubeObject>();
    store.add(pod('default', 'keep'));
    let caught: unknown;
    try {
      store.add(pod('team-a', undefined));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeyError);
    expect(caught).toBeInstanceOf(StoreError);
    const err = caught as KeyError;
    expect(err.name).toBe('KeyError');
    expect(err.code).toBe('MissingName');
    expect(err.message).toContain('Pod');
    expect(err.message).toContain('"team-a"');
    expect(err.message).toContain('metadata.name');
    expect(err.message).toMatch(/keyFunc/);
    expect(store.listKeys()).toEqual(['default/keep']);
  });

  it('explains generateName-only objects and objects without metadata', () => {
    const store = createStore<KubeObject>();
    expect(() => {
      store.add({ kind: 'Pod', metadata: { namespace: 'ns', generateName: 'web-' } });
    }).toThrow(/generateName "web-".*not named it yet/);
    expect(() => {
      store.update({ kind: 'ConfigMap' });
    }).toThrow(/ConfigMap: it has no metadata/);
    expect(() => {
      store.add(pod('ns', ''));
    }).toThrow(KeyError);
    expect(store.list()).toEqual([]);
  });

  it('throws KeyError from get and delete without touching the store', () => {
    const store = createStore<KubeObject>();
    store.add(pod('ns', 'a'));
    expect(() => store.get(pod('ns', undefined))).toThrow(KeyError);
    expect(() => {
      store.delete(pod('ns', undefined));
    }).toThrow(KeyError);
    expect(store.listKeys()).toEqual(['ns/a']);
  });

  it('wraps a key function that throws something else, keeping it as cause', () => {
    const boom = new Error('no id here');
    const store = createStore<TestObject>({
      keyFunc: (o) => {
        if (o.id === '') throw boom;
        return o.id;
      },
    });
    store.add(mk('a', '1'));
    let caught: unknown;
    try {
      store.add(mk('', '2'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeyError);
    expect((caught as KeyError).code).toBe('KeyFuncFailed');
    expect((caught as KeyError).cause).toBe(boom);
    expect((caught as KeyError).obj).toEqual(mk('', '2'));
    expect((caught as KeyError).message).toContain('no id here');
    expect(store.list()).toEqual([mk('a', '1')]);
  });

  it('rejects a key function that does not return a string', () => {
    const store = createStore<TestObject>({ keyFunc: (o) => (o.id === 'bad' ? (undefined as unknown as string) : o.id) });
    expect(() => {
      store.add(mk('bad', '1'));
    }).toThrow(/returned undefined for .* instead of a string/);
    expect(store.list()).toEqual([]);
  });

  it('replace with an item it cannot key leaves the store completely untouched', () => {
    const store = createStore<KubeObject>();
    const before = [pod('ns', 'a'), pod('ns', 'b')];
    store.replace(before, '1');
    expect(() => {
      store.replace([pod('ns', 'c'), pod('ns', undefined), pod('ns', 'd')], '2');
    }).toThrow(KeyError);
    expect(store.listKeys().sort()).toEqual(['ns/a', 'ns/b']);
    expect(store.getByKey('ns/a')).toBe(before[0]);
    expect(store.getByKey('ns/c')).toBeUndefined();
  });
});

describe('createStore freeze option', () => {
  it('deep-freezes objects on the way in when asked', () => {
    const store = createStore<KubeObject & { spec?: { containers: { name: string }[] } }>({ freeze: true });
    const obj = { kind: 'Pod', metadata: { namespace: 'ns', name: 'a', labels: { app: 'x' } }, spec: { containers: [{ name: 'c' }] } };
    store.add(obj);
    expect(Object.isFrozen(obj)).toBe(true);
    expect(Object.isFrozen(obj.metadata.labels)).toBe(true);
    expect(Object.isFrozen(obj.spec.containers[0])).toBe(true);
    expect(() => {
      obj.metadata.labels.app = 'y';
    }).toThrow(TypeError);

    const replaced = { kind: 'Pod', metadata: { namespace: 'ns', name: 'b' } };
    store.replace([replaced], '2');
    expect(Object.isFrozen(replaced.metadata)).toBe(true);
  });

  it('does not freeze by default, nor an object it rejected', () => {
    const store = createStore<KubeObject>();
    const obj = pod('ns', 'a');
    store.add(obj);
    expect(Object.isFrozen(obj)).toBe(false);

    const frozenStore = createStore<KubeObject>({ freeze: true });
    const bad = pod('ns', undefined);
    expect(() => {
      frozenStore.add(bad);
    }).toThrow(KeyError);
    expect(Object.isFrozen(bad)).toBe(false);
  });

  it('freezes the children of an object that was only frozen at the top', () => {
    const store = createStore<KubeObject>({ freeze: true });
    const obj = Object.freeze({ kind: 'Pod', metadata: { namespace: 'ns', name: 'a' } });
    store.add(obj);
    expect(Object.isFrozen(obj.metadata)).toBe(true);
  });

  it('copes with cycles', () => {
    const store = createStore<KubeObject>({ freeze: true });
    const obj: KubeObject & { self?: unknown } = pod('ns', 'a');
    obj.self = obj;
    store.add(obj);
    expect(Object.isFrozen(obj)).toBe(true);
  });
});
