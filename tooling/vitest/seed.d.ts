/** The seed of a run when KCACHE_SEED is not set. */
export declare const DEFAULT_SEED: number;
/**
 * The seed of this run: `KCACHE_SEED` (an integer) when set; otherwise `DEFAULT_SEED` (or
 * `fallback`, for a test whose default run needs a particular seed), or, with `{ fresh: true }`
 * (soak modes), a new seed each run.
 */
export declare function testSeed(options?: { fresh?: boolean; fallback?: number }): number;
/** A small, fast generator (mulberry32) of floats in [0, 1): the same seed gives the same sequence on every machine. */
export declare function seededRandom(seed: number): () => number;
/**
 * Prints, if the current test fails, how to replay it: `KCACHE_SEED=<seed>` and any other
 * settings given in `extra`. Call it inside a test or a `beforeEach`.
 */
export declare function printSeedOnFailure(seed: number, extra?: Record<string, string | number>): void;
