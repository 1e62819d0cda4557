import { runFakeApiServerCli } from '@kcache/fake-apiserver';
import type { CliIo } from './internal/io.js';

/**
 * Runs `kcache fake-apiserver`: the fake API server package's own command (`kcache-fake-apiserver`),
 * with the same options and output, so both names behave alike.
 */
export async function runFakeApiServerCommand(args: readonly string[], io: CliIo, signal: AbortSignal): Promise<number> {
  return runFakeApiServerCli(args, { stdout: io.stdout, stderr: io.stderr, signal });
}
