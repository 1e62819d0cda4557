// Package-quality gate: packs every publishable package (packages/*, not private) as `pnpm publish`
// would and checks each tarball, with zero findings allowed:
//   publint   the manifest against the packed files (strict: warnings and suggestions count)
//   attw      the types as TypeScript resolves them, with the esm-only profile (see below)
//   manifest  kcache's own rules: the LICENSE, repository/homepage/bugs, README links that work on
//             the npm page, and internal dependency ranges that resolve after a release
// then knip over the workspace (knip.jsonc at the root), twice: every file with tests included,
// and --production over packages/* (code that only tests reach counts as unused there).
// Every gate runs even when an earlier one found something, so one run shows all findings.
// Run after a build: `pnpm check:packages` builds, then runs this.
import { mkdtempSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { exec, packAll, publishablePackages, readManifest, ROOT, type PackedPackage } from './packages.ts';

const REPOSITORY = 'https://github.com/kcache-dev/kcache';

interface Finding {
  pkg: string;
  tool: 'publint' | 'attw' | 'manifest' | 'knip';
  message: string;
}

/**
 * The attw command line. The packages are ESM only ("type": "module", an `exports` map with
 * `types` and `default`, Node >= 22.19), so the esm-only profile leaves out the two resolutions
 * that cannot apply to them: `node10` (TypeScript's pre-`exports` resolution, deprecated in
 * TypeScript 6, which cannot see subpaths such as `@kcache/reflector/testing`) and `node16-cjs`
 * (a CommonJS `require`, which TypeScript reports as ESM-only; Node >= 22.12 can `require()`
 * these packages anyway). Every other problem in the `node16` (from ESM) and `bundler`
 * resolutions still fails the check.
 */
function attwCommand(tarball: string): string[] {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@arethetypeswrong/cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  const script = bin.attw;
  if (script === undefined) throw new Error('@arethetypeswrong/cli has no attw bin');
  return [join(dirname(manifestPath), script), tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'];
}

async function runAttw(pkg: PackedPackage): Promise<Finding[]> {
  try {
    await exec(process.execPath, attwCommand(pkg.tarball), { cwd: ROOT });
    return [];
  } catch (err) {
    return [{ pkg: pkg.manifest.name, tool: 'attw', message: (err as Error).message }];
  }
}

async function runPublint(pkg: PackedPackage): Promise<Finding[]> {
  const bytes = readFileSync(pkg.tarball);
  const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const result = await publint({ pack: { tarball }, level: 'suggestion', strict: true });
  return result.messages.map((message) => ({
    pkg: pkg.manifest.name,
    tool: 'publint' as const,
    message: `${message.type}: ${formatMessage(message, result.pkg) ?? message.code}`,
  }));
}

/** knip from the root, with the given extra arguments; its report is the finding. */
async function runKnip(args: readonly string[]): Promise<Finding[]> {
  try {
    await exec('pnpm', ['exec', 'knip', '--no-progress', ...args], { cwd: ROOT });
    return [];
  } catch (err) {
    return [{ pkg: `knip ${args.join(' ')}`.trim(), tool: 'knip', message: (err as Error).message }];
  }
}

/** Links in Markdown outside fenced code: inline links and images, reference definitions, HTML href/src. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const targets: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1] ?? '');
  for (const m of prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(m[1] ?? '');
  for (const m of prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) targets.push(m[1] ?? '');
  return targets;
}

/** kcache's own rules, on the unpacked tarball (`root` is its `package/` folder). */
function checkManifest(pkg: PackedPackage, root: string, versions: ReadonlyMap<string, string>, license: string): string[] {
  const problems: string[] = [];
  const packed = readManifest(join(root, 'package.json'));

  // LICENSE: listed in `files`, shipped, and the root's text byte for byte.
  if (!(packed.files ?? []).includes('LICENSE')) problems.push('"files" does not list "LICENSE"');
  const licenseFile = join(root, 'LICENSE');
  if (!existsSync(licenseFile)) problems.push(`the tarball has no LICENSE: copy the root LICENSE to ${pkg.dir}/LICENSE`);
  else if (readFileSync(licenseFile, 'utf8') !== license) problems.push(`${pkg.dir}/LICENSE differs from the root LICENSE: copy it again`);

  // Where the package comes from, for the npm page.
  const repo = typeof packed.repository === 'object' ? packed.repository : undefined;
  if (repo?.type !== 'git' || repo.url !== `git+${REPOSITORY}.git` || repo.directory !== pkg.dir) {
    problems.push(`"repository" must be { "type": "git", "url": "git+${REPOSITORY}.git", "directory": "${pkg.dir}" }`);
  }
  if (packed.homepage !== `${REPOSITORY}/tree/main/${pkg.dir}#readme`) {
    problems.push(`"homepage" must be "${REPOSITORY}/tree/main/${pkg.dir}#readme"`);
  }
  const bugs = typeof packed.bugs === 'object' ? packed.bugs.url : packed.bugs;
  if (bugs !== `${REPOSITORY}/issues`) problems.push(`"bugs" must be { "url": "${REPOSITORY}/issues" }`);

  // The README as the npm page shows it: only absolute links and in-page anchors work there.
  const readme = join(root, 'README.md');
  if (!existsSync(readme)) {
    problems.push('the tarball has no README.md');
  } else {
    for (const target of linkTargets(readFileSync(readme, 'utf8'))) {
      if (!/^(https?:|mailto:|#)/.test(target)) {
        problems.push(`README.md links to "${target}", which the npm page cannot follow: use an absolute ${REPOSITORY}/blob/main/… URL`);
      }
    }
  }

  // Internal dependencies: published packages only, at ^<their version> (workspace:^), which the
  // fixed versioning of changesets keeps equal to this package's own version.
  const runtime = { ...packed.dependencies, ...packed.peerDependencies, ...packed.optionalDependencies };
  for (const [name, range] of Object.entries(runtime)) {
    if (range.startsWith('workspace:')) problems.push(`${name}: "${range}" was not replaced on pack`);
    if (!name.startsWith('@kcache/')) continue;
    const version = versions.get(name);
    if (version === undefined) {
      problems.push(`${name} is not a published package, yet it is a runtime dependency: move it to devDependencies`);
    } else if (range !== `^${version}`) {
      problems.push(`${name}: packed as "${range}", expected "^${version}" (declare it as "workspace:^")`);
    }
  }
  if (packed.version !== pkg.manifest.version) problems.push(`packed version ${packed.version} differs from ${pkg.manifest.version}`);
  return problems;
}

async function main(): Promise<number> {
  const started = performance.now();
  const packages = publishablePackages();
  const work = mkdtempSync(join(tmpdir(), 'kcache-check-packages-'));
  try {
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const packed = await packAll(packages, tarballs);
    const versions = new Map(packages.map((p) => [p.manifest.name, p.manifest.version]));
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    const findings: Finding[] = [];

    const distinct = new Set(versions.values());
    if (distinct.size > 1) {
      findings.push({
        pkg: '(all)',
        tool: 'manifest',
        message: `the packages have different versions (${[...versions].map(([n, v]) => `${n}@${v}`).join(', ')}); changesets "fixed" keeps them equal`,
      });
    }

    for (const pkg of packed) {
      const unpacked = join(work, 'unpacked', basename(pkg.tarball, '.tgz'));
      mkdirSync(unpacked, { recursive: true });
      await exec('tar', ['-xzf', pkg.tarball, '-C', unpacked], { cwd: work });
      const own = [
        ...(await runPublint(pkg)),
        ...(await runAttw(pkg)),
        ...checkManifest(pkg, join(unpacked, 'package'), versions, license).map((message) => ({
          pkg: pkg.manifest.name,
          tool: 'manifest' as const,
          message,
        })),
      ];
      findings.push(...own);
      console.log(`${own.length === 0 ? 'ok  ' : 'FAIL'} ${pkg.manifest.name} (${basename(pkg.tarball)})`);
    }

    for (const args of [[], ['--production', '--workspace', './packages/*']]) {
      const own = await runKnip(args);
      findings.push(...own);
      console.log(`${own.length === 0 ? 'ok  ' : 'FAIL'} knip ${args.join(' ')}`.trimEnd());
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (findings.length === 0) {
      console.log(`check-packages: ${String(packed.length)} packages packed and checked (publint, attw --profile esm-only, manifest) and knip over the workspace: 0 findings in ${seconds} s`);
      return 0;
    }
    console.error(`\ncheck-packages: ${String(findings.length)} finding(s) in ${String(packed.length)} packages (${seconds} s):`);
    for (const f of findings) console.error(`\n[${f.tool}] ${f.pkg}\n  ${f.message.replaceAll('\n', '\n  ')}`);
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(`check-packages failed: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
});
