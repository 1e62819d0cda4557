import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const merge = (path: string, body: unknown) =>
  call(server, 'PATCH', path, { raw: JSON.stringify(body), headers: { 'Content-Type': 'application/merge-patch+json' } });

describe('finalizers', () => {
  it('DELETE marks the object; removing the last finalizer deletes it with DELETED', async () => {
    const created = server.create({ ...pod('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['example.com/a', 'example.com/b'] } });
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`);
    const del = await call(server, 'DELETE', `${podsPath()}/a`);
    expect(del.status).toBe(200);
    expect(del.json.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(del.json.metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);
    expect(await w.next()).toEqual({ type: 'MODIFIED', object: del.json });
    // Deleting again changes nothing.
    const again = await call(server, 'DELETE', `${podsPath()}/a`);
    expect(again.json.metadata.resourceVersion).toBe(del.json.metadata.resourceVersion);

    const one = await merge(`${podsPath()}/a`, { metadata: { finalizers: ['example.com/b'] } });
    expect(one.json.metadata.deletionTimestamp).toBe(del.json.metadata.deletionTimestamp);
    expect((await w.next()).type).toBe('MODIFIED');
    const adding = await merge(`${podsPath()}/a`, { metadata: { finalizers: ['example.com/b', 'example.com/new'] } });
    expect(adding.status).toBe(422);
    const last = await merge(`${podsPath()}/a`, { metadata: { finalizers: null } });
    expect(last.status).toBe(200);
    const deleted = await w.next();
    expect(deleted.type).toBe('DELETED');
    expect(deleted.object.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(deleted.object.metadata.uid).toBe(created.metadata.uid);
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
    w.close();
  });

  it('in-process update removing the last finalizer deletes too', () => {
    server.create({ ...pod('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['x.io/f'] } });
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    const marked = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })!;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    server.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
  });
});

describe('namespaces', () => {
  it('accepts objects in namespaces that do not exist', async () => {
    expect((await call(server, 'POST', podsPath('nowhere'), { body: pod('a', 'nowhere') })).status).toBe(201);
  });

  it('a new namespace is Active; deleting it deletes what it contains first', async () => {
    const ns = await call(server, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
    expect(ns.json.status).toEqual({ phase: 'Active' });
    expect(ns.json.metadata.namespace).toBeUndefined();
    server.create(pod('a', 'team'));
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team' } });
    server.create(pod('keep', 'team-2'));
    const w = await openWatch(server, `/api/v1/pods?watch=true&resourceVersion=${server.resourceVersion}`);
    expect((await call(server, 'DELETE', '/api/v1/namespaces/team')).status).toBe(200);
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'a', namespace: 'team' } } });
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => p.metadata.name)).toEqual(['keep']);
    expect(server.list({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual([]);
    expect((await call(server, 'GET', '/api/v1/namespaces/team')).status).toBe(404);
    w.close();
  });

  it('validates namespace names as DNS-1123 labels', async () => {
    const res = await call(server, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'a.b' } } });
    expect(res.status).toBe(422);
  });
});

const widgetCrd = (versions: { name: string; served: boolean; storage: boolean }[] = [{ name: 'v1', served: true, storage: true }]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
    versions: versions.map((v) => ({ ...v, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } })),
  },
});

describe('CustomResourceDefinitions', () => {
  const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const widgets = '/apis/example.com/v1/namespaces/default/widgets';

  it('creating a CRD serves its kind, in discovery too; deleting it removes objects and stops serving', async () => {
    expect((await call(server, 'GET', widgets)).status).toBe(404);
    const crd = await call(server, 'POST', crdPath, { body: widgetCrd() });
    expect(crd.status).toBe(201);
    // The create answers the status it stored; kube-apiserver's controllers write the conditions next.
    expect(crd.json.status).toEqual({ conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
    const established = await call(server, 'GET', `${crdPath}/widgets.example.com`);
    expect(established.json.status.conditions.map((c: { type: string; status: string }) => [c.type, c.status]))
      .toEqual([['NamesAccepted', 'True'], ['Established', 'True']]);
    expect(Number(established.json.metadata.resourceVersion)).toBe(Number(crd.json.metadata.resourceVersion) + 2);

    const group = await call(server, 'GET', '/apis/example.com/v1');
    expect(group.status).toBe(200);
    expect(group.json.resources.map((r: { name: string }) => r.name)).toContain('widgets');
    const groups = await call(server, 'GET', '/apis');
    expect(groups.json.groups.map((g: { name: string }) => g.name)).toContain('example.com');

    const created = await call(server, 'POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } } });
    expect(created.status).toBe(201);
    const list = await call(server, 'GET', widgets);
    expect(list.json.kind).toBe('WidgetList');
    expect(list.json.items[0].kind).toBe('Widget');

    const w = await openWatch(server, `${widgets}?watch=true&resourceVersion=${server.resourceVersion}`);
    expect((await call(server, 'DELETE', `${crdPath}/widgets.example.com`)).status).toBe(200);
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'w1' } } });
    expect(await w.ended).toBe('end');
    expect((await call(server, 'GET', widgets)).status).toBe(404);
    expect((await call(server, 'GET', '/apis/example.com/v1')).status).toBe(404);

    // Re-creating it serves an empty collection.
    await call(server, 'POST', crdPath, { body: widgetCrd() });
    expect((await call(server, 'GET', widgets)).json.items).toEqual([]);
  });

  it('serves every served version from one store', async () => {
    await call(server, 'POST', crdPath, { body: widgetCrd([{ name: 'v1', served: true, storage: true }, { name: 'v1beta1', served: true, storage: false }]) });
    await call(server, 'POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } } });
    const beta = await call(server, 'GET', '/apis/example.com/v1beta1/namespaces/default/widgets/w1');
    expect(beta.status).toBe(200);
    expect(beta.json.apiVersion).toBe('example.com/v1beta1');
    const v1 = await call(server, 'GET', `${widgets}/w1`);
    expect(v1.json.apiVersion).toBe('example.com/v1');
  });

  it('refuses malformed CRDs with 422 and changes nothing', async () => {
    const rv = server.resourceVersion;
    const noGroup = widgetCrd();
    const { group: _dropped, ...specWithoutGroup } = noGroup.spec;
    const res = await call(server, 'POST', crdPath, { body: { ...noGroup, spec: specWithoutGroup } });
    expect(res.status).toBe(422);
    const misnamed = { ...widgetCrd(), metadata: { name: 'wrong' } };
    expect((await call(server, 'POST', crdPath, { body: misnamed })).status).toBe(422);
    const builtin = widgetCrd();
    builtin.metadata.name = 'deployments.apps';
    builtin.spec.group = 'apps';
    builtin.spec.names = { ...builtin.spec.names, plural: 'deployments', kind: 'Deployment' };
    expect((await call(server, 'POST', crdPath, { body: builtin })).status).toBe(422);
    expect(server.resourceVersion).toBe(rv);
  });

  it('refuses changing a CRD group or scope', async () => {
    await call(server, 'POST', crdPath, { body: widgetCrd() });
    const created = (await call(server, 'GET', `${crdPath}/widgets.example.com`)).json;
    const res = await call(server, 'PUT', `${crdPath}/widgets.example.com`, { body: { ...created, spec: { ...created.spec, scope: 'Cluster' } } });
    expect(res.status).toBe(422);
    expect(res.json.details.causes[0].field).toBe('spec.scope');
  });

  it('options.resources serves kinds without a CRD', async () => {
    await server.close();
    server = await startServer({ resources: [{ group: 'example.com', version: 'v2', kind: 'Gadget', plural: 'gadgets', namespaced: false }] });
    const res = await call(server, 'POST', '/apis/example.com/v2/gadgets', { body: { apiVersion: 'example.com/v2', kind: 'Gadget', metadata: { name: 'g' } } });
    expect(res.status).toBe(201);
    expect((await call(server, 'GET', '/apis/example.com/v2')).json.resources[0]).toMatchObject({ name: 'gadgets', kind: 'Gadget', namespaced: false });
  });
});
