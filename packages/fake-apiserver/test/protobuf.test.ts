/* eslint-disable @typescript-eslint/no-explicit-any -- objects decoded off the wire are untyped in assertions */
// Protobuf on the wire (`application/vnd.kubernetes.protobuf`), as client-go and kubectl send and
// read it by default. Every expectation about headers, codes and which answers come in protobuf
// was checked against kube-apiserver v1.37.2 (the comments say what it answered).
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { decodeMessage, decodeObject, encodeMessage, encodeObject } from '../src/internal/protobuf/codec.js';
import { BUILTIN_KINDS, type KindInfo } from '../src/internal/kinds.js';
import { OPENAPI_V2_PROTOBUF_CONTENT_TYPE } from '../src/internal/openapi-v2-protobuf.js';
import { writeEnvelope } from '../src/internal/protobuf/envelope.js';
import { call, startServer } from './helpers.js';

const PB = 'application/vnd.kubernetes.protobuf';
const PB_WATCH = 'application/vnd.kubernetes.protobuf;stream=watch';
/** What client-go and kubectl send by default for built-in kinds. */
const CLIENT_GO_ACCEPT = `${PB},application/json`;
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

interface BinaryReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(server: { url: string }, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<BinaryReply> {
  const url = new URL(path, server.url);
  const all = { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(body.length) }) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const pbGet = (server: FakeApiServer, path: string, accept = PB): Promise<BinaryReply> => send(server, 'GET', path, { Accept: accept });
const pbWrite = (server: FakeApiServer, method: string, path: string, obj: Record<string, unknown>, accept = CLIENT_GO_ACCEPT): Promise<BinaryReply> =>
  send(server, method, path, { Accept: accept, 'Content-Type': PB }, Buffer.from(encodeObject(obj)));

/** The object of an enveloped protobuf body, `kind` and `apiVersion` first. */
const decoded = (reply: BinaryReply): any => decodeObject(reply.body).object;

/** The Status of a protobuf error answer. */
function statusOf(reply: BinaryReply): any {
  expect(reply.headers['content-type']).toBe(PB);
  const { kind, apiVersion, object } = decodeObject(reply.body);
  expect({ kind, apiVersion }).toEqual({ kind: 'Status', apiVersion: 'v1' });
  return object;
}

/** The events of a protobuf watch stream: each frame a 4-byte length and a bare WatchEvent. */
interface ProtobufWatch {
  headers: IncomingHttpHeaders;
  status: number;
  next(): Promise<{ type: string; object: any }>;
  ended: Promise<void>;
  close(): void;
}

function openProtobufWatch(server: FakeApiServer, path: string, accept = PB_WATCH): Promise<ProtobufWatch> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: accept } }, (res) => {
      let pending = Buffer.alloc(0);
      const events: { type: string; object: any }[] = [];
      const waiters: (() => void)[] = [];
      let done = false;
      const wake = (): void => {
        for (const w of waiters.splice(0)) w();
      };
      res.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
          const size = pending.readUInt32BE(0);
          const payload = pending.subarray(4, 4 + size);
          pending = pending.subarray(4 + size);
          // No envelope around the event itself: kube-apiserver's stream encoder writes the bare message.
          expect(payload.subarray(0, 4).toString('latin1')).not.toBe('k8s\0');
          events.push(decodeMessage(payload, `${META}.WatchEvent`) as { type: string; object: any });
        }
        wake();
      });
      const ended = new Promise<void>((r) => res.on('close', () => {
        done = true;
        wake();
        r();
      }));
      resolve({
        headers: res.headers,
        status: res.statusCode ?? 0,
        ended,
        close: () => req.destroy(),
        async next() {
          while (events.length === 0) {
            if (done) throw new Error('the watch ended');
            await new Promise<void>((r) => waiters.push(r));
          }
          return events.shift() as { type: string; object: any };
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const configMap = (name: string, data: Record<string, string> = { a: 'b' }): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels: { app: 'pb' } },
  data,
});
const cmPath = '/api/v1/namespaces/default/configmaps';

