// Runs the README's usage example, unchanged, against @kcache/fake-apiserver: KUBECONFIG points at
// the fake's kubeconfig file, so the example's kc.loadFromDefault() finds it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';
import { closeFakes, pod, startFake, until } from '../test/support/fake.js';
import { typecheckReadme } from '@kcache/readme-check';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The fenced ```ts blocks of the README, in order. */
async function readmeBlocks(): Promise<string[]> {
  const text = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

afterEach(async () => {
  vi.restoreAllMocks();
  await closeFakes();
});

it('the README usage example lists, then watches, through a KubeConfig from the default locations', async () => {
  const [usage] = await readmeBlocks();
  expect(usage).toContain('kc.loadFromDefault()');
  const { fake } = await startFake();
  fake.create(pod('a'));
  fake.create(pod('b'));
  fake.create(pod('not-here', {}, 'kube-system'));

  const home = await mkdtemp(join(tmpdir(), 'kcache-readme-'));
  const kubeconfig = join(home, 'config');
  await writeFile(kubeconfig, fake.kubeconfig());
  vi.stubEnv('KUBECONFIG', kubeconfig);
  const logs: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(' '));
  });
  // Inside the package, so the example's imports resolve as they would for a user.
  const dir = join(PACKAGE_DIR, '.readme-tmp');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `usage-${String(process.pid)}.ts`);
  await writeFile(file, usage ?? '');
  try {
    const run = import(pathToFileURL(file).href);
    await until(() => fake.requests.some((r) => r.verb === 'watch'));
    const created = fake.create(pod('c'));
    await until(() => logs.some((line) => line.startsWith('ADDED c')));
    fake.closeWatches(); // the example's loop ends when the server ends the watch
    await run;
    expect(logs).toEqual(['listed Pod a', 'listed Pod b', `ADDED c ${created.metadata.resourceVersion}`]);
  } finally {
    await rm(file, { force: true });
    await rm(home, { recursive: true, force: true });
  }
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(PACKAGE_DIR, 'README.md'), packageDir: PACKAGE_DIR })).toBe('');
}, 60_000);
