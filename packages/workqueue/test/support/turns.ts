// Helpers for this package's own tests; not part of the public API.

/** Lets other tasks run: `n` turns of the event loop (macrotasks, so timers and I/O interleave too). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
  }
}

const PENDING: unique symbol = Symbol('pending');

/**
 * What `promise` has resolved with so far, or `'pending'`, after letting queued microtasks run.
 * Works under fake timers (no timer involved).
 */
export async function peek<T>(promise: Promise<T>): Promise<{ value: T } | 'pending'> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  const result = await Promise.race([promise, Promise.resolve(PENDING)]);
  return result === PENDING ? 'pending' : { value: result as T };
}
