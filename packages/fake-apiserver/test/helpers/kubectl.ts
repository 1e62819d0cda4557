// Running the real kubectl against a fake API server: one temporary folder per server holding its
// kubeconfig and kubectl's discovery cache (kubectl caches discovery per host:port, so a fresh
// --cache-dir keeps one test run from reading another's), plus a reader for `kubectl get -w`.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';

/** Where kubectl is: `KUBECTL` if set (and only there), else the first `kubectl` on PATH, else /usr/bin/kubectl. */
export function findKubectl(): string | undefined {
  const explicit = process.env.KUBECTL;
  const candidates = explicit !== undefined && explicit !== '' ? [explicit] : [
    ...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, 'kubectl')),
    '/usr/bin/kubectl',
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there or not executable: try the next
    }
  }
  return undefined;
}

interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  /** The temporary folder (kubeconfig, cache, manifests). */
  readonly dir: string;
  /** Runs kubectl to completion (killed after `timeoutMs`). */
  run(args: readonly string[], options?: { stdin?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Runs kubectl and fails with its output unless it exits 0; returns stdout. */
  ok(args: readonly string[], options?: { stdin?: string; timeoutMs?: number }): Promise<string>;
  /** Writes a file in the temporary folder and returns its path. */
  file(name: string, content: string): string;
  /** Starts a long-running kubectl (e.g. `get -w`) whose stdout is read line by line. */
  stream(args: readonly string[]): KubectlStream;
  /** Kills anything still running and removes the temporary folder. */
  dispose(): void;
}

interface KubectlStream {
  /** Every complete stdout line so far. */
  readonly lines: string[];
  /** Resolves with the lines once `predicate` holds for them; rejects on timeout or exit first. */
  waitFor(predicate: (lines: readonly string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  stderr(): string;
  kill(): Promise<void>;
}

export function createKubectl(binary: string, kubeconfig: string): Kubectl {
  const dir = mkdtempSync(join(tmpdir(), 'kcache-kubectl-'));
  const kubeconfigPath = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfigPath, kubeconfig);
  const cacheDir = join(dir, 'cache');
  const children = new Set<ChildProcessByStdio<null, Readable, Readable>>();
  // No ambient configuration: only the fake's kubeconfig and this run's cache.
  const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfigPath };
  const baseArgs = ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir];

  const start = (args: readonly string[], stdin: boolean): ChildProcessByStdio<null, Readable, Readable> => {
    const child = spawn(binary, [...baseArgs, ...args], { env, stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessByStdio<null, Readable, Readable>;
    children.add(child);
    child.once('close', () => children.delete(child));
    return child;
  };

  const run: Kubectl['run'] = (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = start(args, options.stdin !== undefined);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} did not finish within ${String(options.timeoutMs ?? 15_000)} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, options.timeoutMs ?? 15_000);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      if (options.stdin !== undefined) {
        const input = (child as unknown as { stdin: NodeJS.WritableStream }).stdin;
        input.end(options.stdin);
      }
    });

  return {
    dir,
    run,
    async ok(args, options) {
      const result = await run(args, options);
      if (result.code !== 0) {
        throw new Error(`kubectl ${args.join(' ')} exited with ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
      }
      return result.stdout;
    },
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    stream(args) {
      const child = start(args, false);
      const lines: string[] = [];
      let partial = '';
      let stderr = '';
      let exited = false;
      const listeners = new Set<() => void>();
      const notify = (): void => {
        for (const listener of [...listeners]) listener();
      };
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        partial += chunk;
        const parts = partial.split('\n');
        partial = parts.pop() ?? '';
        lines.push(...parts);
        notify();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const closed = new Promise<void>((resolve) => {
        child.once('close', () => {
          exited = true;
          notify();
          resolve();
        });
      });
      return {
        lines,
        stderr: () => stderr,
        waitFor(predicate, timeoutMs = 10_000) {
          return new Promise((resolve, reject) => {
            const check = (): void => {
              if (predicate(lines)) {
                done();
                resolve([...lines]);
              } else if (exited) {
                done();
                reject(new Error(`kubectl ${args.join(' ')} exited early\nstdout:\n${lines.join('\n')}\nstderr: ${stderr}`));
              }
            };
            const timer = setTimeout(() => {
              done();
              reject(new Error(`kubectl ${args.join(' ')}: expected output did not appear within ${String(timeoutMs)} ms\nstdout:\n${lines.join('\n')}\nstderr: ${stderr}`));
            }, timeoutMs);
            const done = (): void => {
              clearTimeout(timer);
              listeners.delete(check);
            };
            listeners.add(check);
            check();
          });
        },
        async kill() {
          if (!exited) child.kill('SIGTERM');
          await closed;
        },
      };
    },
    dispose() {
      for (const child of children) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
