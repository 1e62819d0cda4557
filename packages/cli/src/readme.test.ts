import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterEach, expect, it, vi } from 'vitest';
import { typecheckReadme } from '@kcache/readme-check';

// Runs the README's ```ts block as written, importing the package by its name.
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, `.readme-block-${String(process.pid)}.ts`);

afterEach(() => {
  rmSync(file, { force: true });
  vi.restoreAllMocks();
});

it('runs the README example', async () => {
  const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
  expect(blocks).toHaveLength(1);
  writeFileSync(file, `${blocks[0] ?? ''}\nexport {};\n`);
  const logged: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(format(...args));
  });
  await import(/* @vite-ignore */ file);
  expect(logged[0]).toBe('true true');
  expect(logged[1]).toMatch(/^\d+ objects at RV \d+$/);
  expect(logged[2]).toBe('true 0');
  expect(logged[3]).toBe('true 40');
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(here, '..', 'README.md'), packageDir: join(here, '..') })).toBe('');
}, 60_000);
