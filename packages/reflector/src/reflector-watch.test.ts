// The watch half of client-go's reflector_test.go: the watch request, how each event reaches the
// store, and what every way of ending a watch leads to (re-watch, backoff, relist).
import { ApiError, ConnectionError, isConnectionRefused, WatchDecodeError } from '@kcache/listwatch';
import { createStore, type Store } from '@kcache/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  added,
  bookmark,
  connectionRefused,
  contents,
  deleted,
  errorEvent,
  errorLog,
  expiredError,
  internalError,
  modified,
  NO_BACKOFF,
  pod,
  podList,
  recordingStore,
  settle,
  status,
  tooManyRequestsError,
  type Pod,
} from '../test/support.js';
import { isReflectorError } from './errors.js';
import { createReflector } from './reflector.js';
import { createScriptedListerWatcher, ScriptedWatchStream, type ScriptedListerWatcher } from './testing/index.js';
import type { ReflectorEvent } from './types.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Resolves once the reflector has handled the first `events` events of the first watch stream. */
async function handled(lw: ScriptedListerWatcher<Pod>, events: number): Promise<void> {
  const stream = await vi.waitUntil(() => lw.streams[0]);
  await stream.waitForHandled(events);
}

describe('the watch request', () => {
  it('watches from the list resourceVersion with bookmarks and a timeout in [300, 600) seconds', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [pod('foo', '1')])],
      watches: [{ events: [modified(pod('foo', '2')), added(pod('bar', '3'))], then: 'hang' }],
    });
    const store = createStore<Pod>();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 2);
    expect(reflector.lastSyncResourceVersion).toBe('3');
    stop.abort();
    await done;
    const [watch] = lw.watchCalls;
    expect(watch).toMatchObject({ resourceVersion: '1', allowWatchBookmarks: true });
    expect(Object.keys(watch ?? {}).sort()).toEqual(['allowWatchBookmarks', 'resourceVersion', 'timeoutSeconds']);
    expect(Number.isInteger(watch?.timeoutSeconds)).toBe(true);
    expect(watch?.timeoutSeconds).toBeGreaterThanOrEqual(300);
    expect(watch?.timeoutSeconds).toBeLessThan(600);
    expect(contents(store)).toEqual(['bar@3', 'foo@2']);
  });

  it('spreads timeouts over [min, 2·min) for minWatchTimeoutSeconds', async () => {
    const lw = createScriptedListerWatcher<Pod>({ list: podList('1', []), watch: { events: [added(pod('a', '2'))], then: 'close' } });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, minWatchTimeoutSeconds: 10 });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 40 });
    stop.abort();
    await done;
    for (const call of lw.watchCalls) {
      expect(call.timeoutSeconds).toBeGreaterThanOrEqual(10);
      expect(call.timeoutSeconds).toBeLessThan(20);
    }
    expect(new Set(lw.watchCalls.map((c) => c.timeoutSeconds)).size).toBeGreaterThan(1);
  });
});

