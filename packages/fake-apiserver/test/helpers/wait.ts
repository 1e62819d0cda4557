// Polling for a condition that another party (a client library's reconnect loop, a child
// process) makes true in its own time. Not a timing assertion: the deadline only turns a hang
// into a readable failure.

/** Resolves once `check` returns true; rejects after `timeoutMs` with `describe()` in the message. */
export async function waitUntil(check: () => boolean, describe: () => string, timeoutMs = 10_000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${String(timeoutMs)} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
