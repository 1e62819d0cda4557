/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read off the wire is untyped in assertions */
// fieldValidation over HTTP. Every expected status, message and Warning header below is what
// kube-apiserver v1.37.2 answered to the same request (recorded with curl against a real server
// started by ../shared/kube-apiserver/start.sh); uids, timestamps and resourceVersions aside.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { defaultedContainer, startServer } from './helpers.js';

interface Answer {
  status: number;
  warnings: string[];
  json: any;
}

/** One request; the Warning headers one by one (Node would join them with commas). */
function send(server: FakeApiServer, method: string, path: string, body: string, contentType = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, headers: { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const warnings: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i]?.toLowerCase() === 'warning') warnings.push(res.rawHeaders[i + 1] ?? '');
        }
        resolve({ status: res.statusCode ?? 0, warnings, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const warning = (text: string): string => `299 - ${JSON.stringify(text)}`;

const GIZMO_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gizmos.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Gizmo', listKind: 'GizmoList', plural: 'gizmos', singular: 'gizmo' },
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          description: 'A gizmo.',
          properties: {
            spec: {
              type: 'object',
              description: 'What the gizmo should be.',
              properties: {
                size: { type: 'integer', description: 'How big.' },
                port: { 'x-kubernetes-int-or-string': true },
                free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                labels: { type: 'object', additionalProperties: { type: 'string' } },
                items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
                nested: { type: 'object', properties: { a: { type: 'string' } } },
                embedded: {
                  type: 'object',
                  'x-kubernetes-embedded-resource': true,
                  properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
                },
                embeddedFree: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
            status: { type: 'object', properties: { ready: { type: 'boolean' } } },
          },
        },
      },
    }],
  },
};

const GIZMO_BODY =
  '{"apiVersion":"example.com/v1","kind":"Gizmo","metadata":{"name":"g1","foo":1,"labels":{"a":"b"}},"spec":{"size":1,"bogus":2,"port":"http",' +
  '"free":{"any":1},"labels":{"x":"y"},"items":[{"name":"n","zz":1}],"nested":{"a":"b","b":2},' +
  '"embedded":{"apiVersion":"v1","kind":"X","metadata":{"name":"e","qq":1},"spec":{"x":"1","y":2},"extra":1},' +
  '"embeddedFree":{"apiVersion":"v1","kind":"X","metadata":{"name":"e","qq":1},"what":1},"size":2},"top":1,"status":{"ready":true,"zz":1}}';

const GIZMO_PROBLEMS = [
  'duplicate field "spec.size"',
  'unknown field "metadata.foo"',
  'unknown field "spec.bogus"',
  'unknown field "spec.embedded.extra"',
  'unknown field "spec.embedded.spec.y"',
  'unknown field "spec.items[0].zz"',
  'unknown field "spec.nested.b"',
  'unknown field "status.zz"',
  'unknown field "top"',
  'unknown field "spec.embedded.metadata.qq"',
  'unknown field "spec.embeddedFree.metadata.qq"',
];

let server: FakeApiServer;
const gizmos = '/apis/example.com/v1/namespaces/default/gizmos';
const configmaps = '/api/v1/namespaces/default/configmaps';
const deployments = '/apis/apps/v1/namespaces/default/deployments';

beforeAll(async () => {
  server = await startServer();
  const crd = await send(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(GIZMO_CRD));
  expect(crd.status).toBe(201);
});
afterAll(async () => {
  await server.close();
});

describe('the fieldValidation parameter', () => {
  it.each([
    ['POST', configmaps, 'CreateOptions'],
    ['PUT', `${configmaps}/x`, 'UpdateOptions'],
    ['PATCH', `${configmaps}/x`, 'PatchOptions'],
  ])('answers %s with an unsupported value with kube\'s 422 (case matters)', async (method, path, options) => {
    const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const res = await send(server, method, `${path}?fieldValidation=strict`, '{}', type);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${options}.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"`,
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: options,
        causes: [{ reason: 'FieldValueNotSupported', message: 'Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"', field: 'fieldValidation' }],
      },
      code: 422,
    });
  });
});

