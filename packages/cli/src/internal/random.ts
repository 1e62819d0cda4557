/** A small seeded pseudo-random generator: the same seed gives the same sequence on every machine. */
export interface Random {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** `length` characters from [a-z0-9]. */
  token(length: number): string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Creates a generator from a 32-bit seed. The algorithm is SplitMix32-style mixing over a Weyl
 * sequence: statistically good enough for picking pods and operations, tiny, and (unlike
 * Math.random) repeatable, which is what `--seed` promises.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z = (z ^ (z >>> 15)) >>> 0;
    return z / 0x1_0000_0000;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed: seed >>> 0,
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs at least one item');
      return items[int(items.length)] as T;
    },
    chance: (p: number): boolean => next() < p,
    token(length: number): string {
      let out = '';
      for (let i = 0; i < length; i++) out += ALPHABET.charAt(int(ALPHABET.length));
      return out;
    },
  };
}

/** A seed for runs without `--seed`: random, but printed so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fff_ffff);
}