describe('applying events (client-go TestReflectorWatchHandler)', () => {
  it('adds, updates and deletes, skips a foreign type, and keeps the last resourceVersion', async () => {
    const store = createStore<Pod>();
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'rejected', namespace: 'ns', resourceVersion: '99' } };
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('10', [pod('foo', '1'), pod('bar', '2')])],
      watches: [
        {
          events: [added(service), deleted(pod('foo', '11')), modified(pod('bar', '55')), added(pod('baz', '32'))],
          then: 'hang',
        },
      ],
    });
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store,
      useWatchList: false,
      expectedType: { apiVersion: 'v1', kind: 'Pod' },
    });
    const skipped: ReflectorEvent[] = [];
    reflector.on('skip', (e) => skipped.push(e));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 4);
    expect(reflector.lastSyncResourceVersion).toBe('32');
    stop.abort();
    await done;
    expect(contents(store)).toEqual(['bar@55', 'baz@32']);
    expect(skipped).toEqual([
      { type: 'skip', reflector: 'Pod reflector', reason: 'unexpected-type', eventType: 'ADDED', apiVersion: 'v1', kind: 'Service' },
    ]);
  });

  it('skips an event whose object has no metadata, leaving the resourceVersion unchanged', async () => {
    const store = recordingStore();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('10', [])],
      watches: [{ events: [added({ apiVersion: 'v1', kind: 'Pod' }), added(pod('a', '12'))], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const rvs: string[] = [];
    reflector.on('skip', () => rvs.push(reflector.lastSyncResourceVersion));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 2);
    expect(reflector.lastSyncResourceVersion).toBe('12');
    stop.abort();
    await done;
    expect(rvs).toEqual(['10']);
    expect(store.ops).toEqual(['replace 0@10', 'add a@12']);
  });

  it('a BOOKMARK moves the resourceVersion without any store call', async () => {
    const store = recordingStore();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('10', [])],
      watches: [{ events: [bookmark('20')], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 1);
    expect(reflector.lastSyncResourceVersion).toBe('20');
    stop.abort();
    await done;
    expect(store.ops).toEqual(['replace 0@10']);
  });

  it('fills apiVersion and kind into watch objects that lack them, and applies transform', async () => {
    const store = createStore<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('10', [])],
      watches: [{ events: [added({ metadata: { name: 'bare', namespace: 'ns', resourceVersion: '11' } })], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store,
      useWatchList: false,
      transform: (p) => ({ ...p, spec: { nodeName: 'transformed' } }),
    });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await handled(lw, 1);
    expect(reflector.lastSyncResourceVersion).toBe('11');
    stop.abort();
    await done;
    expect(store.list()).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'ns', resourceVersion: '11' }, spec: { nodeName: 'transformed' } },
    ]);
  });
});

