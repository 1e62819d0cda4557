// Runs every ```ts block of README.md (each starts its own fake API server) and checks what it
// prints; then type-checks the blocks in a strict project against the built packages.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { typecheckReadme } from '@kcache/readme-check';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

async function readmeBlocks(): Promise<string[]> {
  const text = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

let logs: string[] = [];

beforeEach(() => {
  logs = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.map(String).join(' '));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
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

it('the handler example prints the initial add, then an update with its old object, an add and a delete', async () => {
  const [handlers] = await readmeBlocks();
  expect(handlers).toContain('addEventHandler(');
  await runBlock(handlers ?? '', 'handlers');
  expect(logs).toEqual(['add web-0 (initial list)', 'synced at resourceVersion 6', 'update web-0: stable → canary', 'add web-1', 'update web-0: canary → canary', 'delete web-0']);
});

it('the lister example answers label selectors across and within namespaces', async () => {
  const [, listers] = await readmeBlocks();
  expect(listers).toContain('createInformerFactory(');
  await runBlock(listers ?? '', 'listers');
  expect(logs).toEqual(['default/web-0 default/web-1 staging/web-0', 'default/db-0', 'frontend']);
});

it('the events() example reads the initial add and the delete', async () => {
  const [, , events] = await readmeBlocks();
  expect(events).toContain('.events(');
  await runBlock(events ?? '', 'events');
  expect(logs).toEqual(['add settings', 'delete']);
});

it('every ```ts block of README.md type-checks in a strict project against the built packages', async () => {
  expect(await typecheckReadme({ readme: join(PACKAGE_DIR, 'README.md'), packageDir: PACKAGE_DIR })).toBe('');
}, 60_000);
