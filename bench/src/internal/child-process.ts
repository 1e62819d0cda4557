// Every measurement runs in a fresh Node.js process (its own heap, GC and event loop): the parent
// spawns the benchmark's own file with its role in the environment and reads the one JSON line the
// child prints. Servers are children too, told to stop by the end of their stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** Node.js flags of every child; KCACHE_BENCH_CHILD_FLAGS adds more (e.g. `--trace-gc`). */
const CHILD_FLAGS: readonly string[] = [
  '--expose-gc',
  '--max-old-space-size=12288',
  ...(process.env.KCACHE_BENCH_CHILD_FLAGS?.split(' ').filter((f) => f !== '') ?? []),
  '--import',
  'tsx',
];

function spawnChild(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...CHILD_FLAGS, script], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
}

/** The first line of the child's stdout that is a JSON object. */
async function firstJsonLine(proc: ChildProcess): Promise<string> {
  const lines = createInterface({ input: proc.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) {
      lines.close();
      return line;
    }
  }
  throw new Error('the child process ended without a result');
}

/** Runs `script` as a child with `env` and resolves with the JSON result it printed, once it has exited. */
export async function runChild<R>(script: string, env: Record<string, string>): Promise<R> {
  const proc = spawnChild(script, env);
  const line = await firstJsonLine(proc);
  if (proc.exitCode === null) await once(proc, 'exit');
  return JSON.parse(line) as R;
}

/** Starts `script` as a server child; resolves with the JSON it printed first, and a `close` that ends it. */
export async function startChildServer(script: string, env: Record<string, string>): Promise<{ info: unknown; close: () => Promise<void> }> {
  const proc = spawnChild(script, env);
  const info: unknown = JSON.parse(await firstJsonLine(proc));
  return {
    info,
    close: async () => {
      proc.stdin!.end();
      if (proc.exitCode === null) await once(proc, 'exit');
    },
  };
}

/** The median of the finite values; NaN when there is none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