describe('built-in kinds: create and update', () => {
  const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","foo":1,"name":"b"},"data":{"x":"y"},"zzz":1,"bar":{"q":1},"data":{"a":"b"}}';
  const problems = ['unknown field "metadata.foo"', 'duplicate field "metadata.name"', 'unknown field "zzz"', 'unknown field "bar"', 'duplicate field "data"'];

  it('refuses unknown and duplicated fields under Strict, in document order', async () => {
    const res = await send(server, 'POST', `${configmaps}?fieldValidation=Strict`, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: ${problems.join(', ')}`,
      reason: 'BadRequest',
      code: 400,
    });
    expect(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'b' })).toBeUndefined();
  });

  it('warns by default, one header per problem, and stores what Go would decode', async () => {
    const res = await send(server, 'POST', configmaps, body);
    expect(res.status).toBe(201);
    expect(res.warnings).toEqual(problems.map(warning));
    // A repeated map field merges into the first; unknown fields are gone.
    expect(res.json.metadata.name).toBe('b');
    expect(res.json.metadata.foo).toBeUndefined();
    expect(res.json.data).toEqual({ x: 'y', a: 'b' });
    expect(res.json.zzz).toBeUndefined();
    expect(res.json.bar).toBeUndefined();
  });

  it('drops unknown fields silently under Ignore', async () => {
    const res = await send(server, 'PUT', `${configmaps}/b?fieldValidation=Ignore`, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"},"dat":{"k":"v"}}');
    expect(res.status).toBe(200);
    expect(res.warnings).toEqual([]);
    expect(res.json.dat).toBeUndefined();
  });

  it('answers an update under Strict as a create', async () => {
    const res = await send(server, 'PUT', `${configmaps}/b?fieldValidation=Strict`, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"},"dat":{}}');
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dat"');
  });

  it('reports duplicated map keys and nested unknown fields with their paths', async () => {
    const res = await send(
      server,
      'POST',
      `${configmaps}?fieldValidation=Strict`,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dd","labels":{"a":"1","a":"2"}},"data":{"k":"a","k":"b"}}',
    );
    expect(res.json.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.labels.a", duplicate field "data.k"',
    );
    const dup = await send(server, 'POST', `${configmaps}?fieldValidation=Strict`, '{"apiVersion":"v1","kind":"ConfigMap","kind":"ConfigMap","metadata":{"name":"dd"},"metadata":{"namespace":"default"}}');
    expect(dup.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "kind", duplicate field "metadata"');
  });

  it('follows the schema into lists, nested types and maps of quantities; field names are case-sensitive', async () => {
    const deployment =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d1","labels":{"a":"b"}},"spec":{"replicsa":1,"Replicas":3,' +
      '"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx",' +
      '"foo":1,"ports":[{"containerPort":80,"bar":2}],"resources":{"limits":{"cpu":"1"}}}]}}},"status":{"what":1}}';
    const expected = [
      'unknown field "spec.replicsa"',
      'unknown field "spec.Replicas"',
      'unknown field "spec.template.spec.containers[0].foo"',
      'unknown field "spec.template.spec.containers[0].ports[0].bar"',
      'unknown field "status.what"',
    ];
    const strict = await send(server, 'POST', `${deployments}?fieldValidation=Strict`, deployment);
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${expected.join(', ')}`);
    const warn = await send(server, 'POST', `${deployments}?fieldValidation=Warn`, deployment);
    expect(warn.status).toBe(201);
    expect(warn.warnings).toEqual(expected.map(warning));
    expect(warn.json.spec.template.spec.containers[0]).toEqual(
      defaultedContainer({ name: 'c', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { limits: { cpu: '1' } } }),
    );
  });
});

