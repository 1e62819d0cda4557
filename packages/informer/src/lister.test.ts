// client-go's generic lister (listers.go: ListAll, ListAllByNamespace, Get) over an indexer.
import { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX } from '@kcache/store';
import { describe, expect, it } from 'vitest';
import { pod, type Pod } from '../test/support/objects.js';
import { createLister, LabelSelectorError } from './index.js';

const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata?.name ?? '?').sort();

function fill(indexed: boolean) {
  const indexer = createIndexer<Pod>(indexed ? { indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } } : {});
  indexer.add(pod('web-0', '1', { namespace: 'default', labels: { app: 'web', tier: 'front' } }));
  indexer.add(pod('web-1', '2', { namespace: 'default', labels: { app: 'web', tier: 'back' } }));
  indexer.add(pod('db-0', '3', { namespace: 'default', labels: { app: 'db' } }));
  indexer.add(pod('web-0', '4', { namespace: 'staging', labels: { app: 'web' } }));
  indexer.add({ metadata: { name: 'node-1', labels: { zone: 'a' } } });
  return indexer;
}

describe.each([
  ['with a namespace index', true],
  ['without one', false],
])('createLister, %s', (_, indexed) => {
  it('lists everything, or what a label selector matches', () => {
    const lister = createLister(fill(indexed));
    expect(names(lister.list())).toEqual(['db-0', 'node-1', 'web-0', 'web-0', 'web-1']);
    expect(names(lister.list('app=web'))).toEqual(['web-0', 'web-0', 'web-1']);
    expect(names(lister.list('app=web,tier notin (back)'))).toEqual(['web-0', 'web-0']);
    expect(names(lister.list('zone'))).toEqual(['node-1']);
  });

  it('narrows to a namespace; "" means every namespace', () => {
    const lister = createLister(fill(indexed));
    expect(names(lister.namespace('default').list())).toEqual(['db-0', 'web-0', 'web-1']);
    expect(names(lister.namespace('default').list('app in (web)'))).toEqual(['web-0', 'web-1']);
    expect(names(lister.namespace('staging').list())).toEqual(['web-0']);
    expect(lister.namespace('nowhere').list()).toEqual([]);
    expect(names(lister.namespace('').list('app=web'))).toEqual(['web-0', 'web-0', 'web-1']);
  });

  it('gets by name: namespaced, or cluster-scoped', () => {
    const lister = createLister(fill(indexed));
    expect(lister.namespace('staging').get('web-0')?.metadata?.resourceVersion).toBe('4');
    expect(lister.namespace('default').get('web-0')?.metadata?.resourceVersion).toBe('1');
    expect(lister.namespace('default').get('nope')).toBeUndefined();
    expect(lister.get('node-1')?.metadata?.labels).toEqual({ zone: 'a' });
    expect(lister.get('web-0')).toBeUndefined();
  });

  it('refuses an invalid selector, even on an empty cache', () => {
    const lister = createLister(createIndexer<Pod>());
    expect(() => lister.list('app in web')).toThrow(LabelSelectorError);
    expect(() => lister.namespace('default').list('=x')).toThrow(LabelSelectorError);
  });
});
