// Properties of apply on objects without a schema (granular maps, atomic lists), from random
// configurations. KCACHE_SEED=<seed fast-check prints> replays a failure.
import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createFieldManager, DEDUCED_SCHEMA, type ObjectJson } from './field-manager.js';

fc.configureGlobal({ seed: testSeed() });

const key = fc.constantFrom('a', 'b', 'c', 'd');
const scalar = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'), fc.boolean());
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(scalar, { maxLength: 3 }), tie('m')),
  m: fc.dictionary(key, tie('v'), { maxKeys: 3 }),
})).v;
const spec = fc.dictionary(key, value, { maxKeys: 4 });

const config = (s: Record<string, unknown>): ObjectJson => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: s });
const withoutManaged = (o: ObjectJson): ObjectJson => {
  const { managedFields: _m, ...meta } = o.metadata as Record<string, unknown>;
  return { ...o, metadata: meta };
};

describe('apply without a schema', () => {
  const fm = createFieldManager({ schema: DEDUCED_SCHEMA });
  const opts = (manager: string, force = false) => ({ manager, apiVersion: 'example.com/v1', force, now: new Date('2026-01-01T00:00:00Z') });

  test('apply to nothing gives the configuration; applying it again changes nothing', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const created = fm.apply(undefined, config(s), opts('m'));
        expect(withoutManaged(created)).toEqual(config(s));
        expect(fm.apply(created, config(s), opts('m'))).toEqual(created);
      }),
    );
  });

  test('a sole applier gets exactly its new configuration: what it stopped applying is removed', () => {
    fc.assert(
      fc.property(spec, spec, (s1, s2) => {
        const first = fm.apply(undefined, config(s1), opts('m'));
        const second = fm.apply(first, config(s2), opts('m'));
        expect(withoutManaged(second)).toEqual(config(s2));
      }),
    );
  });

  test('a forced apply sets every value it applies; the first applier keeps what it alone still owns', () => {
    fc.assert(
      fc.property(spec, spec, (s1, s2) => {
        const first = fm.apply(undefined, config(s1), opts('m1'));
        const second = fm.apply(first, config(s2), opts('m2', true));
        const merged = (second.spec ?? {}) as Record<string, unknown>;
        const covers = (want: unknown, got: unknown): boolean => {
          if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
            return got !== null && typeof got === 'object' && Object.entries(want).every(([k, v]) => covers(v, (got as Record<string, unknown>)[k]));
          }
          return JSON.stringify(want) === JSON.stringify(got);
        };
        expect(covers(s2, merged)).toBe(true);
      }),
    );
  });
});
