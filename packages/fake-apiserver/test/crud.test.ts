import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { AlreadyExistsError, ConflictError, InvalidError, NotFoundError } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

/** The same JSON value with the keys of every object in reverse order (array items keep theirs). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

describe('create', () => {
  it('answers 201 with uid, resourceVersion, creationTimestamp and generation 1', async () => {
    const before = Number(server.resourceVersion);
    const res = await call(server, 'POST', podsPath(), { body: pod('a') });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    const meta = res.json.metadata;
    expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.resourceVersion).toBe(String(before + 1));
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(meta.generation).toBe(1);
    expect(meta.namespace).toBe('default');
    expect(res.json.kind).toBe('Pod');
    expect(res.json.apiVersion).toBe('v1');
    expect(server.resourceVersion).toBe(String(before + 1));
  });

  it('fills kind and apiVersion when the body leaves them out', async () => {
    const res = await call(server, 'POST', podsPath(), { body: { metadata: { name: 'bare' }, spec: pod('bare').spec } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
  });

  it('generates names from generateName with 5 characters of the Kubernetes alphabet', async () => {
    const res = await call(server, 'POST', podsPath(), { body: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-' }, spec: pod('web').spec } });
    expect(res.status).toBe(201);
    expect(res.json.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers 409 AlreadyExists for a second object of the same name', async () => {
    await call(server, 'POST', podsPath(), { body: pod('a') });
    const rv = server.resourceVersion;
    const res = await call(server, 'POST', podsPath(), { body: pod('a') });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods "a" already exists', reason: 'AlreadyExists', details: { name: 'a', kind: 'pods' }, code: 409,
    });
    expect(server.resourceVersion).toBe(rv);
  });

  it('answers 422 Invalid with causes for a missing or malformed name', async () => {
    const missing = await call(server, 'POST', podsPath(), { body: { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: pod('').spec } });
    expect(missing.status).toBe(422);
    expect(missing.json.reason).toBe('Invalid');
    expect(missing.json.message).toBe('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
    expect(missing.json.details.kind).toBe('Pod');
    expect(missing.json.details.causes[0]).toMatchObject({ reason: 'FieldValueRequired', field: 'metadata.name' });
    const bad = await call(server, 'POST', podsPath(), { body: pod('Not_Valid') });
    expect(bad.status).toBe(422);
    expect(bad.json.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' })).toEqual([]);
  });

  it('refuses a resourceVersion on create like kube-apiserver does', async () => {
    const body = pod('a');
    body.metadata.resourceVersion = '5';
    const res = await call(server, 'POST', podsPath(), { body });
    expect(res.status).toBe(500);
    expect(res.json.message).toBe('resourceVersion should not be set on objects to be created');
  });

  it('answers 400 for malformed JSON, a non-object body, and a namespace differing from the URL', async () => {
    const malformed = await call(server, 'POST', podsPath(), { raw: '{"metadata": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.reason).toBe('BadRequest');
    const array = await call(server, 'POST', podsPath(), { raw: '[]' });
    expect(array.status).toBe(400);
    const other = await call(server, 'POST', podsPath('default'), { body: pod('a', 'elsewhere') });
    expect(other.status).toBe(400);
    expect(other.json.message).toBe('the namespace of the provided object does not match the namespace sent on the request');
    const wrongKind = await call(server, 'POST', podsPath(), { body: { ...pod('a'), kind: 'Service' } });
    expect(wrongKind.status).toBe(400);
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' })).toEqual([]);
  });

  it('answers 415 for a body that is not JSON and 413 for one over 3 MiB', async () => {
    const yaml = await call(server, 'POST', podsPath(), { raw: 'metadata: {}', headers: { 'Content-Type': 'application/yaml' } });
    expect(yaml.status).toBe(415);
    expect(yaml.json.reason).toBe('UnsupportedMediaType');
    const big = pod('big');
    big.metadata.annotations = { big: 'x'.repeat(3 * 1024 * 1024) };
    const tooLarge = await call(server, 'POST', podsPath(), { body: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.reason).toBe('RequestEntityTooLarge');
    // The server keeps serving.
    expect((await call(server, 'GET', podsPath())).status).toBe(200);
  });
});

describe('get', () => {
  it('answers the stored object, and 404 NotFound with details for a missing one', async () => {
    const created = await call(server, 'POST', podsPath(), { body: pod('a') });
    const got = await call(server, 'GET', `${podsPath()}/a`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(created.json);
    const missing = await call(server, 'GET', `${podsPath()}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404,
    });
    const grouped = await call(server, 'GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    expect(grouped.json.details).toEqual({ name: 'nope', group: 'apps', kind: 'deployments' });
    expect(grouped.json.message).toBe('deployments.apps "nope" not found');
  });

  it('answers a NotFound Status for unknown resources of a served group', async () => {
    for (const path of ['/api/v1/namespaces/default/widgets', '/api/v1/namespaces/default/nodes', '/apis/apps/v9/deployments']) {
      const res = await call(server, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(res.json.reason, path).toBe('NotFound');
    }
  });

  it('answers a plain-text 404 page for groups it does not serve and paths outside the API', async () => {
    for (const path of ['/apis/nope.example.com/v1/things', '/apis/nope.example.com', '/nothing/here']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('text/plain; charset=utf-8');
      expect(await res.text(), path).toBe('404 page not found\n');
    }
  });
});

describe('update', () => {
  it('replaces the object, bumps generation on spec changes only, and answers 409 for a stale resourceVersion', async () => {
    const created = (await call(server, 'POST', podsPath(), { body: pod('a') })).json;
    const labelled = { ...created, metadata: { ...created.metadata, labels: { x: '1' } } };
    const r1 = await call(server, 'PUT', `${podsPath()}/a`, { body: labelled });
    expect(r1.status).toBe(200);
    expect(r1.json.metadata.labels).toEqual({ x: '1' });
    expect(r1.json.metadata.generation).toBe(1);
    expect(Number(r1.json.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));

    const stale = await call(server, 'PUT', `${podsPath()}/a`, { body: labelled });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'a', kind: 'pods' },
    });

    // A new image: one of the few changes a pod's spec allows.
    const respec = { ...r1.json, spec: { ...r1.json.spec, containers: [{ ...r1.json.spec.containers[0], image: 'busybox:1.37' }] } };
    const r2 = await call(server, 'PUT', `${podsPath()}/a`, { body: respec });
    expect(r2.json.metadata.generation).toBe(2);
    expect(r2.json.metadata.uid).toBe(created.metadata.uid);
    expect(r2.json.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
  });

  it('is unconditional without a resourceVersion, and a no-op keeps the resourceVersion', async () => {
    const created = (await call(server, 'POST', podsPath(), { body: pod('a') })).json;
    const noop = await call(server, 'PUT', `${podsPath()}/a`, { body: created });
    expect(noop.json.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    // The stored spec as it is (a pod's spec may not change), new labels, no resourceVersion.
    const body = { ...pod('a', 'default', { y: '2' }), spec: created.spec };
    const res = await call(server, 'PUT', `${podsPath()}/a`, { body });
    expect(res.status).toBe(200);
    expect(res.json.metadata.labels).toEqual({ y: '2' });
  });

  it('compares content, not key order: the same object with its keys in another order changes nothing', async () => {
    const tolerations = [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }];
    const spec = { nodeName: 'n1', containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'nginx' }], tolerations };
    const created = (await call(server, 'POST', podsPath(), { body: pod('a', 'default', { x: '1', y: '2' }, spec) })).json;
    const rv = created.metadata.resourceVersion;
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${rv}`);
    const reordered = reverseKeys(created);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(created));

    // A no-op, over HTTP and in process: same resourceVersion, same generation, no event.
    const noop = await call(server, 'PUT', `${podsPath()}/a`, { body: reordered });
    expect(noop.status).toBe(200);
    expect(noop.json.metadata.resourceVersion).toBe(rv);
    expect(noop.json.metadata.generation).toBe(1);
    expect(server.update(reverseKeys(created) as typeof created).metadata.resourceVersion).toBe(rv);
    expect(server.resourceVersion).toBe(rv);

    // A label change with the spec's keys reordered: a new resourceVersion, the same generation.
    const relabelled = reverseKeys({ ...created, metadata: { ...created.metadata, labels: { y: '3', x: '1' } } });
    const r1 = await call(server, 'PUT', `${podsPath()}/a`, { body: relabelled });
    expect(Number(r1.json.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    expect(r1.json.metadata.generation).toBe(1);

    // Array order counts: swapping the tolerations (a change a pod's spec allows) is a spec change.
    const swapped = { ...r1.json, spec: { ...r1.json.spec, tolerations: [...r1.json.spec.tolerations].reverse() } };
    const r2 = await call(server, 'PUT', `${podsPath()}/a`, { body: swapped });
    expect(r2.json.metadata.generation).toBe(2);

    // The watch saw the two changes and nothing for the no-ops.
    const first = await w.next();
    expect([first.type, first.object.metadata.resourceVersion, first.object.metadata.labels]).toEqual(['MODIFIED', r1.json.metadata.resourceVersion, { y: '3', x: '1' }]);
    const second = await w.next();
    expect([second.type, second.object.metadata.resourceVersion]).toEqual(['MODIFIED', r2.json.metadata.resourceVersion]);
    w.close();
  });

  it('answers 404 for a missing object and 400 when the name differs from the URL', async () => {
    expect((await call(server, 'PUT', `${podsPath()}/a`, { body: pod('a') })).status).toBe(404);
    await call(server, 'POST', podsPath(), { body: pod('a') });
    const res = await call(server, 'PUT', `${podsPath()}/a`, { body: pod('b') });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('the name of the object (b) does not match the name on the URL (a)');
  });

  it('keeps .status on main-resource writes of kinds with a status subresource', async () => {
    server.create({ ...pod('a'), status: { phase: 'Running' } });
    const current = (await call(server, 'GET', `${podsPath()}/a`)).json;
    const res = await call(server, 'PUT', `${podsPath()}/a`, { body: { ...current, status: { phase: 'Failed' }, metadata: { ...current.metadata, labels: { l: 'v' } } } });
    expect(res.json.status).toEqual({ phase: 'Running' });
    expect(res.json.metadata.labels).toEqual({ l: 'v' });
  });
});

describe('delete', () => {
  it('answers 200 with the deleted object carrying the deletion resourceVersion', async () => {
    await call(server, 'POST', podsPath(), { body: pod('a') });
    const res = await call(server, 'DELETE', `${podsPath()}/a`);
    expect(res.status).toBe(200);
    expect(res.json.metadata.name).toBe('a');
    expect(res.json.metadata.resourceVersion).toBe(server.resourceVersion);
    expect((await call(server, 'GET', `${podsPath()}/a`)).status).toBe(404);
    expect((await call(server, 'DELETE', `${podsPath()}/a`)).status).toBe(404);
  });

  it('honours uid and resourceVersion preconditions', async () => {
    await call(server, 'POST', podsPath(), { body: pod('a') });
    const res = await call(server, 'DELETE', `${podsPath()}/a`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'other' } } });
    expect(res.status).toBe(409);
    // kube-apiserver v1.37.2's wording, the object named by its kind.
    expect(res.json.message).toBe(`Operation cannot be fulfilled on Pod "a": the UID in the precondition (other) does not match the UID in record (${server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })?.metadata.uid ?? ''}). The object might have been deleted and then recreated`);
    expect(res.json.details).toEqual({ name: 'a', kind: 'Pod' });
    expect((await call(server, 'GET', `${podsPath()}/a`)).status).toBe(200);
  });

  it('deletes a collection by selector', async () => {
    await call(server, 'POST', podsPath(), { body: pod('a', 'default', { app: 'x' }) });
    await call(server, 'POST', podsPath(), { body: pod('b', 'default', { app: 'y' }) });
    const res = await call(server, 'DELETE', `${podsPath()}?labelSelector=app%3Dx`);
    expect(res.status).toBe(200);
    expect(res.json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['a']);
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => p.metadata.name)).toEqual(['b']);
  });
});

describe('dry run', () => {
  it('answers as if the write happened and changes nothing', async () => {
    const rv = server.resourceVersion;
    const res = await call(server, 'POST', `${podsPath()}?dryRun=All`, { body: pod('a') });
    expect(res.status).toBe(201);
    expect(res.json.metadata.name).toBe('a');
    expect(server.resourceVersion).toBe(rv);
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
  });
});

describe('in-process API', () => {
  it('creates, gets, lists, updates and deletes with the HTTP errors as exceptions', () => {
    const created = server.create(pod('a'));
    expect(created.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(() => server.create(pod('a'))).toThrow(AlreadyExistsError);
    try {
      server.create(pod('a'));
    } catch (err) {
      expect((err as AlreadyExistsError).status.code).toBe(409);
      expect((err as AlreadyExistsError).code).toBe('AlreadyExists');
    }
    const got = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    expect(got).toEqual(created);
    const updated = server.update({ ...created, metadata: { ...created.metadata, labels: { a: 'b' } } });
    expect(updated.metadata.labels).toEqual({ a: 'b' });
    expect(() => server.update(created)).toThrow(ConflictError);
    expect(() => server.create({ apiVersion: 'v1', kind: 'Pod', metadata: {} })).toThrow(InvalidError);
    expect(() => server.list({ apiVersion: 'v9', kind: 'Nope' })).toThrow(NotFoundError);
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' })).toEqual([]);
    expect(() => { server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' }); }).toThrow(NotFoundError);
  });

  it('keeps status, uid and creationTimestamp given to create (fixtures)', () => {
    const created = server.create({ ...pod('a'), status: { phase: 'Running' } });
    expect(created).toMatchObject({ status: { phase: 'Running' } });
    const returned = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    expect(returned).not.toBe(created);
  });
});

describe('HEAD', () => {
  it('answers like GET without a body', async () => {
    server.create(pod('a'));
    const found = await call(server, 'HEAD', `${podsPath()}/a`);
    expect(found.status).toBe(200);
    expect(found.text).toBe('');
    expect(Number(found.headers['content-length'])).toBeGreaterThan(0);
    expect((await call(server, 'HEAD', `${podsPath()}/missing`)).status).toBe(404);
    expect((await call(server, 'HEAD', podsPath())).status).toBe(200);
  });
});
