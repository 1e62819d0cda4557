import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, parseJsonPointer } from './json-patch.js';
import { PatchError } from './patch-error.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

function patchError(doc: unknown, ops: unknown): PatchError {
  try {
    applyJsonPatch(doc, ops);
  } catch (err) {
    expect(err).toBeInstanceOf(PatchError);
    return err as PatchError;
  }
  throw new Error('expected the patch to fail');
}

describe('applyJsonPatch: RFC 6902 appendix A', () => {
  const cases: [name: string, doc: unknown, ops: unknown[], result: unknown][] = [
    ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    ['A.6 move a value', { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }],
    ['A.7 move an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] }],
    ['A.8 test a value: success', { baz: 'qux', foo: ['a', 2, 'c'] },
      [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
    ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } }],
    ['A.11 ignore unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], { foo: 'bar', baz: 'qux' }],
    ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: [1] }], [1]],
    ['add at the end of an array by index', { a: [1] }, [{ op: 'add', path: '/a/1', value: 2 }], { a: [1, 2] }],
    ['copy a value', { a: { b: [1] } }, [{ op: 'copy', from: '/a/b', path: '/c' }], { a: { b: [1] }, c: [1] }],
    ['test deep equality regardless of key order', { a: { x: 1, y: [1, { z: null }] } },
      [{ op: 'test', path: '/a', value: { y: [1, { z: null }], x: 1 } }], { a: { x: 1, y: [1, { z: null }] } }],
    ['add a label with a slash in its key', { metadata: { labels: {} } },
      [{ op: 'add', path: '/metadata/labels/example.com~1tier', value: 'web' }], { metadata: { labels: { 'example.com/tier': 'web' } } }],
  ];
  it.each(cases)('%s', (_name, doc, ops, result) => {
    expect(applyJsonPatch(doc, ops)).toEqual(result);
  });
});

describe('applyJsonPatch: failures', () => {
  const unprocessable: [name: string, doc: unknown, ops: unknown[]][] = [
    ['A.9 test a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]],
    ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]],
    ['A.15 compare strings and numbers', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]],
    ['remove a missing member', { a: 1 }, [{ op: 'remove', path: '/b' }]],
    ['replace a missing member', { a: 1 }, [{ op: 'replace', path: '/b', value: 1 }]],
    ['remove past the end of an array', { a: [1] }, [{ op: 'remove', path: '/a/1' }]],
    ['add past the end of an array', { a: [1] }, [{ op: 'add', path: '/a/2', value: 1 }]],
    ['an index with a leading zero', { a: [1, 2] }, [{ op: 'replace', path: '/a/01', value: 1 }]],
    ['move from a missing path', { a: 1 }, [{ op: 'move', from: '/b', path: '/c' }]],
    ['move into its own child', { a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]],
    ['test a missing path', {}, [{ op: 'test', path: '/a', value: null }]],
    ['walk through a scalar', { a: 1 }, [{ op: 'add', path: '/a/b', value: 1 }]],
    ['remove the whole document', { a: 1 }, [{ op: 'remove', path: '' }]],
  ];
  it.each(unprocessable)('%s → 422', (_name, doc, ops) => {
    expect(patchError(doc, ops).httpCode).toBe(422);
  });

  const malformed: [name: string, ops: unknown][] = [
    ['not an array', { op: 'add', path: '/a', value: 1 }],
    ['an operation that is not an object', ['add']],
    ['A.13 an unknown op', [{ op: 'invalid', path: '/a' }]],
    ['a missing path', [{ op: 'remove' }]],
    ['a missing value', [{ op: 'add', path: '/a' }]],
    ['a missing from', [{ op: 'copy', path: '/a' }]],
    ['a pointer without a leading slash', [{ op: 'remove', path: 'a' }]],
    ['a bad ~ escape', [{ op: 'remove', path: '/a~2' }]],
  ];
  it.each(malformed)('%s → 400', (_name, ops) => {
    expect(patchError({ a: 1 }, ops).httpCode).toBe(400);
  });

  it('applies nothing when a later operation fails, and never mutates its input', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    const before = structuredClone(doc);
    patchError(doc, [{ op: 'add', path: '/a/-', value: 3 }, { op: 'remove', path: '/b/c' }, { op: 'test', path: '/a/0', value: 9 }]);
    expect(doc).toEqual(before);
    const ok = applyJsonPatch(doc, [{ op: 'add', path: '/a/-', value: 3 }, { op: 'remove', path: '/b/c' }]);
    expect(ok).toEqual({ a: [1, 2, 3], b: {} });
    expect(doc).toEqual(before);
  });

  it('says what failed', () => {
    expect(patchError({ a: 'x' }, [{ op: 'test', path: '/a', value: 'y' }]).message).toBe(
      'test operation failed: the value at path "/a" is not "y"',
    );
    expect(patchError({}, [{ op: 'remove', path: '/spec/x' }]).message).toBe(
      'remove operation does not apply: the object has no value at path "/spec/x"',
    );
  });
});

describe('applyJsonPatch: properties', () => {
  const key = fc.string({ maxLength: 4 });
  const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

  it('pointers round-trip through escaping', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 4 }), (tokens) => {
        expect(parseJsonPointer(tokens.map((t) => `/${escape(t)}`).join(''))).toEqual(tokens);
      }),
    );
  });

  it('add then test the same value succeeds; add then remove restores the document', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue(), { maxKeys: 4 }), key, fc.jsonValue(), (doc, k, value) => {
        const path = `/${escape(k)}`;
        expect(() => applyJsonPatch(doc, [{ op: 'add', path, value }, { op: 'test', path, value }])).not.toThrow();
        if (!Object.hasOwn(doc, k)) {
          expect(applyJsonPatch(doc, [{ op: 'add', path, value }, { op: 'remove', path }])).toEqual(doc);
        }
      }),
    );
  });
});
