// Records the goldens from a real kube-apiserver: `pnpm --filter @kcache/fake-apiserver record:goldens`.
//
// Without REALK8S_URL and REALK8S_TOKEN it starts etcd and kube-apiserver with
// ../shared/kube-apiserver/start.sh (binaries from REALK8S_BIN, default /tmp/realk8s/bin;
// ports 31443/23796/23806) and stops them afterwards. KCACHE_GOLDENS=<substring>[,…] re-records
// only the scenarios whose names contain one of them. Protobuf bodies are encoded, and answers
// decoded, with the fake's codec (src/internal/protobuf); the raw bytes are kept beside. Runs
// under vitest (see vitest.config.ts beside this file), which is only the TypeScript runner here.
import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'vitest';
import { codec } from './codec.js';
import { goldenPath, goldenText } from './golden.js';
import { playAll } from './run.js';
import type { Target } from './scenario.js';
import { scenarios } from './scenarios/index.js';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const scripts = process.env.KUBE_APISERVER_SCRIPTS ?? join(repoRoot, '..', 'shared', 'kube-apiserver');
const stateDir = process.env.REALK8S_DIR ?? '/tmp/kcache-goldens-k8s';
const serverEnv = {
  ...process.env,
  REALK8S_DIR: stateDir,
  APISERVER_PORT: process.env.APISERVER_PORT ?? '31443',
  ETCD_PORT: process.env.ETCD_PORT ?? '23796',
  ETCD_PEER_PORT: process.env.ETCD_PEER_PORT ?? '23806',
};

async function startRealServer(): Promise<Target> {
  await mkdir(stateDir, { recursive: true });
  await symlink(process.env.REALK8S_BIN ?? '/tmp/realk8s/bin', join(stateDir, 'bin')).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  await run(join(scripts, 'start.sh'), [], { env: serverEnv });
  const env = Object.fromEntries((await readFile(join(stateDir, 'run', 'env'), 'utf8')).split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const url = env.REALK8S_URL;
  const token = env.REALK8S_TOKEN;
  if (url === undefined || token === undefined) throw new Error(`no REALK8S_URL/REALK8S_TOKEN in ${stateDir}/run/env`);
  return { url, token };
}

async function serverVersion(target: Target): Promise<string> {
  const { request } = await import('node:https');
  return new Promise((done, fail) => {
    const req = request(new URL('/version', target.url), { headers: { Authorization: `Bearer ${target.token}` }, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => { done(`kube-apiserver ${(JSON.parse(text) as { gitVersion: string }).gitVersion}`); });
    });
    req.on('error', fail);
    req.end();
  });
}

test('record the goldens from a real kube-apiserver', { timeout: 20 * 60_000 }, async () => {
  const given = process.env.REALK8S_URL !== undefined && process.env.REALK8S_TOKEN !== undefined;
  const target = given ? { url: process.env.REALK8S_URL ?? '', token: process.env.REALK8S_TOKEN ?? '' } : await startRealServer();
  try {
    const only = process.env.KCACHE_GOLDENS?.split(',').filter((s) => s !== '');
    const chosen = scenarios.filter((s) => only === undefined || only.some((o) => s.name.includes(o)));
    const recordedFrom = await serverVersion(target);
    const played = await playAll(target, scenarios, chosen, { run: Date.now().toString(36), recordedFrom, codec, parallel: 4 });
    const failed: string[] = [];
    for (const { scenario, golden, error } of played) {
      if (golden === undefined) {
        failed.push(`${scenario.name}: ${String(error)}`);
        continue;
      }
      await mkdir(dirname(goldenPath(scenario)), { recursive: true });
      await writeFile(goldenPath(scenario), goldenText(golden));
    }
    console.log(`recorded ${played.length - failed.length} of ${chosen.length} scenarios from ${recordedFrom}`);
    if (failed.length > 0) throw new Error(`not recorded:\n${failed.join('\n')}`);
  } finally {
    if (!given) await run(join(scripts, 'stop.sh'), [], { env: serverEnv });
  }
});
