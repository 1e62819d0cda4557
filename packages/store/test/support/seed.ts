/**
 * Seeded randomness for tests: the seed comes from `KCACHE_SEED` when set, else a fixed default,
 * so every run is reproducible and a failure can be replayed.
 */
export function testSeed(fallback: number): number {
  const fromEnv = process.env.KCACHE_SEED;
  if (fromEnv === undefined || fromEnv === '') return fallback;
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`KCACHE_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
  return seed;
}

/** A small, fast, seeded PRNG (mulberry32) returning floats in [0, 1). */
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
