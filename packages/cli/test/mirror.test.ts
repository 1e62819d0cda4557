import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeApiServer, type FakeApiServer, type KubeObject } from '@kcache/fake-apiserver';
import { runCli } from '../src/program.js';
import type { MirrorSummary } from '../src/mirror/mirror-command.js';
import { captureIo } from './capture-io.js';

// `kcache mirror` against the fake API server through a kubeconfig file, as a user points it at a cluster.

let server: FakeApiServer;
let dir: string;
let kubeconfig: string;

function pod(namespace: string, name: string, app: string): KubeObject & { spec: unknown } {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
}

beforeAll(async () => {
  server = await createFakeApiServer();
  for (const name of ['shop', 'billing']) server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  for (const [ns, name, app] of [
    ['shop', 'web-1', 'web'],
    ['shop', 'web-2', 'web'],
    ['shop', 'db-1', 'db'],
    ['billing', 'api-1', 'api'],
    ['billing', 'api-2', 'api'],
  ] as const) {
    server.create(pod(ns, name, app));
  }
  for (const name of ['web', 'db']) {
    server.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { namespace: 'shop', name },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  }
  server.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } });
  dir = mkdtempSync(join(tmpdir(), 'kcache-mirror-'));
  kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, server.kubeconfig());
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function mirror(args: string[], env: Record<string, string> = {}) {
  const io = captureIo({ HOME: dir, ...env });
  const code = await runCli(['mirror', ...args], { io });
  return { code, out: io.out(), err: io.err() };
}

async function mirrorJson(args: string[], env?: Record<string, string>): Promise<MirrorSummary> {
  const r = await mirror([...args, '--once', '--json'], env);
  expect(r.err, r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as MirrorSummary;
}

describe('kcache mirror --once', () => {
  it('mirrors pods in every namespace', async () => {
    const s = await mirrorJson(['pods', '--kubeconfig', kubeconfig]);
    expect(s.resource).toEqual({ group: '', version: 'v1', apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true });
    expect(s.objects).toBe(5);
    expect(s.namespaces).toEqual({ shop: 3, billing: 2 });
    expect(s.context).toBe('kcache-fake');
    expect(s.server).toBe(server.url);
    expect(Number(s.resourceVersion)).toBeGreaterThan(0);
    expect(s.health.syncs).toBe(1);
  });

  it('resolves singular names, kinds and short names through discovery', async () => {
    for (const name of ['pod', 'Pod', 'po', 'PODS']) {
      const s = await mirrorJson([name, '--kubeconfig', kubeconfig]);
      expect(s.resource.resource, name).toBe('pods');
      expect(s.objects).toBe(5);
    }
  });

  it('resolves resources of other groups, plain and group-qualified', async () => {
    for (const name of ['deploy', 'deployments', 'Deployment', 'deployments.apps', 'deployments.v1.apps']) {
      const s = await mirrorJson([name, '--kubeconfig', kubeconfig]);
      expect(s.resource, name).toEqual({ group: 'apps', version: 'v1', apiVersion: 'apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true });
      expect(s.objects).toBe(2);
    }
  });

  it('applies the namespace, label and field selectors', async () => {
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '-n', 'billing'])).namespaces).toEqual({ billing: 2 });
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '-l', 'app=web'])).objects).toBe(2);
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '--selector', 'app in (web,db)', '--namespace', 'shop'])).objects).toBe(3);
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '--field-selector', 'metadata.name=api-2'])).objects).toBe(1);
  });

  it('mirrors cluster-scoped resources and says that --namespace does not apply', async () => {
    const r = await mirror(['nodes', '--kubeconfig', kubeconfig, '-n', 'shop', '--once', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('nodes is cluster-scoped; --namespace is ignored');
    expect((JSON.parse(r.out) as MirrorSummary).objects).toBe(1);
  });

  it('finds the kubeconfig through KUBECONFIG, and selects a context', async () => {
    const s = await mirrorJson(['pods', '--context', 'kcache-fake'], { KUBECONFIG: kubeconfig });
    expect(s.objects).toBe(5);
  });

  it('prints a summary table for people', async () => {
    const r = await mirror(['pods', '--kubeconfig', kubeconfig, '--once']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^synced 5 pods \(v1 Pod\) · all namespaces · in .+ at RV \d+$/m);
    expect(r.out).toMatch(/^shop\s+3$/m);
    expect(r.out).toMatch(/^billing\s+2$/m);
    expect(r.out).toMatch(/^reflector: lists \d+ · relists 0/m);
  });
});

