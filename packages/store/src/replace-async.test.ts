// replaceAsync: the staged replace must end exactly where replace ends, show the old contents until
// its swap, and leave the store as it was when it fails or is aborted.
import fc from 'fast-check';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testSeed } from '@kcache/vitest-config/seed';
import { IndexFuncError, KeyError } from './errors.js';
import { createIndexer } from './indexer.js';
import { createStore } from './store.js';
import type { Indexer, Indexers } from './types.js';

interface Obj {
  id: string;
  vals: string[];
}

const VALUES = ['a', 'b', 'c', 'd', 'boom'];
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', ''];

const indexers: Indexers<Obj> = {
  multi: (o) => o.vals,
  first: (o) => [o.vals[0] ?? 'none'],
  never: () => [],
  picky: (o) => {
    if (o.vals.includes('boom')) throw new Error('boom');
    return o.vals.slice(0, 2);
  },
};

function keyFunc(o: Obj): string {
  if (o.id === '') throw new KeyError('test object without id', 'MissingName', { obj: o });
  return o.id;
}

const newIndexer = (): Indexer<Obj> => createIndexer<Obj>({ keyFunc, indexers });

/** Everything a reader can observe of an indexer, in a comparable form. */
function snapshot(indexer: Indexer<Obj>): unknown {
  const keys = indexer.listKeys().sort();
  return {
    keys,
    objects: keys.map((k) => indexer.getByKey(k)),
    indexes: Object.keys(indexers).map((name) => {
      const values = indexer.listIndexFuncValues(name).sort();
      return { name, values, keys: values.map((v) => indexer.indexKeys(name, v)) };
    }),
  };
}

function many(n: number, prefix = 'o'): Obj[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, vals: [`v${i % 97}`, `w${i % 13}`] }));
}

/** Calls `fn` at the first event-loop turn during `work`, and says whether it ran before `work` settled. */
async function duringFirstTurn(work: (turn: Promise<void>) => Promise<void>, fn: () => void): Promise<boolean> {
  let settled = false;
  let ran = false;
  const turn = nextTurn().then(() => {
    ran = !settled;
    fn();
  });
  await work(turn).finally(() => {
    settled = true;
  });
  await turn;
  return ran;
}

/**
 * A clock that moves 1 ms at every reading, so a staged replace gives the event loop turns at the
 * same points however fast the machine is.
 */
function steppingClock(): void {
  let t = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => ++t);
}

