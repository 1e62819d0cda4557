// The peer range is ^1.4.0 || ^2.0.0: the same wiring with a KubeConfig from client-node 1.4
// (installed here under the alias client-node-1). Only getCurrentCluster() and the async
// applyToHTTPSOptions() are used, and both exist with the same meaning in 1.4 and 2.x.
import { afterEach, describe, expect, it } from 'vitest';
import { KubeConfig as KubeConfig1 } from 'client-node-1';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, createListWatch, KubeConfigError } from '../src/index.js';
import { sendJson, startLocalServer, startWatch, statusBody, type LocalServer } from './support/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function kubeConfig1(url: string, user: Record<string, unknown>, skipTLSVerify = true): KubeConfig {
  const kc = new KubeConfig1();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: url, skipTLSVerify }],
    users: [{ name: 'me', ...user }],
    contexts: [{ name: 'ctx', cluster: 'local', user: 'me' }],
    currentContext: 'ctx',
  });
  // The 1.x class has other private members than the 2.x one the package is typed against.
  return kc as unknown as KubeConfig;
}

describe('with @kubernetes/client-node 1.4', () => {
  it('lists and watches with a token', async () => {
    server = await startLocalServer((req, res) => {
      if (req.url?.includes('watch=true') === true) {
        startWatch(res);
        res.end(`${JSON.stringify({ type: 'ADDED', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a' } } })}\n`);
        return;
      }
      sendJson(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '3' }, items: [{ metadata: { name: 'a' } }] });
    });
    const lw = createListWatch(kubeConfig1(server.url, { token: 'v1-token' }), { apiVersion: 'v1', resource: 'pods' });
    const list = await lw.list();
    expect(list.items).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }]);
    const events = [];
    for await (const event of await lw.watch({ resourceVersion: '3' })) events.push(event.type);
    expect(events).toEqual(['ADDED']);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer v1-token', 'Bearer v1-token']);
  });

  it('refreshes exec credentials per request', async () => {
    server = await startLocalServer((_req, res) => { sendJson(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] }); });
    const script = `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
      status: { token: 'exec-' + Date.now() + '-' + Math.random(), expirationTimestamp: new Date(Date.now() - 1000).toISOString() } }));`;
    const lw = createListWatch(
      kubeConfig1(server.url, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script] } }),
      { apiVersion: 'v1', resource: 'pods' },
    );
    await lw.list();
    await lw.list();
    const [first, second] = server.requests.map((r) => r.headers.authorization);
    expect(first).toMatch(/^Bearer exec-/);
    expect(second).toMatch(/^Bearer exec-/);
    expect(first).not.toBe(second);
  });

  it('turns errors into ApiError the same way', async () => {
    server = await startLocalServer((_req, res) => { sendJson(res, 403, statusBody(403, 'Forbidden', 'pods is forbidden')); });
    const err = await createListWatch(kubeConfig1(server.url, {}), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 403, reason: 'Forbidden' });
  });

  it('refuses a plain-http server without insecure-skip-tls-verify, like 2.x', async () => {
    server = await startLocalServer((_req, res) => { sendJson(res, 200, { items: [] }); });
    const err = await createListWatch(kubeConfig1(server.url, {}, false), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeConfigError);
    expect((err as Error).message).toMatch(/HTTP protocol is not allowed/);
    expect(server.requests).toHaveLength(0);
  });
});
