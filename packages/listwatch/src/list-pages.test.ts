import { describe, expect, it } from 'vitest';
import { listPages } from './list-pages.js';
import { ApiError, InvalidOptionsError } from './errors.js';
import type { ListerWatcher, ListOptions, ObjectList, WatchEvent } from './types.js';

interface Item {
  metadata: { name: string };
}

type Answer = ObjectList<Item> | Error;

/** A ListerWatcher that answers list calls from a script and records what it was asked. */
class ScriptedLister implements ListerWatcher<Item> {
  readonly calls: ListOptions[] = [];
  private readonly answers: ((options: ListOptions) => Answer)[];

  constructor(answers: ((options: ListOptions) => Answer)[]) {
    this.answers = answers;
  }

  async list(options: ListOptions): Promise<ObjectList<Item>> {
    this.calls.push({ ...options });
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`unexpected list call ${JSON.stringify(options)}`);
    const result = answer(options);
    if (result instanceof Error) throw result;
    return result;
  }

  watch(): Promise<AsyncIterable<WatchEvent<Item>>> {
    throw new Error('not used');
  }
}

const items = (...names: string[]): Item[] => names.map((name) => ({ metadata: { name } }));
const page = (rv: string, names: string[], cont?: string): ObjectList<Item> => ({
  apiVersion: 'v1',
  kind: 'PodList',
  metadata: { resourceVersion: rv, ...(cont === undefined ? {} : { continue: cont, remainingItemCount: 3 }) },
  items: items(...names),
});
const expired = (): ApiError =>
  new ApiError({ kind: 'Status', code: 410, reason: 'Expired', message: 'The provided continue parameter is too old' });

describe('listPages', () => {
  it('returns a single page as it is, asking for pageSize items', async () => {
    const only = page('10', ['a', 'b']);
    const lw = new ScriptedLister([() => only]);
    const result = await listPages(lw, { resourceVersion: '0' });
    expect(result.paginated).toBe(false);
    expect(result.list).toBe(only);
    expect(lw.calls).toEqual([{ resourceVersion: '0', limit: 500 }]);
  });

  it('follows continue tokens without resourceVersion and joins the items under the first RV', async () => {
    const lw = new ScriptedLister([
      () => page('10', ['a', 'b'], 'c1'),
      () => page('10', ['c', 'd'], 'c2'),
      () => page('10', ['e']),
    ]);
    const result = await listPages(
      lw,
      { resourceVersion: '7', resourceVersionMatch: 'NotOlderThan', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1' },
      { pageSize: 2 },
    );
    expect(result.paginated).toBe(true);
    expect(result.list).toEqual({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '10' }, items: items('a', 'b', 'c', 'd', 'e') });
    expect(lw.calls).toEqual([
      { resourceVersion: '7', resourceVersionMatch: 'NotOlderThan', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', limit: 2 },
      { labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', limit: 2, continue: 'c1' },
      { labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', limit: 2, continue: 'c2' },
    ]);
  });

  it('keeps an explicit limit over pageSize', async () => {
    const lw = new ScriptedLister([() => page('3', ['a'])]);
    await listPages(lw, { limit: 50 }, { pageSize: 7 });
    expect(lw.calls[0]?.limit).toBe(50);
  });

  it('falls back to one full list at the requested RV when a continue page expired', async () => {
    const lw = new ScriptedLister([
      () => page('10', ['a', 'b'], 'c1'),
      () => expired(),
      () => page('12', ['a', 'b', 'c']),
    ]);
    const result = await listPages(lw, { resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', labelSelector: 'x=y' }, { pageSize: 2 });
    expect(result.paginated).toBe(true);
    expect(result.list.items).toEqual(items('a', 'b', 'c'));
    expect(result.list.metadata.resourceVersion).toBe('12');
    expect(lw.calls[2]).toEqual({ resourceVersion: '5', resourceVersionMatch: 'NotOlderThan', labelSelector: 'x=y' });
  });

  it('drops a caller limit in the full-list fallback', async () => {
    const lw = new ScriptedLister([() => page('10', ['a'], 'c1'), () => expired(), () => page('11', ['a', 'b'])]);
    await listPages(lw, { limit: 1 });
    expect(lw.calls[2]).toEqual({});
  });

  it('throws the Expired error when fullListIfExpired is off', async () => {
    const lw = new ScriptedLister([() => page('10', ['a'], 'c1'), () => expired()]);
    await expect(listPages(lw, {}, { fullListIfExpired: false })).rejects.toMatchObject({ reason: 'Expired' });
    expect(lw.calls).toHaveLength(2);
  });

  it('does not fall back when the first page is Expired', async () => {
    const lw = new ScriptedLister([() => expired()]);
    await expect(listPages(lw, { resourceVersion: '3', resourceVersionMatch: 'Exact' })).rejects.toBeInstanceOf(ApiError);
    expect(lw.calls).toHaveLength(1);
  });

  it('does not fall back on other errors of a continue page', async () => {
    const gone = new ApiError({ kind: 'Status', code: 500, reason: 'InternalError', message: 'etcd' });
    const lw = new ScriptedLister([() => page('10', ['a'], 'c1'), () => gone]);
    await expect(listPages(lw, {})).rejects.toBe(gone);
  });

  it('stops between pages when the signal aborts', async () => {
    const controller = new AbortController();
    const lw = new ScriptedLister([
      () => {
        controller.abort();
        return page('10', ['a'], 'c1');
      },
    ]);
    const err = await listPages(lw, {}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    expect(lw.calls).toHaveLength(1);
  });

  it('rejects a bad pageSize before listing', async () => {
    const lw = new ScriptedLister([]);
    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      await expect(listPages(lw, {}, { pageSize })).rejects.toBeInstanceOf(InvalidOptionsError);
    }
    expect(lw.calls).toHaveLength(0);
  });
});
