// Helpers for this package's own tests; not part of the public API.

/**
 * Seeded randomness for tests: the seed comes from `KCACHE_SEED` when set, else the given
 * default, so every run is reproducible and a failure can be replayed.
 */
export function testSeed(fallback: number): number {
  const fromEnv = process.env.KCACHE_SEED;
  if (fromEnv === undefined || fromEnv === '') return fallback;
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`KCACHE_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
  return seed;
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
