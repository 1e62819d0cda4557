// The executables check the Node.js version before loading anything else: on an older Node, a
// dependency would otherwise fail at import time with a stack trace instead of advice.
// This module must stay free of imports so that it loads on any Node.js.

/** The oldest Node.js the package supports (its `engines.node`). */
export const MINIMUM_NODE_VERSION = '22.19.0';

/**
 * One line of advice when `version` is older than {@link MINIMUM_NODE_VERSION}, else `undefined`.
 * @param program the executable's name, for the message
 * @param version a Node.js version such as `20.20.2` (default: the running one)
 */
export function nodeVersionProblem(program: string, version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return undefined;
  return (
    `${program} needs Node.js >= 22.19 (24 LTS recommended), but this is Node.js ${version}. ` +
    'Install a newer Node.js (https://nodejs.org, or `nvm install 24`); in a clone of the kcache repository, ' +
    '`source tooling/ci/bootstrap.sh` installs Node.js 24 and pnpm 12 from the npm registry.'
  );
}
