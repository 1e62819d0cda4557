import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeApiServer, type FakeApiServer, type KubeObject } from '@kcache/fake-apiserver';
import { KubeConfig } from '@kubernetes/client-node';
import { createColors } from 'picocolors';
import { runCli } from '../src/program.js';
import { startMirrorSession } from '../src/mirror/mirror-session.js';
import { renderLiveFrame, type MirrorSummary } from '../src/mirror/mirror-command.js';
import { captureIo, type CapturedIo } from './capture-io.js';
import { createSilentServer, createTcpProxy } from './support/tcp-proxy.js';

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

/** Waits for `condition`, showing what was printed if it never holds. */
async function until(condition: () => boolean, io: CapturedIo): Promise<void> {
  await vi.waitUntil(condition, { timeout: 15_000, interval: 10 }).catch(() => {
    throw new Error(`not seen; stdout:\n${io.out()}\nstderr:\n${io.err()}`);
  });
}

async function mirrorJson(args: string[], env?: Record<string, string>): Promise<MirrorSummary> {
  const r = await mirror([...args, '--once', '--json'], env);
  expect(r.err, r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as MirrorSummary;
}

describe('kcache mirror --once', () => {
  it('mirrors pods in every namespace', async () => {
    const s = await mirrorJson(['pods', '--kubeconfig', kubeconfig, '-A']);
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
      const s = await mirrorJson([name, '--kubeconfig', kubeconfig, '--all-namespaces']);
      expect(s.resource.resource, name).toBe('pods');
      expect(s.objects).toBe(5);
    }
  });

  it('resolves resources of other groups, plain and group-qualified', async () => {
    for (const name of ['deploy', 'deployments', 'Deployment', 'deployments.apps', 'deployments.v1.apps']) {
      const s = await mirrorJson([name, '--kubeconfig', kubeconfig, '-A']);
      expect(s.resource, name).toEqual({ group: 'apps', version: 'v1', apiVersion: 'apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true });
      expect(s.objects).toBe(2);
    }
  });

  it('applies the namespace, label and field selectors', async () => {
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '-n', 'billing'])).namespaces).toEqual({ billing: 2 });
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '-A', '-l', 'app=web'])).objects).toBe(2);
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '--selector', 'app in (web,db)', '--namespace', 'shop'])).objects).toBe(3);
    expect((await mirrorJson(['pods', '--kubeconfig', kubeconfig, '-A', '--field-selector', 'metadata.name=api-2'])).objects).toBe(1);
  });

  it('mirrors cluster-scoped resources and says that --namespace does not apply', async () => {
    const r = await mirror(['nodes', '--kubeconfig', kubeconfig, '-n', 'shop', '--once', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('nodes is cluster-scoped; --namespace is ignored');
    expect((JSON.parse(r.out) as MirrorSummary).objects).toBe(1);
  });

  it('finds the kubeconfig through KUBECONFIG, and selects a context', async () => {
    const s = await mirrorJson(['pods', '--context', 'kcache-fake', '-A'], { KUBECONFIG: kubeconfig });
    expect(s.objects).toBe(5);
  });

  it('prints a summary table for people', async () => {
    const r = await mirror(['pods', '--kubeconfig', kubeconfig, '-A', '--once']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^synced 5 pods \(v1 Pod\) · all namespaces · in .+ at RV \d+$/m);
    expect(r.out).toMatch(/^shop\s+3$/m);
    expect(r.out).toMatch(/^billing\s+2$/m);
    expect(r.out).toMatch(/^reflector: lists \d+ · relists 0/m);
  });
});

