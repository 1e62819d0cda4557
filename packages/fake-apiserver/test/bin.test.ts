import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let child: ChildProcess | undefined;
let dir: string;

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the package first (pnpm --filter @kcache/fake-apiserver build)`);
  dir = mkdtempSync(join(tmpdir(), 'kcache-bin-'));
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
});

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function start(args: string[]): { proc: ChildProcess; output: () => string; line: (re: RegExp) => Promise<RegExpExecArray>; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let out = '';
  const listeners: (() => void)[] = [];
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    out += chunk;
    for (const l of listeners.splice(0)) l();
  });
  proc.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => {
    for (const l of listeners.splice(0)) l();
    resolve(code);
  }));
  const line = (re: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = re.exec(out);
        if (m !== null) resolve(m);
        else if (proc.exitCode !== null) reject(new Error(`the command exited with ${proc.exitCode}: ${out}`));
        else listeners.push(check);
      };
      check();
    });
  return { proc, output: () => out, line, exit };
}

describe('kcache-fake-apiserver', () => {
  it('prints its URL, writes the kubeconfig, serves, and stops cleanly on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kc.yaml');
    const run = start(['--port', '0', '--kubeconfig', kubeconfig, '--token', 'tok']);
    const [, url] = await run.line(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const config = readFileSync(kubeconfig, 'utf8');
    expect(config).toContain(`server: "${url}"`);
    expect(config).toContain('token: "tok"');
    const res = await call({ url: url! }, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      headers: { Authorization: 'Bearer tok' },
    });
    expect(res.status).toBe(201);
    run.proc.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('fake API server stopped');
    // The kubeconfig asked for stays.
    expect(existsSync(kubeconfig)).toBe(true);
  });

  it('serves https with --tls and stops on SIGINT', async () => {
    const run = start(['--tls']);
    const [, url] = await run.line(/listening on (https:\/\/127\.0\.0\.1:\d+)/);
    const [, path] = await run.line(/kubeconfig: (\S+)/);
    const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(readFileSync(path!, 'utf8'))![1]!, 'base64').toString();
    expect((await call({ url: url! }, 'GET', '/version', { ca })).status).toBe(200);
    run.proc.kill('SIGINT');
    expect(await run.exit).toBe(0);
    // Its own temporary kubeconfig is removed.
    expect(existsSync(path!)).toBe(false);
  });

  it('prints usage and exits 2 for unknown options', async () => {
    const run = start(['--bogus']);
    expect(await run.exit).toBe(2);
    expect(run.output()).toContain('Usage: kcache-fake-apiserver');
  });
});
