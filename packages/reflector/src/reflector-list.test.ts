// The list half of client-go's reflector_test.go: which resourceVersion and page size every list
// asks for, and what happens when the server says the resourceVersion is gone or too new.
import { ApiError, type ListOptions, type ObjectList, type Status } from '@kcache/listwatch';
import { createStore, type Store } from '@kcache/store';
import { describe, expect, it } from 'vitest';
import {
  bare,
  contents,
  errorLog,
  expiredError,
  NO_BACKOFF,
  podList,
  status,
  type Pod,
} from '../test/support.js';
import { isReflectorError } from './errors.js';
import { createReflector } from './reflector.js';
import { createScriptedListerWatcher, type ScriptedListerWatcher, type WatchScript } from './testing/index.js';

function pods(count: number): Pod[] {
  return Array.from({ length: count }, (_, i) => bare(`pod-${String(i)}`, String(i)));
}

/**
 * Each cycle gets a fresh controller; the watch answer aborts it as soon as the reflector starts
 * watching ("stop once the reflector begins watching since we're only interested in the list").
 */
const cycle = { controller: new AbortController() };
const stopCurrentCycle: WatchScript<Pod> = () => {
  cycle.controller.abort();
  return { events: [] };
};

/** Runs `cycles` listAndWatch cycles, each stopped when it starts watching. */
async function runCycles(
  lw: ScriptedListerWatcher<Pod>,
  cycles: number,
  extra: { pageSize?: number } = {},
): Promise<{ store: Store<Pod>; sizes: number[] }> {
  const store = createStore<Pod>();
  const log = errorLog();
  const reflector = createReflector({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF, ...log, ...extra });
  const sizes: number[] = [];
  for (let i = 0; i < cycles; i++) {
    cycle.controller = new AbortController();
    await reflector.listAndWatch(cycle.controller.signal);
    sizes.push(store.list().length);
  }
  expect(log.errors).toEqual([]);
  return { store, sizes };
}

describe('list resourceVersions (client-go TestReflectorResyncWithResourceVersion and friends)', () => {
  it('lists at "0" first, then relists at the last synced resourceVersion: 0, 10', async () => {
    const rvs: string[] = [];
    const lw = createScriptedListerWatcher<Pod>({
      list: (options) => {
        rvs.push(options.resourceVersion ?? '<unset>');
        if (options.resourceVersion === '0') return podList('10', pods(4));
        if (options.resourceVersion === '10') return podList('11', pods(8));
        throw new Error(`unexpected resourceVersion ${String(options.resourceVersion)}`);
      },
      watch: stopCurrentCycle,
    });
    const { sizes } = await runCycles(lw, 2);
    expect(sizes).toEqual([4, 8]);
    expect(rvs).toEqual(['0', '10']);
  });

  it('retries at once with "" when the relist resourceVersion expired: 0, 10, ""', async () => {
    const rvs: string[] = [];
    const lw = createScriptedListerWatcher<Pod>({
      list: (options) => {
        rvs.push(options.resourceVersion ?? '<unset>');
        switch (options.resourceVersion) {
          case '0':
            return podList('10', pods(4));
          case '10':
            throw new ApiError(status(410, 'Expired', 'The resourceVersion for the provided watch is too old.'));
          case '':
            return podList('11', pods(8));
          default:
            throw new Error(`unexpected resourceVersion ${String(options.resourceVersion)}`);
        }
      },
      watch: stopCurrentCycle,
    });
    const { sizes } = await runCycles(lw, 2);
    expect(sizes).toEqual([4, 8]);
    expect(rvs).toEqual(['0', '10', '']);
  });

  it('falls back to one full list at the same resourceVersion when a continue page expired: 0, 10, "", 10', async () => {
    const all = pods(8);
    const rvs: string[] = [];
    const lw = createScriptedListerWatcher<Pod>({
      list: (o) => {
        rvs.push(o.resourceVersion ?? '');
        const key = `${o.resourceVersion ?? ''}|${o.continue ?? ''}|${String(o.limit ?? 0)}`;
        switch (key) {
          case '0||4':
            return podList('10', all.slice(0, 4));
          case '10||4':
            return podList('11', all.slice(0, 4), 'C1');
          case '|C1|4':
            throw new ApiError(status(410, 'Expired', 'The provided continue parameter is too old.'));
          case '10||0':
            return podList('11', all);
          default:
            throw new Error(`unexpected list options ${JSON.stringify(o)}`);
        }
      },
      watch: stopCurrentCycle,
    });
    const { sizes } = await runCycles(lw, 2, { pageSize: 4 });
    expect(sizes).toEqual([4, 8]);
    expect(rvs).toEqual(['0', '10', '', '10']);
  });

  it('relists from "" after each "too large resource version", in all three server formats', async () => {
    let version = 30;
    const rvs: string[] = [];
    const tooLarge = (details: Status['details'], message = 'too large resource version'): ApiError =>
      new ApiError(status(504, 'Timeout', message, { details }));
    const lw = createScriptedListerWatcher<Pod>({
      list: (o) => {
        rvs.push(o.resourceVersion ?? '');
        switch (o.resourceVersion) {
          case '0':
            return podList('20', []);
          case '20':
            throw tooLarge({ causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] });
          case '30':
            throw tooLarge({ causes: [{ message: 'Too large resource version' }] }, 'Too large resource version');
          case '40':
            throw tooLarge(undefined, 'Too large resource version');
          case '': {
            const rv = String(version);
            version += 10;
            return podList(rv, []);
          }
          default:
            throw new Error(`unexpected list resourceVersion ${String(o.resourceVersion)}`);
        }
      },
      watch: stopCurrentCycle,
    });
    await runCycles(lw, 4);
    expect(rvs).toEqual(['0', '20', '', '30', '', '40', '']);
  });
});

