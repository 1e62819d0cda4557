import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObject, jsonEqual } from './json-value.js';
import { applyMergePatch } from './merge-patch.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

describe('applyMergePatch', () => {
  // The examples of RFC 7386, appendix A.
  const rfc: [target: unknown, patch: unknown, result: unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(rfc)('%j + %j = %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('merges the metadata of a Kubernetes object', () => {
    const pod = { metadata: { name: 'p', labels: { a: '1', b: '2' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    const patched = applyMergePatch(pod, { metadata: { labels: { b: null, c: '3' } }, spec: { containers: [{ name: 'c', image: 'y' }] } });
    expect(patched).toEqual({ metadata: { name: 'p', labels: { a: '1', c: '3' } }, spec: { containers: [{ name: 'c', image: 'y' }] } });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const patched = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.keys(patched)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
  });

  it('never mutates its inputs and shares no structure with them', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (target, patch) => {
        const t = structuredClone(target);
        const p = structuredClone(patch);
        const result = applyMergePatch(target, patch);
        expect(target).toEqual(t);
        expect(patch).toEqual(p);
        if (isJsonObject(result)) {
          // Mutating the result must not reach the inputs.
          const mutate = (v: unknown): void => {
            if (isJsonObject(v)) {
              for (const k of Object.keys(v)) mutate(v[k]);
              v.__mutated = true;
            } else if (Array.isArray(v)) {
              v.forEach(mutate);
              v.push('mutated');
            }
          };
          mutate(result);
          expect(target).toEqual(t);
          expect(patch).toEqual(p);
        }
      }),
    );
  });

  // A value a merge patch can produce: objects never hold null (null means "remove").
  const { value: noNullValue } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.oneof(fc.constant(null), tie('value')), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 }),
    ),
  }));

  /** The merge patch that turns `from` into `to` (the way a client computes it). */
  function diff(from: unknown, to: unknown): unknown {
    if (!isJsonObject(from) || !isJsonObject(to)) return to;
    const patch: Record<string, unknown> = {};
    for (const k of Object.keys(from)) if (!Object.hasOwn(to, k)) patch[k] = null;
    for (const [k, v] of Object.entries(to)) {
      if (!Object.hasOwn(from, k)) patch[k] = v;
      else if (!jsonEqual(from[k], v)) patch[k] = diff(from[k], v);
    }
    return patch;
  }

  it('applying the diff-derived patch reproduces the target', () => {
    fc.assert(
      fc.property(noNullValue, noNullValue, (from, to) => {
        expect(applyMergePatch(from, diff(from, to))).toEqual(to);
      }),
    );
  });

  it('is idempotent: applying a patch twice equals applying it once', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (target, patch) => {
        const once = applyMergePatch(target, patch);
        expect(applyMergePatch(once, patch)).toEqual(once);
      }),
    );
  });
});
