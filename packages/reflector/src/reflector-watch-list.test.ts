// Streaming lists (sendInitialEvents): the cases of client-go's reflector_watchlist_test.go
// TestWatchList and the UseWatchList half of TestReflectorListAndWatch.
import { ApiError, isConnectionRefused, type WatchOptions } from '@kcache/listwatch';
import { createStore } from '@kcache/store';
import { describe, expect, it, vi } from 'vitest';
import {
  added,
  bookmark,
  connectionRefused,
  contents,
  deleted,
  errorEvent,
  errorLog,
  expiredError,
  modified,
  NO_BACKOFF,
  pod,
  podList,
  recordingStore,
  status,
  tooManyRequestsError,
  type Pod,
} from '../test/support.js';
import { isReflectorError } from './errors.js';
import { createReflector } from './reflector.js';
import { createScriptedListerWatcher, ScriptedWatchStream, type ScriptedListerWatcher } from './testing/index.js';

const STREAMING: WatchOptions = {
  resourceVersion: '',
  resourceVersionMatch: 'NotOlderThan',
  sendInitialEvents: true,
  allowWatchBookmarks: true,
};

/** Resolves once the reflector has handled the first `events` events of the `nth` stream (from 1) it was handed. */
async function handled(lw: ScriptedListerWatcher<Pod>, nth: number, events: number): Promise<void> {
  const stream = await vi.waitUntil(() => lw.streams[nth - 1]);
  await stream.waitForHandled(events);
}

/** The calls without their (random) timeoutSeconds, after checking each had an integer one. */
function requests(lw: ScriptedListerWatcher<Pod>): unknown[] {
  return lw.calls.map((call) => {
    if (call.verb === 'list') return { list: call.options };
    const { timeoutSeconds, ...rest } = call.options;
    expect(Number.isInteger(timeoutSeconds)).toBe(true);
    expect(timeoutSeconds).toBeGreaterThanOrEqual(300);
    expect(timeoutSeconds).toBeLessThan(600);
    return { watch: rest };
  });
}

describe('streaming list', () => {
  it('asks for a stream with sendInitialEvents and replaces the store at the initial-events-end bookmark', async () => {
    const store = recordingStore();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [{ events: [added(pod('p1', '1')), added(pod('p2', '2')), bookmark('2', true)], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([{ watch: STREAMING }]);
    expect(store.ops).toEqual(['replace 2@2']);
    expect(contents(store)).toEqual(['p1@1', 'p2@2']);
    expect(reflector.lastSyncResourceVersion).toBe('2');
  });

  it('keeps using the same stream after the bookmark (no second request)', async () => {
    const store = createStore<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        {
          events: [
            added(pod('foo', '1')),
            bookmark('1', true),
            modified(pod('foo', '2')),
            added(pod('bar', '3')),
            added(pod('baz', '4')),
            added(pod('qux', '5')),
            added(pod('zoo', '6')),
          ],
          then: 'hang',
        },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 1, 7);
    expect(reflector.lastSyncResourceVersion).toBe('6');
    stop.abort();
    await done;
    expect(lw.watchCalls).toHaveLength(1);
    expect(lw.listCalls).toHaveLength(0);
    expect(contents(store)).toEqual(['bar@3', 'baz@4', 'foo@2', 'qux@5', 'zoo@6']);
  });

  it('is not synced, and leaves the store alone, until the bookmark arrives', async () => {
    const store = recordingStore();
    const lw = createScriptedListerWatcher<Pod>({ watches: [{ events: [added(pod('p1', '1'))], then: 'hang' }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 1, 1);
    expect(reflector.hasSynced()).toBe(false);
    expect(store.ops).toEqual([]);
    stop.abort();
    await done;
    expect(store.ops).toEqual([]);
    expect(requests(lw)).toEqual([{ watch: STREAMING }]);
  });

  it('applies updates and deletes that arrive before the bookmark to the buffer', async () => {
    const store = createStore<Pod>();
    const p1 = { ...pod('p1', '3'), spec: { activeDeadlineSeconds: 12 } };
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        {
          events: [
            added(pod('p1', '1')),
            added(pod('p2', '2')),
            modified(p1),
            added(pod('p3', '4')),
            deleted(pod('p3', '5')),
            bookmark('5', true),
          ],
          then: 'hang',
        },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await done;
    expect(contents(store)).toEqual(['p1@3', 'p2@2']);
    expect(store.getByKey('ns/p1')?.spec).toEqual({ activeDeadlineSeconds: 12 });
    expect(reflector.lastSyncResourceVersion).toBe('5');
  });

  it('checks the annotation value: "false" does not end the initial events', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      watches: [{ events: [added(pod('p1', '1')), added(pod('p2', '2')), bookmark('2', 'false')], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore() });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 1, 3);
    expect(reflector.hasSynced()).toBe(false);
    stop.abort();
    await done;
  });

  it('uses list and watch when useWatchList is false', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [pod('p1', '1')])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([
      { list: { resourceVersion: '0', limit: 500 } },
      { watch: { resourceVersion: '1', allowWatchBookmarks: true } },
    ]);
  });

  it('uses list and watch when the ListerWatcher says it cannot stream (isWatchListSemanticsUnsupported)', async () => {
    const lw = Object.assign(createScriptedListerWatcher<Pod>({ lists: [podList('1', [])] }), {
      isWatchListSemanticsUnsupported: () => true,
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore() });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    stop.abort();
    await done;
    expect(lw.calls.map((c) => c.verb)).toEqual(['list', 'watch']);
  });
});

