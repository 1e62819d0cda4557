// End to end: a served kcache-fake-apiserver process, faults injected by running the same
// executable's commands in other processes, and the real kubectl seeing them. The kubectl part is
// skipped when kubectl is not installed, unless KCACHE_REQUIRE_KUBECTL=1.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKubectl, findKubectl, type Kubectl } from './helpers/kubectl.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const kubectlPath = findKubectl();
const required = process.env.KCACHE_REQUIRE_KUBECTL === '1';

/** Runs a command of the executable to completion. */
function command(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
let served: ChildProcess | undefined;
let kubeconfig: string;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the package first (pnpm --filter @kcache/fake-apiserver build)`);
  dir = mkdtempSync(join(tmpdir(), 'kcache-control-bin-'));
  kubeconfig = join(dir, 'kubeconfig.yaml');
  // kubectl sends a token only over https.
  const proc = spawn(process.execPath, [bin, '--port', '0', '--tls', '--token', 'sesame', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  served = proc;
  let out = '';
  await new Promise<void>((resolve, reject) => {
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('kubeconfig: ')) resolve();
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    proc.once('exit', (code) => {
      reject(new Error(`kcache-fake-apiserver exited with ${String(code)}: ${out}`));
    });
  });
  return async () => {
    if (served?.exitCode === null) {
      const exited = new Promise((resolve) => served?.once('exit', resolve));
      served.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
});

describe('kcache-fake-apiserver commands against a served process', () => {
  it('add and remove rules, compact, and print the log, finding the server from its kubeconfig', async () => {
    const added = await command(['fault', 'fail', '--verb', 'get', '--resource', 'configmaps', '--code', '503', '--kubeconfig', kubeconfig]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    expect(await command(['fault', 'remove', id, '--kubeconfig', kubeconfig])).toEqual({ code: 0, stdout: `removed fault rule ${id}\n`, stderr: '' });
    expect((await command(['compact', '--kubeconfig', kubeconfig])).stdout).toMatch(/^compacted at resourceVersion \d+/);
    expect((await command(['requests', '--json', '--kubeconfig', kubeconfig])).code).toBe(0);
    const bad = await command(['fault', 'fail', '--code', '429', '--times', '0', '--kubeconfig', kubeconfig]);
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'kcache-fake-apiserver: times must be a whole number, 1 or more (left out: until removed), got 0 (HTTP 400)\n' });
    const noToken = await command(['compact', '--server', /server: "([^"]+)"/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '']);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('Unauthorized (HTTP 401)');
  });
});

describe.runIf(kubectlPath === undefined && required)('kubectl is required (KCACHE_REQUIRE_KUBECTL=1)', () => {
  it('finds kubectl on PATH, at $KUBECTL or at /usr/bin/kubectl', () => {
    expect.fail('KCACHE_REQUIRE_KUBECTL=1 but kubectl is not installed: install kubectl or unset KCACHE_REQUIRE_KUBECTL');
  });
});

describe.skipIf(kubectlPath === undefined)(kubectlPath === undefined ? 'kubectl and injected faults (skipped: kubectl is not installed)' : 'kubectl and faults injected through the command line', () => {
  let kubectl: Kubectl;
  beforeAll(() => {
    kubectl = createKubectl(kubectlPath ?? 'kubectl', readFileSync(kubeconfig, 'utf8'));
    return () => {
      kubectl.dispose();
    };
  });

  it('kubectl gets a 429 or a 500 while a rule is in place, and is served once it is cleared', async () => {
    expect((await command(['fault', 'fail', '--verb', 'list', '--resource', 'pods', '--code', '429', '--kubeconfig', kubeconfig])).code).toBe(0);
    const throttled = await kubectl.run(['get', 'pods']);
    expect(throttled.code).toBe(1);
    expect(throttled.stderr).toContain('Error from server (TooManyRequests): Too many requests, please try again later.');
    expect((await command(['clear', '--kubeconfig', kubeconfig])).code).toBe(0);

    expect((await command(['fault', 'fail', '--verb', 'list', '--resource', 'pods', '--code', '500', '--kubeconfig', kubeconfig])).code).toBe(0);
    const broken = await kubectl.run(['get', 'pods']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Error from server (InternalError)');
    expect((await command(['clear', '--kubeconfig', kubeconfig])).code).toBe(0);

    expect((await kubectl.run(['get', 'pods'])).code).toBe(0);
  });

  it('kubectl waits out a 429 with Retry-After and retries (seen in the request log)', async () => {
    const cursor = (JSON.parse((await command(['requests', '--json', '--kubeconfig', kubeconfig])).stdout) as { next: number }).next;
    expect((await command(['fault', 'fail', '--verb', 'list', '--resource', 'configmaps', '--code', '429', '--retry-after', '1', '--times', '1', '--kubeconfig', kubeconfig])).code).toBe(0);
    const out = await kubectl.run(['get', 'configmaps']);
    expect(out.code).toBe(0);
    const log = JSON.parse((await command(['requests', '--json', '--since', String(cursor), '--kubeconfig', kubeconfig])).stdout) as { items: { path: string; status: number }[] };
    expect(log.items.filter((r) => r.path === '/api/v1/namespaces/default/configmaps').map((r) => r.status)).toEqual([429, 200]);
  });
});
