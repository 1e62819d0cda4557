/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read off the wire is untyped in assertions */
// The /scale subresource over raw HTTP, with the answers kube-apiserver v1.37.2 gives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { decodeObject, encodeObject } from '../src/internal/protobuf/codec.js';
import { call, startServer } from './helpers.js';

const deployments = '/apis/apps/v1/namespaces/default/deployments';
const scalePath = `${deployments}/web/scale`;
const agent = { 'User-Agent': 'scaler/1.0 (linux/amd64)' };

function deployment(name: string, replicas = 1): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

function scale(name: string, replicas: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name, ...extra }, spec: { replicas } };
}

let server: FakeApiServer;
let created: any;
beforeEach(async () => {
  server = await startServer();
  created = (await call(server, 'POST', deployments, { body: deployment('web'), headers: agent })).json;
});
afterEach(async () => {
  await server.close();
});

describe('GET /scale', () => {
  it('answers the parent as an autoscaling/v1 Scale with its selector as a string', async () => {
    const res = await call(server, 'GET', scalePath);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: created.metadata.uid,
        resourceVersion: created.metadata.resourceVersion,
        creationTimestamp: created.metadata.creationTimestamp,
      },
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=web,tier in (api,web)' },
    });
  });

  it('answers 404 naming the parent when it does not exist', async () => {
    const res = await call(server, 'GET', `${deployments}/nope/scale`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ message: 'deployments.apps "nope" not found', reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' } });
  });

  it('is not served for kinds without a scale subresource, nor for POST and DELETE', async () => {
    expect((await call(server, 'GET', '/api/v1/namespaces/default/configmaps/x/scale')).status).toBe(404);
    for (const method of ['POST', 'DELETE']) {
      const res = await call(server, method, scalePath, { body: {} });
      expect(res.status).toBe(405);
      expect(res.json.message).toBe('the server does not allow this method on the requested resource');
    }
  });
});

