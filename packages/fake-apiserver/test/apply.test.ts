/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read off the wire is untyped in assertions */
// Server-side apply and managedFields over HTTP. Every expected body here is what kube-apiserver
// v1.37.2 answered to the same request (uids, times and resourceVersions aside).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, startServer, type Reply } from './helpers.js';

const NOW = '2026-12-06T16:16:52Z';
const APPLY = 'application/apply-patch+yaml';
const CM = '/api/v1/namespaces/default/configmaps';
const GIZMOS = '/apis/example.com/v1/namespaces/default/gizmos';

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
          properties: {
            spec: {
              type: 'object',
              properties: {
                size: { type: 'integer' },
                tags: { type: 'array', items: { type: 'string' } },
                ports: {
                  type: 'array',
                  'x-kubernetes-list-type': 'map',
                  'x-kubernetes-list-map-keys': ['name'],
                  items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
                },
              },
            },
            status: { type: 'object', properties: { phase: { type: 'string' } } },
          },
        },
      },
    }],
  },
};

let server: FakeApiServer;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW) });
  server = await startServer();
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

const apply = (path: string, query: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  call(server, 'PATCH', `${path}${query === '' ? '' : `?${query}`}`, {
    raw: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': APPLY, ...headers },
  });

const configMap = (name: string, data?: Record<string, string>, metadata: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...metadata },
  ...(data === undefined ? {} : { data }),
});

function entry(manager: string, operation: 'Apply' | 'Update', fieldsV1: unknown, extra: Record<string, unknown> = {}, apiVersion = 'v1'): Record<string, unknown> {
  return { manager, operation, apiVersion, time: NOW, fieldsType: 'FieldsV1', fieldsV1, ...extra };
}

/** A 422 about the request's options, as kube-apiserver's option validation words it. */
function invalidOptions(kind: string, causes: { reason: string; message: string; field: string }[]): Record<string, unknown> {
  const summary = causes.map((c) => `${c.field}: ${c.message}`);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${kind}.meta.k8s.io "" is invalid: ${summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`}`,
    reason: 'Invalid',
    details: { group: 'meta.k8s.io', kind, causes },
    code: 422,
  };
}

