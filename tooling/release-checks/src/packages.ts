// The publishable packages of the workspace (every packages/* whose package.json is not private)
// and their tarballs as `pnpm pack` writes them, the way `pnpm publish` would upload them.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root (this file is tooling/release-checks/src/packages.ts). */
export const ROOT: string = resolve(import.meta.dirname, '..', '..', '..');

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  repository?: { type?: string; url?: string; directory?: string } | string;
  homepage?: string;
  bugs?: { url?: string } | string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder relative to the root, e.g. `packages/store`. */
  dir: string;
  manifest: Manifest;
}

export interface PackedPackage extends WorkspacePackage {
  tarball: string;
}

/** A package.json, as far as these checks read it. */
export function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Every workspace package under packages/, private or not, sorted by folder. */
function workspacePackages(): WorkspacePackage[] {
  const base = join(ROOT, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, 'package.json')))
    .map((entry) => ({
      dir: `packages/${entry.name}`,
      manifest: readManifest(join(base, entry.name, 'package.json')),
    }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The packages that get published: every packages/* that is not private. */
export function publishablePackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}

/** Runs `pnpm pack` for each package into `destination`; one pack at a time keeps the output readable. */
export async function packAll(packages: readonly WorkspacePackage[], destination: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const pkg of packages) {
    const before = new Set(readdirSync(destination));
    try {
      await run('pnpm', ['pack', '--pack-destination', destination], { cwd: join(ROOT, pkg.dir) });
    } catch (err) {
      const { stderr, stdout } = err as { stderr?: string; stdout?: string };
      throw new Error(`pnpm pack failed in ${pkg.dir}:\n${stdout ?? ''}${stderr ?? ''}`, { cause: err });
    }
    const added = readdirSync(destination).filter((f) => f.endsWith('.tgz') && !before.has(f));
    const [tarball] = added;
    if (tarball === undefined || added.length !== 1) {
      throw new Error(`pnpm pack in ${pkg.dir} wrote ${String(added.length)} tarballs, expected one`);
    }
    packed.push({ ...pkg, tarball: join(destination, tarball) });
  }
  return packed;
}

/** Runs a command, resolving with its output; rejects with the output in the message on a non-zero exit. */
export async function exec(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, [...args], { ...options, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stderr, stdout } = err as { stderr?: string; stdout?: string };
    const output = `${stdout ?? ''}${stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} failed (in ${options.cwd})${output === '' ? '' : `:\n${output}`}`, { cause: err });
  }
}
