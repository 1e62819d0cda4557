// Type-checks README code blocks the way a user's strict TypeScript project would see them: each
// ```ts block becomes a module in a scratch folder inside the package, compiled by `tsc` with a
// strict NodeNext configuration, so `@kcache/*` imports resolve to the built `dist/*.d.ts` through
// each package's `exports`, exactly as after `npm install`.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** @param {string} readmePath */
export function readmeBlocks(readmePath) {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    blocks.push({ code: lines.slice(start, end).join('\n'), line: start + 1 });
    i = end;
  }
  return blocks;
}

/** What a user's strict project is expected to have; stricter than many, so a block that passes here passes there. */
const COMPILER_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: 'ES2023',
  lib: ['ES2024', 'ESNext.Disposable'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
};

/** @param {{ readme: string; packageDir: string }} options */
export async function typecheckReadme({ readme, packageDir }) {
  const blocks = readmeBlocks(readme);
  if (blocks.length === 0) return '';
  const dir = join(packageDir, `.readme-typecheck-${String(process.pid)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const files = blocks.map((block, i) => {
      const name = `block-${String(i + 1)}.ts`;
      // `export {}` makes every block a module (top-level await, no global clashes between blocks).
      writeFileSync(join(dir, name), `${block.code}\nexport {};\n`);
      return { name, block };
    });
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['*.ts'] }, null, 2));
    const tsc = require.resolve('typescript/bin/tsc', { paths: [packageDir] });
    try {
      await run(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
      return '';
    } catch (err) {
      const output = `${String(err.stdout ?? '')}${String(err.stderr ?? '')}`.trim();
      if (output === '') throw err;
      const where = relative(packageDir, readme) || readme;
      // block-N.ts(L,C): error … → README.md:LINE:C (block N): error …
      return output.replace(/(?:^|\n)\s*(?:\S*\/)?(block-(\d+)\.ts)\((\d+),(\d+)\)/g, (match, _file, n, l, c) => {
        const file = files[Number(n) - 1];
        if (file === undefined) return match;
        const readmeLine = file.block.line + Number(l) - 1;
        return `${match.startsWith('\n') ? '\n' : ''}${where}:${String(readmeLine)}:${c} (block ${n})`;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
