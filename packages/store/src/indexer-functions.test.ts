import { describe, expect, it } from 'vitest';
import { IndexFuncError, IndexerConflictError, KeyError, StoreError, UnknownIndexError } from './errors.js';
import { createIndexer } from './indexer.js';
import { NAMESPACE_INDEX, metaNamespaceIndexFunc } from './namespace-index.js';
import type { KubeObject } from './kube-object.js';
import type { Indexer } from './types.js';

// Index functions themselves: adding them to a populated indexer, listing them, and what happens
// when one throws.

interface Pod extends KubeObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}
const pod = (name: string, meta: Partial<Pod['metadata']> = {}): Pod => ({ kind: 'Pod', metadata: { name, ...meta } });
const names = (objs: readonly Pod[]): string[] => objs.map((p) => p.metadata.name).sort();

describe('createIndexer addIndexers and getIndexers', () => {
  it('indexes existing items at once', () => {
    const indexer = createIndexer<Pod>();
    indexer.add(pod('a', { namespace: 'ns1', labels: { app: 'web' } }));
    indexer.add(pod('b', { namespace: 'ns2', labels: { app: 'web' } }));
    indexer.addIndexers({ [NAMESPACE_INDEX]: metaNamespaceIndexFunc, app: (p) => [p.metadata.labels?.app ?? ''] });
    expect(names(indexer.byIndex(NAMESPACE_INDEX, 'ns1'))).toEqual(['a']);
    expect(names(indexer.byIndex('app', 'web'))).toEqual(['a', 'b']);

    indexer.addIndexers({ name: (p) => [p.metadata.name] });
    indexer.update(pod('a', { namespace: 'ns1', labels: { app: 'api' } }));
    expect(names(indexer.byIndex('app', 'web'))).toEqual(['b']);
    expect(names(indexer.byIndex('name', 'a'))).toEqual(['a']);
    indexer.delete(pod('b', { namespace: 'ns2' }));
    expect(indexer.listIndexFuncValues('app')).toEqual(['api']);
    expect(indexer.listIndexFuncValues('name')).toEqual(['a']);
    expect(Object.keys(indexer.getIndexers()).sort()).toEqual(['app', 'name', 'namespace']);
  });

  it('refuses a name clash with IndexerConflictError and adds nothing', () => {
    const indexer = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    let caught: unknown;
    try {
      indexer.addIndexers({ fresh: () => ['x'], [NAMESPACE_INDEX]: () => ['y'] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IndexerConflictError);
    expect((caught as IndexerConflictError).code).toBe('IndexerConflict');
    expect((caught as IndexerConflictError).indexNames).toEqual(['namespace']);
    expect((caught as IndexerConflictError).message).toContain('"namespace"');
    expect(Object.keys(indexer.getIndexers())).toEqual([NAMESPACE_INDEX]);
    expect(() => indexer.byIndex('fresh', 'x')).toThrow(UnknownIndexError);
  });

  it('adds nothing when a new index function throws for an existing item', () => {
    const indexer = createIndexer<Pod>();
    indexer.add(pod('a'));
    indexer.add(pod('b'));
    expect(() => {
      indexer.addIndexers({
        fine: () => ['x'],
        picky: (p) => {
          if (p.metadata.name === 'b') throw new Error('b is not welcome');
          return ['ok'];
        },
      });
    }).toThrow(IndexFuncError);
    expect(indexer.getIndexers()).toEqual({});
    expect(indexer.listIndexFuncValues('fine')).toEqual([]);
    // The indexer still works, and the same names can be added once they stop throwing.
    indexer.addIndexers({ fine: () => ['x'] });
    expect(names(indexer.byIndex('fine', 'x'))).toEqual(['a', 'b']);
  });

  it('rejects an indexer that is not a function', () => {
    const indexer = createIndexer<Pod>();
    let caught: unknown;
    try {
      indexer.addIndexers({ bad: 'namespace' as unknown as () => string[] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('InvalidIndexer');
    expect(indexer.getIndexers()).toEqual({});
    expect(() => createIndexer<Pod>({ indexers: { bad: null as unknown as () => string[] } })).toThrow(/"bad" is null/);
  });

  it('getIndexers returns a copy', () => {
    const indexer = createIndexer<Pod>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
    const got = indexer.getIndexers();
    expect(got.namespace).toBe(metaNamespaceIndexFunc);
    delete got.namespace;
    expect(Object.keys(indexer.getIndexers())).toEqual([NAMESPACE_INDEX]);
  });
});

describe('createIndexer failing index functions', () => {
  const picky = (): Indexer<Pod> =>
    createIndexer<Pod>({
      indexers: {
        [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
        app: (p) => {
          const app = p.metadata.labels?.app;
          if (app === 'boom') throw new Error('cannot index boom');
          return app === undefined ? [] : [app];
        },
      },
    });

  it('add that fails changes nothing and names the index and the key', () => {
    const indexer = picky();
    indexer.add(pod('a', { namespace: 'ns', labels: { app: 'web' } }));
    let caught: unknown;
    try {
      indexer.add(pod('b', { namespace: 'other', labels: { app: 'boom' } }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IndexFuncError);
    expect(caught).toBeInstanceOf(StoreError);
    const err = caught as IndexFuncError;
    expect(err.code).toBe('IndexFuncFailed');
    expect(err.indexName).toBe('app');
    expect(err.key).toBe('other/b');
    expect(err.message).toContain('"app"');
    expect(err.message).toContain('"other/b"');
    expect((err.cause as Error).message).toBe('cannot index boom');
    expect(indexer.listKeys()).toEqual(['ns/a']);
    // The namespace index ran first and succeeded, yet nothing of it was applied.
    expect(indexer.listIndexFuncValues(NAMESPACE_INDEX)).toEqual(['ns']);
  });

  it('update that fails keeps the old object and its index entries', () => {
    const indexer = picky();
    const old = pod('a', { namespace: 'ns', labels: { app: 'web' } });
    indexer.add(old);
    expect(() => {
      indexer.update(pod('a', { namespace: 'ns', labels: { app: 'boom' } }));
    }).toThrow(IndexFuncError);
    expect(indexer.getByKey('ns/a')).toBe(old);
    expect(indexer.indexKeys('app', 'web')).toEqual(['ns/a']);
    expect(indexer.listIndexFuncValues('app')).toEqual(['web']);
  });

  it('replace that fails leaves the indexer completely untouched', () => {
    const indexer = picky();
    indexer.replace([pod('a', { namespace: 'ns', labels: { app: 'web' } }), pod('b', { namespace: 'ns' })], '1');
    expect(() => {
      indexer.replace([pod('c', { namespace: 'x', labels: { app: 'api' } }), pod('d', { labels: { app: 'boom' } })], '2');
    }).toThrow(IndexFuncError);
    expect(indexer.listKeys().sort()).toEqual(['ns/a', 'ns/b']);
    expect(indexer.listIndexFuncValues('app')).toEqual(['web']);
    expect(indexer.listIndexFuncValues(NAMESPACE_INDEX)).toEqual(['ns']);

    expect(() => {
      indexer.replace([pod('c', { namespace: 'x' }), { kind: 'Pod', metadata: {} } as Pod], '3');
    }).toThrow(KeyError);
    expect(indexer.listKeys().sort()).toEqual(['ns/a', 'ns/b']);
  });

  it('index() with a query object the function rejects throws IndexFuncError', () => {
    const indexer = picky();
    expect(() => indexer.index('app', pod('q', { labels: { app: 'boom' } }))).toThrow(/the query object/);
  });

  it('rejects an index function that returns something other than an array of strings', () => {
    const indexer = createIndexer<Pod>({
      indexers: { bad: (p) => (p.metadata.name === 'str' ? ('oops' as unknown as string[]) : [1 as unknown as string]) },
    });
    expect(() => {
      indexer.add(pod('str'));
    }).toThrow(/returned a string instead of an array of strings/);
    expect(() => {
      indexer.add(pod('num'));
    }).toThrow(/holding a number/);
    expect(indexer.list()).toEqual([]);
  });
});
