// Vitest global setup: the bin tests run dist/bin.js as users do, so build it when it is missing
// or older than the sources (turbo builds only a package's dependencies before its tests).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function setup(): void {
  const bin = join(root, 'dist', 'bin.js');
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource(join(root, 'src'))) return;
  const require = createRequire(join(root, 'package.json'));
  const manifest = require.resolve('tsup/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  const rel = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin.tsup ?? '');
  execFileSync(process.execPath, [join(dirname(manifest), rel)], { cwd: root, stdio: 'ignore' });
}
