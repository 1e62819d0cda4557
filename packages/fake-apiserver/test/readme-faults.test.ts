// Runs the README's "Faults from any client" examples as written: the shell transcript (each
// `$ ` line run with bash, its output compared with the lines below it) against a served
// kcache-fake-apiserver process, then the Python example. Skipped when kubectl, curl or python3 is
// missing, unless KCACHE_REQUIRE_KUBECTL=1.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKubectl } from './helpers/kubectl.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const section = /\n## Faults from any client\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
const shell = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const python = /```python\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const kubectl = findKubectl();
const missing = [kubectl === undefined ? 'kubectl' : '', has('curl') ? '' : 'curl', has('python3') ? '' : 'python3'].filter((t) => t !== '');
const required = process.env.KCACHE_REQUIRE_KUBECTL === '1';

interface Step {
  command: string;
  output: string[];
}

/** The transcript as commands and the output each is shown with. */
function steps(text: string): Step[] {
  const out: Step[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), output: [] });
    else if (line !== '') out.at(-1)?.output.push(line);
  }
  return out;
}

/** Numbers (ids, indices, resourceVersions, durations) depend on what ran before: compared as N. */
const shape = (lines: readonly string[]): string[] => lines.map((l) => l.replace(/\d+(\.\d+)?/g, 'N'));

it('the README has a "Faults from any client" section with a shell transcript and a Python example', () => {
  expect(shell).not.toBe('');
  expect(python).not.toBe('');
});

describe.runIf(missing.length > 0 && required)('the README fault examples need their tools (KCACHE_REQUIRE_KUBECTL=1)', () => {
  it('finds kubectl, curl and python3', () => {
    expect.fail(`missing: ${missing.join(', ')}`);
  });
});

describe.skipIf(missing.length > 0)(missing.length > 0 ? `README fault examples (skipped: ${missing.join(', ')} not installed)` : "the README's fault examples, run as written", () => {
  let dir: string;
  let served: ChildProcess | undefined;
  let port = '';
  let env: NodeJS.ProcessEnv;
  const all = steps(shell);
  const [start, exportLine, ...rest] = all;

  beforeAll(async () => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: build the package first (pnpm --filter @kcache/fake-apiserver build)`);
    dir = mkdtempSync(join(tmpdir(), 'kcache-readme-faults-'));
    // The first step serves in the background on 6443: here on a free port, substituted below.
    expect(start?.command).toBe('npx kcache-fake-apiserver --port 6443 --kubeconfig /tmp/fake.kubeconfig &');
    expect(exportLine?.command).toBe('export KUBECONFIG=/tmp/fake.kubeconfig');
    const kubeconfig = join(dir, 'fake.kubeconfig');
    const proc = spawn(process.execPath, [bin, '--port', '0', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    served = proc;
    let out = '';
    port = await new Promise<string>((resolve, reject) => {
      proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m !== null && out.includes('kubeconfig: ')) resolve(m[1] ?? '');
      });
      proc.once('exit', (code) => {
        reject(new Error(`kcache-fake-apiserver exited with ${String(code)}: ${out}`));
      });
    });
    // No ambient configuration: kubectl and the commands see only this server.
    env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig };
  });

  afterAll(async () => {
    if (served?.exitCode === null) {
      const exited = new Promise((resolve) => served?.once('exit', resolve));
      served.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const local = (command: string): string =>
    command
      .replaceAll('npx kcache-fake-apiserver', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}`)
      .replaceAll('/tmp/kc', join(dir, 'kc'))
      .replaceAll(':6443', `:${port}`)
      .replace(/^kubectl /, `${JSON.stringify(kubectl ?? 'kubectl')} `);

  it('prints what the transcript shows, command by command', async () => {
    expect(rest.length).toBeGreaterThan(5);
    for (const step of rest) {
      const printed = await new Promise<string>((resolve, reject) => {
        execFile('bash', ['-c', `exec 2>&1\n${local(step.command)}`], { env, timeout: 20_000 }, (err, stdout) => {
          if (err?.killed === true) reject(new Error(`${step.command} did not finish`));
          else resolve(stdout);
        });
      });
      const lines = printed.split('\n').filter((l) => l !== '');
      expect(shape(lines), `$ ${step.command}\n${printed}`).toEqual(shape(step.output));
    }
  }, 60_000);

  it('runs the Python example', () => {
    execFileSync('python3', ['-c', python.replace('http://127.0.0.1:6443', `http://127.0.0.1:${port}`)], { stdio: 'pipe', timeout: 20_000 });
  });
});
