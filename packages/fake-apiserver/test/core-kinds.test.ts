/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read off the wire is untyped in assertions */
// The core group's kinds as the fake defaults and validates them (the wire shapes are compared with
// kube-apiserver's in test/conformance): Service cluster IPs and node ports from the configured
// ranges, given lowest first and freed with their Service; the range options and flags; what
// in-process writes get.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, createFakeApiServer, runFakeApiServerCli, type FakeApiServer } from '../src/index.js';
import { call, startServer } from './helpers.js';

const services = '/api/v1/namespaces/default/services';

function service(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } };
}

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function create(name: string, spec: Record<string, unknown> = {}): Promise<any> {
  if (server === undefined) throw new Error('no server');
  const res = await call(server, 'POST', services, { body: service(name, spec) });
  return res.json;
}

describe('Service cluster IPs', () => {
  it('gives the lowest free address of 10.0.0.0/24 after the one kept for the kubernetes Service, and frees it on delete', async () => {
    server = await startServer();
    expect((await create('a')).spec).toMatchObject({ clusterIP: '10.0.0.2', clusterIPs: ['10.0.0.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect((await create('b')).spec.clusterIP).toBe('10.0.0.3');
    expect((await create('c', { clusterIP: '10.0.0.4' })).spec.clusterIP).toBe('10.0.0.4');
    expect((await create('d')).spec.clusterIP).toBe('10.0.0.5');
    expect((await call(server, 'DELETE', `${services}/a`)).status).toBe(200);
    expect((await create('e')).spec.clusterIP).toBe('10.0.0.2');
    const taken = await create('f', { clusterIP: '10.0.0.3' });
    expect(taken).toMatchObject({ code: 422, message: 'Service "f" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.3"]: failed to allocate IP 10.0.0.3: provided IP is already allocated' });
  });

  it('allocates from serviceClusterIpRange until it is full', async () => {
    server = await startServer({ serviceClusterIpRange: '192.168.7.0/29' });
    const ips: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) ips.push((await create(name)).spec.clusterIP as string);
    expect(ips).toEqual(['192.168.7.2', '192.168.7.3', '192.168.7.4', '192.168.7.5', '192.168.7.6']);
    expect(await create('full')).toMatchObject({ code: 422, details: { causes: [{ field: 'spec.clusterIPs', message: 'Invalid value: []: failed to allocate a serviceIP: range is full' }] } });
    expect((await create('outside', { clusterIP: '10.0.0.9' })).message).toContain('failed to allocate IP 10.0.0.9: the provided network does not match the current range');
  });

  it('keeps the address on an update that leaves it out, refuses a change, and gives one when an ExternalName Service becomes ClusterIP', async () => {
    server = await startServer();
    const created = await create('a');
    const put = await call(server, 'PUT', `${services}/a`, { body: { ...service('a', { ports: [{ port: 81 }] }), metadata: { name: 'a', resourceVersion: created.metadata.resourceVersion } } });
    expect(put.json.spec).toMatchObject({ clusterIP: '10.0.0.2', clusterIPs: ['10.0.0.2'], ports: [{ port: 81, targetPort: 81, protocol: 'TCP' }] });
    const changed = await call(server, 'PATCH', `${services}/a`, { body: { spec: { clusterIP: '10.0.0.9' } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(changed.json.message).toBe('Service "a" is invalid: spec.clusterIPs[0]: Invalid value: ["10.0.0.9"]: may not change once set');
    const external = await create('ext', { type: 'ExternalName', externalName: 'example.com', ports: undefined });
    expect(external.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
    const back = await call(server, 'PATCH', `${services}/ext`, { body: { spec: { type: 'ClusterIP', externalName: null, ports: [{ port: 80 }] } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(back.json.spec).toMatchObject({ type: 'ClusterIP', clusterIP: '10.0.0.3', internalTrafficPolicy: 'Cluster' });
  });
});

describe('Service node ports', () => {
  it('gives NodePort ports and a LoadBalancer health-check port from serviceNodePortRange, lowest first', async () => {
    server = await startServer({ serviceNodePortRange: [31000, 31003] });
    const np = await create('np', { type: 'NodePort', ports: [{ port: 80, name: 'a' }, { port: 53, name: 'b', protocol: 'UDP' }, { port: 53, name: 'c', protocol: 'TCP' }] });
    // Ports with the same number share one node port.
    expect(np.spec.ports.map((p: any) => p.nodePort)).toEqual([31000, 31001, 31001]);
    const lb = await create('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(lb.spec).toMatchObject({ ports: [{ nodePort: 31002 }], healthCheckNodePort: 31003, allocateLoadBalancerNodePorts: true });
    expect(await create('full', { type: 'NodePort' })).toMatchObject({ code: 422 });
    const outside = await create('outside', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] });
    expect(outside.message).toBe('Service "outside" is invalid: spec.ports[0].nodePort: Invalid value: 30000: provided port is not in the valid range. The range of valid ports is 31000-31003');
  });

  it('drops the node ports when the Service goes back to ClusterIP, and frees them', async () => {
    server = await startServer({ serviceNodePortRange: '32000-32000' });
    await create('np', { type: 'NodePort' });
    const back = await call(server, 'PATCH', `${services}/np`, { body: { spec: { type: 'ClusterIP' } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(back.json.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(back.json.spec.externalTrafficPolicy).toBeUndefined();
    expect((await create('other', { type: 'NodePort' })).spec.ports[0].nodePort).toBe(32000);
  });
});

describe('range options', () => {
  it('refuses ranges that are not an IPv4 CIDR or a port range, saying which', async () => {
    await expect(createFakeApiServer({ serviceClusterIpRange: 'fd00::/108' })).rejects.toThrow(BadRequestError);
    await expect(createFakeApiServer({ serviceClusterIpRange: '10.0.0.0/30' })).rejects.toThrow('createFakeApiServer: serviceClusterIpRange "10.0.0.0/30" must have a prefix length from /8 to /29');
    await expect(createFakeApiServer({ serviceNodePortRange: [32767, 30000] })).rejects.toThrow(
      'createFakeApiServer: serviceNodePortRange [32767,30000] must be a range of ports within 1-65535, the first no larger than the last',
    );
    await expect(createFakeApiServer({ serviceNodePortRange: '30000:32767' })).rejects.toThrow('is not a port range such as [30000, 32767]');
  });

  it('the command takes --service-cluster-ip-range and --service-node-port-range, and exits 2 for bad ones', async () => {
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (c: Buffer) => (errText += c.toString()));
    expect(await runFakeApiServerCli(['--service-cluster-ip-range', 'nope'], { stderr, stdout: new PassThrough() })).toBe(2);
    expect(errText).toContain('--service-cluster-ip-range: "nope" is not an IPv4 CIDR such as 10.0.0.0/24');

    const stdout = new PassThrough();
    let outText = '';
    stdout.on('data', (c: Buffer) => (outText += c.toString()));
    const abort = new AbortController();
    const running = runFakeApiServerCli(['--service-cluster-ip-range', '172.20.0.0/16', '--service-node-port-range', '30500-30600'], { stdout, stderr, signal: abort.signal });
    await expect.poll(() => /listening on (\S+)/.exec(outText)?.[1]).toBeDefined();
    const url = /listening on (\S+)/.exec(outText)?.[1] ?? '';
    const res = await call({ url }, 'POST', services, { body: service('np', { type: 'NodePort' }) });
    expect(res.json.spec).toMatchObject({ clusterIP: '172.20.0.2', ports: [{ nodePort: 30500 }] });
    abort.abort();
    expect(await running).toBe(0);
  });
});

describe('in-process writes', () => {
  it('are defaulted (Secret stringData, the Namespace label) and validated as HTTP writes are', async () => {
    server = await startServer();
    const secret = server.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { a: 'x' } } as never);
    expect(secret).toMatchObject({ type: 'Opaque', data: { a: 'eA==' } });
    expect((secret as any).stringData).toBeUndefined();
    const ns = server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect((ns.metadata as { labels?: unknown }).labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
    expect((ns as any).status).toEqual({ phase: 'Active' });
    expect(() => server?.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' } })).toThrow('Service "svc" is invalid: spec.ports: Required value');
  });
});

describe('Leases', () => {
  it('refuse an update without a resourceVersion, naming the resource as kube-apiserver does', async () => {
    server = await startServer();
    const leases = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'a' } };
    expect((await call(server, 'POST', leases, { body: lease })).status).toBe(201);
    const res = await call(server, 'PUT', `${leases}/l`, { body: lease });
    expect(res.json).toMatchObject({
      code: 422,
      message: 'leases.coordination.k8s.io "l" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      details: { name: 'l', group: 'coordination.k8s.io', kind: 'leases' },
    });
    const current = await call(server, 'GET', `${leases}/l`);
    const ok = await call(server, 'PUT', `${leases}/l`, { body: { ...lease, metadata: { name: 'l', resourceVersion: current.json.metadata.resourceVersion } } });
    expect(ok.status).toBe(200);
  });
});

describe('PersistentVolumeClaims', () => {
  it('grow once bound when their StorageClass allows expansion, and shrink only to above their capacity', async () => {
    server = await startServer();
    const claims = '/api/v1/namespaces/default/persistentvolumeclaims';
    const merge = { 'Content-Type': 'application/merge-patch+json' };
    const storageClass = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'expandable' }, provisioner: 'example.com/disk', allowVolumeExpansion: true };
    expect((await call(server, 'POST', '/apis/storage.k8s.io/v1/storageclasses', { body: storageClass })).status).toBe(201);
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'expandable', resources: { requests: { storage: '1Gi' } } } };
    const created = await call(server, 'POST', claims, { body: claim });
    expect(created.json).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    const grow = { spec: { resources: { requests: { storage: '2Gi' } } } };
    expect((await call(server, 'PATCH', `${claims}/data`, { body: grow, headers: merge })).json.reason).toBe('Invalid');
    await call(server, 'PATCH', `${claims}/data/status`, { body: { status: { phase: 'Bound', capacity: { storage: '1Gi' } } }, headers: merge });
    const grown = await call(server, 'PATCH', `${claims}/data`, { body: grow, headers: merge });
    expect(grown.status).toBe(200);
    expect(grown.json.spec.resources.requests.storage).toBe('2Gi');
    // Back down, but above the capacity the claim has (a failed expansion), is allowed.
    expect((await call(server, 'PATCH', `${claims}/data`, { body: { spec: { resources: { requests: { storage: '1500Mi' } } } }, headers: merge })).status).toBe(200);
    const shrunk = await call(server, 'PATCH', `${claims}/data`, { body: { spec: { resources: { requests: { storage: '1Gi' } } } }, headers: merge });
    expect(shrunk.json.message).toBe('PersistentVolumeClaim "data" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
  });
});

describe('Service warnings', () => {
  it('warn about an externalName a ClusterIP Service ignores, on create, patch and server-side apply', async () => {
    server = await startServer();
    const warning = '299 - "spec.externalName is ignored when spec.type is not \\"ExternalName\\""';
    const created = await call(server, 'POST', services, { body: service('a', { externalName: 'example.com' }) });
    expect(created.headers.warning).toBe(warning);
    const patched = await call(server, 'PATCH', `${services}/a`, { body: { metadata: { labels: { x: 'y' } } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(patched.headers.warning).toBe(warning);
    const applied = await call(server, 'PATCH', `${services}/b?fieldManager=me`, {
      raw: JSON.stringify(service('b', { externalName: 'example.com' })),
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
    });
    expect(applied.status).toBe(201);
    expect(applied.headers.warning).toBe(warning);
    expect((await call(server, 'POST', services, { body: service('c') })).headers.warning).toBeUndefined();
  });
});

describe('Nodes', () => {
  it('keep the status they are created with (allocatable defaulted from capacity), where other kinds with /status start without one', async () => {
    server = await startServer();
    const node = await call(server, 'POST', '/api/v1/nodes', {
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { capacity: { cpu: '2' }, conditions: [{ type: 'Ready', status: 'True' }] } },
    });
    expect(node.status).toBe(201);
    expect(node.json.status.capacity).toEqual({ cpu: '2' });
    expect(node.json.status.allocatable).toEqual({ cpu: '2' });
    expect(node.json.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    const deployment = await call(server, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
        spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
        status: { replicas: 5 },
      },
    });
    expect(deployment.json.status).toEqual({});
  });
});
