// Runs the usage examples of the repository's root README.md: the ```ts block under each heading
// below, as written, against the built packages (and, for the cluster example, a fake API server
// that KUBECONFIG points at). KCACHE_ROOT_README may point at another file (to try a draft).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { V1Lease } from '@kubernetes/client-node';
import { createFakeApiServer } from '@kcache/fake-apiserver';
import { typecheckReadme } from '@kcache/readme-check';

const HERE = dirname(fileURLToPath(import.meta.url));
const README = process.env.KCACHE_ROOT_README ?? join(HERE, '..', '..', '..', 'README.md');

const STORE = '### The store alone';
const CLUSTER = '### A cluster, by hand: listwatch + reflector';
const FAKE = '### The fake API server in tests';
const CONTROLLER = '### A controller: informers, a work queue, workers and leader election';

/** The first ```ts block after `heading` and before the next heading of the same or a higher level. */
function blockUnder(heading: string): string {
  const text = readFileSync(README, 'utf8');
  const start = text.split('\n').findIndex((line) => line.trim() === heading);
  if (start === -1) {
    throw new Error(
      `${README} has no heading "${heading}": the root README must keep its usage sections ` +
        `under exactly these headings: "${STORE}", "${CLUSTER}", "${FAKE}", "${CONTROLLER}"`,
    );
  }
  const level = /^#+/.exec(heading)?.[0].length ?? 3;
  const lines = text.split('\n').slice(start + 1);
  const end = lines.findIndex((line) => new RegExp(`^#{1,${level}} `).test(line));
  const section = (end === -1 ? lines : lines.slice(0, end)).join('\n');
  const block = /```ts\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`the section "${heading}" of ${README} has no \`\`\`ts block`);
  return block;
}

const written: string[] = [];
afterEach(() => {
  for (const file of written.splice(0)) rmSync(file, { force: true });
  vi.restoreAllMocks();
});

/**
 * Starts a block as a module beside this test (so the workspace packages resolve): `done` settles
 * when the module has finished; `logged` fills as it logs.
 */
function start(heading: string, name: string): { logged: string[]; done: Promise<unknown> } {
  const file = join(HERE, `.root-readme-${name}-${String(process.pid)}.ts`);
  writeFileSync(file, `${blockUnder(heading)}\nexport {};\n`);
  written.push(file);
  const logged: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(format(...args));
  });
  return { logged, done: import(/* @vite-ignore */ file) };
}

/** Runs a block to its end and returns what it logged. */
async function run(heading: string, name: string): Promise<string[]> {
  const { logged, done } = start(heading, name);
  await done;
  return logged;
}

describe('root README examples', () => {
  it(STORE, async () => {
    expect(await run(STORE, 'store')).toEqual(["[ 'billing/api-1', 'shop/web-1' ]", '2', 'node-b']);
  });

  it(`${CLUSTER} (against a fake API server through KUBECONFIG)`, async () => {
    await using server = await createFakeApiServer();
    for (const name of ['web', 'api', 'worker']) {
      server.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { namespace: 'default', name },
        spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx' }] } } },
      });
    }
    const kubeconfig = join(tmpdir(), `kcache-root-readme-${String(process.pid)}.kubeconfig`);
    writeFileSync(kubeconfig, server.kubeconfig());
    written.push(kubeconfig);
    vi.stubEnv('KUBECONFIG', kubeconfig);
    try {
      expect(await run(CLUSTER, 'cluster')).toEqual([`3 deployments at RV ${server.resourceVersion}`]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it(FAKE, async () => {
    const logged = await run(FAKE, 'fake');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain('429 TooManyRequests');
    expect(logged[1]).toBe("[ 'settings' ]");
  });

  it(`${CONTROLLER} (against a fake API server through KUBECONFIG, stopped by SIGTERM)`, async () => {
    await using server = await createFakeApiServer();
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name: 'settings' }, data: { mode: 'fast' } });
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name: 'empty' } });
    const kubeconfig = join(tmpdir(), `kcache-root-readme-controller-${String(process.pid)}.kubeconfig`);
    writeFileSync(kubeconfig, server.kubeconfig());
    written.push(kubeconfig);
    vi.stubEnv('KUBECONFIG', kubeconfig);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sigterms = process.listenerCount('SIGTERM');
    try {
      const { logged, done } = start(CONTROLLER, 'controller');
      await vi.waitUntil(() => logged.includes('default/settings: 4 bytes of data') && logged.includes('default/empty: 0 bytes of data'), { timeout: 15_000 });
      const settings = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' });
      if (settings === undefined) throw new Error('the ConfigMap settings is gone');
      server.update({ ...settings, data: { mode: 'faster' } });
      await vi.waitUntil(() => logged.includes('changed: settings') && logged.includes('default/settings: 6 bytes of data'), { timeout: 15_000 });
      server.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'empty' });
      await vi.waitUntil(() => logged.includes('default/empty: deleted'), { timeout: 15_000 });
      expect(process.listenerCount('SIGTERM')).toBe(sigterms + 1);
      process.emit('SIGTERM');
      await done;
      // releaseOnCancel: the Lease is handed back on shutdown, so another replica takes over at once.
      const lease = server.get<V1Lease>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'default', name: 'config-sizes' });
      expect(lease?.spec?.holderIdentity ?? '').toBe('');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

it('every ```ts block of the root README type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: README, packageDir: join(HERE, '..') })).toBe('');
}, 60_000);
