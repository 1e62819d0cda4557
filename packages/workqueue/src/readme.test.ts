// Runs every ```ts block of README.md as its own module, with `@kcache/workqueue` pointing at this
// package's source, so the documented examples cannot silently rot.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { typecheckReadme } from '@kcache/readme-check';

const here = dirname(fileURLToPath(import.meta.url));
const readme = await readFile(join(here, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const entry = join(here, 'index.ts');
const dir = await mkdtemp(join(tmpdir(), 'kcache-workqueue-readme-'));

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('README.md', () => {
  it('has examples, all of them importing the package by its name', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).toContain("from '@kcache/workqueue'");
  });

  blocks.forEach((block, i) => {
    it(`example ${i + 1} runs`, async () => {
      const file = join(dir, `example-${i + 1}.ts`);
      await writeFile(file, block.replaceAll("from '@kcache/workqueue'", `from ${JSON.stringify(entry)}`));
      await import(file);
    });
  });
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(here, '..', 'README.md'), packageDir: join(here, '..') })).toBe('');
}, 60_000);