describe('streaming list fallback', () => {
  it('any other error falls back to list and watch for this cycle', async () => {
    const store = createStore<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [pod('p1', '1')])],
      watch: (options) =>
        options.sendInitialEvents === true ? { error: new Error('dummy error') } : { events: [added(pod('p2', '2'))], then: 'hang' },
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, ...log });
    const fallbacks: string[] = [];
    reflector.on('relist', (e) => fallbacks.push(e.reason));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 1, 1);
    expect(reflector.lastSyncResourceVersion).toBe('2');
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([
      { watch: STREAMING },
      { list: { resourceVersion: '0', limit: 500 } },
      { watch: { resourceVersion: '1', allowWatchBookmarks: true } },
    ]);
    expect(contents(store)).toEqual(['p1@1', 'p2@2']);
    expect(isReflectorError(log.errors[0], 'WatchListFallback')).toBe(true);
    expect(fallbacks).toEqual(['watch-list-fallback']);
  });

  it('a server that refuses streaming as invalid (422) is not asked again in later cycles', async () => {
    const invalid = new ApiError(status(422, 'Invalid', 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden'));
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', []), podList('3', [])],
      watch: (options) => (options.sendInitialEvents === true ? { error: invalid } : { events: [errorEvent(410, 'Expired')], then: 'hang' }),
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), backoff: NO_BACKOFF, ...log });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2, watches: 3 });
    stop.abort();
    await running;
    expect(lw.calls.map((c) => `${c.verb}${c.verb === 'watch' && c.options.sendInitialEvents === true ? '(stream)' : ''}`)).toEqual([
      'watch(stream)',
      'list',
      'watch',
      'list',
      'watch',
    ]);
    expect(String(log.errors[0])).toMatch(/from now on/);
  });

  it('a very short streaming watch falls back to list', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [{ events: [], then: 'close' }],
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), ...log });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ lists: 1, watches: 2 });
    stop.abort();
    await done;
    expect(isReflectorError(log.errors[0], 'WatchListFallback')).toBe(true);
    expect(isReflectorError((log.errors[0] as Error).cause, 'VeryShortWatch')).toBe(true);
  });

  it('retries 429 with backoff, each time as a fresh streaming request', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        { error: tooManyRequestsError(1) },
        { error: tooManyRequestsError() },
        { events: [added(pod('p1', '1')), bookmark('2', true)], then: 'hang' },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), backoff: NO_BACKOFF });
    const waits: number[] = [];
    reflector.on('backoff', (e) => waits.push(e.waitMs));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([{ watch: STREAMING }, { watch: STREAMING }, { watch: STREAMING }]);
    expect(waits).toEqual([1000, 0]);
    expect(contents(reflector.store)).toEqual(['p1@1']);
  });

  it('connection refused is reported on every attempt, backing off and asking for a stream again', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      watches: [{ error: connectionRefused() }, { error: connectionRefused() }, { error: connectionRefused() }],
      watch: { events: [added(pod('p1', '1')), bookmark('2', true)], then: 'hang' },
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), backoff: NO_BACKOFF, ...log });
    const heard: unknown[] = [];
    reflector.on('error', (e) => heard.push(e.error));
    const atBackoff: [string, number, number, number][] = [];
    reflector.on('backoff', (e) => atBackoff.push([e.reason, lw.watchCalls.length, log.errors.length, heard.length]));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await done;
    expect(atBackoff).toEqual([
      ['connection-refused', 1, 1, 1],
      ['connection-refused', 2, 2, 2],
      ['connection-refused', 3, 3, 3],
    ]);
    expect(heard).toEqual(log.errors);
    for (const err of log.errors) {
      expect(isReflectorError(err, 'WatchFailed')).toBe(true);
      expect(isConnectionRefused((err as Error).cause)).toBe(true);
    }
    expect(requests(lw)).toEqual([{ watch: STREAMING }, { watch: STREAMING }, { watch: STREAMING }, { watch: STREAMING }]);
    expect(contents(reflector.store)).toEqual(['p1@1']);
  });

  it('retries at once from the latest state after a 410 in the stream', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        { events: [added(pod('p1', '1')), errorEvent(410, 'Expired')], then: 'hang' },
        { events: [added(pod('p1', '1')), bookmark('4', true)], then: 'hang' },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore() });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([{ watch: STREAMING }, { watch: STREAMING }]);
    expect(lw.streams[0]?.stopped).toBe(true);
  });
});

