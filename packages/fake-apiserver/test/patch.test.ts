import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, defaultedContainer, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer({
    resources: [{ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, statusSubresource: true }],
  });
});
afterEach(async () => {
  await server.close();
});

const patch = (path: string, type: string, body: unknown) =>
  call(server, 'PATCH', path, { raw: JSON.stringify(body), headers: { 'Content-Type': type } });

describe('patch', () => {
  it('applies a JSON merge patch and emits MODIFIED', async () => {
    server.create(pod('a', 'default', { keep: 'yes', drop: 'me' }));
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`);
    const res = await patch(`${podsPath()}/a`, 'application/merge-patch+json', { metadata: { labels: { drop: null, added: '1' } } });
    expect(res.status).toBe(200);
    expect(res.json.metadata.labels).toEqual({ keep: 'yes', added: '1' });
    expect(await w.next()).toEqual({ type: 'MODIFIED', object: res.json });
    w.close();
  });

  it('applies a JSON patch, and answers 422 when a test operation fails', async () => {
    server.create(pod('a'));
    const ok = await patch(`${podsPath()}/a`, 'application/json-patch+json', [{ op: 'add', path: '/metadata/labels/x', value: 'y' }]);
    expect(ok.status).toBe(200);
    expect(ok.json.metadata.labels).toEqual({ x: 'y' });
    const rv = server.resourceVersion;
    const failed = await patch(`${podsPath()}/a`, 'application/json-patch+json', [{ op: 'test', path: '/metadata/labels/x', value: 'z' }]);
    expect(failed.status).toBe(422);
    expect(server.resourceVersion).toBe(rv);
    const malformed = await patch(`${podsPath()}/a`, 'application/json-patch+json', { not: 'a list' });
    expect(malformed.status).toBe(400);
  });

  it('applies a strategic merge patch to built-in kinds, merging containers by name', async () => {
    server.create(pod('a', 'default', {}, { containers: [{ name: 'c', image: 'old' }, { name: 'd', image: 'keep' }] }));
    const res = await patch(`${podsPath()}/a`, 'application/strategic-merge-patch+json', { spec: { containers: [{ name: 'c', image: 'new' }] } });
    expect(res.status).toBe(200);
    expect(res.json.spec.containers).toEqual([defaultedContainer({ name: 'c', image: 'new' }), defaultedContainer({ name: 'd', image: 'keep' })]);
    expect(res.json.metadata.generation).toBe(2);
  });

  it('answers 415 for strategic merge on custom kinds and unknown types; apply patches are served', async () => {
    server.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } });
    const path = '/apis/example.com/v1/namespaces/default/widgets/w';
    const smp = await patch(path, 'application/strategic-merge-patch+json', { spec: {} });
    expect(smp.status).toBe(415);
    expect(smp.json.reason).toBe('UnsupportedMediaType');
    // Server-side apply is served (test/apply.test.ts); without a fieldManager it is a 422.
    const apply = await patch(path, 'application/apply-patch+yaml', {});
    expect(apply.status).toBe(422);
    expect(apply.json.details.causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
    const other = await patch(path, 'text/plain', {});
    expect(other.status).toBe(415);
    expect((await patch(path, 'application/merge-patch+json', { spec: { size: 3 } })).json.spec).toEqual({ size: 3 });
  });

  it('answers 404 for a missing object and 409 for a stale resourceVersion in the patch', async () => {
    expect((await patch(`${podsPath()}/nope`, 'application/merge-patch+json', {})).status).toBe(404);
    const a = server.create(pod('a'));
    server.update({ ...a, metadata: { ...a.metadata, labels: { v: '2' } } });
    const stale = await patch(`${podsPath()}/a`, 'application/merge-patch+json', { metadata: { resourceVersion: a.metadata.resourceVersion, labels: { v: '3' } } });
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
  });

  it('answers 400 for malformed JSON and for a patch renaming the object', async () => {
    server.create(pod('a'));
    const bad = await call(server, 'PATCH', `${podsPath()}/a`, { raw: '{', headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(bad.status).toBe(400);
    const rename = await patch(`${podsPath()}/a`, 'application/merge-patch+json', { metadata: { name: 'b' } });
    expect(rename.status).toBe(400);
  });
});

describe('status subresource', () => {
  it('GET /status answers the object; PUT and PATCH there change only .status', async () => {
    const created = server.create({ ...pod('a'), status: { phase: 'Pending' } });
    expect((await call(server, 'GET', `${podsPath()}/a/status`)).json).toEqual(created);
    const put = await call(server, 'PUT', `${podsPath()}/a/status`, {
      body: { ...created, metadata: { ...created.metadata, labels: { ignored: 'yes' } }, spec: { containers: [] }, status: { phase: 'Running' } },
    });
    expect(put.status).toBe(200);
    expect(put.json.status).toEqual({ phase: 'Running' });
    expect(put.json.spec).toEqual(created.spec);
    expect(put.json.metadata.labels).toEqual({});
    expect(put.json.metadata.generation).toBe(1);
    const merged = await patch(`${podsPath()}/a/status`, 'application/merge-patch+json', { status: { podIP: '10.0.0.1' }, spec: { nodeName: 'n' } });
    expect(merged.json.status).toEqual({ phase: 'Running', podIP: '10.0.0.1' });
    expect(merged.json.spec.nodeName).toBeUndefined();
  });

  it('main-resource patches leave .status alone, and create drops it', async () => {
    server.create({ ...pod('a'), status: { phase: 'Running' } });
    const res = await patch(`${podsPath()}/a`, 'application/merge-patch+json', { status: { phase: 'Failed' }, metadata: { labels: { x: '1' } } });
    expect(res.json.status).toEqual({ phase: 'Running' });
    expect(res.json.metadata.labels).toEqual({ x: '1' });
    const created = await call(server, 'POST', podsPath(), { body: { ...pod('b'), status: { phase: 'Running' } } });
    // The status sent is dropped: a new pod's is the server's.
    expect(created.json.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('serves /status for custom kinds that enable it and 404 for kinds without one', async () => {
    server.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 1 } });
    const res = await patch('/apis/example.com/v1/namespaces/default/widgets/w/status', 'application/merge-patch+json', { status: { ready: true }, spec: { size: 9 } });
    expect(res.json).toMatchObject({ spec: { size: 1 }, status: { ready: true } });
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    expect((await call(server, 'GET', '/api/v1/namespaces/default/configmaps/c/status')).status).toBe(404);
  });
});
