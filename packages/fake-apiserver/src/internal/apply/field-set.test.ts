import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FieldSet } from './field-set.js';
import { deserializeElement, pathToString, serializeElement, type Path, type PathElement } from './path.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean());
const element: fc.Arbitrary<PathElement> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 8 }).map((field) => ({ field })) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 5 }), scalar), { minLength: 1, maxLength: 3, selector: ([k]) => k })
      .map((pairs) => ({ key: [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) })),
  },
  { weight: 1, arbitrary: scalar.map((value) => ({ value })) },
  { weight: 1, arbitrary: fc.nat(20).map((index) => ({ index })) },
);
const path: fc.Arbitrary<Path> = fc.array(element, { minLength: 1, maxLength: 4 });
const set = fc.array(path, { maxLength: 12 }).map((paths) => FieldSet.of(...paths));

describe('FieldsV1', () => {
  test('encodes as kube writes it: f:, k: with sorted keys, v:, i:, and "." for a member with children', () => {
    const s = FieldSet.of(
      [{ field: 'spec' }, { field: 'replicas' }],
      [{ field: 'metadata' }, { field: 'labels' }],
      [{ field: 'metadata' }, { field: 'labels' }, { field: 'app' }],
      [{ field: 'spec' }, { field: 'containers' }, { key: [['name', 'c']] }],
      [{ field: 'spec' }, { field: 'containers' }, { key: [['name', 'c']] }, { field: 'image' }],
      [{ field: 'spec' }, { field: 'ports' }, { key: [['containerPort', 80], ['protocol', 'TCP']] }],
      [{ field: 'metadata' }, { field: 'finalizers' }, { value: 'x' }],
      [{ field: 'spec' }, { field: 'args' }, { index: 0 }],
    );
    expect(JSON.stringify(s.toFieldsV1())).toBe(
      '{"f:metadata":{"f:finalizers":{"v:\\"x\\"":{}},"f:labels":{".":{},"f:app":{}}},' +
        '"f:spec":{"f:args":{"i:0":{}},"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:image":{}}},' +
        '"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{}},"f:replicas":{}}}',
    );
  });

  test('keys and values are written as Go writes JSON (HTML characters escaped)', () => {
    expect(serializeElement({ key: [['name', 'a<b&c>']] })).toBe('k:{"name":"a\\u003cb\\u0026c\\u003e"}');
    expect(deserializeElement('k:{"name":"a\\u003cb"}')).toEqual({ key: [['name', 'a<b']] });
  });

  test('unknown element types are skipped when reading; malformed keys throw', () => {
    expect(FieldSet.fromFieldsV1({ 'f:a': {}, 'x:zzz': {} }).paths()).toEqual([[{ field: 'a' }]]);
    expect(() => FieldSet.fromFieldsV1({ 'k:{oops': {} })).toThrow();
    expect(() => FieldSet.fromFieldsV1({ 'f:a': 1 })).toThrow();
  });

  test('decode(encode(s)) has the same members; encode is deterministic', () => {
    fc.assert(
      fc.property(set, (s) => {
        const encoded = s.toFieldsV1();
        const back = FieldSet.fromFieldsV1(JSON.parse(JSON.stringify(encoded)));
        expect(back.equals(s)).toBe(true);
        expect(JSON.stringify(back.toFieldsV1())).toBe(JSON.stringify(encoded));
      }),
    );
  });
});

describe('set operations', () => {
  const has = (s: FieldSet, p: Path): boolean => s.has(p);
  test('union, intersection and difference agree with membership', () => {
    fc.assert(
      fc.property(set, set, fc.array(path, { maxLength: 6 }), (a, b, probes) => {
        const all = [...a.paths(), ...b.paths(), ...probes];
        for (const p of all) {
          expect(has(a.union(b), p)).toBe(has(a, p) || has(b, p));
          expect(has(a.intersection(b), p)).toBe(has(a, p) && has(b, p));
          expect(has(a.difference(b), p)).toBe(has(a, p) && !has(b, p));
        }
        expect(a.union(b).size()).toBe(a.size() + b.size() - a.intersection(b).size());
      }),
    );
  });

  test('recursiveDifference also drops everything below a member of the other set', () => {
    const a = FieldSet.of([{ field: 'status' }, { field: 'replicas' }], [{ field: 'spec' }, { field: 'x' }]);
    const out = a.recursiveDifference(FieldSet.of([{ field: 'status' }]));
    expect(out.paths()).toEqual([[{ field: 'spec' }, { field: 'x' }]]);
    expect(a.difference(FieldSet.of([{ field: 'status' }])).size()).toBe(2);
  });
});

describe('paths as kube prints them', () => {
  test('fields, keys, set values and indexes', () => {
    expect(pathToString([{ field: 'spec' }, { field: 'containers' }, { key: [['name', 'c']] }, { field: 'image' }])).toBe('.spec.containers[name="c"].image');
    expect(pathToString([{ field: 'ports' }, { key: [['containerPort', 80], ['protocol', 'TCP']] }])).toBe('.ports[containerPort=80,protocol="TCP"]');
    expect(pathToString([{ field: 'finalizers' }, { value: 'a' }])).toBe('.finalizers[="a"]');
    expect(pathToString([{ field: 'args' }, { index: 2 }])).toBe('.args[2]');
  });
});