describe('streaming list restarts', () => {
  it('a stream that ends before the bookmark leads to a new streaming request with a clean buffer', async () => {
    const store = createStore<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        { events: [added(pod('gone', '1')), added(pod('p1', '1'))], then: 'close' },
        { events: [added(pod('p1', '1')), bookmark('1', true)], then: 'hang' },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([{ watch: STREAMING }, { watch: STREAMING }]);
    expect(contents(store)).toEqual(['p1@1']);
  });

  it('a stream that ends after the bookmark leads to a plain watch from the last resourceVersion', async () => {
    const store = createStore<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        { events: [added(pod('p1', '1')), added(pod('p2', '2')), bookmark('2', true), added(pod('p3', '3'))], then: 'close' },
        { events: [added(pod('p4', '4'))], then: 'hang' },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 2, 1);
    expect(reflector.lastSyncResourceVersion).toBe('4');
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([{ watch: STREAMING }, { watch: { resourceVersion: '3', allowWatchBookmarks: true } }]);
    expect(contents(store)).toEqual(['p1@1', 'p2@2', 'p3@3', 'p4@4']);
  });

  it('a watch request answered 410 after the sync rejects listAndWatch; the next cycle streams from the last resourceVersion', async () => {
    const store = createStore<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        { events: [added(pod('p1', '1')), bookmark('2', true), added(pod('p3', '3'))], then: 'close' },
        { error: expiredError() },
        { events: [bookmark('7', true)], then: 'hang' },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, backoff: NO_BACKOFF });
    const failure = await reflector.listAndWatch(new AbortController().signal).catch((err: unknown) => err);
    expect(isReflectorError(failure, 'WatchFailed')).toBe(true);
    expect(((failure as Error).cause as ApiError).code).toBe(410);
    expect(contents(store)).toEqual(['p1@1', 'p3@3']);
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 2, 1);
    expect(reflector.lastSyncResourceVersion).toBe('7');
    stop.abort();
    await done;
    expect(requests(lw)).toEqual([
      { watch: STREAMING },
      { watch: { resourceVersion: '3', allowWatchBookmarks: true } },
      { watch: { ...STREAMING, resourceVersion: '3' } },
    ]);
    expect(contents(store)).toEqual([]);
  });

  it('an ERROR 410 after the sync ends the cycle; run streams again from the last resourceVersion', async () => {
    const stream = new ScriptedWatchStream<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      watches: [stream, { events: [added(pod('p9', '9')), bookmark('9', true)], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), backoff: NO_BACKOFF, onWatchError: () => undefined });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    stream.push(added(pod('p1', '5')));
    stream.push(bookmark('5', true));
    stream.push(added(pod('p2', '6')));
    stream.push(errorEvent(410, 'Expired'));
    await handled(lw, 2, 2);
    expect(reflector.lastSyncResourceVersion).toBe('9');
    stop.abort();
    await running;
    expect(requests(lw)).toEqual([{ watch: STREAMING }, { watch: { ...STREAMING, resourceVersion: '6' } }]);
    expect(contents(reflector.store)).toEqual(['p9@9']);
  });
});
