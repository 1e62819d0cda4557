import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';
import type { CliIo } from './internal/io.js';

/** `kcache bench` options as commander parses them. */
export interface BenchCommandOptions {
  quick: boolean;
  only?: string;
}

function isBenchPackage(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || !existsSync(join(dir, 'src', 'all.ts'))) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@kcache/bench';
  } catch {
    return false;
  }
}

/**
 * The benchmarks live in the repository (`bench/`), not in the published package: look for them
 * from the working directory upwards, then beside this package when it runs from a checkout.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function findBenchDir(cwd: string): string | undefined {
  const starts = [cwd, dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      if (isBenchPackage(join(dir, 'bench'))) return join(dir, 'bench');
      if (isBenchPackage(dir)) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** Runs `kcache bench`: the repository's `bench/src/all.ts` in a child Node process. */
export async function runBenchCommand(opts: BenchCommandOptions, io: CliIo, signal: AbortSignal): Promise<number> {
  const dir = findBenchDir(io.cwd);
  if (dir === undefined) {
    throw new CliError('BenchFailed', 'kcache bench runs the benchmarks of a kcache checkout: run it inside the repository (git clone, pnpm install)');
  }
  const args = ['--expose-gc', '--import', 'tsx', 'src/all.ts'];
  if (opts.quick) args.push('--quick');
  if (opts.only !== undefined) args.push('--only', opts.only);
  const child = spawn(process.execPath, args, { cwd: dir, env: { ...io.env }, stdio: ['ignore', 'pipe', 'pipe'], signal });
  child.stdout.pipe(io.stdout, { end: false });
  child.stderr.pipe(io.stderr, { end: false });
  return new Promise<number>((resolvePromise, reject) => {
    child.on('error', (err) => {
      if (signal.aborted) resolvePromise(130);
      else reject(new CliError('BenchFailed', `could not start the benchmarks: ${err.message}`, { cause: err }));
    });
    child.on('close', (code, sig) => {
      resolvePromise(code ?? (sig === null ? 1 : 128 + 2));
    });
  });
}
