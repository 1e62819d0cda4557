import { describe, expect, it } from 'vitest';
import { StoreError, UnknownIndexError } from './errors.js';
import { createIndexer } from './indexer.js';
import { NAMESPACE_INDEX, metaNamespaceIndexFunc } from './namespace-index.js';
import type { KubeObject } from './kube-object.js';
import type { Indexer } from './types.js';

interface TestObject {
  id: string;
  val: string;
}
const mk = (id: string, val: string): TestObject => ({ id, val });

/** An indexer over strings-with-ids where the value is a comma-separated list of index values. */
function multiValueIndexer(): Indexer<TestObject> {
  return createIndexer<TestObject>({
    keyFunc: (o) => o.id,
    indexers: { test: (o) => (o.val === '' ? [] : o.val.split(',')) },
  });
}

interface Pod extends KubeObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}
const pod = (name: string, meta: Partial<Pod['metadata']> = {}): Pod => ({ kind: 'Pod', metadata: { name, ...meta } });
const names = (objs: readonly Pod[]): string[] => objs.map((p) => p.metadata.name).sort();
const usersIndex = (p: Pod): string[] => (p.metadata.annotations?.users ?? '').split(',');

describe('createIndexer queries', () => {
  // client-go store_test.go doTestIndex.
  it('index() returns the objects sharing the query object\'s value', () => {
    const indexer = createIndexer<TestObject>({ keyFunc: (o) => o.id, indexers: { by_val: (o) => [o.val] } });
    indexer.add(mk('a', 'b'));
    indexer.add(mk('c', 'b'));
    indexer.add(mk('e', 'f'));
    indexer.add(mk('g', 'h'));
    const ids = (objs: TestObject[]): string[] => objs.map((o) => o.id).sort();
    expect(ids(indexer.index('by_val', mk('', 'b')))).toEqual(['a', 'c']);
    expect(ids(indexer.index('by_val', mk('', 'f')))).toEqual(['e']);
    expect(ids(indexer.index('by_val', mk('', 'h')))).toEqual(['g']);
    expect(indexer.index('by_val', mk('', 'nothing'))).toEqual([]);
  });

  // client-go index_test.go TestGetIndexFuncValues.
  it('listIndexFuncValues lists each value once', () => {
    const indexer = createIndexer<Pod>({ indexers: { testmodes: (p) => [p.metadata.labels?.foo ?? ''] } });
    indexer.add(pod('one', { labels: { foo: 'bar' } }));
    indexer.add(pod('two', { labels: { foo: 'bar' } }));
    indexer.add(pod('tre', { labels: { foo: 'biz' } }));
    expect(indexer.listIndexFuncValues('testmodes').sort()).toEqual(['bar', 'biz']);
  });

  // client-go index_test.go TestMultiIndexKeys.
  it('handles multi-valued indexes through add, delete and update', () => {
    const indexer = createIndexer<Pod>({ indexers: { byUser: usersIndex } });
    const pod1 = pod('one', { annotations: { users: 'ernie,bert' } });
    const pod2 = pod('two', { annotations: { users: 'bert,oscar' } });
    const pod3 = pod('tre', { annotations: { users: 'ernie,elmo' } });
    indexer.add(pod1);
    indexer.add(pod2);
    indexer.add(pod3);

    expect(names(indexer.byIndex('byUser', 'ernie'))).toEqual(['one', 'tre']);
    expect(names(indexer.byIndex('byUser', 'bert'))).toEqual(['one', 'two']);
    expect(names(indexer.byIndex('byUser', 'elmo'))).toEqual(['tre']);
    expect(names(indexer.byIndex('byUser', 'oscar'))).toEqual(['two']);
    // pod1 is ernie and bert: every pod shares one of them, each comes back once.
    expect(names(indexer.index('byUser', pod1))).toEqual(['one', 'tre', 'two']);

    indexer.delete(pod3);
    expect(names(indexer.byIndex('byUser', 'ernie'))).toEqual(['one']);
    expect(indexer.byIndex('byUser', 'elmo')).toEqual([]);
    expect(indexer.listIndexFuncValues('byUser').sort()).toEqual(['bert', 'ernie', 'oscar']);

    indexer.update(pod('two', { annotations: { users: 'oscar' } }));
    expect(names(indexer.byIndex('byUser', 'bert'))).toEqual(['one']);
    expect(names(indexer.byIndex('byUser', 'oscar'))).toEqual(['two']);
  });

  it('index() deduplicates objects matching several of the query\'s values', () => {
    const indexer = multiValueIndexer();
    indexer.add(mk('k1', 'a,b,c'));
    indexer.add(mk('k2', 'b'));
    indexer.add(mk('k3', 'z'));
    const found = indexer.index('test', mk('', 'a,b,c,d'));
    expect(found.map((o) => o.id).sort()).toEqual(['k1', 'k2']);
    expect(indexer.index('test', mk('', ''))).toEqual([]);
  });

  it('indexKeys returns the store keys sorted', () => {
    const indexer = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    for (const name of ['zeta', 'alpha', 'mid', 'Beta', 'beta-2']) indexer.add(pod(name, { namespace: 'ns' }));
    indexer.add(pod('other', { namespace: 'elsewhere' }));
    expect(indexer.indexKeys(NAMESPACE_INDEX, 'ns')).toEqual(['ns/Beta', 'ns/alpha', 'ns/beta-2', 'ns/mid', 'ns/zeta']);
    expect(indexer.indexKeys(NAMESPACE_INDEX, 'nowhere')).toEqual([]);
  });

  it('indexes cluster-scoped objects under "" with metaNamespaceIndexFunc', () => {
    const indexer = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    indexer.add(pod('node-1'));
    indexer.add(pod('web', { namespace: 'default' }));
    expect(names(indexer.byIndex(NAMESPACE_INDEX, ''))).toEqual(['node-1']);
    expect(names(indexer.byIndex('namespace', 'default'))).toEqual(['web']);
  });

  it('does not index an object whose index function returns []', () => {
    const indexer = multiValueIndexer();
    indexer.add(mk('k1', ''));
    expect(indexer.listIndexFuncValues('test')).toEqual([]);
    expect(indexer.list()).toEqual([mk('k1', '')]);
  });

  it('copes with an index function that repeats a value', () => {
    const indexer = multiValueIndexer();
    indexer.add(mk('k1', 'a,a,b'));
    expect(indexer.indexKeys('test', 'a')).toEqual(['k1']);
    indexer.update(mk('k1', 'b,b'));
    expect(indexer.listIndexFuncValues('test')).toEqual(['b']);
    indexer.delete(mk('k1', ''));
    expect(indexer.listIndexFuncValues('test')).toEqual([]);
  });

  it('rejects unknown index names, except in listIndexFuncValues', () => {
    const indexer = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    indexer.add(pod('a', { namespace: 'ns' }));
    for (const call of [
      () => indexer.index('nope', pod('a')),
      () => indexer.byIndex('nope', 'ns'),
      () => indexer.indexKeys('nope', 'ns'),
    ]) {
      let caught: unknown;
      try {
        call();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UnknownIndexError);
      expect(caught).toBeInstanceOf(StoreError);
      expect((caught as UnknownIndexError).code).toBe('UnknownIndex');
      expect((caught as UnknownIndexError).indexName).toBe('nope');
      expect((caught as UnknownIndexError).message).toContain('"namespace"');
    }
    expect(indexer.listIndexFuncValues('nope')).toEqual([]);
  });
});

