// Runs the README's ```ts blocks, unchanged, against @kcache/fake-apiserver, and type-checks them as
// a strict user project would see them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import { readmeBlocks, typecheckReadme } from '@kcache/readme-check';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Lease } from './internal/lease-record.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const README = join(PACKAGE_DIR, 'README.md');
const blocks = readmeBlocks(README).map((b) => b.code);

let home = '';
let logs: string[] = [];
let warnings: string[] = [];
let server: FakeApiServer | undefined;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kcache-leaderelection-readme-'));
  logs = [];
  warnings = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(' '));
  });
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
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

it('the usage example leads until SIGTERM, then releases the Lease and stops', async () => {
  const [usage] = blocks;
  expect(usage).toContain('kc.loadFromDefault()');
  server = await createFakeApiServer();
  const kubeconfig = join(home, 'config');
  await writeFile(kubeconfig, server.kubeconfig());
  vi.stubEnv('KUBECONFIG', kubeconfig);
  vi.stubEnv('POD_NAME', 'web-0');
  const listenersBefore = process.listenerCount('SIGTERM');
  const running = runBlock(usage ?? '', 'usage');
  await vi.waitUntil(() => logs.includes('web-0 is the leader'), { timeout: 10_000, interval: 20 });
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'default', name: 'my-controller' };
  expect(server.get<Lease>(lease)?.spec?.holderIdentity).toBe('web-0');
  expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
  process.emit('SIGTERM', 'SIGTERM');
  await running;
  expect(logs).toEqual(['leader: web-0', 'web-0 is the leader', 'work stopped', 'shut down']);
  expect(server.get<Lease>(lease)?.spec?.holderIdentity).toBe('');
  expect(warnings).toEqual([]);
});

it('the two-replica example hands over after a release', async () => {
  const [, replicas] = blocks;
  expect(replicas).toContain('createFakeApiServer');
  await runBlock(replicas ?? '', 'replicas');
  expect(logs).toEqual([
    'replica-a leads (transitions: 0)',
    'replica-a stopped leading: aborted',
    'replica-a release: released',
    'replica-b leads (transitions: 1)',
    'leader seen by replica-b: replica-b',
    'replica-b stopped leading: aborted',
    'replica-b release: released',
  ]);
  expect(warnings).toEqual([]);
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(blocks).toHaveLength(2);
  expect(await typecheckReadme({ readme: README, packageDir: PACKAGE_DIR })).toBe('');
}, 60_000);
