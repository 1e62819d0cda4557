import { describe, expect, it } from 'vitest';
import { SortedKeys } from './sorted-keys.js';
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';

const SEED = testSeed();

describe('SortedKeys', () => {
  it('matches a sorted-array model under random adds, deletes, seeks and ranks', () => {
    printSeedOnFailure(SEED);
    const random = seededRandom(SEED);
    const keys = new SortedKeys();
    const model = new Set<string>();
    const key = (): string => `ns${Math.floor(random() * 20)}/p${Math.floor(random() * 3000)}`;
    for (let step = 0; step < 20000; step++) {
      const k = key();
      if (random() < 0.65) {
        if (!model.has(k)) {
          keys.add(k);
          model.add(k);
        }
      } else {
        keys.delete(k);
        model.delete(k);
      }
      if (step % 500 === 0) {
        const sorted = [...model].sort();
        expect(keys.size, `seed ${SEED} step ${step}`).toBe(sorted.length);
        expect(keys.toArray(), `seed ${SEED} step ${step}`).toEqual(sorted);
        const from = key();
        const exclusive = random() < 0.5;
        const seen: string[] = [];
        keys.forEachFrom(from, exclusive, (k2) => seen.push(k2) < 25);
        const expected = sorted.filter((k2) => (exclusive ? k2 > from : k2 >= from)).slice(0, 25);
        expect(seen, `seed ${SEED} step ${step} from ${from}`).toEqual(expected);
        expect(keys.rank(from), `seed ${SEED} step ${step}`).toBe(sorted.filter((k2) => k2 < from).length);
      }
    }
  });

  it('handles an empty set and deleting absent keys', () => {
    const keys = new SortedKeys();
    keys.delete('x');
    expect(keys.size).toBe(0);
    expect(keys.rank('x')).toBe(0);
    const seen: string[] = [];
    keys.forEachFrom('', false, (k) => seen.push(k) > 0);
    expect(seen).toEqual([]);
  });
});