describe('replaceAsync', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('ends in exactly the state replace gives, failures included', async () => {
    const seed = testSeed();
    const obj = fc.record({
      id: fc.constantFrom(...KEYS),
      vals: fc.array(fc.constantFrom(...VALUES), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(obj, { maxLength: 12 }), fc.array(obj, { maxLength: 12 }), async (before, items) => {
        const valid = (o: Obj): boolean => o.id !== '' && !o.vals.includes('boom');
        const sync = newIndexer();
        const staged = newIndexer();
        sync.replace(before.filter(valid), '1');
        staged.replace(before.filter(valid), '1');
        let syncError: unknown;
        try {
          sync.replace(items, '2');
        } catch (err) {
          syncError = err;
        }
        const settled = await staged.replaceAsync?.(items, '2').then(
          () => undefined,
          (err: unknown) => err,
        );
        if (syncError === undefined) expect(settled).toBeUndefined();
        else expect(settled).toBeInstanceOf((syncError as Error).constructor);
        expect(snapshot(staged)).toEqual(snapshot(sync));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('ends like replace for a large list with duplicate keys, empty index values pruned', async () => {
    const before = many(3000, 'old').map((o, i) => ({ id: o.id, vals: [`gone${i}`] }));
    const items = [...many(20_000), ...many(5000).map((o) => ({ id: o.id, vals: ['dup'] }))];
    const sync = newIndexer();
    const staged = newIndexer();
    sync.replace(before, '1');
    staged.replace(before, '1');
    sync.replace(items, '2');
    await staged.replaceAsync?.(items, '2');
    expect(snapshot(staged)).toEqual(snapshot(sync));
    expect(staged.listIndexFuncValues('first').filter((v) => v.startsWith('gone'))).toEqual([]);
    expect(staged.byIndex('first', 'dup')).toHaveLength(5000);
  });

  it('gives the event loop turns, and readers see the old contents until the swap', async () => {
    steppingClock();
    const indexer = newIndexer();
    indexer.replace(many(10, 'old'), '1');
    const old = snapshot(indexer);
    let seen: unknown;
    const ranDuring = await duringFirstTurn(
      () => indexer.replaceAsync?.(many(50_000), '2') ?? Promise.reject(new Error('no replaceAsync')),
      () => {
        seen = snapshot(indexer);
      },
    );
    expect(ranDuring).toBe(true);
    expect(seen).toEqual(old);
    expect(indexer.listKeys()).toHaveLength(50_000);
    expect(indexer.byIndex('first', 'v0')).toHaveLength(Math.ceil(50_000 / 97));
  });

  it.each<[string, Obj, typeof KeyError | typeof IndexFuncError]>([
    ['a key function', { id: '', vals: [] }, KeyError],
    ['an index function', { id: 'bad', vals: ['boom'] }, IndexFuncError],
  ])('rejects as replace does when %s throws, leaving the store unchanged', async (_what, bad, error) => {
    const indexer = newIndexer();
    indexer.replace(many(10, 'old'), '1');
    const old = snapshot(indexer);
    const items = [...many(50_000), bad];
    await expect(indexer.replaceAsync?.(items, '2')).rejects.toBeInstanceOf(error);
    expect(() => {
      indexer.replace(items, '2');
    }).toThrow(error);
    expect(snapshot(indexer)).toEqual(old);
  });

  it('rejects with the reason of an abort while it works and leaves the store unchanged', async () => {
    steppingClock();
    const indexer = newIndexer();
    indexer.replace(many(10, 'old'), '1');
    const old = snapshot(indexer);
    const controller = new AbortController();
    const reason = new Error('stopped');
    let outcome: unknown;
    const ranDuring = await duringFirstTurn(
      async () => {
        outcome = await indexer.replaceAsync?.(many(50_000), '2', { signal: controller.signal }).catch((err: unknown) => err);
      },
      () => {
        controller.abort(reason);
      },
    );
    expect(ranDuring).toBe(true);
    expect(outcome).toBe(reason);
    expect(snapshot(indexer)).toEqual(old);
  });

  it('rejects at once for a signal aborted beforehand', async () => {
    const store = createStore<Obj>({ keyFunc });
    store.add({ id: 'k0', vals: [] });
    const signal = AbortSignal.abort(new Error('too late'));
    await expect(store.replaceAsync?.([], '2', { signal })).rejects.toThrow('too late');
    expect(store.listKeys()).toEqual(['k0']);
  });

  it('replaces a plain store too, freezing objects when asked', async () => {
    const store = createStore<Obj>({ keyFunc, freeze: true });
    store.add({ id: 'gone', vals: [] });
    const items = many(5000);
    await store.replaceAsync?.(items, '2');
    expect(store.listKeys().sort()).toEqual(items.map((o) => o.id).sort());
    expect(Object.isFrozen(store.getByKey('o1')?.vals)).toBe(true);
  });

  it('overwrites writes made before its swap, as if they came before a synchronous replace', async () => {
    steppingClock();
    const indexer = newIndexer();
    indexer.replace(many(10, 'old'), '1');
    const ranDuring = await duringFirstTurn(
      () => indexer.replaceAsync?.(many(50_000), '2') ?? Promise.reject(new Error('no replaceAsync')),
      () => {
        indexer.add({ id: 'written', vals: ['a'] });
        indexer.delete({ id: 'o1', vals: [] });
      },
    );
    expect(ranDuring).toBe(true);
    expect(indexer.getByKey('written')).toBeUndefined();
    expect(indexer.getByKey('o1')).toBeDefined();
    expect(indexer.byIndex('multi', 'a')).toEqual([]);
    expect(indexer.listKeys()).toHaveLength(50_000);
  });

  it('indexes the new contents under index functions added while it works', async () => {
    steppingClock();
    const indexer = newIndexer();
    const ranDuring = await duringFirstTurn(
      () => indexer.replaceAsync?.(many(50_000), '2') ?? Promise.reject(new Error('no replaceAsync')),
      () => {
        indexer.addIndexers({ second: (o) => o.vals.slice(1) });
      },
    );
    expect(ranDuring).toBe(true);
    expect(indexer.byIndex('second', 'w0')).toHaveLength(Math.ceil(50_000 / 13));
    expect(indexer.listIndexFuncValues('second')).toHaveLength(13);
  });
});
