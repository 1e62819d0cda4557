// On an unsupported Node.js, `kcache` (and pnpm in this repository) says what to do in one line,
// before loading anything that could fail with a stack trace instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE_VERSION, nodeVersionProblem } from '@kcache/node-version';
import { olderNodeOnMachine, runBinAsNode } from '@kcache/node-version/testing';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const ADVICE = /^kcache needs Node\.js >= 22\.19 \(24 LTS recommended\), but this is Node\.js 20\.20\.2\. Install a newer Node\.js .*`source tooling\/ci\/bootstrap\.sh`/;
const old = olderNodeOnMachine();

describe('the Node.js version check', () => {
  it('accepts the minimum and newer, refuses older with advice', () => {
    expect(MINIMUM_NODE_VERSION).toBe('22.19.0');
    for (const ok of ['22.19.0', '22.20.1', '24.0.0', 'v24.21.0', '30.1.2']) expect(nodeVersionProblem('kcache', ok)).toBeUndefined();
    for (const older of ['20.20.2', '22.18.9', '18.0.0', 'v16.20.0']) expect(nodeVersionProblem('kcache', older)).toContain('needs Node.js >= 22.19');
    expect(nodeVersionProblem('kcache', '20.20.2')).toMatch(ADVICE);
  });

  it('runs before anything else is loaded: dist/bin.js on a Node.js that reports 20.20.2 prints one line and exits 1', () => {
    const run = runBinAsNode(bin, '20.20.2', ['demo']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(ADVICE);
  });

  it.runIf(old !== undefined)('on a real older Node.js (/usr/bin/node), the same line and no stack trace', () => {
    const run = spawnSync(old ?? '', [bin, 'demo'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('kcache needs Node.js >= 22.19');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  // The repository's devEngines.runtime: pnpm refuses every command in the workspace on an older
  // Node.js, naming the version needed, before it installs or runs anything.
  const pnpm = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'pnpm')).find((file) => existsSync(file));
  it.runIf(old !== undefined && pnpm !== undefined)('pnpm in the repository refuses an older Node.js at once', () => {
    const repo = fileURLToPath(new URL('../../..', import.meta.url));
    const run = spawnSync(pnpm ?? '', ['exec', 'node', '--version'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dirname(old ?? '')}${delimiter}${process.env.PATH ?? ''}` },
    });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('This project requires Node.js >=22.19');
  });
});
