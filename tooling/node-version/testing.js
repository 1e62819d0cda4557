// Test helpers for the executables' Node.js version check.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nodeVersionProblem } from './index.js';

/** @param {string} bin @param {string} version @param {string[]} [args] */
export function runBinAsNode(bin, version, args = []) {
  const pretend = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:${JSON.stringify(version)}})`;
  const run = spawnSync(process.execPath, ['--import', pretend, bin, ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function olderNodeOnMachine() {
  const candidate = '/usr/bin/node';
  if (!existsSync(candidate)) return undefined;
  const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  return nodeVersionProblem('node', version) === undefined ? undefined : candidate;
}
