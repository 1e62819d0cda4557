import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('non-resource paths', () => {
  it('serves /version and health checks', async () => {
    const version = await call(server, 'GET', '/version');
    expect(version.json).toMatchObject({ major: expect.any(String), minor: expect.any(String), gitVersion: expect.any(String) });
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await call(server, 'GET', path);
      expect(res.status).toBe(200);
      expect(res.text).toBe('ok');
    }
  });

  it('serves legacy discovery', async () => {
    const api = await call(server, 'GET', '/api');
    expect(api.json.kind).toBe('APIVersions');
    expect(api.json.versions).toEqual(['v1']);
    const core = await call(server, 'GET', '/api/v1');
    const names = core.json.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['pods', 'pods/status', 'namespaces', 'configmaps']));
    const apis = await call(server, 'GET', '/apis');
    expect(apis.json.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'coordination.k8s.io', 'apiextensions.k8s.io']));
    expect((await call(server, 'GET', '/apis/apps')).json.name).toBe('apps');
    expect((await call(server, 'GET', '/apis/apps/v1')).json.groupVersion).toBe('apps/v1');
    expect((await call(server, 'GET', '/apis/apps/v9')).status).toBe(404);
  });

  it('serves the OpenAPI v3 index and documents, and v2', async () => {
    const index = await call(server, 'GET', '/openapi/v3');
    const url: string = index.json.paths['api/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
    const doc = await call(server, 'GET', url);
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toMatch(/^3\./);
    expect((await call(server, 'GET', '/openapi/v3/apis/nope/v1')).status).toBe(404);
    expect((await call(server, 'GET', '/openapi/v2')).json.swagger).toBe('2.0');
  });

  it('answers 405 for writes to non-resource paths', async () => {
    expect((await call(server, 'POST', '/version', { body: {} })).status).toBe(405);
  });
});

describe('tables', () => {
  it('answers a Table when asked first, for lists, gets and watches', async () => {
    server.create(pod('a'));
    const list = await call(server, 'GET', podsPath(), { headers: { Accept: TABLE_ACCEPT } });
    expect(list.headers['content-type']).toBe('application/json');
    expect(list.json.kind).toBe('Table');
    expect(list.json.rows[0].object.metadata.name).toBe('a');
    const get = await call(server, 'GET', `${podsPath()}/a`, { headers: { Accept: TABLE_ACCEPT } });
    expect(get.json.rows).toHaveLength(1);
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`, { headers: { Accept: TABLE_ACCEPT } });
    server.create(pod('b'));
    const event = await w.next();
    expect(event.type).toBe('ADDED');
    expect(event.object.kind).toBe('Table');
    expect(event.object.rows[0].object.metadata.name).toBe('b');
    w.close();
  });

  it('answers PartialObjectMetadata when asked, for lists, gets and watches', async () => {
    server.create({ ...pod('a'), metadata: { name: 'a', namespace: 'default', labels: { x: 'y' } } });
    const accept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
    const list = await call(server, 'GET', podsPath(), { headers: { Accept: accept } });
    expect(list.headers['content-type']).toBe('application/json');
    expect(list.json).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: server.resourceVersion } });
    expect(list.json.items).toEqual([{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })!.metadata }]);
    const get = await call(server, 'GET', `${podsPath()}/a`, { headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' } });
    expect(get.json.kind).toBe('PartialObjectMetadata');
    expect(get.json.spec).toBeUndefined();
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`, { headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' } });
    server.create(pod('b'));
    expect((await w.next()).object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'b' } });
    w.close();
  });

  it('measures Age when it answers, not when the object was first shown', async () => {
    // Only Date is faked: sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse('2024-06-01T12:00:00Z'));
      const created = server.create(pod('a'));
      const ageOf = async (path: string): Promise<unknown> => {
        const res = await call(server, 'GET', path, { headers: { Accept: TABLE_ACCEPT } });
        expect(res.json.kind).toBe('Table');
        return res.json.rows[0].cells[res.json.columnDefinitions.findIndex((c: { name: string }) => c.name === 'Age')];
      };
      expect(await ageOf(`${podsPath()}/a`)).toBe('0s');
      vi.setSystemTime(Date.parse('2024-06-01T12:05:00Z'));
      expect(await ageOf(`${podsPath()}/a`)).toBe('5m');
      expect(await ageOf(podsPath())).toBe('5m');
      // A watch replaying the creation later shows the age at the time it is sent.
      const first = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${Number(created.metadata.resourceVersion) - 1}`, { headers: { Accept: TABLE_ACCEPT } });
      expect((await first.next()).object.rows[0].cells).toContain('5m');
      first.close();
      vi.setSystemTime(Date.parse('2024-06-01T15:00:00Z'));
      const second = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${Number(created.metadata.resourceVersion) - 1}`, { headers: { Accept: TABLE_ACCEPT } });
      expect((await second.next()).object.rows[0].cells).toContain('3h');
      second.close();
      expect(await ageOf(`${podsPath()}/a`)).toBe('3h');
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers plain JSON otherwise', async () => {
    const res = await call(server, 'GET', podsPath(), { headers: { Accept: 'application/json, */*' } });
    expect(res.json.kind).toBe('PodList');
  });
});
