import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function caFrom(kubeconfig: string): string {
  const match = /certificate-authority-data: (\S+)/.exec(kubeconfig);
  if (match?.[1] === undefined) throw new Error('no certificate-authority-data in the kubeconfig');
  return Buffer.from(match[1], 'base64').toString('utf8');
}

describe('tls', () => {
  it('serves https with the bundled certificate, trusted through the kubeconfig CA', async () => {
    server = await startServer({ tls: true, token: 't' });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const kubeconfig = server.kubeconfig();
    expect(kubeconfig).not.toContain('insecure-skip-tls-verify');
    const ca = caFrom(kubeconfig);
    expect(ca).toContain('BEGIN CERTIFICATE');
    server.create(pod('a'));
    const headers = { Authorization: 'Bearer t' };
    const res = await call(server, 'GET', podsPath(), { ca, headers });
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(1);
    // localhost is in the certificate too.
    const byName = await call({ url: server.url.replace('127.0.0.1', 'localhost') }, 'GET', '/version', { ca, headers });
    expect(byName.status).toBe(200);
    const w = await openWatch(server, `${podsPath()}?watch=true`, { ca, headers });
    expect((await w.next()).object.metadata.name).toBe('a');
    w.close();
  });

  it('is not trusted without the CA', async () => {
    server = await startServer({ tls: true });
    await expect(call(server, 'GET', '/version')).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('an http server kubeconfig skips TLS verification (client-node 2.x needs it for http)', async () => {
    server = await startServer();
    expect(server.kubeconfig()).toContain('insecure-skip-tls-verify: true');
    expect(server.kubeconfig()).toContain(`server: "${server.url}"`);
  });
});
