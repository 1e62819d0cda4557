// The consumer test: what a user of the published packages gets. Packs every publishable package
// (packages/*, not private) with `pnpm pack`, installs the tarballs with npm into a scratch project
// outside the workspace ("type": "module", TypeScript strict, module/moduleResolution NodeNext), and
// there type-checks and runs
//   - the four usage blocks of the root README (the store alone; the cluster example, pointed by
//     KUBECONFIG at a fake API server started from the packed @kcache/fake-apiserver's bin; the fake
//     API server in tests; the leader-elected controller, against the same bin, stopped by SIGTERM), and
//   - consumer/typed-objects.ts: client-node's V1Pod/V1Deployment/V1ConfigMap with kcache's APIs,
//     no cast.
// Run after a build (`pnpm test:consumer` builds first). KCACHE_KEEP_CONSUMER_PROJECT=1 keeps the
// scratch folder for a look after a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, packAll, publishablePackages, readManifest, ROOT } from './packages.ts';

const STORE = '### The store alone';
const CLUSTER = '### A cluster, by hand: listwatch + reflector';
const FAKE = '### The fake API server in tests';
const CONTROLLER = '### A controller: informers, a work queue, workers and leader election';

class StepError extends Error {
  override readonly name = 'StepError';
}

/** The first ```ts block under `heading`, before the next heading of the same or a higher level. */
function blockUnder(readme: string, heading: string): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) throw new StepError(`README.md has no heading "${heading}"; the consumer test runs the block under it`);
  const level = heading.indexOf(' ');
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => new RegExp(`^#{1,${String(level)}} `).test(line));
  const section = (end === -1 ? rest : rest.slice(0, end)).join('\n');
  const block = /```ts\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (block === undefined) throw new StepError(`the section "${heading}" of README.md has no \`\`\`ts block`);
  return block;
}

/** The version range a workspace manifest declares for `name`, in any dependency field. */
function rangeOf(manifestPath: string, name: string): string {
  const manifest = readManifest(manifestPath);
  const range = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name];
  if (range === undefined) throw new StepError(`${manifestPath} does not declare ${name}`);
  return range;
}

