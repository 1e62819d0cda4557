// How the reflector replaces a store's contents: through the staged `replaceAsync` when the store
// has it (so a large sync does not hold the event loop), through `replace` otherwise.
import { createStore, type Store } from '@kcache/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { added, bare, bookmark, contents, NO_BACKOFF, pod, podList, recordingStore, type Pod } from '../test/support.js';
import { createReflector } from './reflector.js';
import { createScriptedListerWatcher } from './testing/index.js';

interface StagedRecordingStore extends Store<Pod> {
  readonly ops: string[];
  /** The signal the last `replaceAsync` was given. */
  signal: AbortSignal | undefined;
  /** Called when `replaceAsync` starts. */
  onReplaceAsync: () => void;
}

/** A store with `replaceAsync` (the real, staged one of `createStore`) that records every call. */
function stagedRecordingStore(): StagedRecordingStore {
  const inner = createStore<Pod>();
  const ops: string[] = [];
  const name = (p: Pod): string => p.metadata?.name ?? '?';
  const store: StagedRecordingStore = {
    ops,
    signal: undefined,
    onReplaceAsync: () => undefined,
    add: (p) => {
      ops.push(`add ${name(p)}`);
      inner.add(p);
    },
    update: (p) => {
      ops.push(`update ${name(p)}`);
      inner.update(p);
    },
    delete: (p) => {
      ops.push(`delete ${name(p)}`);
      inner.delete(p);
    },
    replace: (items, resourceVersion) => {
      ops.push(`replace ${String(items.length)}@${resourceVersion}`);
      inner.replace(items, resourceVersion);
    },
    replaceAsync: (items, resourceVersion, options) => {
      ops.push(`replaceAsync ${String(items.length)}@${resourceVersion}`);
      store.signal = options?.signal;
      const staged = inner.replaceAsync?.(items, resourceVersion, options) ?? Promise.reject(new Error('no replaceAsync'));
      store.onReplaceAsync();
      return staged;
    },
    resync: () => {
      ops.push('resync');
      inner.resync();
    },
    list: () => inner.list(),
    listKeys: () => inner.listKeys(),
    get: (p) => inner.get(p),
    getByKey: (k) => inner.getByKey(k),
  };
  return store;
}

describe('replacing the store', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('uses replaceAsync after a list when the store has it, with the cycle signal', async () => {
    const store = stagedRecordingStore();
    const lw = createScriptedListerWatcher<Pod>({
      list: () => podList('2', [pod('p1', '1'), pod('p2', '2')]),
      watches: [{ events: [], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    expect(store.signal).toBeInstanceOf(AbortSignal);
    expect(store.signal?.aborted).toBe(false);
    stop.abort();
    await running;
    expect(store.ops).toEqual(['replaceAsync 2@2']);
    expect(contents(store)).toEqual(['p1@1', 'p2@2']);
    expect(store.signal?.aborted).toBe(true);
  });

  it('uses replaceAsync at the end of a streaming list when the store has it', async () => {
    const store = stagedRecordingStore();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [{ events: [added(pod('p1', '1')), added(pod('p2', '2')), bookmark('2', true), added(pod('p3', '3'))], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, backoff: NO_BACKOFF });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(store.ops[0]).toBe('replaceAsync 2@2');
    expect(store.ops.filter((op) => op.startsWith('replace '))).toEqual([]);
    expect(reflector.lastSyncResourceVersion).not.toBe('');
  });

  it('uses replace when the store has no replaceAsync', async () => {
    const store = recordingStore();
    expect('replaceAsync' in store).toBe(false);
    const lw = createScriptedListerWatcher<Pod>({
      list: () => podList('2', [pod('p1', '1'), pod('p2', '2')]),
      watches: [{ events: [], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(store.ops).toEqual(['replace 2@2']);
    expect(contents(store)).toEqual(['p1@1', 'p2@2']);
  });

  it('leaves the store untouched and calls it no more when stopped during a staged replace', async () => {
    const count = 50_000;
    const items = Array.from({ length: count }, (_, i) => bare(`pod-${String(i)}`, String(i + 1)));
    const store = stagedRecordingStore();
    store.add(pod('old', '1'));
    store.ops.length = 0;
    const lw = createScriptedListerWatcher<Pod>({
      list: () => podList(String(count), items),
      watches: [{ events: [added(pod('late', String(count + 1)))], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF });
    const stop = new AbortController();
    const events: string[] = [];
    reflector.on('sync', (e) => events.push(e.type));
    reflector.on('list', (e) => events.push(e.type));
    reflector.on('watch-start', (e) => events.push(e.type));
    // Stop at the first event-loop turn the staged replace gives; a clock that moves 1 ms at
    // every reading makes it give one however fast the machine is.
    let t = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => ++t);
    let stoppedDuring = false;
    store.onReplaceAsync = () => {
      setImmediate(() => {
        stoppedDuring = store.listKeys().length === 1;
        stop.abort();
      });
    };
    await reflector.run(stop.signal);
    expect(stoppedDuring).toBe(true);
    expect(store.ops).toEqual([`replaceAsync ${String(count)}@${String(count)}`]);
    expect(contents(store)).toEqual(['old@1']);
    expect(events).toEqual([]);
    expect(reflector.hasSynced()).toBe(false);
    expect(reflector.lastSyncResourceVersion).toBe('');
    expect(lw.calls.map((call) => call.verb)).toEqual(['list']);
  });
});