describe('how a watch ends', () => {
  it('re-watches at once from the last resourceVersion after a normal close with events: no list, no backoff', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [{ events: [added(pod('foo', '2')), added(pod('bar', '3'))], then: 'close' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const backoffs: ReflectorEvent[] = [];
    reflector.on('backoff', (e) => backoffs.push(e));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 2 });
    stop.abort();
    await done;
    expect(lw.watchCalls.map((c) => c.resourceVersion)).toEqual(['1', '3']);
    expect(lw.listCalls).toHaveLength(1);
    expect(backoffs).toEqual([]);
  });

  it('re-watches after a normal close that lasted a second even without events', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [{ events: [{ waitMs: 1000 }], then: 'close' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await vi.advanceTimersByTimeAsync(1000);
    await lw.waitForCalls({ watches: 2 });
    stop.abort();
    await done;
    expect(lw.watchCalls.map((c) => c.resourceVersion)).toEqual(['1', '1']);
    expect(lw.listCalls).toHaveLength(1);
  });

  it('a very short watch (under a second, no event) is an error that ends the cycle for a relist', async () => {
    const log = errorLog();
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])], watches: [{ events: [], then: 'close' }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, ...log });
    const ends: ReflectorEvent[] = [];
    reflector.on('watch-end', (e) => ends.push(e));
    await reflector.listAndWatch(new AbortController().signal);
    expect(lw.watchCalls).toHaveLength(1);
    expect(log.errors).toHaveLength(1);
    expect(isReflectorError(log.errors[0], 'VeryShortWatch')).toBe(true);
    expect(ends).toMatchObject([{ reason: 'very-short', events: 0 }]);
  });

  it('an ERROR 410 event ends the cycle; run backs off and relists at the last synced resourceVersion', async () => {
    const log = errorLog();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', []), podList('5', [])],
      watches: [{ events: [added(pod('a', '3')), errorEvent(410, 'Expired', 'too old resource version: 3 (4)')], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
    const events: string[] = [];
    reflector.on('*', (e) => {
      if (e.type === 'relist') events.push(`relist:${e.reason}`);
      if (e.type === 'backoff') events.push(`backoff:${e.reason}`);
    });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2, watches: 2 });
    stop.abort();
    await running;
    expect(lw.listCalls.map((c) => c.resourceVersion)).toEqual(['0', '3']);
    expect(lw.watchCalls.map((c) => c.resourceVersion)).toEqual(['1', '5']);
    expect(events).toEqual(['backoff:cycle', 'relist:expired']);
    expect(isReflectorError(log.errors[0], 'WatchFailed')).toBe(true);
    expect((log.errors[0] as Error).cause).toBeInstanceOf(ApiError);
  });

  it('a watch request answered 410 rejects listAndWatch, and the relist asks for the last synced resourceVersion', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('7', []), podList('8', [])],
      watches: [{ error: expiredError() }],
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
    const failure = await reflector.listAndWatch(new AbortController().signal).catch((err: unknown) => err);
    expect(isReflectorError(failure, 'WatchFailed')).toBe(true);
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2, watches: 2 });
    stop.abort();
    await running;
    expect(lw.listCalls.map((c) => c.resourceVersion)).toEqual(['0', '7']);
  });

  it('429 on the watch request backs off and re-watches without relisting (TestNoRelistOnTooManyRequests)', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [
        { error: tooManyRequestsError() },
        { error: tooManyRequestsError() },
        { error: tooManyRequestsError() },
        { error: tooManyRequestsError() },
      ],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF });
    const backoffs: string[] = [];
    reflector.on('backoff', (e) => backoffs.push(e.reason));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 5 });
    stop.abort();
    await done;
    expect(lw.listCalls).toHaveLength(1);
    expect(lw.watchCalls.map((c) => c.resourceVersion)).toEqual(['1', '1', '1', '1', '1']);
    expect(backoffs).toEqual(['too-many-requests', 'too-many-requests', 'too-many-requests', 'too-many-requests']);
  });

  it('a 429 ERROR event backs off and re-watches too (TestBackoffOnTooManyRequests)', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [{ error: tooManyRequestsError() }, { events: [errorEvent(429, 'TooManyRequests')], then: 'hang' }],
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
    const backoffs: string[] = [];
    reflector.on('backoff', (e) => backoffs.push(e.reason));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 3 });
    stop.abort();
    await done;
    expect(backoffs).toEqual(['too-many-requests', 'too-many-requests']);
    expect(lw.listCalls).toHaveLength(1);
  });

  it('honours Retry-After when it asks for longer than the backoff step', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])], watches: [{ error: tooManyRequestsError(3) }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const waits: number[] = [];
    reflector.on('backoff', (e) => waits.push(e.waitMs));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    await vi.advanceTimersByTimeAsync(2999);
    expect(lw.watchCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lw.watchCalls).toHaveLength(2);
    stop.abort();
    await done;
    expect(waits).toEqual([3000]);
  });

  it('backs off exponentially up to maxMs while connections are refused (TestReflectorListAndWatchInitConnBackoff)', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: Array.from({ length: 8 }, () => ({ error: connectionRefused() })),
    });
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store: createStore(),
      useWatchList: false,
      backoff: { initialMs: 1, maxMs: 20, jitter: 0 },
      onWatchError: () => undefined,
    });
    const waits: number[] = [];
    reflector.on('backoff', (e) => waits.push(e.waitMs));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 9 });
    stop.abort();
    await done;
    expect(waits).toEqual([1, 2, 4, 8, 16, 20, 20, 20]);
    expect(lw.listCalls).toHaveLength(1);
  });

  it('connection refused on the watch request backs off and re-watches without relisting', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])], watches: [{ error: connectionRefused() }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, onWatchError: () => undefined });
    const backoffs: string[] = [];
    reflector.on('backoff', (e) => backoffs.push(e.reason));
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 2 });
    stop.abort();
    await done;
    expect(backoffs).toEqual(['connection-refused']);
    expect(lw.listCalls).toHaveLength(1);
  });

  it('connection refused on the watch request is reported on every attempt, still without relisting', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])], watch: { error: connectionRefused() } });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
    const heard: unknown[] = [];
    reflector.on('error', (e) => heard.push(e.error));
    // At each backoff, every refused watch so far has been reported once, both ways.
    const atBackoff: [number, number, number][] = [];
    reflector.on('backoff', () => atBackoff.push([lw.watchCalls.length, log.errors.length, heard.length]));
    const relists: string[] = [];
    reflector.on('relist', (e) => relists.push(e.reason));
    const stop = new AbortController();
    const done = reflector.run(stop.signal);
    await lw.waitForCalls({ watches: 4 });
    stop.abort();
    await done;
    expect(atBackoff.slice(0, 3)).toEqual([[1, 1, 1], [2, 2, 2], [3, 3, 3]]);
    expect(heard).toEqual(log.errors);
    for (const err of log.errors) {
      expect(isReflectorError(err, 'WatchFailed')).toBe(true);
      expect(isConnectionRefused((err as Error).cause)).toBe(true);
    }
    expect(lw.listCalls).toHaveLength(1);
    expect(relists).toEqual([]);
  });

  it('a connection lost mid-stream re-watches from the last resourceVersion without relisting', async () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [{ events: [added(pod('a', '4'))], then: { throw: reset } }],
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, ...log });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 2 });
    stop.abort();
    await done;
    expect(lw.watchCalls.map((c) => c.resourceVersion)).toEqual(['1', '4']);
    expect(lw.listCalls).toHaveLength(1);
    expect(log.errors).toEqual([]);
  });

  it('an undecodable line is reported (DecodeFailed) and leads to a relist, never skipped silently', async () => {
    const decode = new WatchDecodeError('watch stream line is not JSON', { offset: 10, excerpt: '{"type":"ADD' });
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', []), podList('9', [])],
      watches: [{ events: [added(pod('a', '4'))], then: { throw: decode } }],
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
    const relists: string[] = [];
    reflector.on('relist', (e) => relists.push(e.reason));
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2 });
    stop.abort();
    await running;
    expect(isReflectorError(log.errors[0], 'DecodeFailed')).toBe(true);
    expect((log.errors[0] as Error).cause).toBe(decode);
    expect(relists).toEqual(['decode-failed']);
    expect(lw.listCalls.map((c) => c.resourceVersion)).toEqual(['0', '4']);
  });

  describe('a stream error is a lost connection by its type or code, never by its message', () => {
    async function afterStreamError(err: unknown): Promise<{ relists: string[]; errors: unknown[]; watchRvs: (string | undefined)[]; lists: number }> {
      const lw = createScriptedListerWatcher<Pod>({
        lists: [podList('1', []), podList('9', [])],
        watches: [{ events: [added(pod('a', '4'))], then: { throw: err } }],
      });
      const log = errorLog();
      const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
      const relists: string[] = [];
      reflector.on('relist', (e) => relists.push(e.reason));
      const stop = new AbortController();
      const running = reflector.run(stop.signal);
      // Either a re-watch (second watch call) or a relist then a watch from the new list.
      await lw.waitForCalls({ watches: 2 });
      stop.abort();
      await running;
      return { relists, errors: log.errors, watchRvs: lw.watchCalls.map((c) => c.resourceVersion), lists: lw.listCalls.length };
    }

    it.each([
      ['a WatchDecodeError whose text says "terminated"', new WatchDecodeError('watch stream line at byte 0 is not JSON: input terminated early', { offset: 0, excerpt: '{"type":' })],
      ['a plain error whose text says "connection reset"', new Error('upstream said: connection reset, stream terminated')],
      ['an error only named ConnectionError', Object.assign(new Error('socket hang up'), { name: 'ConnectionError' })],
    ])('%s leads to a relist', async (_, err) => {
      const outcome = await afterStreamError(err);
      expect(outcome.relists).toEqual(['decode-failed']);
      expect(isReflectorError(outcome.errors[0], 'DecodeFailed')).toBe(true);
      expect((outcome.errors[0] as Error).cause).toBe(err);
      expect(outcome.watchRvs).toEqual(['1', '9']);
    });

    it.each([
      ['a listwatch ConnectionError', new ConnectionError('GET /api/v1/pods?watch=true: socket hang up', { systemCode: 'ECONNRESET' })],
      ['a ConnectionError without a system code', new ConnectionError('GET /api/v1/pods?watch=true: the connection closed')],
      ['a Node error with a socket code, as a cause', new Error('watch failed', { cause: Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) })],
    ])('%s leads to a re-watch from the last resourceVersion', async (_, err) => {
      const outcome = await afterStreamError(err);
      expect(outcome.relists).toEqual([]);
      expect(outcome.errors).toEqual([]);
      expect(outcome.watchRvs).toEqual(['1', '4']);
      expect(outcome.lists).toBe(1);
    });
  });

  it('an event of unknown type is a DecodeFailed error', async () => {
    const stream = new ScriptedWatchStream<Pod>();
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])], watches: [stream] });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, ...log });
    const done = reflector.listAndWatch(new AbortController().signal);
    await lw.waitForCalls({ watches: 1 });
    stream.push({ type: 'SOMETHING', object: pod('x', '2') } as never);
    await done;
    expect(isReflectorError(log.errors[0], 'DecodeFailed')).toBe(true);
    expect(String(log.errors[0])).toMatch(/unknown type "SOMETHING"/);
    expect(stream.stopped).toBe(true);
  });
});