describe('writing /scale', () => {
  it('PUT changes spec.replicas of the parent, bumps its generation and answers the new Scale', async () => {
    const res = await call(server, 'PUT', scalePath, { body: scale('web', 3), headers: agent });
    expect(res.status).toBe(200);
    expect(res.json.spec).toEqual({ replicas: 3 });
    const parent = (await call(server, 'GET', `${deployments}/web`)).json;
    expect(parent.spec.replicas).toBe(3);
    expect(parent.metadata.generation).toBe(2);
    expect(res.json.metadata.resourceVersion).toBe(parent.metadata.resourceVersion);
    expect(Number(parent.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('records the write as an untimed Update with subresource scale that takes spec.replicas from the creator', async () => {
    await call(server, 'PUT', scalePath, { body: scale('web', 3), headers: agent });
    const fields = (await call(server, 'GET', `${deployments}/web`)).json.metadata.managedFields;
    expect(fields[0]).toEqual({
      manager: 'scaler', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale',
    });
    expect(fields).toHaveLength(2);
    expect(fields[1].time).toBeDefined();
    expect(fields[1].subresource).toBeUndefined();
    expect(fields[1].fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(fields[1].fieldsV1['f:spec']['f:selector']).toEqual({});
  });

  it('merge, JSON and strategic merge patches apply to the Scale', async () => {
    const merge = await call(server, 'PATCH', scalePath, { raw: '{"spec":{"replicas":4}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(merge.json.spec.replicas).toBe(4);
    const json = await call(server, 'PATCH', scalePath, { raw: '[{"op":"replace","path":"/spec/replicas","value":5}]', headers: { 'Content-Type': 'application/json-patch+json' } });
    expect(json.json.spec.replicas).toBe(5);
    const smp = await call(server, 'PATCH', scalePath, { raw: '{"spec":{"replicas":6}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    expect(smp.status).toBe(200);
    expect(smp.json.spec.replicas).toBe(6);
    expect((await call(server, 'GET', `${deployments}/web`)).json.spec.replicas).toBe(6);
  });

  it('refuses server-side apply through /scale with a 415 that says so (not served yet)', async () => {
    const res = await call(server, 'PATCH', `${scalePath}?fieldManager=hpa`, { body: scale('web', 7), headers: { 'Content-Type': 'application/apply-patch+yaml' } });
    expect(res.status).toBe(415);
    expect(res.json.message).toContain('server-side apply through /scale');
  });

  it('a merge patch removing spec.replicas scales to zero (the Scale omits it), and nobody owns the zero', async () => {
    await call(server, 'PUT', scalePath, { body: scale('web', 3), headers: agent });
    const res = await call(server, 'PATCH', scalePath, { raw: '{"spec":{"replicas":null}}', headers: { 'Content-Type': 'application/merge-patch+json', ...agent } });
    expect(res.json.spec).toEqual({});
    const parent = (await call(server, 'GET', `${deployments}/web`)).json;
    expect(parent.spec.replicas).toBe(0);
    expect(parent.metadata.managedFields.map((f: any) => f.subresource ?? '')).toEqual(['']);
    expect(parent.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });

  it('the same replicas change nothing: same resourceVersion, same generation', async () => {
    const res = await call(server, 'PUT', scalePath, { body: scale('web', 1) });
    expect(res.json.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect((await call(server, 'GET', `${deployments}/web`)).json.metadata.generation).toBe(1);
  });

  it('answers 409 for a stale resourceVersion, 422 for negative replicas, 400 for another name, 404 for no parent', async () => {
    const rv = server.resourceVersion;
    const stale = await call(server, 'PUT', scalePath, { body: scale('web', 3, { resourceVersion: '1' }) });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
    const negative = await call(server, 'PUT', scalePath, { body: scale('web', -1) });
    expect(negative.status).toBe(422);
    expect(negative.json).toMatchObject({
      message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: { name: 'web', group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }] },
    });
    const renamed = await call(server, 'PUT', scalePath, { body: scale('other', 3) });
    expect(renamed.status).toBe(400);
    expect(renamed.json.message).toBe('the name of the object (other) does not match the name on the URL (web)');
    expect((await call(server, 'PUT', `${deployments}/nope/scale`, { body: scale('nope', 3) })).status).toBe(404);
    expect(server.resourceVersion).toBe(rv);
  });

  it('a current resourceVersion is accepted', async () => {
    const res = await call(server, 'PUT', scalePath, { body: scale('web', 2, { resourceVersion: created.metadata.resourceVersion }) });
    expect(res.status).toBe(200);
    expect(res.json.spec.replicas).toBe(2);
  });

  it('dryRun answers the scaled Scale and changes nothing', async () => {
    const res = await call(server, 'PUT', `${scalePath}?dryRun=All`, { body: scale('web', 7) });
    expect(res.json.spec.replicas).toBe(7);
    expect((await call(server, 'GET', `${deployments}/web`)).json.spec.replicas).toBe(1);
  });
});

describe('protobuf', () => {
  const PROTOBUF = 'application/vnd.kubernetes.protobuf';
  it('answers the Scale in protobuf when asked first, and reads a protobuf Scale', async () => {
    const got = await fetch(new URL(scalePath, server.url), { headers: { Accept: `${PROTOBUF},application/json` } });
    expect(got.headers.get('content-type')).toBe(PROTOBUF);
    const decoded = decodeObject(new Uint8Array(await got.arrayBuffer()));
    expect(decoded.object).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=web,tier in (api,web)' } });
    const put = await call(server, 'PUT', scalePath, {
      raw: Buffer.from(encodeObject(scale('web', 4) as Parameters<typeof encodeObject>[0])),
      headers: { 'Content-Type': PROTOBUF, Accept: 'application/json' },
    });
    expect(put.status).toBe(200);
    expect(put.json.spec.replicas).toBe(4);
  });
});

describe('discovery', () => {
  it('lists <plural>/scale before <plural>/status for built-in kinds, in both forms', async () => {
    const names = (await call(server, 'GET', '/apis/apps/v1')).json.resources.map((r: { name: string }) => r.name);
    expect(names.filter((n: string) => n.startsWith('deployments'))).toEqual(['deployments', 'deployments/scale', 'deployments/status']);
    const entry = (await call(server, 'GET', '/apis/apps/v1')).json.resources.find((r: { name: string }) => r.name === 'deployments/scale');
    expect(entry).toEqual({ name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    const aggregated = await call(server, 'GET', '/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    const apps = aggregated.json.items.find((g: any) => g.metadata.name === 'apps');
    const dep = apps.versions[0].resources.find((r: any) => r.resource === 'deployments');
    expect(dep.subresources.map((s: any) => s.subresource)).toEqual(['scale', 'status']);
    expect(dep.subresources[0]).toEqual({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  });
});

describe('custom resources with a scale subresource', () => {
  const widgets = '/apis/example.com/v1/namespaces/default/widgets';
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [{
        name: 'v1', served: true, storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      }],
    },
  };
  beforeEach(async () => {
    expect((await call(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd })).status).toBe(201);
    expect((await call(server, 'POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 2 } } })).status).toBe(201);
  });

  it('reads and writes the CRD paths; the selector is the string at labelSelectorPath', async () => {
    expect((await call(server, 'GET', `${widgets}/w/scale`)).json).toMatchObject({ spec: { replicas: 2 }, status: { replicas: 0 } });
    const put = await call(server, 'PUT', `${widgets}/w/scale`, { body: scale('w', 3), headers: agent });
    expect(put.json.spec.replicas).toBe(3);
    const widget = (await call(server, 'GET', `${widgets}/w`)).json;
    expect(widget.spec.replicas).toBe(3);
    expect(widget.metadata.generation).toBe(2);
    expect(widget.metadata.managedFields[0]).toEqual({
      manager: 'scaler', operation: 'Update', apiVersion: 'example.com/v1', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale',
    });
    await call(server, 'PATCH', `${widgets}/w/status`, { raw: '{"status":{"replicas":2,"selector":"a=b"}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect((await call(server, 'GET', `${widgets}/w/scale`)).json).toMatchObject({ spec: { replicas: 3 }, status: { replicas: 2, selector: 'a=b' } });
  });

  it('answers 415 to a strategic merge patch and 422 naming the CRD path for negative replicas', async () => {
    const smp = await call(server, 'PATCH', `${widgets}/w/scale`, { raw: '{"spec":{"replicas":6}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    expect(smp.status).toBe(415);
    const negative = await call(server, 'PUT', `${widgets}/w/scale`, { body: scale('w', -1) });
    expect(negative.status).toBe(422);
    expect(negative.json).toMatchObject({
      message: 'Widget.example.com "w" is invalid: .spec.replicas: Invalid value: -1: should be a non-negative integer',
      details: { name: 'w', group: 'example.com', kind: 'Widget', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: should be a non-negative integer', field: '.spec.replicas' }] },
    });
  });

  it('discovery lists widgets/status before widgets/scale', async () => {
    const names = (await call(server, 'GET', '/apis/example.com/v1')).json.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(['widgets', 'widgets/status', 'widgets/scale']);
  });
});

describe('pods/binding and pods/eviction', () => {
  const pods = '/api/v1/namespaces/default/pods';
  const created201 = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  const binding = (name: string, node: string): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
  const eviction = (name: string): Record<string, unknown> => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });
  beforeEach(async () => {
    for (const name of ['p1', 'p2']) {
      await call(server, 'POST', pods, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, headers: agent });
    }
  });

  it('a Binding sets the node and PodScheduled, keeps generation and managedFields, and answers 201 Success', async () => {
    const before = (await call(server, 'GET', `${pods}/p1`)).json;
    const res = await call(server, 'POST', `${pods}/p1/binding`, { body: binding('p1', 'n1') });
    expect(res.status).toBe(201);
    expect(res.json).toEqual(created201);
    const pod = (await call(server, 'GET', `${pods}/p1`)).json;
    expect(pod.spec.nodeName).toBe('n1');
    expect(pod.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: expect.stringMatching(/Z$/) }]);
    expect(pod.metadata.generation).toBe(1);
    expect(pod.metadata.managedFields).toEqual(before.metadata.managedFields);
    expect(Number(pod.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
  });

  it('answers 409 for a pod already bound, 400 for another name, 500 without a target, 404 for no pod, 405 for GET', async () => {
    await call(server, 'POST', `${pods}/p1/binding`, { body: binding('p1', 'n1') });
    const again = await call(server, 'POST', `${pods}/p1/binding`, { body: binding('p1', 'n2') });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ message: 'Operation cannot be fulfilled on pods/binding "p1": pod p1 is already assigned to node "n1"', details: { name: 'p1', kind: 'pods/binding' } });
    const renamed = await call(server, 'POST', `${pods}/p2/binding`, { body: binding('p1', 'n2') });
    expect(renamed.json).toMatchObject({ code: 400, message: 'name in URL does not match name in Binding object' });
    const noTarget = await call(server, 'POST', `${pods}/p2/binding`, { body: { ...binding('p2', ''), target: {} } });
    expect(noTarget.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'target.name: Required value', code: 500 });
    expect((await call(server, 'POST', `${pods}/nope/binding`, { body: binding('nope', 'n1') })).status).toBe(404);
    expect((await call(server, 'GET', `${pods}/p1/binding`)).status).toBe(405);
  });

  it('discovery lists every pod subresource kube-apiserver lists, by name, in both forms', async () => {
    const core = (await call(server, 'GET', '/api/v1')).json.resources.filter((r: { name: string }) => r.name.startsWith('pods/'));
    expect(core.map((r: { name: string }) => r.name)).toEqual([
      'pods/attach', 'pods/binding', 'pods/ephemeralcontainers', 'pods/eviction', 'pods/exec', 'pods/log', 'pods/portforward',
      'pods/proxy', 'pods/resize', 'pods/status',
    ]);
    expect(core).toEqual(expect.arrayContaining([
      { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] },
      { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    ]));
    const aggregated = await call(server, 'GET', '/api', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    const podsEntry = aggregated.json.items[0].versions[0].resources.find((r: any) => r.resource === 'pods');
    expect(podsEntry.subresources).toHaveLength(10);
    expect(podsEntry.subresources).toEqual(expect.arrayContaining([
      { subresource: 'binding', responseKind: { group: '', version: '', kind: 'Binding' }, verbs: ['create'] },
      { subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      { subresource: 'status', responseKind: { group: '', version: '', kind: 'Pod' }, verbs: ['get', 'patch', 'update'] },
    ]));
  });

  it('an Eviction deletes the pod and answers 201 Success; 400 for another name, 404 for no pod', async () => {
    const res = await call(server, 'POST', `${pods}/p2/eviction`, { body: eviction('p2') });
    expect(res.status).toBe(201);
    expect(res.json).toEqual(created201);
    expect((await call(server, 'GET', `${pods}/p2`)).status).toBe(404);
    expect((await call(server, 'POST', `${pods}/p1/eviction`, { body: eviction('other') })).json).toMatchObject({ code: 400, message: 'name in URL does not match name in Eviction object' });
    expect((await call(server, 'POST', `${pods}/nope/eviction`, { body: eviction('nope') })).status).toBe(404);
  });
});

describe('namespaces/finalize', () => {
  const finalize = '/api/v1/namespaces/fin/finalize';
  const ns = (finalizers: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fin', ...extra }, spec: { finalizers }, status: { phase: 'Terminating' },
  });
  beforeEach(async () => {
    await call(server, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fin' } } });
  });

  it('PUT takes metadata and spec.finalizers and keeps the status; an empty list is left out', async () => {
    const res = await call(server, 'PUT', finalize, { body: ns(['example.com/a'], { labels: { x: 'y' } }) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ metadata: { labels: { x: 'y' } }, spec: { finalizers: ['example.com/a'] }, status: { phase: 'Active' } });
    const emptied = await call(server, 'PUT', finalize, { body: ns([]) });
    expect(emptied.json.spec).toEqual({});
    // The x label is gone; kube-apiserver keeps the name label on every write.
    expect(emptied.json.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'fin' });
  });

  it('discovery lists namespaces/finalize before namespaces/status', async () => {
    const core = (await call(server, 'GET', '/api/v1')).json.resources.filter((r: { name: string }) => r.name.startsWith('namespaces/'));
    expect(core).toEqual([
      { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] },
      { name: 'namespaces/status', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['get', 'patch', 'update'] },
    ]);
    const aggregated = await call(server, 'GET', '/api', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    const entry = aggregated.json.items[0].versions[0].resources.find((r: any) => r.resource === 'namespaces');
    expect(entry.subresources.map((sub: any) => [sub.subresource, sub.verbs])).toEqual([['finalize', ['update']], ['status', ['get', 'patch', 'update']]]);
  });

  it('answers 422 for finalizer names kube refuses, 400/404/405/409 as kube-apiserver', async () => {
    const bad = await call(server, 'PUT', finalize, { body: ns(['bad finalizer']) });
    expect(bad.status).toBe(422);
    expect(bad.json.details.causes.map((c: { field: string; message: string }) => [c.field, c.message.slice(0, 40)])).toEqual([
      ['spec.finalizers[0]', 'Invalid value: "bad finalizer": name par'],
      ['spec.finalizers[0]', 'Invalid value: "bad finalizer": name is '],
    ]);
    expect((await call(server, 'PUT', finalize, { body: ns(['kubernetes']) })).status).toBe(200);
    expect((await call(server, 'PUT', finalize, { body: { ...ns([]), metadata: { name: 'other' } } })).status).toBe(400);
    expect((await call(server, 'PUT', '/api/v1/namespaces/nope/finalize', { body: { ...ns([]), metadata: { name: 'nope' } } })).status).toBe(404);
    expect((await call(server, 'PUT', finalize, { body: ns([], { resourceVersion: '1' }) })).status).toBe(409);
    const get = await call(server, 'GET', finalize);
    expect(get.json).toMatchObject({ code: 405, message: 'the server does not allow this method on the requested resource' });
  });
});