describe('kcache mirror: namespaces and output as kubectl has them', () => {
  it("defaults to the context's namespace, else default; -A mirrors every namespace", async () => {
    // The fake's kubeconfig names the namespace "default", which has no pods.
    const plain = await mirrorJson(['pods', '--kubeconfig', kubeconfig]);
    expect(plain.namespace).toBe('default');
    expect(plain.objects).toBe(0);
    const billing = join(dir, 'billing-context');
    writeFileSync(billing, server.kubeconfig().replace('namespace: "default"', 'namespace: "billing"'));
    const s = await mirrorJson(['pods', '--kubeconfig', billing]);
    expect(s.namespace).toBe('billing');
    expect(s.namespaces).toEqual({ billing: 2 });
    // -n wins over the context; -A wins over both, as with kubectl.
    expect((await mirrorJson(['pods', '--kubeconfig', billing, '-n', 'shop'])).namespaces).toEqual({ shop: 3 });
    const all = await mirrorJson(['pods', '--kubeconfig', billing, '-n', 'shop', '-A']);
    expect(all.namespace).toBeUndefined();
    expect(all.namespaces).toEqual({ shop: 3, billing: 2 });
    const none = join(dir, 'no-namespace');
    writeFileSync(none, server.kubeconfig().replace(/^ {4}namespace: .*\n/m, ''));
    expect((await mirrorJson(['pods', '--kubeconfig', none])).namespace).toBe('default');
    // Cluster-scoped resources have no namespace, and the default one is not worth a warning.
    const nodes = await mirror(['nodes', '--kubeconfig', kubeconfig, '--once', '--json']);
    expect(nodes.err).toBe('');
    expect((JSON.parse(nodes.out) as MirrorSummary).namespace).toBeUndefined();
  });

  it('-o json and -o yaml print the objects as a List, as kubectl get does', async () => {
    const json = await mirror(['pods', '--kubeconfig', kubeconfig, '-n', 'shop', '--once', '-o', 'json']);
    expect(json.code, json.err).toBe(0);
    const list = JSON.parse(json.out) as { apiVersion: string; kind: string; metadata: { resourceVersion: string }; items: KubeObject[] };
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBe('List');
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(list.items.map((p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`)).toEqual(['shop/db-1', 'shop/web-1', 'shop/web-2']);
    expect(list.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect(list.items[0]?.metadata?.managedFields).toBeUndefined();

    const yaml = await mirror(['pods', '--kubeconfig', kubeconfig, '-n', 'billing', '--once', '-o', 'yaml']);
    expect(yaml.code, yaml.err).toBe(0);
    expect(yaml.out).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: v1\n {2}kind: Pod\n {2}metadata:\n/);
    expect(yaml.out).toMatch(/^ {4}name: api-1$/m);
    expect(yaml.out).toMatch(/^ {4}name: api-2$/m);
    expect(yaml.out).toMatch(/^kind: List\nmetadata:\n {2}resourceVersion: '\d+'\n$/m);
    // Read back with the same library, it is the JSON output's content.
    const { load } = await import('js-yaml');
    const fromYaml = load(yaml.out) as { items: KubeObject[] };
    const fromJson = JSON.parse((await mirror(['pods', '--kubeconfig', kubeconfig, '-n', 'billing', '--once', '-o', 'json'])).out) as { items: KubeObject[] };
    expect(fromYaml.items).toEqual(fromJson.items);
  });

  it('-o wide prints a table with name, status, age and more columns', async () => {
    const r = await mirror(['pods', '--kubeconfig', kubeconfig, '-A', '--once', '-o', 'wide']);
    expect(r.code, r.err).toBe(0);
    const [header, ...rows] = r.out.trimEnd().split('\n');
    expect(header).toMatch(/^NAMESPACE\s+NAME\s+STATUS\s+AGE\s+IP\s+NODE\s+LABELS$/);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^billing\s+api-1\s+-\s+\d+s\s+<none>\s+<none>\s+app=api$/);
    const deployments = await mirror(['deploy', '--kubeconfig', kubeconfig, '-n', 'shop', '--once', '-o', 'wide']);
    expect(deployments.out).toMatch(/^NAME\s+STATUS\s+AGE\s+IMAGES\s+LABELS\n/);
    expect(deployments.out).toMatch(/^db\s+0\/1\s+\d+s\s+nginx\s+<none>$/m);
  });

  it('refuses --json and -o json|yaml without --once, and --json with -o, instead of ignoring them', async () => {
    for (const [args, message] of [
      [['--json'], 'kcache: --json prints the summary of a one-off sync: add --once (the live view has no JSON form)\n'],
      [['-o', 'json'], 'kcache: -o json prints the objects of a one-off sync: add --once\n'],
      [['-o', 'yaml'], 'kcache: -o yaml prints the objects of a one-off sync: add --once\n'],
      [['--once', '--json', '-o', 'yaml'], 'kcache: --json (the sync summary) and -o (the objects) cannot be used together: pick one\n'],
    ] as const) {
      const r = await mirror(['pods', '--kubeconfig', kubeconfig, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toBe(message);
      expect(r.out).toBe('');
    }
    const bad = await mirror(['pods', '--kubeconfig', kubeconfig, '--once', '-o', 'xml']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("argument 'xml' is invalid. Allowed choices are json, yaml, wide.");
  });

  it('--timeout covers discovery', async () => {
    const silent = await createSilentServer();
    try {
      const file = join(dir, 'silent');
      writeFileSync(file, server.kubeconfig().replace(server.url, silent.url));
      const started = performance.now();
      const r = await mirror(['pods', '--kubeconfig', file, '--once', '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`kcache: discovery of "pods" on ${silent.url} did not finish within 1.00 s: raise --timeout or check the cluster\n`);
      expect(performance.now() - started).toBeLessThan(10_000);
      // The live view too: it does not wait for ever for a server that does not answer.
      const live = await mirror(['pods', '--kubeconfig', file, '--timeout', '1']);
      expect(live.code).toBe(1);
      expect(live.err).toContain('did not finish within 1.00 s');
    } finally {
      await silent.close();
    }
  });

  it('--timeout covers discovery and the first sync together', async () => {
    const slow = await createFakeApiServer();
    try {
      slow.delay({ resource: 'pods', delayMs: 30_000 });
      const file = join(dir, 'slow');
      writeFileSync(file, slow.kubeconfig());
      const r = await mirror(['pods', '--kubeconfig', file, '--once', '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.err).toBe('kcache: the first sync did not finish within 1.00 s of starting; raise --timeout or check the cluster\n');
    } finally {
      await slow.close();
    }
  });
});

describe('kcache mirror (live)', () => {
  it('prints changes as lines when stdout is not a terminal, until stopped', async () => {
    const io = captureIo({ HOME: dir });
    const stop = new AbortController();
    const running = runCli(['mirror', 'pods', '--kubeconfig', kubeconfig, '-n', 'shop'], { io, signal: stop.signal });
    await until(() => io.out().includes('synced 3 objects'), io);
    const created = server.create(pod('shop', 'web-3', 'web'));
    await until(() => io.out().includes(`ADDED shop/web-3 RV ${created.metadata.resourceVersion}`), io);
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-3' });
    await until(() => io.out().includes('DELETED shop/web-3'), io);
    stop.abort();
    expect(await running).toBe(0);
    expect(io.out()).toMatch(/^stopped: 3 objects · lists \d+ · relists 0/m);
    expect(io.out()).not.toContain('\u001b['); // no escape codes into a pipe
  });

  it('says when the server goes away and comes back, and shows what a relist revealed without re-adding every object', async () => {
    const own = await createFakeApiServer();
    const proxy = await createTcpProxy(own.url);
    const io = captureIo({ HOME: dir });
    const stop = new AbortController();
    try {
      const rv = new Map<string, string>();
      for (const name of ['a', 'b', 'c', 'd']) rv.set(name, own.create(pod('default', name, 'web')).metadata.resourceVersion);
      const file = join(dir, 'proxied');
      writeFileSync(file, own.kubeconfig().replace(own.url, proxy.url));
      const running = runCli(['mirror', 'pods', '--kubeconfig', file], { io, signal: stop.signal });
      await until(() => io.out().includes('synced 4 objects'), io);

      await proxy.stop();
      await until(() => /^kcache: disconnected from http:\/\/127\.0\.0\.1:\d+: connection (lost|refused); retrying$/m.test(io.err()), io);
      // While away: one object changes, one is deleted, one is created, and the server forgets the
      // history, so the mirror cannot catch up by watching and has to relist.
      const a = own.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
      const updated = own.update({ ...a!, metadata: { ...a!.metadata, labels: { app: 'web', changed: 'yes' } } });
      own.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'b' });
      const added = own.create(pod('default', 'e', 'web'));
      own.compact();
      await proxy.start();

      await until(() => io.out().includes('DELETED default/b'), io);
      await until(() => io.out().includes(`ADDED default/e RV ${added.metadata.resourceVersion}`), io);
      await until(() => io.out().includes(`MODIFIED default/a RV ${updated.metadata.resourceVersion}`), io);
      await until(() => /^kcache: reconnected to http:\/\/127\.0\.0\.1:\d+ after .+$/m.test(io.err()), io);
      stop.abort();
      expect(await running).toBe(0);
      // The relist found c and d unchanged: no line for them.
      const changes = io.out().split('\n').filter((l) => /^(ADDED|MODIFIED|DELETED) /.test(l));
      // The deletion happened while away: it is learnt from the relist, with b's last known state.
      expect(changes.sort()).toEqual([
        `ADDED default/e RV ${added.metadata.resourceVersion}`,
        `DELETED default/b RV ${rv.get('b') ?? ''} (found by relist)`,
        `MODIFIED default/a RV ${updated.metadata.resourceVersion}`,
      ]);
      expect(io.out()).toMatch(/^stopped: 4 objects · lists \d+ · relists 1 /m);
    } finally {
      stop.abort();
      await proxy.stop();
      await own.close();
    }
  });
});

describe('kcache mirror live view', () => {
  it('shows the objects with their status and age, and a disconnected state while the server is away', async () => {
    const own = await createFakeApiServer();
    const proxy = await createTcpProxy(own.url);
    own.create({ ...pod('default', 'web-1', 'web'), status: { phase: 'Running' } });
    own.create({ ...pod('default', 'web-2', 'web'), status: { phase: 'Pending' } });
    const kc = new KubeConfig();
    kc.loadFromString(own.kubeconfig().replace(own.url, proxy.url));
    const resource = { group: '', version: 'v1', apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };
    const session = startMirrorSession(kc, { resource, namespace: 'default' }, proxy.url);
    const frame = (): string => renderLiveFrame(session, { now: Date.now(), namespaceColumn: false, wide: false, rows: 1, colors: createColors(false) });
    try {
      await session.synced;
      await vi.waitUntil(() => session.connection.current.state === 'connected');
      let text = frame();
      expect(text).toMatch(/^ {2}● connected · \d\d:\d\d:\d\d · 2 objects in 1 namespaces$/m);
      expect(text).toMatch(/^ {2}NAME\s+STATUS\s+AGE$/m);
      expect(text).toMatch(/^ {2}web-1\s+Running\s+\d+s$/m);
      expect(text).toContain('  … 1 more'); // one row asked for
      expect(text).toContain('none yet');

      await proxy.stop();
      await vi.waitUntil(() => session.connection.current.state === 'disconnected', { timeout: 10_000 });
      text = frame();
      expect(text).toMatch(/^ {2}● disconnected for \d+ ms: connection (lost|refused) · retrying · /m);
      // The objects stay on screen, as last seen.
      expect(text).toMatch(/^ {2}web-1\s+Running\s+\d+s$/m);
      await vi.waitUntil(() => session.tracker.health.lastError?.includes('ECONNREFUSED') === true, { timeout: 10_000 });
      expect(frame()).toMatch(/^ {2}last error: .*ECONNREFUSED/m);

      await proxy.start();
      own.update({ ...own.get<KubeObject & { status: unknown }>({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-2' })!, status: { phase: 'Running' } });
      await vi.waitUntil(() => session.recent.length > 0, { timeout: 10_000 });
      expect(session.connection.current.state).toBe('connected');
      text = frame();
      expect(text).toMatch(/^ {2}● connected · /m);
      expect(text).toMatch(/^ {4}\d\d:\d\d:\d\d {2}MODIFIED default\/web-2 {2}RV \d+$/m);
    } finally {
      await session.stop();
      await proxy.stop();
      await own.close();
    }
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
