import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadRequestError, InvalidError } from '../errors.js';
import { ResourceStore } from './resource-store.js';
import { Storage } from './storage.js';
import { isPageNotFound, listOptionsError, parseInt64, routeAccepts, typeMetaLength } from './wire-shapes.js';
import { parseRoute } from './route.js';
import { aggregatedDiscovery, wantsAggregated } from './aggregated-discovery.js';
import { BUILTIN_KINDS, kindInfosFromCrd, storageVersionHash } from './kinds.js';

afterEach(() => {
  vi.useRealTimers();
});

function storageWithStore(): { storage: Storage; store: ResourceStore } {
  return { storage: new Storage(), store: new ResourceStore('/configmaps', true, 'v1', 100) };
}

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });

describe('Storage.whenReached', () => {
  it('resolves true as soon as a write reaches the resourceVersion', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { storage, store } = storageWithStore();
    const target = storage.resourceVersion + 2;
    let result: boolean | undefined;
    void storage.whenReached(target, 3000).then((r) => (result = r));
    storage.insert(store, cm('a'), 'default', 'a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(result).toBeUndefined();
    storage.insert(store, cm('b'), 'default', 'b');
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toBe(true);
  });

  it('resolves false when the wait passes first, or the client leaves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { storage } = storageWithStore();
    let timedOut: boolean | undefined;
    void storage.whenReached(storage.resourceVersion + 1, 3000).then((r) => (timedOut = r));
    await vi.advanceTimersByTimeAsync(2999);
    expect(timedOut).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(timedOut).toBe(false);
    const abort = new AbortController();
    const left = storage.whenReached(storage.resourceVersion + 1, 3000, abort.signal);
    abort.abort();
    expect(await left).toBe(false);
    expect(await storage.whenReached(storage.resourceVersion, 3000)).toBe(true);
  });
});

describe('ListOptions as kube-apiserver validates them', () => {
  it('collects every problem with resourceVersionMatch, in kube-apiserver order', () => {
    expect(listOptionsError({ resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', continueToken: undefined })).toBeUndefined();
    const err = listOptionsError({ resourceVersion: undefined, resourceVersionMatch: 'Bogus', continueToken: 'x' });
    expect(err).toBeInstanceOf(InvalidError);
    expect(err?.status.details?.causes?.map((c) => c.reason)).toEqual(['FieldValueForbidden', 'FieldValueForbidden', 'FieldValueNotSupported']);
    expect(err?.status.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, ' +
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided, ' +
        'resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""]',
    );
  });

  it('reads integers as Go ParseInt: negative means none', () => {
    expect(parseInt64('42')).toBe(42);
    expect(parseInt64('-42')).toBeUndefined();
    expect(parseInt64('0')).toBeUndefined();
    expect(parseInt64(null)).toBeUndefined();
    expect(() => parseInt64('4 2')).toThrow(BadRequestError);
    expect(() => parseInt64('9223372036854775808')).toThrow('value out of range');
    expect(parseInt64('9223372036854775807')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('the router', () => {
  it('lets through only media types a route produces, */* or no Accept header', () => {
    const produces = ['application/json', 'application/yaml'];
    expect(routeAccepts(undefined, produces)).toBe(true);
    expect(routeAccepts('text/html, */*;q=0.1', produces)).toBe(true);
    expect(routeAccepts('application/json;as=Table;g=meta.k8s.io;v=v1', produces)).toBe(true);
    expect(routeAccepts('application/json;q=0', produces)).toBe(true);
    expect(routeAccepts('text/html', produces)).toBe(false);
    expect(routeAccepts('application/*', produces)).toBe(false);
    expect(routeAccepts('text/*', produces)).toBe(false);
  });

  it('answers the plain 404 page outside the API and for groups nobody serves', () => {
    const served = (group: string): boolean => group === '' || group === 'apps';
    const page = (path: string): boolean => isPageNotFound(path, parseRoute(path), served);
    expect(page('/nothing')).toBe(true);
    expect(page('/apis/nope/v1/things')).toBe(true);
    expect(page('/apis/nope')).toBe(true);
    expect(page('/openapi/v9')).toBe(true);
    expect(page('/apis/apps/v9/deployments')).toBe(false);
    expect(page('/api/v2')).toBe(false);
    expect(page('/version/x')).toBe(false);
    expect(page('/apis')).toBe(false);
    expect(page('/')).toBe(false);
  });
});

describe('list items', () => {
  it('finds the leading apiVersion and kind of an object written by the fake, and nothing else', () => {
    const json = Buffer.from('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"}}');
    const cut = typeMetaLength(json);
    expect(`{${json.subarray(cut).toString()}`).toBe('{"metadata":{"name":"a"}}');
    expect(typeMetaLength(Buffer.from('{"metadata":{"name":"a"},"apiVersion":"v1","kind":"X"}'))).toBe(0);
    expect(typeMetaLength(Buffer.from('{"apiVersion":"v1","kind":"X"}'))).toBe(0);
    expect(typeMetaLength(Buffer.from('{"apiVersion":"v\\"1","kind":"X","metadata":{}}'))).toBe(0);
    expect(typeMetaLength(Buffer.from('{"apiVersion":"v1","metadata":{},"kind":"X"}'))).toBe(0);
    expect(typeMetaLength(Buffer.from('{"apiVer'))).toBe(0);
  });
});

describe('storageVersionHash', () => {
  it('is kube-apiserver\'s hash of the storage group/version/kind', () => {
    // As kube-apiserver v1.37.2 reports them.
    expect(storageVersionHash('apps', 'v1', 'Deployment')).toBe('8aSe+NMegvE=');
    expect(storageVersionHash('', 'v1', 'ConfigMap')).toBe('qFsyl6wFWjQ=');
    expect(BUILTIN_KINDS.find((k) => k.plural === 'pods')?.storageVersionHash).toBe('xPOwRZ+Yhw8=');
  });

  it('names a CRD\'s storage version for every served version', () => {
    const infos = kindInfosFromCrd({
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true }],
      },
    });
    expect(infos.map((i) => i.storageVersionHash)).toEqual([storageVersionHash('example.com', 'v1', 'Widget'), storageVersionHash('example.com', 'v1', 'Widget')]);
  });
});

describe('aggregated discovery', () => {
  it('is answered for the first clause asking for it in JSON v2, unless a plain type comes first', () => {
    const kubectl = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const clientGo = 'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    expect(wantsAggregated(kubectl)).toBe(true);
    expect(wantsAggregated(clientGo)).toBe(true);
    expect(wantsAggregated('application/json')).toBe(false);
    expect(wantsAggregated(undefined)).toBe(false);
    expect(wantsAggregated('application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBe(false);
    expect(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')).toBe(false);
  });

  it('lists the core group without a name and each named group with its resources sorted', () => {
    const core = aggregatedDiscovery('api', BUILTIN_KINDS) as { items: { metadata: object; versions: { version: string; freshness: string; resources: { resource: string }[] }[] }[] };
    expect(core.items).toHaveLength(1);
    expect(core.items[0]?.metadata).toEqual({});
    const resources = core.items[0]?.versions[0]?.resources.map((r) => r.resource) ?? [];
    expect(resources).toEqual([...resources].sort());
    expect(resources).toContain('pods');
    const named = aggregatedDiscovery('apis', BUILTIN_KINDS) as { items: { metadata: { name?: string } }[] };
    expect(named.items.map((i) => i.metadata.name)).toContain('apps');
    expect(named.items.some((i) => i.metadata.name === undefined)).toBe(false);
  });
});
