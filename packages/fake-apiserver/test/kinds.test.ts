/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read off the wire is untyped in assertions */
// Every built-in kind over HTTP: served from its descriptor (discovery, CRUD, Tables, field
// selectors), and the resources that store nothing, answered as kube-apiserver v1.37.2 answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { generatedResources } from '../src/internal/schema/load.js';
import { call, startServer } from './helpers.js';

const TABLE = { Accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' };
const AGGREGATED = { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' };

let server: FakeApiServer;
beforeAll(async () => {
  server = await startServer({ token: 'secret' });
});
afterAll(async () => {
  await server.close();
});

const auth = { Authorization: 'Bearer secret' };
const get = (path: string, headers: Record<string, string> = {}) => call(server, 'GET', path, { headers: { ...auth, ...headers } });
const post = (path: string, body: unknown) => call(server, 'POST', path, { headers: auth, body });

function base(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

describe('discovery', () => {
  it('lists every resource of the generated data in its group version, by name, with the same verbs and scope', async () => {
    const byGroupVersion = new Map<string, typeof generatedResources extends () => readonly (infer R)[] ? R[] : never>();
    for (const r of generatedResources()) {
      const key = base(r.group, r.version);
      byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), r]);
    }
    for (const [path, resources] of byGroupVersion) {
      const list = (await get(path)).json;
      const top = list.resources.filter((e: any) => !e.name.includes('/'));
      expect(top.map((e: any) => e.name), path).toEqual(resources.map((r) => r.plural).sort());
      for (const r of resources) {
        const entry = top.find((e: any) => e.name === r.plural);
        expect(entry, r.plural).toMatchObject({ kind: r.kind, namespaced: r.namespaced, verbs: [...r.verbs] });
        const subresources = list.resources.filter((e: any) => e.name.startsWith(`${r.plural}/`)).map((e: any) => e.name);
        expect(subresources, r.plural).toEqual(r.subresources.map((s) => `${r.plural}/${s.name}`));
      }
    }
  });

  it('serves autoscaling v2 (preferred) and v1, in /apis and aggregated discovery', async () => {
    const group = (await get('/apis/autoscaling')).json;
    expect(group.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    expect(group.versions.map((v: any) => v.version)).toEqual(['v2', 'v1']);
    const aggregated = (await get('/apis', AGGREGATED)).json;
    const autoscaling = aggregated.items.find((g: any) => g.metadata.name === 'autoscaling');
    expect(autoscaling.versions.map((v: any) => v.version)).toEqual(['v2', 'v1']);
    expect(aggregated.items[0].metadata.name).toBe('apiregistration.k8s.io');
  });

  it('writes no apiVersion in /api/v1, as kube-apiserver does, and one in a named group version', async () => {
    expect((await get('/api/v1')).json.apiVersion).toBeUndefined();
    expect((await get('/apis/rbac.authorization.k8s.io/v1')).json.apiVersion).toBe('v1');
  });
});

describe('new kinds: stored as sent, read, listed, shown as a Table', () => {
  it('serves a Role and a ClusterRoleBinding with their printer columns', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    expect((await post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', role)).status).toBe(201);
    expect((await get('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/reader')).json.rules).toEqual(role.rules);
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }, { kind: 'ServiceAccount', name: 'robot', namespace: 'ops' }],
    };
    expect((await post('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding)).status).toBe(201);
    const table = (await get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', TABLE)).json;
    expect(table.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([
      ['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1],
    ]);
    const row = table.rows.find((r: any) => r.cells[0] === 'admins');
    expect(row.cells).toEqual(['admins', 'ClusterRole/admin', expect.stringMatching(/^\d+s$/), 'alice', '', 'ops/robot']);
  });

  it('reads a HorizontalPodAutoscaler at v1 and v2 from one store', async () => {
    const hpa = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    };
    expect((await post('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', hpa)).status).toBe(201);
    const v1 = await get('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web');
    expect(v1.status).toBe(200);
    expect(v1.json.apiVersion).toBe('autoscaling/v1');
    const table = (await get('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', TABLE)).json;
    expect(table.rows[0].cells.slice(0, 6)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/50%', expect.any(String), 3, 0]);
  });

  it('shows an EndpointSlice\'s ports and first three addresses', async () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1' }, addressType: 'IPv4',
      endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((a) => ({ addresses: [a] })),
      ports: [{ port: 80, protocol: 'TCP' }, { name: 'metrics', protocol: 'TCP' }],
    };
    expect((await post('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', slice)).status).toBe(201);
    const table = (await get('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-1', TABLE)).json;
    expect(table.rows[0].cells.slice(0, 4)).toEqual(['web-1', 'IPv4', '80,metrics', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...']);
  });
});

describe('field selectors', () => {
  it('words a refusal as each kind\'s field-label check does', async () => {
    const message = async (path: string, selector: string) => (await get(`${path}?fieldSelector=${encodeURIComponent(selector)}`)).json.message;
    expect(await message('/api/v1/namespaces/default/configmaps', 'spec.x=1')).toBe('"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(await message('/api/v1/nodes', 'metadata.namespace=a')).toBe('field label not supported: metadata.namespace');
    expect(await message('/apis/batch/v1/namespaces/default/jobs', 'spec.x=1')).toBe('field label "spec.x" not supported for Job');
  });

  it('selects services by type and events.k8s.io Events by what they regard', async () => {
    await post('/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } });
    const services = (await get('/api/v1/namespaces/default/services?fieldSelector=spec.clusterIP%3DNone')).json;
    expect(services.items.map((s: any) => s.metadata.name)).toEqual(['headless']);
    const event = {
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e1' }, eventTime: '2026-01-01T00:00:00.000000Z',
      reportingController: 'example.com/c', reportingInstance: 'i', action: 'A', reason: 'R', type: 'Normal', regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
    };
    expect((await post('/apis/events.k8s.io/v1/namespaces/default/events', event)).status).toBe(201);
    const events = (await get('/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.kind%3DPod')).json;
    expect(events.items.map((e: any) => e.metadata.name)).toEqual(['e1']);
  });
});

describe('resources that store nothing', () => {
  it('answers the reviews: the server\'s token authenticates, every access is allowed', async () => {
    const review = (await post('/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'secret' } })).json;
    expect(review.status).toMatchObject({ authenticated: true, user: { username: 'admin', groups: ['system:masters', 'system:authenticated'] } });
    const bogus = (await post('/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'nope' } })).json;
    expect(bogus.status).toEqual({ user: {}, error: 'invalid bearer token' });
    const access = await post('/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: 'bob', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } },
    });
    expect(access.status).toBe(201);
    expect(access.json.status).toEqual({ allowed: true });
    const noUser = await post('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { resourceAttributes: { verb: 'get' } },
    });
    expect(noUser.status).toBe(422);
    expect(noUser.json.details).toEqual({ group: 'authorization.k8s.io', causes: [expect.objectContaining({ field: 'spec.user' })] });
    const self = (await post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })).json;
    expect(self.status.userInfo.username).toBe('admin');
  });

  it('answers 405 for a verb a resource does not list and 404 for a name where it has no named route', async () => {
    expect((await get('/apis/authentication.k8s.io/v1/tokenreviews')).status).toBe(405);
    expect((await get('/apis/authentication.k8s.io/v1/tokenreviews/x')).status).toBe(404);
    expect((await call(server, 'DELETE', '/api/v1/componentstatuses/etcd-0', { headers: auth })).status).toBe(405);
    expect((await call(server, 'DELETE', '/api/v1/namespaces', { headers: auth })).status).toBe(405);
  });

  it('lists component statuses with kube-apiserver\'s deprecation warning', async () => {
    const list = await get('/api/v1/componentstatuses');
    expect(list.json.items.map((c: any) => c.metadata.name)).toEqual(['controller-manager', 'scheduler', 'etcd-0']);
    expect(list.headers.warning).toBe('299 - "v1 ComponentStatus is deprecated in v1.19+"');
    const missing = await get('/api/v1/componentstatuses/nope');
    expect(missing.json.message).toBe('componentstatus "nope" not found');
  });

  it('binds a pod through the bindings resource', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bind-me' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect((await post('/api/v1/namespaces/default/pods', pod)).status).toBe(201);
    const bound = await post('/api/v1/namespaces/default/bindings', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { name: 'node-a' } });
    expect(bound.status).toBe(201);
    expect((await get('/api/v1/namespaces/default/pods/bind-me')).json.spec.nodeName).toBe('node-a');
    const again = await post('/api/v1/namespaces/default/bindings', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { name: 'node-b' } });
    expect(again.status).toBe(409);
    const unnamed = await post('/api/v1/namespaces/default/bindings', { apiVersion: 'v1', kind: 'Binding', metadata: {}, target: { name: 'node-b' } });
    expect(unnamed.json).toMatchObject({ code: 400, message: 'Name parameter required.' });
  });
});