describe('kcache mirror (live)', () => {
  it('prints changes as lines when stdout is not a terminal, until stopped', async () => {
    const io = captureIo({ HOME: dir });
    const stop = new AbortController();
    const running = runCli(['mirror', 'pods', '--kubeconfig', kubeconfig, '-n', 'shop'], { io, signal: stop.signal });
    const until = async (text: string): Promise<void> => {
      for (let i = 0; i < 200 && !io.out().includes(text); i++) await sleep(25);
      expect(io.out()).toContain(text);
    };
    await until('synced 3 objects');
    const created = server.create(pod('shop', 'web-3', 'web'));
    await until(`ADDED shop/web-3 RV ${created.metadata.resourceVersion}`);
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-3' });
    await until('DELETED shop/web-3');
    stop.abort();
    expect(await running).toBe(0);
    expect(io.out()).toMatch(/^stopped: 3 objects · lists \d+ · relists 0/m);
    expect(io.out()).not.toContain('\u001b['); // no escape codes into a pipe
  });
});

describe('kcache mirror errors', () => {
  it('says when the kubeconfig is missing', async () => {
    const explicit = await mirror(['pods', '--kubeconfig', join(dir, 'nope')]);
    expect(explicit.code).toBe(1);
    expect(explicit.err).toBe(`kcache: kubeconfig ${join(dir, 'nope')} does not exist: check the --kubeconfig path\n`);
    const none = await mirror(['pods']);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`no kubeconfig found (looked at ${join(dir, '.kube', 'config')})`);
    const env = await mirror(['pods'], { KUBECONFIG: join(dir, 'a') });
    expect(env.err).toContain('no file named in KUBECONFIG exists');
  });

  it('says when the context is unknown, listing the known ones', async () => {
    const r = await mirror(['pods', '--kubeconfig', kubeconfig, '--context', 'prod']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`kcache: context "prod" is not in ${kubeconfig}; its contexts: kcache-fake\n`);
  });

  it('says when the resource does not exist', async () => {
    const r = await mirror(['widgets', '--kubeconfig', kubeconfig, '--once']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the server has no resource "widgets"');
    const group = await mirror(['widgets.example.com', '--kubeconfig', kubeconfig, '--once']);
    expect(group.err).toContain('the server has no API group "example.com"');
  });

  it('says when the server cannot be reached', async () => {
    const gone = await createFakeApiServer();
    const file = join(dir, 'gone');
    writeFileSync(file, gone.kubeconfig());
    await gone.close();
    const r = await mirror(['pods', '--kubeconfig', file, '--once']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^kcache: cannot reach the API server at ${gone.url.replace(/[.]/g, '\\.')} \\(.*ECONNREFUSED.*\\): check that the cluster is running`));
    expect(r.err.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('says when the credentials are refused (401)', async () => {
    const secured = await createFakeApiServer({ token: 'right-token' });
    try {
      const file = join(dir, 'wrong-token');
      writeFileSync(file, secured.kubeconfig().replace('right-token', 'wrong-token'));
      const r = await mirror(['pods', '--kubeconfig', file, '--once']);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`kcache: the API server at ${secured.url} rejected the credentials (401 Unauthorized): log in again or fix the user of this context\n`);
      expect(r.err).not.toContain('wrong-token');
      const good = join(dir, 'right-token');
      writeFileSync(good, secured.kubeconfig());
      expect((await mirrorJson(['pods', '--kubeconfig', good])).objects).toBe(0);
    } finally {
      await secured.close();
    }
  });

  it('says when access is denied (403) instead of retrying forever', async () => {
    const rule = server.fail({ resource: 'secrets', code: 403, reason: 'Forbidden' });
    try {
      const r = await mirror(['secrets', '--kubeconfig', kubeconfig, '--once']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^kcache: access denied by the API server at ${server.url.replace(/[.]/g, '\\.')} \\(403 Forbidden\\)`));
    } finally {
      rule.remove();
    }
  });
});
