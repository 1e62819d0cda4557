// Runs the README's ```ts block as part of this file: the block is a vitest suite, so it is
// written next to this package (where `vitest` and `@kubernetes/client-node` resolve), with
// `@kcache/fake-apiserver` pointing at this package's source, and imported while this file's
// tests are being collected — its `test(...)` calls become tests of this file.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { typecheckReadme } from '@kcache/readme-check';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

test('the README has a usage example importing the package by name', () => {
  expect(blocks).toHaveLength(1);
  expect(blocks[0]).toContain("from '@kcache/fake-apiserver'");
});

test('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(here, '..', 'README.md'), packageDir: join(here, '..') })).toBe('');
}, 60_000);

const dir = join(here, '..', 'node_modules', '.readme-examples');
mkdirSync(dir, { recursive: true });
const file = join(dir, `example-${process.pid}.test-example.ts`);
writeFileSync(file, (blocks[0] ?? '').replaceAll("from '@kcache/fake-apiserver'", `from ${JSON.stringify(join(here, 'index.ts'))}`));
afterAll(() => {
  rmSync(file, { force: true });
});
await import(file);
