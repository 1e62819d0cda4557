// The command: argument errors in-process, and the built executable (`node dist/main.js`, as a user
// runs it) against the fake API server through a kubeconfig file, stopped by SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1Deployment } from '@kubernetes/client-node';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import type { KubeObject } from '@kcache/store';
import { afterEach, expect, it, vi } from 'vitest';
import { CONFIG_HASH_ANNOTATION, runMain } from '../src/index.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let fake: FakeApiServer | undefined;
let dir = '';

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (dir !== '') await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMain(argv, new AbortController().signal, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

it('--help prints the usage; bad arguments exit 2 with the usage; an unreadable kubeconfig exits 1', async () => {
  const help = await run(['--help']);
  expect(help.code).toBe(0);
  expect(help.out.join('\n')).toMatch(/^usage: kcache-configmap-hash/);
  const unknown = await run(['--frobnicate']);
  expect(unknown.code).toBe(2);
  expect(unknown.err.join('\n')).toMatch(/Unknown option '--frobnicate'[\s\S]*usage:/);
  const workers = await run(['--workers', '0']);
  expect(workers).toMatchObject({ code: 2, err: ['--workers must be a whole number ≥ 1, got 0'] });
  const missing = await run(['--kubeconfig', '/nonexistent/kubeconfig']);
  expect(missing.code).toBe(1);
  expect(missing.err.join('\n')).toMatch(/cannot load the kubeconfig/);
});

it('node dist/main.js --kubeconfig … --namespace … annotates Deployments, then stops on SIGTERM', async () => {
  fake = await createFakeApiServer();
  dir = await mkdtemp(join(tmpdir(), 'kcache-configmap-hash-'));
  const kubeconfig = join(dir, 'config');
  await writeFile(kubeconfig, fake.kubeconfig());
  fake.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  fake.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { mode: 'fast' } });
  fake.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cart', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'cart' } },
      template: { metadata: { labels: { app: 'cart' } }, spec: { containers: [{ name: 'cart', image: 'cart:1', envFrom: [{ configMapRef: { name: 'settings' } }] }] } },
    },
  });
  const child = spawn(process.execPath, [MAIN, '--kubeconfig', kubeconfig, '--namespace', 'shop', '--identity', 'test-replica'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const annotation = (): string | undefined =>
    fake?.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'cart' })?.spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];
  try {
    await vi.waitUntil(() => annotation() !== undefined, { timeout: 15_000, interval: 50 });
    const first = annotation();
    fake.update({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { mode: 'safe' } });
    await vi.waitUntil(() => annotation() !== first, { timeout: 10_000, interval: 50 });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(stderr).toBe('');
  expect(stdout).toMatch(/configmap-hash test-replica: watching shop on http:\/\/127\.0\.0\.1:\d+/);
  expect(stdout).toContain('leading as test-replica');
  expect(stdout.match(/shop\/cart: config-hash [0-9a-f]{12}…/g)).toHaveLength(2);
  expect(stdout.trimEnd().split('\n').at(-1)).toBe('stopped');
  // The Lease was released on the way out.
  expect(fake.get<KubeObject & { spec?: { holderIdentity?: string } }>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'shop', name: 'kcache-configmap-hash' })?.spec?.holderIdentity ?? '').toBe('');
}, 40_000);
