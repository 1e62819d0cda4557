// Waiting for a condition that another party (a client library's reconnect loop, a child
// process) makes true in its own time. Not a timing assertion: the deadline only turns a hang
// into a readable failure.
import { vi } from 'vitest';

/** Resolves once `check` returns true; rejects after `timeoutMs` with `describe()` in the message. */
export async function waitUntil(check: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
  try {
    await vi.waitUntil(check, { timeout: timeoutMs, interval: 10 });
  } catch (err) {
    throw new Error(`condition not met within ${String(timeoutMs)} ms: ${describe()}`, { cause: err });
  }
}
