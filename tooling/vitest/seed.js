// Seeded randomness for tests, one way for every package: the seed of a run comes from
// KCACHE_SEED when it is set, else from a fixed default, so every run is reproducible and a
// failing one can be replayed with `KCACHE_SEED=<seed> pnpm test`.
import { onTestFailed } from 'vitest';

/** The seed of a run when KCACHE_SEED is not set. */
export const DEFAULT_SEED = 20_240_601;

/**
 * The seed of this run: `KCACHE_SEED` (an integer) when set; otherwise `DEFAULT_SEED` (or
 * `fallback`, for a test whose default run needs a particular seed), or, with `{ fresh: true }`
 * (soak modes), a new seed each run.
 * @param {{ fresh?: boolean, fallback?: number }} [options]
 * @returns {number}
 */
export function testSeed(options = {}) {
  const fromEnv = process.env.KCACHE_SEED;
  if (fromEnv === undefined || fromEnv === '') {
    return options.fresh === true ? Math.floor(Math.random() * 2 ** 31) : (options.fallback ?? DEFAULT_SEED);
  }
  const seed = Number(fromEnv);
  if (!Number.isSafeInteger(seed)) throw new Error(`KCACHE_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
  return seed;
}

/**
 * A small, fast generator (mulberry32) of floats in [0, 1): the same seed gives the same sequence
 * on every machine.
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Prints, if the current test fails, how to replay it: `KCACHE_SEED=<seed>` and any other
 * settings given in `extra` (e.g. `{ KCACHE_SOAK: '1' }`). Call it inside a test or a `beforeEach`.
 * @param {number} seed
 * @param {Record<string, string | number>} [extra]
 * @returns {void}
 */
export function printSeedOnFailure(seed, extra = {}) {
  const settings = Object.entries({ KCACHE_SEED: seed, ...extra }).map(([name, value]) => `${name}=${String(value)}`);
  onTestFailed(({ task }) => {
    console.error(`"${task.name}" failed; replay it with ${settings.join(' ')}`);
  });
}