describe('how many problems are told', () => {
  it('keeps the first 100 problems of a decoding, as kube\'s strict decoder does', async () => {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'many' } };
    for (let i = 0; i < 300; i++) body[`unknownField${String(i).padStart(3, '0')}`] = 1;
    const res = await send(server, 'POST', `${configmaps}?dryRun=All`, JSON.stringify(body));
    expect(res.status).toBe(201);
    expect(res.warnings).toHaveLength(100);
    expect(res.warnings.at(-1)).toBe(warning('unknown field "unknownField099"'));
  });

  it('cuts warnings to 256 characters once they pass 4096 in all, and drops what no longer fits', async () => {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'long' } };
    for (let i = 0; i < 20; i++) body[`f${String(i).padStart(2, '0')}${'x'.repeat(250)}`] = 1;
    const res = await send(server, 'POST', `${configmaps}?dryRun=All`, JSON.stringify(body));
    // kube-apiserver answered 16 headers of 274 characters (name and ": " included) to this body.
    expect(res.warnings).toHaveLength(16);
    for (const [i, w] of res.warnings.entries()) {
      expect(w).toBe(`299 - "${`unknown field "f${String(i).padStart(2, '0')}${'x'.repeat(250)}"`.slice(0, 256).replace(/"/g, '\\"')}"`);
      expect(`warning: ${w}`).toHaveLength(274);
    }
  });
});

describe('built-in kinds: patches', () => {
  const path = `${deployments}/d1`;

  it('merge patch: duplicates of the patch first, then unknown fields of the result in sorted order', async () => {
    const res = await send(
      server,
      'PATCH',
      `${path}?fieldValidation=Warn`,
      '{"spec":{"zzz":1,"aaa":{"q":1},"paused":true,"paused":false,"template":{"spec":{"containers":[{"name":"c","image":"nginx","zz":1,"aa":2}]}}},"metadata":{"annotations":{"x":"y"},"foo":1}}',
      'application/merge-patch+json',
    );
    expect(res.status).toBe(200);
    expect(res.warnings).toEqual([
      'duplicate field "spec.paused"',
      'unknown field "metadata.foo"',
      'unknown field "spec.aaa"',
      'unknown field "spec.template.spec.containers[0].aa"',
      'unknown field "spec.template.spec.containers[0].zz"',
      'unknown field "spec.zzz"',
    ].map(warning));
    expect(res.json.spec.zzz).toBeUndefined();
    expect(res.json.spec.paused).toBe(false);
    expect(res.json.metadata.annotations).toEqual({ x: 'y' });
  });

  it('merge patch under Strict: 422 on the patch, showing the patched object', async () => {
    const res = await send(server, 'PATCH', `${path}?fieldValidation=Strict`, '{"spec":{"replicsa":2}}', 'application/merge-patch+json');
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    expect(res.json.message).toMatch(/^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\",.*\}": strict decoding error: unknown field "spec.replicsa"$/);
    // As kube shows it: the objects the patch wrote into re-encoded with sorted keys.
    expect(res.json.message).toContain(
      '\\"spec\\":{\\"paused\\":false,\\"progressDeadlineSeconds\\":600,\\"replicas\\":1,\\"replicsa\\":2,\\"revisionHistoryLimit\\":10,\\"selector\\":',
    );
    expect(res.json.details).toEqual({ causes: [{ reason: 'FieldValueInvalid', message: res.json.message.slice(' "" is invalid: patch: '.length), field: 'patch' }] });
  });

  it('JSON patch: its own unknown and duplicated fields, then the result\'s', async () => {
    const res = await send(
      server,
      'PATCH',
      `${path}?fieldValidation=Warn`,
      '[{"op":"add","op":"add","path":"/spec/paused","value":true,"extra":1},{"op":"add","path":"/spec/bb","value":1}]',
      'application/json-patch+json',
    );
    expect(res.status).toBe(200);
    expect(res.warnings).toEqual(['json patch duplicate field "[0].op"', 'json patch unknown field "[0].extra"', 'unknown field "spec.bb"'].map(warning));
    expect(res.json.spec.bb).toBeUndefined();
  });

  it('JSON patch: objects an operation goes through are read in sorted order, added values in their own', async () => {
    const res = await send(
      server,
      'PATCH',
      path,
      '[{"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"x","image":"i","zz":1,"aa":2}},{"op":"add","path":"/spec/bb","value":1}]',
      'application/json-patch+json',
    );
    expect(res.status).toBe(200);
    expect(res.warnings).toEqual(
      ['unknown field "spec.bb"', 'unknown field "spec.template.spec.containers[1].zz"', 'unknown field "spec.template.spec.containers[1].aa"'].map(warning),
    );
    expect(res.json.spec.template.spec.containers[1]).toEqual(defaultedContainer({ name: 'x', image: 'i' }));
  });

  it('strategic merge patch under Strict: 422 showing the patch as Go prints a map', async () => {
    const res = await send(
      server,
      'PATCH',
      `${path}?fieldValidation=Strict`,
      '{"spec":{"replicas":2,"replicas":3,"x":[1,"a",true,null,1.5,1000000,12345678,0.00001,{"b":1,"a":2}]}}',
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(422);
    const message =
      'Invalid value: "map[spec:map[replicas:3 x:[1 a true <nil> 1.5 1000000 12345678 1e-05 map[a:2 b:1]]]]": ' +
      'strict decoding error: duplicate field "spec.replicas", unknown field "spec.x"';
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: ` "" is invalid: patch: ${message}`,
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] },
      code: 422,
    });
  });

  it('strategic merge patch under Warn: unknown fields of the result sorted', async () => {
    const res = await send(
      server,
      'PATCH',
      `${path}?fieldValidation=Warn`,
      '{"spec":{"replicsa":2,"template":{"spec":{"containers":[{"name":"c","foo":3}]}}}}',
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(200);
    expect(res.warnings).toEqual(['unknown field "spec.replicsa"', 'unknown field "spec.template.spec.containers[0].foo"'].map(warning));
    expect(res.json.spec.template.spec.containers[0].foo).toBeUndefined();
  });
});

