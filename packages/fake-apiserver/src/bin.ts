#!/usr/bin/env node
// Checks the Node.js version first, then loads the program: on an unsupported Node.js the user gets
// one line of advice rather than a stack trace from a dependency that failed to load.
import { nodeVersionProblem } from '@kcache/node-version';

const problem = nodeVersionProblem('kcache-fake-apiserver');
if (problem === undefined) {
  await import('./main.js');
} else {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
}