describe('500 during a watch (client-go TestRetryInternalError)', () => {
  async function countRetries(maxInternalErrorRetryMs: number, rewindAt?: number): Promise<number> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    let counter = 0;
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watch: () => {
        counter++;
        if (counter === rewindAt) vi.advanceTimersByTime(60_000);
        vi.advanceTimersByTime(1000);
        return { events: [errorEvent(500, 'InternalError', 'etcdserver: no leader')], then: 'hang' };
      },
    });
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store: createStore(),
      useWatchList: false,
      maxInternalErrorRetryMs,
      onWatchError: () => undefined,
    });
    await reflector.listAndWatch(new AbortController().signal);
    return counter - 1;
  }

  it('does not retry when maxInternalErrorRetryMs is 0: the cycle ends for a relist', async () => {
    expect(await countRetries(0)).toBe(0);
  });

  it('re-watches while the first internal error is at most maxInternalErrorRetryMs old', async () => {
    expect(await countRetries(30_000)).toBe(31);
  });

  it('starts a new window after a minute without internal errors', async () => {
    expect(await countRetries(30_000, 10)).toBe(40);
  });

  it('a watch request answered 500 rejects listAndWatch (the relist comes after the backoff)', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])], watches: [{ error: internalError() }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, maxInternalErrorRetryMs: 60_000 });
    await expect(reflector.listAndWatch(new AbortController().signal)).rejects.toThrow(/watch request failed/);
  });
});