// client-go thread_safe_store_test.go.
describe('createIndexer index maintenance', () => {
  it('removes an index value when its last member is deleted', () => {
    const indexer = createIndexer<TestObject>({ keyFunc: (o) => o.id, indexers: { test: (o) => [o.id] } });
    indexer.add(mk('testKey', ''));
    expect(indexer.indexKeys('test', 'testKey')).toEqual(['testKey']);
    indexer.delete(mk('testKey', ''));
    expect(indexer.indexKeys('test', 'testKey')).toEqual([]);
    expect(indexer.listIndexFuncValues('test')).toEqual([]);
  });

  it('removes an index value when its last member moves away', () => {
    const indexer = multiValueIndexer();
    indexer.add(mk('k', 'old'));
    indexer.update(mk('k', 'new'));
    expect(indexer.listIndexFuncValues('test')).toEqual(['new']);
  });

  it('keeps a value that still has members after a delete', () => {
    const indexer = createIndexer<TestObject>({ keyFunc: (o) => o.id, indexers: { test: () => ['testIndex'] } });
    indexer.add(mk('retain', ''));
    indexer.add(mk('delete', ''));
    expect(indexer.indexKeys('test', 'testIndex')).toEqual(['delete', 'retain']);
    indexer.delete(mk('delete', ''));
    expect(indexer.indexKeys('test', 'testIndex')).toEqual(['retain']);
    expect(indexer.listIndexFuncValues('test')).toEqual(['testIndex']);
  });

  it('follows multi-valued index functions through updates and deletes', () => {
    const indexer = multiValueIndexer();
    const expectKeys = (expected: Record<string, string[]>): void => {
      for (const [value, keys] of Object.entries(expected)) expect(indexer.indexKeys('test', value), value).toEqual(keys);
      const present = Object.entries(expected).filter(([, keys]) => keys.length > 0).map(([v]) => v).sort();
      expect(indexer.listIndexFuncValues('test').sort()).toEqual(present);
    };
    indexer.add(mk('key1', 'foo'));
    indexer.add(mk('key2', 'bar'));
    expectKeys({ foo: ['key1'], bar: ['key2'] });

    indexer.update(mk('key2', 'foo,bar'));
    expectKeys({ foo: ['key1', 'key2'], bar: ['key2'] });

    indexer.update(mk('key1', 'foo,bar'));
    expectKeys({ foo: ['key1', 'key2'], bar: ['key1', 'key2'] });

    indexer.add(mk('key3', 'foo,bar,baz'));
    expectKeys({ foo: ['key1', 'key2', 'key3'], bar: ['key1', 'key2', 'key3'], baz: ['key3'] });

    indexer.update(mk('key1', 'foo'));
    expectKeys({ foo: ['key1', 'key2', 'key3'], bar: ['key2', 'key3'], baz: ['key3'] });

    indexer.update(mk('key2', 'bar'));
    expectKeys({ foo: ['key1', 'key3'], bar: ['key2', 'key3'], baz: ['key3'] });

    indexer.delete(mk('key1', ''));
    expectKeys({ foo: ['key3'], bar: ['key2', 'key3'], baz: ['key3'] });

    indexer.delete(mk('key3', ''));
    expectKeys({ foo: [], bar: ['key2'], baz: [] });
  });

  it('moves only the values that changed when many values are involved', () => {
    const indexer = multiValueIndexer();
    const many = Array.from({ length: 20 }, (_, i) => `v${i}`);
    indexer.add(mk('k', many.join(',')));
    indexer.add(mk('other', 'v0'));
    const next = [...many.slice(5), 'w1', 'w2'];
    indexer.update(mk('k', next.join(',')));
    expect(indexer.listIndexFuncValues('test').sort()).toEqual(['v0', ...next].sort());
    expect(indexer.indexKeys('test', 'v0')).toEqual(['other']);
    expect(indexer.indexKeys('test', 'v7')).toEqual(['k']);
    expect(indexer.indexKeys('test', 'w2')).toEqual(['k']);
  });

  it('replace rebuilds every index', () => {
    const indexer = multiValueIndexer();
    indexer.add(mk('k1', 'a,b'));
    indexer.add(mk('k2', 'b'));
    indexer.replace([mk('k2', 'c'), mk('k3', 'c,d'), mk('k4', 'x'), mk('k4', 'd')], '7');
    expect(indexer.listIndexFuncValues('test').sort()).toEqual(['c', 'd']);
    expect(indexer.indexKeys('test', 'c')).toEqual(['k2', 'k3']);
    expect(indexer.indexKeys('test', 'd')).toEqual(['k3', 'k4']);
    expect(indexer.byIndex('test', 'a')).toEqual([]);
  });

  it('keeps its indexes right when a stored object is mutated behind its back', () => {
    // Mutation is a caller bug, but the indexer remembers each object's values rather than
    // recomputing them from the (mutated) old object, so the next update still cleans up.
    const indexer = multiValueIndexer();
    const obj = mk('k', 'a');
    indexer.add(obj);
    obj.val = 'b';
    indexer.update(mk('k', 'c'));
    expect(indexer.listIndexFuncValues('test')).toEqual(['c']);
  });
});
