#!/usr/bin/env node
// `kcache-configmap-hash`: runs the controller against the cluster of a kubeconfig until SIGINT or
// SIGTERM (a second one exits at once).
import { runMain } from './run-main.js';

const stop = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    if (++signals > 1) process.exit(130);
    stop.abort();
  });
}
process.exitCode = await runMain(process.argv.slice(2), stop.signal, {
  stdout: (line) => {
    process.stdout.write(`${line}\n`);
  },
  stderr: (line) => {
    process.stderr.write(`${line}\n`);
  },
});