/** The environment for npm and node in the scratch project, without what `pnpm run` adds for itself. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_config_user_agent$|npm_execpath$|npm_command$|PNPM_|pnpm_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function expectLines(what: string, actual: string, expected: readonly (string | RegExp)[]): void {
  const lines = actual.trimEnd().split('\n');
  const ok = lines.length === expected.length && expected.every((e, i) => (typeof e === 'string' ? lines[i] === e : e.test(lines[i] ?? '')));
  if (!ok) {
    throw new StepError(
      `${what} printed\n  ${lines.join('\n  ')}\nexpected\n  ${expected.map((e) => (typeof e === 'string' ? e : String(e))).join('\n  ')}`,
    );
  }
}

/** Starts the packed `kcache-fake-apiserver` bin and resolves with its URL once it listens. */
async function startFakeApiServer(project: string, kubeconfig: string): Promise<{ child: ChildProcess; url: string }> {
  const bin = join(project, 'node_modules', '@kcache', 'fake-apiserver', 'dist', 'bin.js');
  const child = spawn(process.execPath, [bin, '--kubeconfig', kubeconfig], { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new StepError(`kcache-fake-apiserver did not report its URL within 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new StepError(`kcache-fake-apiserver exited with code ${String(code)} before listening:\n${output}`));
    });
  });
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function seedDeployments(url: string, names: readonly string[]): Promise<string> {
  for (const name of names) {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { namespace: 'default', name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx' }] } },
      },
    };
    const res = await fetch(`${url}/apis/apps/v1/namespaces/default/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new StepError(`creating deployment ${name} on the fake API server answered ${String(res.status)}: ${await res.text()}`);
  }
  const list = (await (await fetch(`${url}/apis/apps/v1/deployments`)).json()) as { metadata?: { resourceVersion?: string } };
  const rv = list.metadata?.resourceVersion;
  if (rv === undefined) throw new StepError('the fake API server listed deployments without a resourceVersion');
  return rv;
}

async function seedConfigMap(url: string, name: string, data: Record<string, string>): Promise<void> {
  const res = await fetch(`${url}/api/v1/namespaces/default/configmaps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name }, data }),
  });
  if (res.status !== 201) throw new StepError(`creating configmap ${name} on the fake API server answered ${String(res.status)}: ${await res.text()}`);
}

/** Runs `dist/<file>` until its output satisfies `done`, then sends SIGTERM; resolves with the output once it exited 0. */
async function runUntil(project: string, file: string, env: NodeJS.ProcessEnv, done: (output: string) => boolean): Promise<string> {
  const child = spawn(process.execPath, [join('dist', file)], { cwd: project, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const state = { signalled: false };
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    if (!state.signalled && done(output)) {
      state.signalled = true;
      child.kill('SIGTERM');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => { resolve(c); }));
  clearTimeout(timer);
  if (!state.signalled) throw new StepError(`${file} exited (code ${String(code)}) or timed out before printing what was expected:\n${output}`);
  if (code !== 0) throw new StepError(`${file} exited with code ${String(code)} after SIGTERM:\n${output}`);
  return output;
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2024', 'ESNext.Disposable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    rootDir: 'src',
    outDir: 'dist',
  },
};

async function main(): Promise<void> {
  const timings: [string, number][] = [];
  let last = performance.now();
  const lap = (what: string): void => {
    const now = performance.now();
    timings.push([what, now - last]);
    last = now;
  };
  const failures: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'kcache-consumer-'));
  let server: ChildProcess | undefined;
  try {
    // 1. Tarballs, as `pnpm publish` would upload them.
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const packed = await packAll(publishablePackages(), tarballs);
    lap(`pnpm pack (${String(packed.length)} packages)`);

    // 2. A scratch project outside the workspace.
    const project = join(work, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'kcache-consumer', private: true, type: 'module' }, null, 2)}\n`);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const files = { 'readme-store.ts': STORE, 'readme-cluster.ts': CLUSTER, 'readme-fake.ts': FAKE, 'readme-controller.ts': CONTROLLER } as const;
    for (const [file, heading] of Object.entries(files)) writeFileSync(join(project, 'src', file), `${blockUnder(readme, heading)}\n`);
    copyFileSync(join(import.meta.dirname, '..', 'consumer', 'typed-objects.ts'), join(project, 'src', 'typed-objects.ts'));
    const readmeFiles = Object.keys(files).map((f) => `src/${f}`);
    writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ ...TSCONFIG, include: readmeFiles }, null, 2)}\n`);
    writeFileSync(join(project, 'tsconfig.typed.json'), `${JSON.stringify({ ...TSCONFIG, include: ['src/typed-objects.ts'] }, null, 2)}\n`);

    const own = join(import.meta.dirname, '..', 'package.json');
    const rootManifest = join(ROOT, 'package.json');
    const specs = [
      ...packed.map((p) => p.tarball),
      `@kubernetes/client-node@${rangeOf(own, '@kubernetes/client-node')}`,
      `typescript@${rangeOf(rootManifest, 'typescript')}`,
      `@types/node@${rangeOf(rootManifest, '@types/node')}`,
      // client-node's declarations import 'ws' (through isomorphic-ws) without depending on its
      // types; a project that type-checks its dependencies (skipLibCheck off, as here, so that
      // kcache's own declarations are checked too) needs them.
      '@types/ws@^8.5.0',
    ];
    try {
      await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs], { cwd: project, env: cleanEnv() });
    } catch (err) {
      throw new StepError(`npm install of the tarballs failed: ${(err as Error).message}`);
    }
    lap('npm install (tarballs, @kubernetes/client-node, typescript, @types/node, @types/ws)');

    // 3. Type-check and compile, as a strict NodeNext project would.
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    let readmeCompiled = true;
    let typedCompiled = true;
    try {
      await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, env: cleanEnv() });
    } catch (err) {
      readmeCompiled = false;
      failures.push(`the root README's usage blocks do not compile in a strict consumer project:\n${(err as Error).message}`);
    }
    try {
      await exec(process.execPath, [tsc, '-p', 'tsconfig.typed.json'], { cwd: project, env: cleanEnv() });
    } catch (err) {
      typedCompiled = false;
      failures.push(`consumer/typed-objects.ts (client-node models with kcache APIs, no cast) does not compile:\n${(err as Error).message}`);
    }
    lap('tsc (strict, NodeNext)');

    // 4. Run them.
    const runNode = async (file: string, env: NodeJS.ProcessEnv = {}): Promise<string> =>
      (await exec(process.execPath, [join('dist', file)], { cwd: project, env: cleanEnv(env) })).stdout;
    const attempt = async (what: string, body: () => Promise<void>): Promise<void> => {
      try {
        await body();
      } catch (err) {
        failures.push(`${what}: ${(err as Error).message}`);
      }
    };
    if (readmeCompiled) {
      await attempt(`README "${STORE}"`, async () => {
        expectLines('the store example', await runNode('readme-store.js'), ["[ 'billing/api-1', 'shop/web-1' ]", '2', 'node-b']);
      });
      await attempt(`README "${CLUSTER}"`, async () => {
        const kubeconfig = join(work, 'fake.kubeconfig');
        const started = await startFakeApiServer(project, kubeconfig);
        server = started.child;
        const rv = await seedDeployments(started.url, ['web', 'api', 'worker']);
        expectLines('the cluster example', await runNode('readme-cluster.js', { KUBECONFIG: kubeconfig }), [`3 deployments at RV ${rv}`]);
        await stopChild(started.child);
        server = undefined;
      });
      await attempt(`README "${FAKE}"`, async () => {
        expectLines('the fake API server example', await runNode('readme-fake.js'), [/429 TooManyRequests/, "[ 'settings' ]"]);
      });
      await attempt(`README "${CONTROLLER}"`, async () => {
        const kubeconfig = join(work, 'fake-controller.kubeconfig');
        const started = await startFakeApiServer(project, kubeconfig);
        server = started.child;
        await seedConfigMap(started.url, 'settings', { mode: 'fast' });
        // The example runs until SIGTERM, as a controller in a pod does: stop it once it reported.
        const output = await runUntil(project, 'readme-controller.js', { KUBECONFIG: kubeconfig }, (out) => out.includes('default/settings: 4 bytes of data'));
        if (!output.includes('default/settings: 4 bytes of data')) throw new StepError(`the controller example printed\n${output}`);
        await stopChild(started.child);
        server = undefined;
      });
    }
    if (typedCompiled) {
      await attempt('consumer/typed-objects.ts', async () => {
        expectLines('typed-objects', await runNode('typed-objects.js'), [
          /^deployment web at RV \d+$/,
          'configmap data {"mode":"safe"}',
          'pods on node-a: shop/api-1 shop/web-1',
          'listed 3 pods; web-2 tier front',
        ]);
      });
    }
    lap('run the examples');
  } catch (err) {
    failures.push(err instanceof StepError ? err.message : String(err instanceof Error ? (err.stack ?? err.message) : err));
  } finally {
    if (server !== undefined) await stopChild(server);
    if (process.env.KCACHE_KEEP_CONSUMER_PROJECT === '1') console.log(`consumer test: scratch project kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }

  const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
  for (const [what, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${what}`);
  if (failures.length > 0) {
    console.error(`\nconsumer test FAILED (${String(failures.length)} problem${failures.length === 1 ? '' : 's'}):`);
    for (const f of failures) console.error(`\n- ${f.replaceAll('\n', '\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`consumer test: packed packages installed with npm outside the workspace; README usages and typed objects compile (strict, NodeNext) and run — ${(total / 1000).toFixed(1)} s`);
}

await main();
