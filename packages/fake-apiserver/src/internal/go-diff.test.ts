import { describe, expect, it } from 'vitest';
import { goIndentedJson, objectDiff, unifiedDiff } from './go-diff.js';

describe('diff as kube-apiserver quotes it', () => {
  it('writes a changed line with three lines of context and difflib ranges', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n');
    expect(unifiedDiff(before, after)).toBe('@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });

  it('splits distant changes into hunks and counts one-line ranges as difflib does', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `l${i}`);
    const changed = lines.map((l, i) => (i === 0 || i === 11 ? `${l}x` : l));
    expect(unifiedDiff(lines.join('\n'), changed.join('\n'))).toBe('@@ -1,4 +1,4 @@\n-l0\n+l0x\n l1\n l2\n l3\n@@ -9,4 +9,4 @@\n l8\n l9\n l10\n-l11\n+l11x\n');
    expect(unifiedDiff('a', 'a\nb')).toBe('@@ -1 +1,2 @@\n a\n+b\n');
  });

  it('compares values as JSON indented by one space, escaping as Go does', () => {
    expect(goIndentedJson({ A: ['<x>'], B: null })).toBe('{\n "A": [\n  "\\u003cx\\u003e"\n ],\n "B": null\n}');
    expect(objectDiff({ A: 1 }, { A: 2 })).toBe('@@ -1,3 +1,3 @@\n {\n- "A": 1\n+ "A": 2\n }\n');
  });
});
