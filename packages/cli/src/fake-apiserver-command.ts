import type { CliIo } from './internal/io.js';

/** Runs `kcache fake-apiserver`, delegating to the fake API server package's own command. */
export async function runFakeApiServerCommand(_args: readonly string[], _io: CliIo, _signal: AbortSignal): Promise<number> {
  return Promise.resolve(1);
}