describe('resync', () => {
  it('calls store.resync() every resyncPeriodMs while watching', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    const store = recordingStore();
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, resyncPeriodMs: 1000 });
    const stop = new AbortController();
    const done = reflector.listAndWatch(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    await vi.advanceTimersByTimeAsync(3500);
    stop.abort();
    await done;
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.ops).toEqual(['replace 0@1', 'resync', 'resync', 'resync']);
  });

  it('a throwing resync ends the watch with ResyncFailed and the cycle ends for a relist (TestReflectorResync)', async () => {
    let resyncs = 0;
    const store = createStore<Pod>();
    store.resync = () => {
      resyncs++;
      if (resyncs === 2) throw new Error('expected resync reached');
    };
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('0', [])] });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, resyncPeriodMs: 1, ...log });
    await reflector.listAndWatch(new AbortController().signal);
    expect(resyncs).toBe(2);
    expect(isReflectorError(log.errors[0], 'ResyncFailed')).toBe(true);
    expect(lw.streams[0]?.stopped).toBe(true);
    await settle();
    expect(resyncs).toBe(2);
  });
});

describe('a failing store or transform', () => {
  it('a throwing store.add is reported as StoreFailed and the cycle ends for a relist', async () => {
    const store = createStore<Pod>();
    const add = store.add.bind(store);
    store.add = (p) => {
      if (p.metadata?.name === 'boom') throw new Error('disk full');
      add(p);
    };
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', []), podList('9', [pod('boom', '2')])],
      watches: [{ events: [added(pod('ok', '2')), added(pod('boom', '3'))], then: 'hang' }],
    });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF, ...log });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2, watches: 2 });
    stop.abort();
    await running;
    expect(isReflectorError(log.errors[0], 'StoreFailed')).toBe(true);
    expect(String(log.errors[0])).toMatch(/disk full/);
    expect(lw.listCalls.map((c) => c.resourceVersion)).toEqual(['0', '2']);
    expect(contents(store)).toEqual(['boom@2']);
  });

  it('a throwing transform is reported as TransformFailed and the cycle ends for a relist', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', []), podList('9', [])],
      watches: [{ events: [added(pod('bad', '2'))], then: 'hang' }],
    });
    const log = errorLog();
    let calls = 0;
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store: createStore(),
      useWatchList: false,
      backoff: NO_BACKOFF,
      ...log,
      transform: (p) => {
        calls++;
        if (p.metadata?.name === 'bad' && calls === 1) throw new TypeError('cannot read managedFields');
        return p;
      },
    });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2 });
    stop.abort();
    await running;
    expect(isReflectorError(log.errors[0], 'TransformFailed')).toBe(true);
    expect(String(log.errors[0])).toMatch(/Pod ns\/bad/);
  });

  it('a throwing store.replace is reported and retried with backoff by run', async () => {
    const store = withoutReplaceAsync(createStore<Pod>());
    const replace = store.replace.bind(store);
    let replaces = 0;
    store.replace = (items, rv) => {
      replaces++;
      if (replaces === 1) throw new Error('replace failed');
      replace(items, rv);
    };
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [pod('a', '1')]), podList('2', [pod('a', '2')])] });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF, ...log });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(isReflectorError(log.errors[0], 'StoreFailed')).toBe(true);
    expect(contents(store)).toEqual(['a@2']);
    expect(lw.listCalls.map((c) => c.resourceVersion)).toEqual(['0', '0']);
  });

  it('a rejecting store.replaceAsync is reported and retried with backoff by run', async () => {
    const store = createStore<Pod>();
    const replaceAsync = store.replaceAsync?.bind(store);
    let replaces = 0;
    store.replaceAsync = async (items, rv, options) => {
      replaces++;
      if (replaces === 1) throw new Error('replace failed');
      await replaceAsync?.(items, rv, options);
    };
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [pod('a', '1')]), podList('2', [pod('a', '2')])] });
    const log = errorLog();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF, ...log });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(isReflectorError(log.errors[0], 'StoreFailed')).toBe(true);
    expect(String(log.errors[0])).toMatch(/store\.replaceAsync\(\) threw: replace failed/);
    expect(contents(store)).toEqual(['a@2']);
    expect(lw.listCalls.map((c) => c.resourceVersion)).toEqual(['0', '0']);
  });

  it.each(['replace', 'replaceAsync'] as const)('a store error from %s keeps its original error as cause', async (method) => {
    const cause = new ApiError(status(500, 'InternalError'));
    let store = createStore<Pod>();
    if (method === 'replace') {
      store = withoutReplaceAsync(store);
      store.replace = () => {
        throw cause;
      };
    } else {
      store.replaceAsync = () => Promise.reject(cause);
    }
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const failure = await reflector.listAndWatch(new AbortController().signal).catch((err: unknown) => err);
    expect(isReflectorError(failure, 'StoreFailed')).toBe(true);
    expect((failure as Error).cause).toBe(cause);
  });
});

/** The store as one without the optional `replaceAsync`, as a store written by hand may be. */
function withoutReplaceAsync(store: Store<Pod>): Store<Pod> {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'replaceAsync') return undefined;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
