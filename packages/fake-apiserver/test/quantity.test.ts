// Quantities over HTTP: written back in canonical form wherever a built-in kind holds one, and a
// value that is not a quantity refused as kube-apiserver's decoder refuses it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiServer, type FakeApiServer } from '../src/index.js';
import { call } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await createFakeApiServer();
});
afterEach(async () => {
  await server.close();
});

const quota = (hard: Record<string, unknown>): unknown => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard } });

describe('Quantities of built-in kinds', () => {
  it('are stored in canonical form: ResourceLists rounded to milli units, other fields to nano', async () => {
    const created = await call(server, 'POST', '/api/v1/namespaces/default/resourcequotas', {
      body: quota({ cpu: '1000m', memory: '2048Ki', pods: 0.5, 'requests.storage': '1n' }),
    });
    expect(created.status).toBe(201);
    expect(created.json.spec.hard).toEqual({ cpu: '1', memory: '2Mi', pods: '500m', 'requests.storage': '1m' });
    const stored = server.get<{ spec: { hard: Record<string, string> } } & { apiVersion: string; kind: string }>({ apiVersion: 'v1', kind: 'ResourceQuota', namespace: 'default', name: 'q' });
    expect(stored?.spec.hard.memory).toBe('2Mi');
  });

  it('keep a value already written canonically as it was sent', async () => {
    const created = await call(server, 'POST', '/api/v1/namespaces/default/resourcequotas', { body: quota({ cpu: '+1', memory: '1E3', pods: '1.500' }) });
    expect(created.json.spec.hard).toEqual({ cpu: '+1', memory: '1E3', pods: '1.500' });
  });

  it('are canonicalised on updates and patches too', async () => {
    await call(server, 'POST', '/api/v1/namespaces/default/resourcequotas', { body: quota({ cpu: '1' }) });
    const patched = await call(server, 'PATCH', '/api/v1/namespaces/default/resourcequotas/q', {
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { spec: { hard: { cpu: '3000m' } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.spec.hard.cpu).toBe('3');
  });

  it('refuses a value that is not a quantity with the 400 kube-apiserver answers, and stores nothing', async () => {
    const res = await call(server, 'POST', '/api/v1/namespaces/default/resourcequotas', { body: quota({ cpu: '1Kb' }) });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe(
      'ResourceQuota in version "v1" cannot be handled as a ResourceQuota: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    );
    const suffix = await call(server, 'POST', '/api/v1/namespaces/default/resourcequotas', { body: quota({ cpu: '1e' }) });
    expect(suffix.json.message).toBe('ResourceQuota in version "v1" cannot be handled as a ResourceQuota: unable to parse quantity\'s suffix');
    expect(server.list({ apiVersion: 'v1', kind: 'ResourceQuota' })).toEqual([]);
  });

  it('are not looked for where a kind holds none (ConfigMap data)', async () => {
    const res = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { cpu: '1000m' } } });
    expect(res.json.data.cpu).toBe('1000m');
  });
});
