// On an unsupported Node.js, `kcache-fake-apiserver` says what to do in one line, before loading
// anything that could fail with a stack trace instead.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { olderNodeOnMachine, runBinAsNode } from '@kcache/node-version/testing';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const old = olderNodeOnMachine();

describe('dist/bin.js on an unsupported Node.js', () => {
  it('prints one line of advice and exits 1 when Node.js reports 20.20.2', () => {
    const run = runBinAsNode(bin, '20.20.2', ['--port', '0']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^kcache-fake-apiserver needs Node\.js >= 22\.19 \(24 LTS recommended\), but this is Node\.js 20\.20\.2\. .*bootstrap\.sh/);
  });

  it.runIf(old !== undefined)('on a real older Node.js (/usr/bin/node), the same line and no stack trace', () => {
    const run = spawnSync(old ?? '', [bin, '--port', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kcache-fake-apiserver needs Node.js >= 22.19');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
