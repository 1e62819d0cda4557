// Model-based test: random sequences of operations against an indexer and against an obviously
// correct model (a Map, with indexes recomputed by scanning). After every step every query must
// agree. fast-check prints the seed and the shrunk failing sequence; replay with KCACHE_SEED.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexFuncError, KeyError } from './errors.js';
import { createIndexer } from './indexer.js';
import { testSeed } from '@kcache/vitest-config/seed';
import type { Indexer, Indexers } from './types.js';

interface Obj {
  id: string;
  vals: string[];
}

const VALUES = ['a', 'b', 'c', 'd', 'e', 'boom'];
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', ''];

const indexers: Indexers<Obj> = {
  multi: (o) => o.vals,
  first: (o) => [o.vals[0] ?? 'none'],
  never: () => [],
  picky: (o) => {
    if (o.vals.includes('boom')) throw new Error('boom');
    return o.vals.slice(0, 2);
  },
};

type Op =
  | { type: 'add' | 'update' | 'delete'; obj: Obj }
  | { type: 'replace'; objs: Obj[] };

const obj: fc.Arbitrary<Obj> = fc.record({
  id: fc.constantFrom(...KEYS),
  vals: fc.array(fc.constantFrom(...VALUES), { maxLength: 4 }),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('add' as const), obj }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('update' as const), obj }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('delete' as const), obj }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('replace' as const), objs: fc.array(obj, { maxLength: 6 }) }) },
);

function keyFunc(o: Obj): string {
  if (o.id === '') throw new KeyError('test object without id', 'MissingName', { obj: o });
  return o.id;
}

/** What the model says an operation must do: throw (changing nothing) or apply. */
function expectedFailure(o: Obj): typeof KeyError | typeof IndexFuncError | undefined {
  if (o.id === '') return KeyError;
  return o.vals.includes('boom') ? IndexFuncError : undefined;
}

describe('createIndexer against a model', () => {
  it('agrees with the model after every operation', () => {
    const seed = testSeed();
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const indexer = createIndexer<Obj>({ keyFunc, indexers });
        const model = new Map<string, Obj>();
        for (const step of ops) {
          if (step.type === 'replace') {
            const failure = step.objs.map(expectedFailure).find((f) => f !== undefined);
            if (failure === undefined) {
              indexer.replace(step.objs, '1');
              model.clear();
              for (const o of step.objs) model.set(o.id, o);
            } else {
              expect(() => {
                indexer.replace(step.objs, '1');
              }).toThrow(failure);
            }
          } else if (step.type === 'delete') {
            if (step.obj.id === '') {
              expect(() => {
                indexer.delete(step.obj);
              }).toThrow(KeyError);
            } else {
              indexer.delete(step.obj);
              model.delete(step.obj.id);
            }
          } else {
            const failure = expectedFailure(step.obj);
            if (failure === undefined) {
              indexer[step.type](step.obj);
              model.set(step.obj.id, step.obj);
            } else {
              expect(() => {
                indexer[step.type](step.obj);
              }).toThrow(failure);
            }
          }
          check(indexer, model);
        }
      }),
      { seed, numRuns: 300 },
    );
  });
});

function check(indexer: Indexer<Obj>, model: Map<string, Obj>): void {
  expect(indexer.listKeys().sort()).toEqual([...model.keys()].sort());
  for (const [key, o] of model) expect(indexer.getByKey(key)).toBe(o);
  for (const [name, fn] of Object.entries(indexers)) {
    const expected = new Map<string, Set<string>>();
    for (const [key, o] of model) {
      for (const value of fn(o)) {
        const set = expected.get(value) ?? new Set<string>();
        set.add(key);
        expected.set(value, set);
      }
    }
    expect(indexer.listIndexFuncValues(name).sort()).toEqual([...expected.keys()].sort());
    for (const value of [...VALUES, 'none']) {
      const keys = [...(expected.get(value) ?? [])].sort();
      expect(indexer.indexKeys(name, value)).toEqual(keys);
      expect(indexer.byIndex(name, value).map((o) => o.id).sort()).toEqual(keys);
    }
  }
  // index(): union over the query's values, each object once.
  const query: Obj = { id: 'q', vals: ['a', 'b', 'c'] };
  const matching = [...model.values()].filter((o) => o.vals.some((v) => query.vals.includes(v)));
  expect(indexer.index('multi', query).map((o) => o.id).sort()).toEqual(matching.map((o) => o.id).sort());
}
