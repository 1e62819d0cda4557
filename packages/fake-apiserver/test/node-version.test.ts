// On an unsupported Node.js, the executable says what to do in one line, before loading anything
// that could fail with a stack trace instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE_VERSION, nodeVersionProblem } from '../src/internal/node-version.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const ADVICE = /^kcache-fake-apiserver needs Node\.js >= 22\.19 \(24 LTS recommended\), but this is Node\.js 20\.20\.2\. Install a newer Node\.js .*source tooling\/ci\/bootstrap\.sh/;

/** A Node.js older than the minimum installed beside the current one (Debian's, on the CI machines), if any. */
function olderNode(): string | undefined {
  const candidate = '/usr/bin/node';
  if (!existsSync(candidate)) return undefined;
  const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  return nodeVersionProblem('x', version) === undefined ? undefined : candidate;
}

describe('the Node.js version check', () => {
  it('accepts the minimum and newer, refuses older with advice', () => {
    expect(MINIMUM_NODE_VERSION).toBe('22.19.0');
    for (const ok of ['22.19.0', '22.20.1', '24.0.0', 'v24.21.0', '30.1.2']) expect(nodeVersionProblem('kcache-fake-apiserver', ok)).toBeUndefined();
    for (const old of ['20.20.2', '22.18.9', '18.0.0', 'v16.20.0']) expect(nodeVersionProblem('kcache-fake-apiserver', old)).toContain('needs Node.js >= 22.19');
    expect(nodeVersionProblem('kcache-fake-apiserver', '20.20.2')).toMatch(ADVICE);
  });

  it('runs before anything else is loaded: dist/bin.js on a Node.js that reports 20.20.2 prints one line and exits 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})', bin, '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(ADVICE);
  });

  const old = olderNode();
  it.runIf(old !== undefined)('on a real older Node.js (/usr/bin/node), the same line and no stack trace', () => {
    const run = spawnSync(old ?? '', [bin, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kcache-fake-apiserver needs Node.js >= 22.19');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