const WIDGETS: Record<string, unknown> = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};
const widgetsPath = '/apis/example.com/v1/namespaces/default/widgets';

let server: FakeApiServer;

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  await server.close();
});

describe('protobuf responses', () => {
  it('answers a get in protobuf with the stored object', async () => {
    const stored = server.create(configMap('one'));
    const reply = await pbGet(server, `${cmPath}/one`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(PB);
    expect(reply.body.subarray(0, 4).toString('latin1')).toBe('k8s\0');
    expect(decoded(reply)).toEqual(stored);
  });

  it('prefers what the Accept header prefers', async () => {
    server.create(configMap('one'));
    // kube-apiserver: these get protobuf …
    for (const accept of [PB, CLIENT_GO_ACCEPT, `application/json;q=0.5,${PB}`, `*/*,${PB}`]) {
      expect((await pbGet(server, `${cmPath}/one`, accept)).headers['content-type'], accept).toBe(PB);
    }
    // … and these JSON.
    for (const accept of ['*/*', `application/json,${PB};q=0.9`, `${PB};q=0.5,application/json;q=0.9`, `application/json,${PB}`]) {
      const reply = await pbGet(server, `${cmPath}/one`, accept);
      expect(reply.headers['content-type'], accept).toBe('application/json');
      expect(JSON.parse(reply.body.toString('utf8')).metadata.name).toBe('one');
    }
  });

  it('answers lists as …List messages, page by page', async () => {
    for (const name of ['a', 'b', 'c']) server.create(configMap(name));
    const first = await pbGet(server, `${cmPath}?limit=2`, CLIENT_GO_ACCEPT);
    expect(first.headers['content-type']).toBe(PB);
    const page = decoded(first);
    expect(page.kind).toBe('ConfigMapList');
    expect(page.apiVersion).toBe('v1');
    expect(page.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(page.metadata.remainingItemCount).toBe(1);
    expect(page.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b']);
    // Items carry no kind or apiVersion in protobuf.
    expect(page.items[0]).toEqual(withoutTypeMeta(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'a' })));
    const rest = decoded(await pbGet(server, `${cmPath}?limit=2&continue=${encodeURIComponent(page.metadata.continue)}`));
    expect(rest.items.map((i: any) => i.metadata.name)).toEqual(['c']);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('writes large lists in parts without changing the bytes', async () => {
    const value = 'x'.repeat(2000);
    for (let i = 0; i < 200; i++) server.create(configMap(`cm-${String(i).padStart(3, '0')}`, { v: value }));
    const reply = await pbGet(server, cmPath);
    expect(reply.body.length).toBeGreaterThan(256 * 1024);
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    const list = decoded(reply);
    expect(list.items).toHaveLength(200);
    expect(list.items[199].data.v).toBe(value);
  });

  it('answers an empty list', async () => {
    const list = decoded(await pbGet(server, '/apis/apps/v1/namespaces/default/deployments'));
    expect(list).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: server.resourceVersion } });
    expect(list.items ?? []).toEqual([]);
  });

  it('answers PartialObjectMetadata in protobuf when asked; Tables only in JSON', async () => {
    const stored = server.create(configMap('one'));
    const one = await pbGet(server, `${cmPath}/one`, `${PB};as=PartialObjectMetadata;v=v1;g=meta.k8s.io`);
    expect(one.headers['content-type']).toBe(PB);
    expect(decoded(one)).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: stored.metadata });
    const list = await pbGet(server, cmPath, `${PB};as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json`);
    expect(list.headers['content-type']).toBe(PB);
    expect(decoded(list)).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', items: [{ metadata: stored.metadata }] });
    // kube-apiserver: 406 (in JSON) for a protobuf Table alone; plain JSON when JSON is also accepted.
    const table = await pbGet(server, cmPath, `${PB};as=Table;v=v1;g=meta.k8s.io`);
    expect(table.status).toBe(406);
    expect(table.headers['content-type']).toBe('application/json');
    expect(JSON.parse(table.body.toString('utf8'))).toMatchObject({
      reason: 'NotAcceptable',
      message: `only the following media types are accepted: application/json, application/yaml, ${PB}`,
    });
    const fallback = await pbGet(server, cmPath, `${PB};as=Table;v=v1;g=meta.k8s.io,application/json`);
    expect(fallback.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fallback.body.toString('utf8')).kind).toBe('ConfigMapList');
  });

  it('writes errors as a protobuf Status when the client asks for protobuf', async () => {
    // 404
    const missing = statusOf(await pbGet(server, `${cmPath}/nope`, CLIENT_GO_ACCEPT));
    expect(missing).toMatchObject({ status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "nope" not found', details: { name: 'nope', kind: 'configmaps' } });
    // 409
    server.create(configMap('one'));
    const exists = await pbWrite(server, 'POST', cmPath, configMap('one'));
    expect(exists.status).toBe(409);
    expect(statusOf(exists)).toMatchObject({ reason: 'AlreadyExists', code: 409 });
    // 422
    const invalid = await pbWrite(server, 'POST', cmPath, configMap('Not_Valid'));
    expect(invalid.status).toBe(422);
    expect(statusOf(invalid)).toMatchObject({ reason: 'Invalid', code: 422, details: { kind: 'ConfigMap', causes: [{ field: 'metadata.name' }] } });
    // 400
    const badSelector = await pbGet(server, `${cmPath}?labelSelector=${encodeURIComponent('a===b')}`);
    expect(badSelector.status).toBe(400);
    expect(statusOf(badSelector).reason).toBe('BadRequest');
    // 400 for a malformed continue token, 410 for one whose snapshot is compacted.
    const malformed = await pbGet(server, `${cmPath}?limit=1&continue=bad`);
    expect(malformed.status).toBe(400);
    expect(statusOf(malformed).code).toBe(400);
    server.create(configMap('two'));
    const first = decoded(await pbGet(server, `${cmPath}?limit=1`));
    server.create(configMap('three'));
    server.compact();
    const expired = await pbGet(server, `${cmPath}?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(expired.status).toBe(410);
    expect(statusOf(expired)).toMatchObject({ reason: 'Expired', code: 410 });
    // An unknown resource in a served group.
    expect(statusOf(await pbGet(server, '/api/v1/namespaces/default/foos')).code).toBe(404);
    // Conversions are not applied to errors: JSON for them.
    const metadataMissing = await pbGet(server, `${cmPath}/nope`, `${PB};as=PartialObjectMetadata;v=v1;g=meta.k8s.io`);
    expect(metadataMissing.status).toBe(404);
    expect(metadataMissing.headers['content-type']).toBe('application/json');
  });
});

function withoutTypeMeta(obj: any): any {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return rest;
}

describe('protobuf request bodies', () => {
  it('creates and updates built-in objects from protobuf, storing the JSON Go would write', async () => {
    const created = await pbWrite(server, 'POST', cmPath, configMap('one'));
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe(PB);
    const stored = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' });
    expect(decoded(created)).toEqual(stored);
    expect(stored).toMatchObject({ data: { a: 'b' }, metadata: { labels: { app: 'pb' } } });

    const updated = await pbWrite(server, 'PUT', `${cmPath}/one`, { ...stored, data: { a: 'c' } });
    expect(updated.status).toBe(200);
    expect(decoded(updated).data).toEqual({ a: 'c' });
    // The answer in JSON when the client asks for JSON.
    const json = await send(server, 'PUT', `${cmPath}/one`, { 'Content-Type': PB, Accept: 'application/json' }, Buffer.from(encodeObject({ ...stored, data: { a: 'd' } })));
    expect(json.status).toBe(409);
    expect(json.headers['content-type']).toBe('application/json');
  });

  it('reads every kind kubectl create writes: Namespace, Deployment, Secret, Service', async () => {
    const ns = await pbWrite(server, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: {}, status: {} });
    expect(ns.status).toBe(201);
    expect(decoded(ns).metadata.name).toBe('team');

    const secret = await pbWrite(server, 'POST', '/api/v1/namespaces/team/secrets', {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { p: Buffer.from('q').toString('base64') }, type: 'Opaque',
    });
    expect(secret.status).toBe(201);
    expect(server.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'team', name: 's' })).toMatchObject({ data: { p: 'cQ==' }, type: 'Opaque' });

    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: {} }] } },
        strategy: {},
      },
      status: {},
    };
    const deploy = await pbWrite(server, 'POST', '/apis/apps/v1/namespaces/team/deployments', deployment);
    expect(deploy.status).toBe(201);
    expect(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team', name: 'web' })).toMatchObject({
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });

    const svc = await pbWrite(server, 'POST', '/api/v1/namespaces/team/services', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    });
    expect(svc.status).toBe(201);
    expect(server.get({ apiVersion: 'v1', kind: 'Service', namespace: 'team', name: 'svc' })).toMatchObject({
      spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
  });

  /** A workload controller's spec: a selector and a template it selects. */
  const WORKLOAD_CONTENT = {
    spec: { selector: { matchLabels: { app: 'pb' } }, template: { metadata: { labels: { app: 'pb' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };

  /** What a kind needs beside its metadata to pass kube-apiserver's validation, by kind. */
  const VALID_CONTENT: Readonly<Record<string, Record<string, unknown>>> = {
    Service: { spec: { ports: [{ port: 80 }] } },
    PersistentVolumeClaim: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    PersistentVolume: { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/data' } } },
    Pod: { spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    PodTemplate: { template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    ReplicationController: { spec: { selector: { app: 'pb' }, template: { metadata: { labels: { app: 'pb' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
    Deployment: WORKLOAD_CONTENT,
    ReplicaSet: WORKLOAD_CONTENT,
    StatefulSet: WORKLOAD_CONTENT,
    DaemonSet: WORKLOAD_CONTENT,
    Job: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } },
    CronJob: { spec: { schedule: '@hourly', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } },
    'events.k8s.io/v1 Event': {
      eventTime: '2026-01-01T00:00:00.000000Z', type: 'Normal', reason: 'Tested', action: 'Test', reportingController: 'example.com/pb', reportingInstance: 'pb-1',
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
    },
    HorizontalPodAutoscaler: { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 2 } },
    IngressClass: { spec: { controller: 'example.com/ingress' } },
    Ingress: { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } },
    ClusterRoleBinding: { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } },
    RoleBinding: { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' } },
    StorageClass: { provisioner: 'example.com/disk' },
    VolumeAttachment: { spec: { attacher: 'disk.example.com', nodeName: 'node-a', source: { persistentVolumeName: 'pv' } } },
    RuntimeClass: { handler: 'runc' },
    // A P-256 key's certificate signing request for CN=pb, PEM in base64.
    CertificateSigningRequest: { spec: { signerName: 'example.com/pb', usages: ['client auth'], request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlISE1HOENBUUF3RFRFTE1Ba0dBMVVFQXd3Q2NHSXdXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQwpBQVRRZ0UxNmJBb2lQVnBRd0ZlREd1V1F2dE0rN2NORTBIcUZBbVV5ZXJQWmQ3dWhrUEVhRU1qejJQT0JmTm14CnQwWUtMcWhEVVUvaXpydVdwcTlNZWd3RW9BQXdDZ1lJS29aSXpqMEVBd0lEU0FBd1JRSWdIUDdWUWtPTWkrV0IKT1llckR3dHNoU0ZjWTV2NHc1cFFyMmhLTlNkQUlOa0NJUURrVGJGVzZkbVd5KytVVXgxZkNXNDRTeTZ0NWZhRQpNTHIvQ2dBQjJ5MDVpUT09Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=' } },
    EndpointSlice: { addressType: 'IPv4' },
    FlowSchema: { spec: { matchingPrecedence: 500, priorityLevelConfiguration: { name: 'workload-low' } } },
    PriorityLevelConfiguration: { spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } } },
  };

  /** The store a kind's objects live in. */
  const storeKey = (k: KindInfo): string => (k.storeOf === undefined ? `${k.group}/${k.plural}` : `${k.storeOf.group}/${k.storeOf.plural}`);

  it('creates every built-in kind from a protobuf body and reads it back in protobuf', async () => {
    const served = BUILTIN_KINDS.filter((k) => k.verbs.includes('create') && k.verbs.includes('get') && k.kind !== 'Namespace' && k.kind !== 'CustomResourceDefinition')
      // One kind of each store (autoscaling v2 and v1 share their objects, events.k8s.io the core Events').
      .filter((k, i, all) => all.findIndex((o) => storeKey(o) === storeKey(k)) === i);
    expect(served.length).toBeGreaterThanOrEqual(15); // CustomResourceDefinitions: below
    const failures: string[] = [];
    for (const k of served) {
      // events.k8s.io Events are stored with the core ones: another name than the core Event's.
      const name = k.storeOf === undefined ? 'pb-one' : 'pb-two';
      const base = k.group === '' ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`;
      const path = `${base}${k.namespaced ? '/namespaces/default' : ''}/${k.plural}`;
      const obj = { apiVersion: k.apiVersion, kind: k.kind, metadata: { name, labels: { via: 'protobuf' } }, ...(VALID_CONTENT[`${k.apiVersion} ${k.kind}`] ?? VALID_CONTENT[k.kind]) };
      const created = await pbWrite(server, 'POST', path, obj, PB);
      if (created.status !== 201) {
        failures.push(`${k.apiVersion} ${k.kind}: ${created.status} ${JSON.stringify(decodeObject(created.body).object)}`);
        continue;
      }
      const stored = server.get({ apiVersion: k.apiVersion, kind: k.kind, namespace: k.namespaced ? 'default' : undefined, name });
      expect(stored?.metadata.labels, k.kind).toEqual({ via: 'protobuf' });
      // Go writes structs it holds by value even when empty (`status: {}`): compare with the stored
      // object as Go would write it.
      const asGo = decodeObject(encodeObject(stored as unknown as Record<string, unknown>)).object;
      expect(decoded(created), k.kind).toEqual(asGo);
      expect(decoded(await pbGet(server, `${path}/${name}`)), k.kind).toEqual(asGo);
    }
    expect(failures).toEqual([]);
  });

  it('refuses bytes that are not protobuf with kube-apiserver\'s 400', async () => {
    const reply = await send(server, 'POST', cmPath, { 'Content-Type': PB, Accept: 'application/json' }, Buffer.from('garbage'));
    expect(reply.status).toBe(400);
    // kube-apiserver: "the object provided is unrecognized (must be of type ConfigMap): provided data
    // does not appear to be a protobuf message, expected prefix [107 56 115 0] (67617262616765)"
    expect(JSON.parse(reply.body.toString('utf8')).message).toBe(
      'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (67617262616765)',
    );
    // An envelope around bytes that are not a ConfigMap: the kind and version the envelope names.
    const truncated = Buffer.from(writeEnvelope('v1', 'ConfigMap', new Uint8Array([0x0a, 0x10, 0x0a])));
    const bad = await send(server, 'POST', cmPath, { 'Content-Type': PB, Accept: 'application/json' }, truncated);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8')).message).toMatch(/^ConfigMap in version "v1" cannot be handled as a ConfigMap: /);
  });

  it('reads DeleteOptions in protobuf, for a delete and a deletecollection', async () => {
    const stored = server.create(configMap('one'));
    const options = (body: Record<string, unknown>): Buffer => Buffer.from(writeEnvelope('v1', 'DeleteOptions', encodeMessage(body, `${META}.DeleteOptions`)));
    const headers = { 'Content-Type': PB, Accept: CLIENT_GO_ACCEPT };
    const stale = await send(server, 'DELETE', `${cmPath}/one`, headers, options({ preconditions: { uid: 'not-the-uid' } }));
    expect(stale.status).toBe(409);
    // kube-apiserver v1.37.2: the same message and details.
    expect(statusOf(stale)).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "one": the UID in the precondition (not-the-uid) does not match the UID in record (${stored.metadata.uid}). The object might have been deleted and then recreated`,
      details: { name: 'one', kind: 'ConfigMap' },
    });
    const staleVersion = await send(server, 'DELETE', `${cmPath}/one`, headers, options({ preconditions: { resourceVersion: '1' } }));
    expect(statusOf(staleVersion).message).toBe(
      `Operation cannot be fulfilled on ConfigMap "one": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${stored.metadata.resourceVersion}). The object might have been modified`,
    );
    const dry = await send(server, 'DELETE', `${cmPath}/one`, headers, options({ dryRun: ['All'] }));
    expect(dry.status).toBe(200);
    expect(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' })).toBeDefined();
    const gone = await send(server, 'DELETE', `${cmPath}/one`, headers, options({ preconditions: { uid: stored.metadata.uid } }));
    expect(gone.status).toBe(200);
    expect(gone.headers['content-type']).toBe(PB);
    expect(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' })).toBeUndefined();

    server.create(configMap('two'));
    const collection = await send(server, 'DELETE', `${cmPath}?labelSelector=app%3Dpb`, headers, options({}));
    expect(collection.status).toBe(200);
    expect(decoded(collection).kind).toBe('ConfigMapList');
    expect(server.list({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual([]);
  });

  it('writes /status from a protobuf body', async () => {
    const web = server.create({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const reply = await pbWrite(server, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web/status', { ...web, status: { replicas: 3, readyReplicas: 2 } });
    expect(reply.status).toBe(200);
    expect(decoded(reply).status).toMatchObject({ replicas: 3, readyReplicas: 2 });
    expect(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' })).toMatchObject({ status: { replicas: 3, readyReplicas: 2 } });
  });

  it('refuses a protobuf patch body with kube-apiserver\'s 415s', async () => {
    server.create(configMap('one'));
    const body = Buffer.from(encodeObject(configMap('one')));
    // Built-in kinds: the router's bare 415, in JSON whatever the client accepts.
    const builtin = await send(server, 'PATCH', `${cmPath}/one`, { 'Content-Type': PB, Accept: CLIENT_GO_ACCEPT }, body);
    expect(builtin.status).toBe(415);
    expect(builtin.headers['content-type']).toBe('application/json');
    expect(JSON.parse(builtin.body.toString('utf8'))).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: '415: Unsupported Media Type', reason: 'UnsupportedMediaType', details: {}, code: 415,
    });
  });

  it('answers a patch in protobuf', async () => {
    server.create(configMap('one'));
    const reply = await send(server, 'PATCH', `${cmPath}/one`, { 'Content-Type': 'application/merge-patch+json', Accept: CLIENT_GO_ACCEPT }, Buffer.from('{"data":{"a":"z"}}'));
    expect(reply.status).toBe(200);
    expect(decoded(reply).data).toEqual({ a: 'z' });
  });
});

describe('protobuf watch streams', () => {
  it('frames events with their length, bookmarks included', async () => {
    const before = server.create(configMap('old'));
    const w = await openProtobufWatch(server, `${cmPath}?watch=1&resourceVersion=${before.metadata.resourceVersion}&allowWatchBookmarks=true`, CLIENT_GO_ACCEPT);
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toBe(PB_WATCH);
    const created = server.create(configMap('new'));
    const added = await w.next();
    expect(added.type).toBe('ADDED');
    expect(added.object).toEqual(created);
    const updated = server.update({ ...created, data: { a: 'changed' } });
    expect(await w.next()).toEqual({ type: 'MODIFIED', object: updated });
    server.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'new' });
    const deleted = await w.next();
    expect(deleted.type).toBe('DELETED');
    expect(deleted.object.metadata.name).toBe('new');
    w.close();
  });

  it('ends the initial events of a streaming list with the annotated bookmark', async () => {
    server.create(configMap('a'));
    server.create(configMap('b'));
    const w = await openProtobufWatch(server, `${cmPath}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    expect((await w.next()).object.metadata.name).toBe('a');
    expect((await w.next()).object.metadata.name).toBe('b');
    const bookmark = await w.next();
    expect(bookmark.type).toBe('BOOKMARK');
    expect(bookmark.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: server.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
    w.close();
  });

  it('sends an expired resourceVersion as one ERROR event with a protobuf Status', async () => {
    const small = await startServer({ historyLimit: 2 });
    try {
      for (let i = 0; i < 5; i++) small.create(configMap(`c${i}`));
      const w = await openProtobufWatch(small, `${cmPath}?watch=1&resourceVersion=1`);
      const error = await w.next();
      expect(error.type).toBe('ERROR');
      expect(error.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', code: 410, reason: 'Expired' });
      await w.ended;
    } finally {
      await small.close();
    }
  });

  it('labels watch streams as kube-apiserver does', async () => {
    const path = `${cmPath}?watch=1&resourceVersion=${server.resourceVersion}`;
    // kube-apiserver: every JSON stream is plain application/json; protobuf ones carry stream=watch.
    const cases: [string, string][] = [
      ['application/json', 'application/json'],
      ['*/*', 'application/json'],
      ['application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json'],
      ['application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io', 'application/json'],
      [PB, PB_WATCH],
      [`${PB};as=PartialObjectMetadata;v=v1;g=meta.k8s.io`, PB_WATCH],
    ];
    for (const [accept, contentType] of cases) {
      const w = await openProtobufWatch(server, path, accept);
      expect(w.headers['content-type'], accept).toBe(contentType);
      w.close();
    }
    // No stream form in YAML, no Table in protobuf: 406.
    for (const accept of ['application/yaml', `${PB};as=Table;v=v1;g=meta.k8s.io`]) {
      const refused = await pbGet(server, path, accept);
      expect(refused.status, accept).toBe(406);
    }
  });

  it('watches PartialObjectMetadata in protobuf', async () => {
    const w = await openProtobufWatch(server, `${cmPath}?watch=1&resourceVersion=${server.resourceVersion}`, `${PB};as=PartialObjectMetadata;v=v1;g=meta.k8s.io`);
    expect(w.headers['content-type']).toBe(PB_WATCH);
    const created = server.create(configMap('m'));
    expect(await w.next()).toEqual({ type: 'ADDED', object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: created.metadata } });
    w.close();
  });
});