describe('list page sizes (client-go TestReflectorWatchListPageSize and friends)', () => {
  const tenPods = pods(10);
  const paged = (o: ListOptions): ObjectList<Pod> => {
    switch (o.continue ?? '') {
      case '':
        return podList('10', tenPods.slice(0, 4), 'C1');
      case 'C1':
        return podList('10', tenPods.slice(4, 8), 'C2');
      case 'C2':
        return podList('10', tenPods.slice(8));
      default:
        throw new Error(`unrecognized continue ${String(o.continue)}`);
    }
  };

  it('asks resourceVersion "0" with limit 500 first, and follows continue pages without a resourceVersion', async () => {
    const lw = createScriptedListerWatcher<Pod>({ list: paged, watch: stopCurrentCycle });
    const { sizes } = await runCycles(lw, 1);
    expect(sizes).toEqual([10]);
    expect(lw.listCalls).toEqual([
      { resourceVersion: '0', limit: 500 },
      { continue: 'C1', limit: 500 },
      { continue: 'C2', limit: 500 },
    ]);
  });

  it('uses pageSize for every list, the relist at a specific resourceVersion included', async () => {
    const lw = createScriptedListerWatcher<Pod>({ list: paged, watch: stopCurrentCycle });
    const { sizes } = await runCycles(lw, 2, { pageSize: 4 });
    expect(sizes).toEqual([10, 10]);
    expect(lw.listCalls).toEqual([
      { resourceVersion: '0', limit: 4 },
      { continue: 'C1', limit: 4 },
      { continue: 'C2', limit: 4 },
      { resourceVersion: '10', limit: 4 },
      { continue: 'C1', limit: 4 },
      { continue: 'C2', limit: 4 },
    ]);
  });

  it('does not paginate a relist at a specific resourceVersion when the first list came back whole', async () => {
    const lw = createScriptedListerWatcher<Pod>({ list: () => podList('10', tenPods), watch: stopCurrentCycle });
    await runCycles(lw, 2);
    expect(lw.listCalls).toEqual([{ resourceVersion: '0', limit: 500 }, { resourceVersion: '10' }]);
  });

  it('keeps paginating relists when the first list came back paginated (watch cache disabled)', async () => {
    const lw = createScriptedListerWatcher<Pod>({ list: paged, watch: stopCurrentCycle });
    const { sizes } = await runCycles(lw, 2);
    expect(sizes).toEqual([10, 10]);
    expect(lw.listCalls.map((o) => [o.resourceVersion, o.continue, o.limit])).toEqual([
      ['0', undefined, 500],
      [undefined, 'C1', 500],
      [undefined, 'C2', 500],
      ['10', undefined, 500],
      [undefined, 'C1', 500],
      [undefined, 'C2', 500],
    ]);
  });
});

describe('list results', () => {
  it('fills apiVersion and kind into list items from the list kind, so list and watch objects look alike', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('5', [bare('a', '3'), { ...bare('b', '4'), apiVersion: 'v1', kind: 'Pod' }])],
      watch: stopCurrentCycle,
    });
    const { store } = await runCycles(lw, 1);
    expect(store.list().map((p) => [p.metadata?.name, p.apiVersion, p.kind]).sort()).toEqual([
      ['a', 'v1', 'Pod'],
      ['b', 'v1', 'Pod'],
    ]);
  });

  it('fills group/version kinds too (DeploymentList in apps/v1 gives apps/v1 Deployment)', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [{ apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '5' }, items: [bare('d', '2')] }],
      watch: stopCurrentCycle,
    });
    const { store } = await runCycles(lw, 1);
    expect(store.list()[0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
  });

  it('applies transform to every list item before the store sees it', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('5', [{ ...bare('a', '3'), metadata: { ...bare('a', '3').metadata, managedFields: [{ manager: 'kubectl' }] } }])],
      watch: stopCurrentCycle,
    });
    const store = createStore<Pod>();
    cycle.controller = new AbortController();
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store,
      useWatchList: false,
      transform: (p) => {
        const { managedFields: _dropped, ...metadata } = p.metadata ?? {};
        return { ...p, metadata };
      },
    });
    await reflector.listAndWatch(cycle.controller.signal);
    expect(store.list()[0]?.metadata).toEqual({ name: 'a', namespace: 'ns', resourceVersion: '3', uid: 'uid-a' });
    expect(store.list()[0]?.kind).toBe('Pod');
  });

  it('rejects with ListFailed carrying the cause when the list fails, and leaves the store alone', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [{ error: new ApiError(status(403, 'Forbidden')) }] });
    const store = createStore<Pod>();
    store.add(bare('keep', '1'));
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const failure = await reflector.listAndWatch(new AbortController().signal).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isReflectorError(failure, 'ListFailed')).toBe(true);
    expect((failure as Error).cause).toBeInstanceOf(ApiError);
    expect(contents(store)).toEqual(['keep@1']);
    expect(reflector.hasSynced()).toBe(false);
  });

  it('after a 404 list, empties the store and counts as synced so nobody waits forever (client-go)', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [{ error: new ApiError(status(404, 'NotFound')) }] });
    const store = createStore<Pod>();
    store.add(bare('stale', '1'));
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    await expect(reflector.listAndWatch(new AbortController().signal)).rejects.toThrow(/list failed/);
    expect(store.list()).toEqual([]);
    expect(reflector.hasSynced()).toBe(true);
  });

  it('does not retry a failed expired relist more than once within a cycle', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [{ error: expiredError() }, { error: expiredError() }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    await expect(reflector.listAndWatch(new AbortController().signal)).rejects.toThrow(/too old resource version/);
    expect(lw.listCalls.map((o) => o.resourceVersion)).toEqual(['0', '']);
  });
});
