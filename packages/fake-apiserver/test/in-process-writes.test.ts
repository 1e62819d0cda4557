// In-process writes play the cluster's own controllers: objects must be valid, but the transition
// rules kube-apiserver holds clients to (immutable fields) do not apply to them.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFakeApiServer, InvalidError, type FakeApiServer } from '../src/index.js';
import { call } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await createFakeApiServer();
});
afterEach(async () => {
  await server.close();
});

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
const ref = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p' } as const;

it('an in-process update may change what a client may not (a pod\'s node), as a scheduler does', async () => {
  server.create(pod);
  const stored = server.get<typeof pod & { spec: { nodeName?: string } }>(ref);
  if (stored === undefined) throw new Error('no pod');
  const viaHttp = await call(server, 'PUT', '/api/v1/namespaces/default/pods/p', { body: { ...stored, spec: { ...stored.spec, nodeName: 'node-1' } } });
  expect(viaHttp.status).toBe(422);
  expect(viaHttp.json.message).toContain('pod updates may not change fields');
  const moved = server.update({ ...stored, spec: { ...stored.spec, nodeName: 'node-1' } });
  expect(moved.spec.nodeName).toBe('node-1');
});

it('an in-process write of an invalid object is refused and changes nothing', () => {
  const created = server.create(pod);
  expect(() => server.update({ ...created, spec: { containers: [{ name: 'c', image: '' }] } })).toThrow(InvalidError);
  expect(() => server.create({ ...pod, metadata: { name: 'q', namespace: 'default' }, spec: { containers: [] } })).toThrow(InvalidError);
  expect(server.get(ref)?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  expect(server.get({ ...ref, name: 'q' })).toBeUndefined();
});