describe('server-side apply bodies', () => {
  const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ap2\n  labels:\n    q: "1"\n    q: "2"\ndata:\n  k: a\n  k: b\n  j: c\ndata:\n  z: a\n';
  const lines = ['line 7: key "q" already set in map', 'line 10: key "k" already set in map', 'line 13: key "data" already set in map'];
  const apply = (fieldValidation: string, text = body): Promise<Answer> =>
    send(server, 'PATCH', `${configmaps}/ap2?fieldManager=m&fieldValidation=${fieldValidation}`, text, 'application/apply-patch+yaml');

  it('refuses duplicated YAML keys under Strict with go-yaml\'s lines', async () => {
    const res = await apply('Strict');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  ${lines.join('\n  ')}`,
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('warns once per duplicated key under Warn, the last value winning', async () => {
    const res = await apply('Warn');
    expect(res.status).toBe(201);
    expect(res.warnings).toEqual(lines.map(warning));
    expect(res.json.data).toEqual({ z: 'a' });
    const json = await apply('Warn', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ap2"},"data":{"k":"1","k":"2"}}');
    expect(json.warnings).toEqual([warning('line 1: key "k" already set in map')]);
  });
});

describe('custom resources', () => {
  it('refuses under Strict: duplicates, metadata, pruned fields (sorted), embedded metadata', async () => {
    const res = await send(server, 'POST', `${gizmos}?fieldValidation=Strict`, GIZMO_BODY);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Gizmo in version "v1" cannot be handled as a Gizmo: strict decoding error: ${GIZMO_PROBLEMS.join(', ')}`,
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('prunes under Warn and says what it pruned', async () => {
    const res = await send(server, 'POST', gizmos, GIZMO_BODY);
    expect(res.status).toBe(201);
    expect(res.warnings).toEqual(GIZMO_PROBLEMS.map(warning));
    expect(res.json.metadata.foo).toBeUndefined();
    expect(res.json.top).toBeUndefined();
    expect(res.json.status).toBeUndefined();
    expect(res.json.spec).toEqual({
      size: 2,
      port: 'http',
      free: { any: 1 },
      labels: { x: 'y' },
      items: [{ name: 'n' }],
      nested: { a: 'b' },
      embedded: { apiVersion: 'v1', kind: 'X', metadata: { name: 'e' }, spec: { x: '1' } },
      embeddedFree: { apiVersion: 'v1', kind: 'X', metadata: { name: 'e' }, what: 1 },
    });
  });

  it('replaces a repeated object field (unstructured decoding) before pruning', async () => {
    const res = await send(
      server,
      'POST',
      `${gizmos}?fieldValidation=Strict`,
      '{"apiVersion":"example.com/v1","kind":"Gizmo","metadata":{"name":"g2","labels":{"a":"1","a":"2"}},"spec":{"labels":{"k":"a","k":"b"},"nested":{"a":"x"},"nested":{"b":"y"}}}',
    );
    expect(res.json.message).toBe(
      'Gizmo in version "v1" cannot be handled as a Gizmo: strict decoding error: duplicate field "metadata.labels.a", duplicate field "spec.labels.k", duplicate field "spec.nested", unknown field "spec.nested.b"',
    );
  });

  it('checks the status subresource\'s whole body', async () => {
    const res = await send(server, 'PUT', `${gizmos}/g1/status?fieldValidation=Strict`, '{"apiVersion":"example.com/v1","kind":"Gizmo","metadata":{"name":"g1"},"spec":{"bogus":1},"status":{"zz":1}}');
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Gizmo in version "v1" cannot be handled as a Gizmo: strict decoding error: unknown field "spec.bogus", unknown field "status.zz"');
  });

  it('merge patch: duplicates of the patch, then the result\'s metadata and pruned fields', async () => {
    const res = await send(server, 'PATCH', `${gizmos}/g1?fieldValidation=Warn`, '{"spec":{"bogus":1,"size":3,"size":4},"metadata":{"foo":2}}', 'application/merge-patch+json');
    expect(res.status).toBe(200);
    expect(res.warnings).toEqual(['duplicate field "spec.size"', 'unknown field "metadata.foo"', 'unknown field "spec.bogus"'].map(warning));
    expect(res.json.spec.size).toBe(4);
    expect(res.json.spec.bogus).toBeUndefined();
    const strict = await send(server, 'PATCH', `${gizmos}/g1?fieldValidation=Strict`, '[{"op":"add","path":"/spec/bogus","value":2}]', 'application/json-patch+json');
    expect(strict.status).toBe(422);
    expect(strict.json.message).toMatch(/: strict decoding error: unknown field "spec.bogus"$/);
    // An unstructured object, which Go writes with sorted keys.
    expect(strict.json.message).toContain('Invalid value: "{\\"apiVersion\\":\\"example.com/v1\\",\\"kind\\":\\"Gizmo\\",\\"metadata\\":{\\"creationTimestamp\\":');
  });
});

describe('OpenAPI v3 over HTTP, as kube-apiserver serves it', () => {
  interface Raw {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }
  const get = (path: string): Promise<Raw> =>
    new Promise((resolve, reject) => {
      request(new URL(path, server.url), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      }).on('error', reject).end();
    });

  it('serves the index as text/plain, each document with its hash as ETag, cacheable for good at its hashed URL', async () => {
    const index = await get('/openapi/v3');
    expect(index.headers['content-type']).toBe('text/plain; charset=utf-8');
    const url = (JSON.parse(index.body) as { paths: Record<string, { serverRelativeURL: string }> }).paths['apis/apps/v1']?.serverRelativeURL ?? '';
    const hash = /hash=([0-9A-F]{128})$/.exec(url)?.[1] ?? '';
    expect(hash).not.toBe('');

    const plain = await get('/openapi/v3/apis/apps/v1');
    expect(plain.status).toBe(200);
    expect(plain.headers).toMatchObject({ 'content-type': 'application/json', etag: `"${hash}"`, 'cache-control': 'no-cache, private' });
    const hashed = await get(url);
    expect(hashed.headers['cache-control']).toBe('public, immutable');
    expect(hashed.body).toBe(plain.body);

    const stale = await get('/openapi/v3/apis/apps/v1?hash=0123');
    expect(stale.status).toBe(301);
    expect(stale.headers.location).toBe(url);

    const missing = await get('/openapi/v3/apis/nope/v1');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('');
  });
});
