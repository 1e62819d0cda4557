// Runs the README's ```ts blocks, unchanged, against @kcache/fake-apiserver: KUBECONFIG points at
// the fake's kubeconfig file, so the examples' kubeConfig.loadFromDefault() finds it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { typecheckReadme } from '@kcache/readme-check';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { closeAll, deployment, replicaSet, startFake } from '../test/support/fake.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

async function readmeBlocks(lang: string): Promise<string[]> {
  const text = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
  return [...text.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '');
}

let home = '';
let logs: string[] = [];

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kcache-controller-readme-'));
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

it('the usage example reconciles every Deployment with the ReplicaSets it controls, then stops', async () => {
  const [usage] = await readmeBlocks('ts');
  expect(usage).toContain('kubeConfig.loadFromDefault()');
  const { fake } = await startFake();
  const web = fake.create(deployment('web'));
  fake.create(deployment('api'));
  fake.create(replicaSet('web-1', { name: 'web', uid: web.metadata.uid }));
  fake.create(replicaSet('web-2', { name: 'web', uid: web.metadata.uid }));
  fake.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  fake.create(deployment('elsewhere', 'other'));
  const path = join(home, 'config');
  await writeFile(path, fake.kubeconfig());
  vi.stubEnv('KUBECONFIG', path);
  await runBlock(usage ?? '', 'usage');
  expect(logs.sort()).toEqual(['default/api: 0 ReplicaSet(s)', 'default/web: 2 ReplicaSet(s)']);
});

it('the retry example prints what the README says it prints', async () => {
  const [, retries] = await readmeBlocks('ts');
  const [expected] = await readmeBlocks('text');
  await runBlock(retries ?? '', 'retries');
  expect(logs).toEqual((expected ?? '').trim().split('\n'));
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(PACKAGE_DIR, 'README.md'), packageDir: PACKAGE_DIR })).toBe('');
}, 60_000);
