import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';

// The `kcache` executable as a user runs it: dist/bin.js in its own process.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'bin.js');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function kcache(args: string[], options: { env?: Record<string, string>; until?: (out: string) => boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!signalled && options.until?.(out) === true) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

let server: FakeApiServer;
let dir: string;

beforeAll(async () => {
  server = await createFakeApiServer();
  server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name: 'a' } });
  dir = mkdtempSync(join(tmpdir(), 'kcache-bin-'));
  writeFileSync(join(dir, 'config'), server.kubeconfig());
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dist/bin.js', () => {
  it('is an executable script that prints the version', async () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const r = await kcache(['--version']);
    expect(r).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('exits 1 with one line on stderr for a user error', async () => {
    const r = await kcache(['mirror', 'pods', '--kubeconfig', join(dir, 'missing')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`kcache: kubeconfig ${join(dir, 'missing')} does not exist: check the --kubeconfig path\n`);
  });

  it('stops a live mirror cleanly on Ctrl-C', async () => {
    const r = await kcache(['mirror', 'configmaps', '--kubeconfig', join(dir, 'config')], { until: (out) => out.includes('synced 1 objects') });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^stopped: 1 objects · lists \d+ · relists 0/m);
  });
});
