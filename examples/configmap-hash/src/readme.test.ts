// Runs the README's ```ts block, unchanged, and type-checks it as a strict user project would.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { typecheckReadme } from '@kcache/readme-check';
import { afterEach, expect, it, vi } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

afterEach(() => {
  vi.restoreAllMocks();
});

it('the README example rolls a Deployment when its ConfigMap changes', async () => {
  const text = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  expect(blocks).toHaveLength(1);
  const logs: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(' '));
  });
  const dir = join(PACKAGE_DIR, '.readme-tmp');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `example-${String(process.pid)}.ts`);
  await writeFile(file, blocks[0] ?? '');
  try {
    await import(pathToFileURL(file).href);
  } finally {
    await rm(file, { force: true });
  }
  expect(logs).toEqual(['rolled']);
});

it('the ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(PACKAGE_DIR, 'README.md'), packageDir: PACKAGE_DIR })).toBe('');
}, 60_000);