function badRequest(message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

describe('managedFields on writes other than apply', () => {
  it('create records an Update by the fieldManager, or the User-Agent up to its first slash, or "unknown"', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['a', {}, 'unknown'],
      ['b', { 'User-Agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07' }, 'kubectl'],
      ['c', { 'User-Agent': 'Go-http-client/1.1' }, 'Go-http-client'],
      // client-go's default User-Agent starts with the program's name.
      ['e', { 'User-Agent': 'clients.test/v0.0.0 (linux/amd64) kubernetes/$Format' }, 'clients.test'],
      // Cut at 128 bytes, whole characters only.
      ['f', { 'User-Agent': `${'é'.repeat(70)}/1` }, 'é'.repeat(64)],
      // Characters Go does not print (here a no-break space) are left out.
      ['g', { 'User-Agent': 'a\u00a0b/1' }, 'ab'],
    ];
    for (const [name, headers, manager] of cases) {
      const res = await call(server, 'POST', CM, { body: { metadata: { name, labels: { a: 'b' } }, data: { a: '1' } }, headers });
      expect(res.status).toBe(201);
      expect(res.json.metadata.managedFields).toEqual([
        entry(manager, 'Update', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } }),
      ]);
    }
    const named = await call(server, 'POST', `${CM}?fieldManager=mine`, { body: { metadata: { name: 'd' }, data: { a: '1' } }, headers: { 'User-Agent': 'kubectl/v1.32.4' } });
    expect(named.json.metadata.managedFields).toEqual([entry('mine', 'Update', { 'f:data': { '.': {}, 'f:a': {} } })]);
    expect((await call(server, 'GET', `${CM}/d`)).json).toEqual(named.json);
  });

  it('update, merge, JSON and strategic merge patches each record their manager; a no-op records nothing', async () => {
    await call(server, 'POST', CM, { body: { metadata: { name: 'u1', labels: { a: 'b' } }, data: { a: '1' } }, headers: { 'User-Agent': 'Go-http-client/1.1' } });
    const put = await call(server, 'PUT', `${CM}/u1`, { body: { metadata: { name: 'u1', labels: { a: 'b' } }, data: { a: '1', b: '2' } }, headers: { 'User-Agent': 'other/1' } });
    expect(put.json.metadata.managedFields).toEqual([
      entry('Go-http-client', 'Update', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } }),
      entry('other', 'Update', { 'f:data': { 'f:b': {} } }),
    ]);
    const jsonPatch = await call(server, 'PATCH', `${CM}/u1`, {
      raw: JSON.stringify([{ op: 'add', path: '/data/c', value: '3' }]),
      headers: { 'Content-Type': 'application/json-patch+json', 'User-Agent': 'jp/1' },
    });
    expect(jsonPatch.json.metadata.managedFields.map((e: any) => [e.manager, e.fieldsV1])).toEqual([
      ['Go-http-client', { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } }],
      ['jp', { 'f:data': { 'f:c': {} } }],
      ['other', { 'f:data': { 'f:b': {} } }],
    ]);
    const smp = await call(server, 'PATCH', `${CM}/u1`, {
      raw: JSON.stringify({ data: { a: '9' } }),
      headers: { 'Content-Type': 'application/strategic-merge-patch+json', 'User-Agent': 'smp/1' },
    });
    expect(smp.json.metadata.managedFields).toEqual([
      entry('Go-http-client', 'Update', { 'f:data': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } }),
      entry('jp', 'Update', { 'f:data': { 'f:c': {} } }),
      entry('other', 'Update', { 'f:data': { 'f:b': {} } }),
      entry('smp', 'Update', { 'f:data': { 'f:a': {} } }),
    ]);
    const noop = await call(server, 'PATCH', `${CM}/u1`, {
      raw: JSON.stringify({ data: { a: '9' } }),
      headers: { 'Content-Type': 'application/merge-patch+json', 'User-Agent': 'noop/1' },
    });
    expect(noop.json).toEqual(smp.json);
  });

  it('a status update records the status subresource', async () => {
    await call(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: GIZMO_CRD });
    const made = await call(server, 'POST', GIZMOS, { body: { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' }, spec: { size: 1 } }, headers: { 'User-Agent': 'maker/1' } });
    const res = await call(server, 'PUT', `${GIZMOS}/g/status?fieldManager=ctl`, {
      body: { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g', resourceVersion: made.json.metadata.resourceVersion }, spec: { size: 5 }, status: { phase: 'Ready' } },
    });
    expect(res.status).toBe(200);
    expect(res.json.spec).toEqual({ size: 1 });
    expect(res.json.metadata.managedFields).toEqual([
      entry('ctl', 'Update', { 'f:status': { '.': {}, 'f:phase': {} } }, { subresource: 'status' }, 'example.com/v1'),
      entry('maker', 'Update', { 'f:spec': { '.': {}, 'f:size': {} } }, {}, 'example.com/v1'),
    ]);
  });

  it('a CustomResourceDefinition (with a status subresource) gets the kube-apiserver status entry beside its creator', async () => {
    // kube-apiserver's controller writes the conditions and accepted names just after the create.
    const doohickeys = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'doohickeys.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Doohickey', listKind: 'DoohickeyList', plural: 'doohickeys', singular: 'doohickey' },
        versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    expect((await call(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: doohickeys, headers: { 'User-Agent': 'test/1' } })).status).toBe(201);
    const res = await call(server, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/doohickeys.example.com');
    const [apiserver, creator] = res.json.metadata.managedFields;
    const condition = { '.': {}, 'f:lastTransitionTime': {}, 'f:message': {}, 'f:reason': {}, 'f:status': {}, 'f:type': {} };
    expect(apiserver).toEqual(entry('kube-apiserver', 'Update', {
      'f:status': {
        'f:acceptedNames': { 'f:kind': {}, 'f:listKind': {}, 'f:plural': {}, 'f:singular': {} },
        'f:conditions': { 'k:{"type":"Established"}': condition, 'k:{"type":"NamesAccepted"}': condition },
      },
    }, { subresource: 'status' }, 'apiextensions.k8s.io/v1'));
    expect(creator).toMatchObject({ manager: 'test', operation: 'Update', apiVersion: 'apiextensions.k8s.io/v1' });
    expect(creator.fieldsV1['f:spec']).toMatchObject({
      'f:group': {},
      'f:names': { 'f:kind': {}, 'f:listKind': {}, 'f:plural': {}, 'f:singular': {} },
      'f:scope': {},
      'f:versions': {},
    });
  });

  it('clients may replace managedFields on update, or reset them with an empty list, but not set them on create', async () => {
    const custom = [{ manager: 'custom', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
    const created = await call(server, 'POST', CM, { body: { metadata: { name: 'm', managedFields: custom }, data: { a: '1' } }, headers: { 'User-Agent': 'curl/8' } });
    expect(created.json.metadata.managedFields).toEqual([entry('curl', 'Update', { 'f:data': { '.': {}, 'f:a': {} } })]);
    const replaced = await call(server, 'PUT', `${CM}/m`, { body: { metadata: { name: 'm', managedFields: custom }, data: { a: '1' } } });
    expect(replaced.json.metadata.managedFields).toEqual(custom);
    // An entry kube-apiserver cannot accept leaves the stored ones as they were.
    const invalid = [{ ...custom[0], operation: 'Bogus' }];
    const kept = await call(server, 'PUT', `${CM}/m`, { body: { metadata: { name: 'm', managedFields: invalid }, data: { a: '1' } } });
    expect(kept.status).toBe(200);
    expect(kept.json.metadata.managedFields).toEqual(custom);
    const reset = await call(server, 'PUT', `${CM}/m`, { body: { metadata: { name: 'm', managedFields: [] }, data: { a: '1' } } });
    expect(reset.status).toBe(200);
    expect(reset.json.metadata).not.toHaveProperty('managedFields');
  });

  it('in-process writes keep the managedFields they are given', () => {
    const created = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fixture' }, data: { a: '1' } } as any);
    expect(created.metadata).not.toHaveProperty('managedFields');
  });

  it('refuses a fieldManager over 128 bytes or with non-printable characters, as kube-apiserver validates options', async () => {
    const long = 'a'.repeat(129);
    const tooLong = { reason: 'FieldValueTooLong', message: 'Too long: may not be more than 128 bytes', field: 'fieldManager' };
    const created = await call(server, 'POST', `${CM}?fieldManager=${long}`, { body: { metadata: { name: 'x' } } });
    expect(created.status).toBe(422);
    expect(created.json).toEqual(invalidOptions('CreateOptions', [tooLong]));
    expect((await call(server, 'POST', `${CM}?fieldManager=${'a'.repeat(128)}`, { body: { metadata: { name: 'x' } } })).status).toBe(201);
    const control = await call(server, 'POST', `${CM}?fieldManager=a%01b`, { body: { metadata: { name: 'y' } } });
    expect(control.json).toEqual(invalidOptions('CreateOptions', [
      { reason: 'FieldValueInvalid', message: 'Invalid value: "a\\x01b": invalid character U+0001 (at position 1)', field: 'fieldManager' },
    ]));
    const newline = await call(server, 'PUT', `${CM}/x?fieldManager=a%0Ab`, { body: { metadata: { name: 'x' } } });
    expect(newline.json).toEqual(invalidOptions('UpdateOptions', [
      { reason: 'FieldValueInvalid', message: 'Invalid value: "a\\nb": invalid character U+000A (at position 1)', field: 'fieldManager' },
    ]));
    const merge = await call(server, 'PATCH', `${CM}/x?fieldManager=${long}`, { raw: '{}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(merge.json).toEqual(invalidOptions('PatchOptions', [tooLong]));
    const applied = await apply(CM + '/x', `fieldManager=${long}`, configMap('x'));
    expect(applied.json).toEqual(invalidOptions('PatchOptions', [tooLong]));
    // dryRun is checked in the same pass, and the errors come as one.
    const both = await call(server, 'POST', `${CM}?dryRun=Bad&fieldManager=a%01`, { body: { metadata: { name: 'z' } } });
    expect(both.json).toEqual(invalidOptions('CreateOptions', [
      { reason: 'FieldValueInvalid', message: 'Invalid value: "a\\x01": invalid character U+0001 (at position 1)', field: 'fieldManager' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: ["Bad"]: supported values: "All"', field: 'dryRun' },
    ]));
    const dryRun = await apply(`${CM}/x`, 'fieldManager=m1&dryRun=Bad', configMap('x'));
    expect(dryRun.json).toEqual(invalidOptions('PatchOptions', [
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: ["Bad"]: supported values: "All"', field: 'dryRun' },
    ]));
  });
});

describe('server-side apply', () => {
  it('needs a fieldManager, and force only goes with apply', async () => {
    const missing = await apply(`${CM}/a1`, '', configMap('a1', { x: '1' }));
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual(invalidOptions('PatchOptions', [
      { reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' },
    ]));
    await apply(`${CM}/a1`, 'fieldManager=m1', configMap('a1', { x: '1' }));
    for (const force of ['true', 'false']) {
      const res = await call(server, 'PATCH', `${CM}/a1?force=${force}`, { raw: '{"data":{"x":"2"}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
      expect(res.json).toEqual(invalidOptions('PatchOptions', [
        { reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' },
      ]));
    }
  });

  it('creates an absent object (201) from YAML, and re-applying the same configuration changes nothing', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r1\n  labels:\n    x: "1"\ndata:\n  k1: v1\n  k2: v2\n';
    const created = await apply(`${CM}/r1`, 'fieldManager=a', yaml);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { k1: 'v1', k2: 'v2' } });
    expect(created.json.metadata.managedFields).toEqual([
      entry('a', 'Apply', { 'f:data': { 'f:k1': {}, 'f:k2': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } }),
    ]);
    const rv = server.resourceVersion;
    const again = await apply(`${CM}/r1`, 'fieldManager=a', configMap('r1', { k1: 'v1', k2: 'v2' }, { labels: { x: '1' } }));
    expect(again.status).toBe(200);
    expect(again.json).toEqual(created.json);
    expect(server.resourceVersion).toBe(rv);
  });

  it('answers 409 with one FieldManagerConflict cause per field another manager owns', async () => {
    await apply(`${CM}/a1`, 'fieldManager=m1', configMap('a1', { x: '1' }));
    const one = await apply(`${CM}/a1`, 'fieldManager=m2', configMap('a1', { x: '2' }));
    expect(one.status).toBe(409);
    expect(one.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "m1": .data.x',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "m1"', field: '.data.x' }] },
      code: 409,
    });
    await call(server, 'PATCH', `${CM}/a1?fieldManager=u1`, { raw: '{"data":{"y":"1","z":"1"}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    const three = await apply(`${CM}/a1`, 'fieldManager=m2', configMap('a1', { x: '2', y: '2', z: '2' }));
    expect(three.json).toMatchObject({
      message: 'Apply failed with 3 conflicts: conflicts with "m1":\n- .data.x\nconflicts with "u1" using v1:\n- .data.y\n- .data.z',
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "m1"', field: '.data.x' },
          { reason: 'FieldManagerConflict', message: 'conflict with "u1" using v1', field: '.data.y' },
          { reason: 'FieldManagerConflict', message: 'conflict with "u1" using v1', field: '.data.z' },
        ],
      },
    });
  });

  it('force takes the fields over; dryRun=All answers the result and stores nothing', async () => {
    await apply(`${CM}/a1`, 'fieldManager=m1', configMap('a1', { x: '1' }));
    await call(server, 'PATCH', `${CM}/a1?fieldManager=u1`, { raw: '{"data":{"y":"1","z":"1"}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    const before = (await call(server, 'GET', `${CM}/a1`)).json;
    const rv = server.resourceVersion;
    const dry = await apply(`${CM}/a1`, 'fieldManager=m2&force=true&dryRun=All', configMap('a1', { x: '2' }));
    expect(dry.status).toBe(200);
    expect(dry.json.data).toEqual({ x: '2', y: '1', z: '1' });
    expect(dry.json.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(dry.json.metadata.managedFields).toEqual([
      entry('m2', 'Apply', { 'f:data': { 'f:x': {} } }),
      entry('u1', 'Update', { 'f:data': { 'f:y': {}, 'f:z': {} } }),
    ]);
    expect(server.resourceVersion).toBe(rv);
    expect((await call(server, 'GET', `${CM}/a1`)).json).toEqual(before);
    const forced = await apply(`${CM}/a1`, 'fieldManager=m2&force=true', configMap('a1', { x: '2' }));
    expect(forced.json.metadata.managedFields).toEqual(dry.json.metadata.managedFields);
    expect(forced.json.data).toEqual({ x: '2', y: '1', z: '1' });
  });

  it('a dry-run apply of an absent object answers 201 and creates nothing', async () => {
    const res = await apply(`${CM}/r2`, 'fieldManager=a&dryRun=All', configMap('r2', { k: 'v' }));
    expect(res.status).toBe(201);
    expect(res.json.metadata).not.toHaveProperty('resourceVersion');
    expect(res.json.metadata.managedFields).toEqual([entry('a', 'Apply', { 'f:data': { 'f:k': {} } })]);
    expect((await call(server, 'GET', `${CM}/r2`)).status).toBe(404);
  });

  it('removes the fields a manager stops applying unless another manager owns them; force moves ownership', async () => {
    await apply(`${CM}/r1`, 'fieldManager=a', configMap('r1', { k1: 'v1', k2: 'v2' }, { labels: { x: '1' } }));
    await apply(`${CM}/r1`, 'fieldManager=b', configMap('r1', { k1: 'v1' }));
    const dropped = await apply(`${CM}/r1`, 'fieldManager=a', configMap('r1', {}, { labels: { x: '1' } }));
    expect(dropped.json.data).toEqual({ k1: 'v1' });
    const forced = await apply(`${CM}/r1`, 'fieldManager=c&force=true', configMap('r1', undefined, { labels: { x: '2' } }));
    expect(forced.json.metadata.labels).toEqual({ x: '2' });
    const byManager = Object.fromEntries(forced.json.metadata.managedFields.map((e: any) => [e.manager, e.fieldsV1]));
    expect(byManager).toEqual({
      a: { 'f:data': {} },
      b: { 'f:data': { 'f:k1': {} } },
      c: { 'f:metadata': { 'f:labels': { 'f:x': {} } } },
    });
  });

  it('checks the body against the URL as kube-apiserver does', async () => {
    await apply(`${CM}/b1`, 'fieldManager=m1', configMap('b1'));
    const cases: [string, unknown, number, string][] = [
      ['b2', configMap('other'), 400, 'the name of the object (other) does not match the name on the URL (b2)'],
      ['b2', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, 400, 'the name of the object (b2 based on URL) was undeterminable: name must be provided'],
      ['b2', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b2' } }, 400, 'invalid object type: /v1, Kind=Secret'],
      ['b2', { apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'b2' } }, 400, 'invalid object type: /v2, Kind=ConfigMap'],
      ['b2', { kind: 'ConfigMap', metadata: { name: 'b2' } }, 400, 'invalid object type: /, Kind=ConfigMap'],
      ['b2', { apiVersion: 'v1', metadata: { name: 'b2' } }, 400, 'invalid object type: /v1, Kind='],
      ['b2', 'null', 400, 'invalid object type: /, Kind='],
      ['b2', '', 400, 'invalid object type: /, Kind='],
      ['b2', configMap('b2', undefined, { namespace: 'kube-system' }), 400, 'the namespace of the provided object does not match the namespace sent on the request'],
      ['b2', '[1,2]', 400, 'error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}'],
      ['b2', 'hello', 400, 'error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}'],
      ['b2', '12', 400, 'error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go value of type map[string]interface {}'],
      ['b1', configMap('b1', undefined, { managedFields: [] }), 400, 'metadata.managedFields must be nil'],
    ];
    for (const [name, body, code, message] of cases) {
      const res = await apply(`${CM}/${name}`, 'fieldManager=m1', body);
      expect({ name, body, status: res.status, json: res.json }).toEqual({ name, body, status: code, json: badRequest(message) });
    }
    expect((await call(server, 'GET', `${CM}/b2`)).status).toBe(404);
  });

  it('refuses a uid on an absent object (409), a changed uid (422) and a stale resourceVersion (409)', async () => {
    const absent = await apply(`${CM}/b9`, 'fieldManager=m1', configMap('b9', undefined, { uid: '123' }));
    expect(absent.status).toBe(409);
    expect(absent.json).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "b9": uid mismatch: the provided object specified uid 123, and no existing object was found',
      details: { name: 'b9', kind: 'configmaps' },
    });
    await apply(`${CM}/b1`, 'fieldManager=m1', configMap('b1', undefined, { resourceVersion: '5' }));
    const uid = await apply(`${CM}/b1`, 'fieldManager=m1', configMap('b1', undefined, { uid: '123' }));
    expect(uid.status).toBe(422);
    expect(uid.json).toMatchObject({
      message: 'ConfigMap "b1" is invalid: metadata.uid: Invalid value: "123": field is immutable',
      details: { name: 'b1', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "123": field is immutable', field: 'metadata.uid' }] },
    });
    const stale = await apply(`${CM}/b1`, 'fieldManager=m1', configMap('b1', undefined, { resourceVersion: '3' }));
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on configmaps "b1": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('reads YAML as kube-apiserver does: yes/no booleans, first document only, a Content-Type charset', async () => {
    const res = await apply(`${CM}/yy`, 'fieldManager=m', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yy\n  labels: {a: "yes"}\ndata:\n  when: 2001-12-14\n  t2: 2001-12-14 21:59:43.10 -5\n  oct: "010"\n---\nkind: Other\n', {
      'Content-Type': `${APPLY}; charset=utf-8`,
    });
    expect(res.status).toBe(201);
    expect(res.json.metadata.labels).toEqual({ a: 'yes' });
    expect(res.json.data).toEqual({ oct: '010', t2: '2001-12-14 21:59:43.10 -5', when: '2001-12-14' });
    // An unquoted yes is a boolean, which a ConfigMap's data cannot hold.
    const yes = await apply(`${CM}/yz`, 'fieldManager=m', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yz\ndata:\n  a: yes\n');
    expect(yes.status).toBe(500);
    expect(yes.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'failed to create typed patch object (/yz; /v1, Kind=ConfigMap): .data.a: expected string, got &value.valueUnstructured{Value:true}',
      code: 500,
    });
    // Syntax errors in go-yaml's words, as kube-apiserver answered each body.
    const syntax: [string, string][] = [
      ['apiVersion: v1\nkind: [ConfigMap\n', "line 2: did not find expected ',' or ']'"],
      ['a: {b: 1\n', "line 1: did not find expected ',' or '}'"],
      ['\tbad: 1\n', 'found character that cannot start any token'],
      ['key: @x\n', 'found character that cannot start any token'],
      ['a: "unterminated\n', 'line 2: found unexpected end of stream'],
    ];
    for (const [body, problem] of syntax) {
      const bad = await apply(`${CM}/y`, 'fieldManager=m', body);
      expect({ body, json: bad.json }).toEqual({ body, json: badRequest(`error encoding patch: yaml: ${problem}`) });
    }
  });

  it('applies a built-in kind by its schema: containers by name; /status owns status fields only', async () => {
    const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
    const web = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1' }] } },
      },
    };
    const created = await apply(`${DEPLOYMENTS}/web`, 'fieldManager=deployer&force=false', web);
    expect(created.status).toBe(201);
    expect(created.json.metadata.managedFields).toEqual([entry('deployer', 'Apply', {
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    }, {}, 'apps/v1')]);
    const status = await apply(`${DEPLOYMENTS}/web/status`, 'fieldManager=ctl', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { x: 'y' } },
      spec: { replicas: 9 },
      status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
    });
    expect(status.status).toBe(200);
    expect(status.json.spec.replicas).toBe(2);
    expect(status.json.metadata).not.toHaveProperty('labels');
    expect(status.json.metadata.managedFields[0]).toEqual(entry('ctl', 'Apply', {
      'f:status': { 'f:conditions': { 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:replicas': {} },
    }, { subresource: 'status' }, 'apps/v1'));
  });

  it('applies cluster-scoped kinds: a Namespace is created with only the applied label owned', async () => {
    const res = await apply('/api/v1/namespaces/ns-apply', 'fieldManager=m', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-apply', labels: { team: 'a' } } });
    expect(res.status).toBe(201);
    expect(res.json.metadata).not.toHaveProperty('namespace');
    expect(res.json.metadata.labels).toMatchObject({ team: 'a' });
    expect(res.json.metadata.managedFields).toEqual([entry('m', 'Apply', { 'f:metadata': { 'f:labels': { 'f:team': {} } } })]);
    expect((await call(server, 'GET', '/api/v1/namespaces/ns-apply')).json).toEqual(res.json);
  });

  it('applies custom resources by their CRD schema: map lists conflict per item field, status is not owned through the main resource', async () => {
    expect((await call(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: GIZMO_CRD })).status).toBe(201);
    const gizmo = (spec: unknown, status?: unknown): Record<string, unknown> => ({
      apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g1' }, spec, ...(status === undefined ? {} : { status }),
    });
    const created = await apply(`${GIZMOS}/g1`, 'fieldManager=m1', gizmo({ size: 1, tags: ['a'], ports: [{ name: 'http', port: 80 }] }, { phase: 'x' }));
    expect(created.status).toBe(201);
    expect(created.json).not.toHaveProperty('status');
    expect(created.json.metadata.managedFields).toEqual([
      entry('m1', 'Apply', { 'f:spec': { 'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } }, 'f:size': {}, 'f:tags': {} } }, {}, 'example.com/v1'),
    ]);
    const status = await apply(`${GIZMOS}/g1/status`, 'fieldManager=s1', gizmo({ size: 5 }, { phase: 'Ready' }));
    expect(status.status).toBe(200);
    expect(status.json.spec).toEqual({ ports: [{ name: 'http', port: 80 }], size: 1, tags: ['a'] });
    expect(status.json.status).toEqual({ phase: 'Ready' });
    expect(status.json.metadata.managedFields[1]).toEqual(entry('s1', 'Apply', { 'f:status': { 'f:phase': {} } }, { subresource: 'status' }, 'example.com/v1'));
    const absentStatus = await apply(`${GIZMOS}/g2/status`, 'fieldManager=s1', { ...gizmo(undefined, { phase: 'Ready' }), metadata: { name: 'g2' } });
    expect(absentStatus.status).toBe(404);
    expect(absentStatus.json.message).toBe('gizmos.example.com "g2" not found');
    const conflict = await apply(`${GIZMOS}/g1`, 'fieldManager=m2', gizmo({ tags: ['b'], ports: [{ name: 'http', port: 81 }, { name: 'https', port: 443 }] }));
    expect(conflict.status).toBe(409);
    expect(conflict.json.message).toBe('Apply failed with 2 conflicts: conflicts with "m1":\n- .spec.tags\n- .spec.ports[name="http"].port');
    const dropped = await apply(`${GIZMOS}/g1`, 'fieldManager=m1', gizmo({ tags: ['a'], ports: [{ name: 'http', port: 80 }] }));
    expect(dropped.json.spec).toEqual({ ports: [{ name: 'http', port: 80 }], tags: ['a'] });
    expect(dropped.json.status).toEqual({ phase: 'Ready' });
  });
});
