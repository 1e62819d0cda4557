import { describe, expect, it } from 'vitest';
import { collectionPath, combineSelectors, listQuery, watchQuery } from './request-url.js';
import { InvalidOptionsError } from '../errors.js';

describe('collectionPath', () => {
  it('builds core, group, namespaced and cluster-wide paths', () => {
    expect(collectionPath({ apiVersion: 'v1', resource: 'pods' })).toBe('/api/v1/pods');
    expect(collectionPath({ apiVersion: 'v1', resource: 'pods', namespace: 'kube-system' })).toBe('/api/v1/namespaces/kube-system/pods');
    expect(collectionPath({ apiVersion: 'apps/v1', resource: 'deployments', namespace: 'web' })).toBe('/apis/apps/v1/namespaces/web/deployments');
    expect(collectionPath({ apiVersion: 'example.com/v1alpha1', resource: 'widgets' })).toBe('/apis/example.com/v1alpha1/widgets');
    expect(collectionPath({ apiVersion: 'v1', resource: 'nodes', namespace: '' })).toBe('/api/v1/nodes');
  });

  it.each([
    [{ apiVersion: '', resource: 'pods' }, /apiVersion ""/],
    [{ apiVersion: 'a/b/c', resource: 'pods' }, /apiVersion "a\/b\/c"/],
    [{ apiVersion: '/v1', resource: 'pods' }, /apiVersion/],
    [{ apiVersion: 'v1', resource: '' }, /resource ""/],
    [{ apiVersion: 'v1', resource: 'pods/status' }, /resource "pods\/status"/],
    [{ apiVersion: 'v1', resource: 'pods', namespace: 'a/b' }, /namespace "a\/b"/],
    [{ apiVersion: 'v1', resource: 'pods?x=1' }, /resource/],
  ])('rejects %j', (resource, message) => {
    expect(() => collectionPath(resource)).toThrow(InvalidOptionsError);
    expect(() => collectionPath(resource)).toThrow(message);
  });
});

describe('combineSelectors', () => {
  it('ANDs the fixed and the per-call selector', () => {
    expect(combineSelectors('app=web', 'tier in (a,b)')).toBe('app=web,tier in (a,b)');
    expect(combineSelectors('app=web', undefined)).toBe('app=web');
    expect(combineSelectors(undefined, 'x!=y')).toBe('x!=y');
    expect(combineSelectors('', ' ')).toBeUndefined();
    expect(combineSelectors('app=web', 'app=web')).toBe('app=web');
  });
});

describe('listQuery / watchQuery', () => {
  const resource = { apiVersion: 'v1', resource: 'pods', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1' };

  it('puts the descriptor selectors on every list, ANDed with the call ones', () => {
    const q = listQuery(resource, { labelSelector: 'tier=db', limit: 500, resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' });
    expect(Object.fromEntries(q)).toEqual({
      labelSelector: 'app=web,tier=db',
      fieldSelector: 'spec.nodeName=n1',
      resourceVersion: '0',
      resourceVersionMatch: 'NotOlderThan',
      limit: '500',
    });
  });

  it('leaves out empty and zero values', () => {
    expect(listQuery({ apiVersion: 'v1', resource: 'pods' }, { limit: 0, continue: '' }).toString()).toBe('');
  });

  it('sends continue tokens as they are', () => {
    expect(listQuery({ apiVersion: 'v1', resource: 'pods' }, { continue: 'eyJ2Ijoi+/=' }).get('continue')).toBe('eyJ2Ijoi+/=');
  });

  it('puts the descriptor selectors on every watch', () => {
    const q = watchQuery(resource, { resourceVersion: '12', allowWatchBookmarks: true, timeoutSeconds: 300, fieldSelector: 'status.phase=Running' });
    expect(Object.fromEntries(q)).toEqual({
      watch: 'true',
      labelSelector: 'app=web',
      fieldSelector: 'spec.nodeName=n1,status.phase=Running',
      resourceVersion: '12',
      timeoutSeconds: '300',
      allowWatchBookmarks: 'true',
    });
  });

  it('asks for a streaming list', () => {
    const q = watchQuery({ apiVersion: 'v1', resource: 'pods' }, { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', resourceVersion: '', allowWatchBookmarks: true });
    expect(q.toString()).toBe('watch=true&resourceVersion=&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&sendInitialEvents=true');
  });

  it('rejects bad numbers and matches', () => {
    expect(() => listQuery(resource, { limit: -1 })).toThrow(/limit must be a non-negative integer/);
    expect(() => listQuery(resource, { limit: 1.5 })).toThrow(InvalidOptionsError);
    expect(() => watchQuery(resource, { timeoutSeconds: Number.NaN })).toThrow(/timeoutSeconds/);
    expect(() => listQuery(resource, { resourceVersionMatch: 'Newest' as 'Exact' })).toThrow(/resourceVersionMatch must be/);
  });
});
