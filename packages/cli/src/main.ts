// The `kcache` executable, loaded by bin.ts once the Node.js version is known to be supported.
import { runCli } from './program.js';

// Ctrl-C (or a SIGTERM from a supervisor) stops the running command gracefully: servers close,
// watches end, and the command prints what it has. A second Ctrl-C exits at once.
const controller = new AbortController();
const onSignal = (): void => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await runCli(process.argv.slice(2), { signal: controller.signal });
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
