// The kcache executables check the Node.js version before loading anything else: on an older
// Node.js a dependency would otherwise fail at import time with a stack trace instead of advice.
// Bundled into each bin by tsup (a devDependency, never a runtime one); it must stay free of
// imports so that it loads on any Node.js.

export const MINIMUM_NODE_VERSION = '22.19.0';

/** @param {string} program @param {string} [version] */
export function nodeVersionProblem(program, version = process.versions.node) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return undefined;
  return (
    `${program} needs Node.js >= 22.19 (24 LTS recommended), but this is Node.js ${version}. ` +
    'Install a newer Node.js (https://nodejs.org, or `nvm install 24`); in a clone of the kcache repository, ' +
    '`source tooling/ci/bootstrap.sh` installs Node.js 24 and pnpm 12 from the npm registry.'
  );
}