describe('custom resources stay JSON', () => {
  beforeEach(async () => {
    // The definition itself is a built-in kind: it may come in protobuf.
    const crd = await pbWrite(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGETS);
    expect(crd.status).toBe(201);
    expect(decoded(crd).status.storedVersions).toEqual(['v1']);
    const established = await call(server, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect(established.json.status.conditions.map((c: any) => c.type)).toContain('Established');
  });

  it('answers JSON to client-go\'s Accept, 406 to protobuf alone', async () => {
    const created = await call(server, 'POST', widgetsPath, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } } });
    expect(created.status).toBe(201);
    const list = await pbGet(server, widgetsPath, CLIENT_GO_ACCEPT);
    expect(list.headers['content-type']).toBe('application/json');
    expect(JSON.parse(list.body.toString('utf8')).kind).toBe('WidgetList');
    // kube-apiserver: 406 written as a protobuf Status.
    const refused = await pbGet(server, `${widgetsPath}/w1`);
    expect(refused.status).toBe(406);
    expect(statusOf(refused)).toMatchObject({ reason: 'NotAcceptable', code: 406 });
    // Errors still come in protobuf when asked for (kube-apiserver does the same).
    expect(statusOf(await pbGet(server, `${widgetsPath}/nope`, CLIENT_GO_ACCEPT))).toMatchObject({ code: 404, message: 'widgets.example.com "nope" not found' });
    // Watches too: client-go's Accept gets a JSON stream.
    const w = await openProtobufWatch(server, `${widgetsPath}?watch=1&resourceVersion=${server.resourceVersion}`, CLIENT_GO_ACCEPT);
    expect(w.headers['content-type']).toBe('application/json');
    w.close();
    // PartialObjectMetadata has a protobuf form for every kind.
    const metadata = await pbGet(server, widgetsPath, `${PB};as=PartialObjectMetadataList;v=v1;g=meta.k8s.io`);
    expect(metadata.headers['content-type']).toBe(PB);
    expect(decoded(metadata).items[0].metadata.name).toBe('w1');
  });

  it('refuses a protobuf or strategic merge patch with the list of the patch types it takes', async () => {
    await call(server, 'POST', widgetsPath, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } } });
    const message = 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';
    const protobuf = await send(server, 'PATCH', `${widgetsPath}/w1`, { 'Content-Type': PB, Accept: CLIENT_GO_ACCEPT }, Buffer.from('k8s\0'));
    expect(protobuf.status).toBe(415);
    expect(statusOf(protobuf)).toMatchObject({ reason: 'UnsupportedMediaType', message });
    const strategic = await send(server, 'PATCH', `${widgetsPath}/w1`, { 'Content-Type': 'application/strategic-merge-patch+json', Accept: 'application/json' }, Buffer.from('{}'));
    expect(strategic.status).toBe(415);
    expect(JSON.parse(strategic.body.toString('utf8')).message).toBe(message);
  });

  it('refuses a protobuf body with 415 and reads protobuf DeleteOptions', async () => {
    const body = Buffer.from(writeEnvelope('example.com/v1', 'Widget', new Uint8Array([0x0a, 0x04, 0x0a, 0x02, 0x77, 0x31])));
    const refused = await send(server, 'POST', widgetsPath, { 'Content-Type': PB, Accept: 'application/json' }, body);
    expect(refused.status).toBe(415);
    expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({
      reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    });
    await call(server, 'POST', widgetsPath, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } } });
    const options = Buffer.from(writeEnvelope('meta.k8s.io/v1', 'DeleteOptions', encodeMessage({}, `${META}.DeleteOptions`)));
    const deleted = await send(server, 'DELETE', `${widgetsPath}/w1`, { 'Content-Type': PB, Accept: 'application/json' }, options);
    expect(deleted.status).toBe(200);
  });
});

describe('/openapi/v2 in protobuf', () => {
  it('answers client-go\'s OpenAPISchema() request with the document as a gnostic message', async () => {
    const accept = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
    const reply = await pbGet(server, '/openapi/v2', accept);
    expect(reply.status).toBe(200);
    // kube-apiserver writes the media type with `.v1.0`, not `@v1.0`.
    expect(reply.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(reply.headers['content-type']).toBe(OPENAPI_V2_PROTOBUF_CONTENT_TYPE);
    const doc = decodeMessage(reply.body, 'openapi.v2.Document') as any;
    const json = JSON.parse((await pbGet(server, '/openapi/v2', 'application/json')).body.toString('utf8'));
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions.additional_properties.map((d: any) => d.name)).toEqual(Object.keys(json.definitions));
    expect(doc.paths.path.map((p: any) => p.name)).toEqual(Object.keys(json.paths));
    // kube-apiserver: 406 for anything else.
    expect((await pbGet(server, '/openapi/v2', PB)).status).toBe(406);
  });
});
