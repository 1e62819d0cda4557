// Credentials and TLS from the kubeconfig, against @kcache/fake-apiserver: bearer tokens, https
// with the kubeconfig's CA, in-cluster configuration, and secrets kept out of everything printable.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, ConnectionError, createListWatch } from '../src/index.js';
import { closeFakes, nameOf, pod, startFake, take, type Pod } from './support/fake.js';

const TOKEN = 'fake-token-8d1f0a6c-never-print-me';

afterEach(closeFakes);

function withUser(kc: KubeConfig, user: Record<string, unknown>): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error('no cluster');
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'c', cluster: cluster.name, user: 'u' }],
    currentContext: 'c',
  });
  return out;
}

describe('auth and TLS from the kubeconfig', () => {
  it('sends the bearer token of the kubeconfig; a wrong one is a 401 ApiError', async () => {
    const { fake, kc } = await startFake({ token: TOKEN });
    fake.create(pod('a'));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    expect((await lw.list()).items).toHaveLength(1);
    const stream = await lw.watch();
    expect((await take(stream, () => true))[0]?.type).toBe('ADDED');
    stream.close();
    const wrong = await createListWatch(withUser(kc, { token: 'nope' }), { apiVersion: 'v1', resource: 'pods' })
      .list()
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
    expect(wrong).toMatchObject({ code: 401, reason: 'Unauthorized' });
    const watchRefused = await createListWatch(withUser(kc, {}), { apiVersion: 'v1', resource: 'pods' }).watch().catch((e: unknown) => e);
    expect(watchRefused).toMatchObject({ code: 401 });
  });

  it('speaks https with the CA of the kubeconfig, token and all', async () => {
    const { fake, kc } = await startFake({ tls: true, token: TOKEN });
    expect(fake.url.startsWith('https://')).toBe(true);
    fake.create(pod('secure'));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    const list = await lw.list();
    expect(list.items.map((p) => p.metadata.name)).toEqual(['secure']);
    const stream = await lw.watch({ resourceVersion: list.metadata.resourceVersion });
    fake.create(pod('secure-2'));
    const [event] = await take(stream, () => true);
    expect(event && nameOf(event)).toBe('secure-2');
    stream.close();
  });

  it('refuses a server whose certificate the kubeconfig does not trust', async () => {
    const { kc } = await startFake({ tls: true, token: TOKEN });
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new Error('no cluster');
    const untrusting = new KubeConfig();
    untrusting.loadFromOptions({
      clusters: [{ name: 'x', server: cluster.server, skipTLSVerify: false }],
      users: [{ name: 'u', token: TOKEN }],
      contexts: [{ name: 'c', cluster: 'x', user: 'u' }],
      currentContext: 'c',
    });
    const err = await createListWatch(untrusting, { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).systemCode).toMatch(/CERT|SELF_SIGNED|UNABLE_TO/);
    expect((err as Error).message).toMatch(/certificate-authority/);
  });

  it('works in-cluster: service account token and CA files, KUBERNETES_SERVICE_HOST/PORT', async () => {
    const { fake, kc } = await startFake({ tls: true, token: TOKEN });
    fake.create(pod('in-cluster'));
    const caData = kc.getCurrentCluster()?.caData;
    if (caData === undefined) throw new Error('the fake kubeconfig has no CA');
    const root = await mkdtemp(join(tmpdir(), 'kcache-incluster-'));
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    try {
      const dir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'token'), TOKEN);
      await writeFile(join(dir, 'ca.crt'), Buffer.from(caData, 'base64'));
      await writeFile(join(dir, 'namespace'), 'default');
      const url = new URL(fake.url);
      process.env.KUBERNETES_SERVICE_HOST = url.hostname;
      process.env.KUBERNETES_SERVICE_PORT = url.port;
      const inCluster = new KubeConfig();
      inCluster.loadFromCluster(root);
      const list = await createListWatch<Pod>(inCluster, { apiVersion: 'v1', resource: 'pods', namespace: 'default' }).list();
      expect(list.items.map((p) => p.metadata.name)).toEqual(['in-cluster']);
    } finally {
      if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      else process.env.KUBERNETES_SERVICE_HOST = saved.host;
      if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
      else process.env.KUBERNETES_SERVICE_PORT = saved.port;
      await rm(root, { recursive: true, force: true });
    }
  });

  it('never shows the token: not in the ListerWatcher, streams or errors', async () => {
    const { fake, kc } = await startFake({ tls: true, token: TOKEN });
    const printable = (value: unknown): string => {
      const parts = [inspect(value, { depth: 10, showHidden: true, getters: true }), String(value)];
      if (value instanceof Error) parts.push(value.message, value.stack ?? '', inspect(value.cause, { depth: 10, showHidden: true }));
      return parts.join('\n');
    };
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    const errors: unknown[] = [];
    fake.fail({ verb: 'list', code: 500, times: 1 });
    errors.push(await lw.list().catch((e: unknown) => e));
    fake.fail({ verb: 'watch', code: 429, retryAfterSeconds: 1, times: 1 });
    errors.push(await lw.watch().catch((e: unknown) => e));
    const stream = await lw.watch({ resourceVersion: fake.resourceVersion });
    const pending = stream.next();
    fake.destroyConnections();
    errors.push(await pending.catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(ApiError);
    expect(errors[1]).toBeInstanceOf(ApiError);
    expect(errors[2]).toBeInstanceOf(ConnectionError);
    for (const value of [lw, stream, ...errors]) expect(printable(value)).not.toContain(TOKEN);
  });
});
