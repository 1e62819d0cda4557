import { describe, expect, it } from 'vitest';
import { compareState, describeDiff } from './compare-state.js';

const obj = (ns: string, name: string, rv: string) => ({ metadata: { namespace: ns, name, resourceVersion: rv } });

describe('compareState', () => {
  it('finds equal states equal, whatever the order', () => {
    const diff = compareState([obj('a', 'x', '2'), obj('b', 'y', '3')], [obj('b', 'y', '3'), obj('a', 'x', '2')]);
    expect(diff.equal).toBe(true);
    expect(describeDiff(diff)).toEqual(['store has 2 objects, server has 2']);
  });

  it('reports missing, extra and stale objects', () => {
    const diff = compareState(
      [obj('a', 'x', '2'), obj('a', 'gone', '4'), obj('b', 'y', '3')],
      [obj('a', 'x', '5'), obj('b', 'y', '3'), obj('c', 'new', '6')],
    );
    expect(diff.equal).toBe(false);
    expect(diff.missing).toEqual(['c/new']);
    expect(diff.extra).toEqual(['a/gone']);
    expect(diff.stale).toEqual([{ key: 'a/x', store: '2', server: '5' }]);
    expect(describeDiff(diff)).toEqual([
      'store has 3 objects, server has 3',
      'missing from the store (1): c/new',
      'in the store but deleted on the server (1): a/gone',
      'at an old resourceVersion (1): a/x (store 2, server 5)',
    ]);
  });

  it('shortens long lists', () => {
    const server = Array.from({ length: 8 }, (_, i) => obj('n', `p${i}`, '1'));
    const lines = describeDiff(compareState([], server), 2);
    expect(lines[1]).toBe('missing from the store (8): n/p0, n/p1, … (6 more)');
  });
});
