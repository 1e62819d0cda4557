// Runs the README's ```ts blocks, unchanged, against @kcache/fake-apiserver: KUBECONFIG points at
// the fake's kubeconfig file, so the examples' kc.loadFromDefault() finds it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { closeAll, fakePod, startFake } from '../test/support/fake.js';
import { typecheckReadme } from '@kcache/readme-check';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The fenced ```ts blocks of the README, in order. */
async function readmeBlocks(): Promise<string[]> {
  const text = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

let home = '';
let logs: string[] = [];

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kcache-reflector-readme-'));
  logs = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(' '));
  });
  for (const level of ['debug', 'info', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await closeAll();
  await rm(home, { recursive: true, force: true });
});

/** Runs a README block as a module inside the package, so its imports resolve as a user's would. */
async function runBlock(block: string, name: string): Promise<void> {
  const dir = join(PACKAGE_DIR, '.readme-tmp');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}-${String(process.pid)}.ts`);
  await writeFile(file, block);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    await rm(file, { force: true });
  }
}

async function pointKubeconfigAt(kubeconfig: string): Promise<void> {
  const path = join(home, 'config');
  await writeFile(path, kubeconfig);
  vi.stubEnv('KUBECONFIG', path);
}

it('the usage example wires KubeConfig + createListWatch + an indexer + createReflector, and answers from the store', async () => {
  const [usage] = await readmeBlocks();
  expect(usage).toContain('kc.loadFromDefault()');
  expect(usage).toContain('createReflector(');
  const { fake } = await startFake();
  fake.create(fakePod('web-0', 'default', { nodeName: 'node-1' }));
  fake.create(fakePod('web-1', 'default', { nodeName: 'node-2' }));
  fake.create(fakePod('dns', 'kube-system', { nodeName: 'node-1' }));
  fake.create(fakePod('pending', 'default'));
  await pointKubeconfigAt(fake.kubeconfig());
  await runBlock(usage ?? '', 'usage');
  expect(logs).toEqual(['3 pods in default', '2 pods on node-1']);
  expect(fake.requests.some((r) => r.verb === 'watch' && r.query.sendInitialEvents === 'true')).toBe(true);
});

it('the transform example keeps secrets without their data', async () => {
  const [, transform] = await readmeBlocks();
  expect(transform).toContain('transform:');
  const { fake } = await startFake();
  for (const name of ['b', 'a']) {
    fake.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' }, data: { password: 'c2VjcmV0' } });
  }
  await pointKubeconfigAt(fake.kubeconfig());
  await runBlock(transform ?? '', 'transform');
  expect(logs).toEqual(['default/a,default/b']);
});

it('the observability example wires every event to a logger and Prometheus-style counters', async () => {
  const [, , observability] = await readmeBlocks();
  for (const type of ['list', 'relist', 'watch-start', 'watch-end', 'backoff', 'error', 'sync', 'resync', 'skip']) {
    expect(observability).toContain(`reflector.on('${type}'`);
  }
  const { fake } = await startFake();
  fake.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } });
  await pointKubeconfigAt(fake.kubeconfig());
  await runBlock(observability ?? '', 'observability');
  expect(logs).toEqual(['reflector_syncs_total{source="watch-list"} 1']);
  expect(vi.mocked(console.debug).mock.calls.map((c) => String(c[0]))).toEqual([
    '[configmaps] watch-start',
    expect.stringMatching(/^watching from the latest for \d+ s$/),
    '[configmaps] sync',
  ]);
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(PACKAGE_DIR, 'README.md'), packageDir: PACKAGE_DIR })).toBe('');
}, 60_000);
