// The run loop, abort, readiness, events, and the guarantees beyond client-go: nothing stops the
// reflector for good, nothing becomes an unhandled rejection, nothing reaches the store after abort.
import type { ListerWatcher, ObjectList } from '@kcache/listwatch';
import { createStore } from '@kcache/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  added,
  bookmark,
  errorEvent,
  errorLog,
  NO_BACKOFF,
  pod,
  podList,
  recordingStore,
  settle,
  type Pod,
} from '../test/support.js';
import { InvalidReflectorOptionsError, isReflectorError, type ReflectorError } from './errors.js';
import { createReflector } from './reflector.js';
import { createScriptedListerWatcher } from './testing/index.js';
import type { ReflectorEvent } from './types.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('run', () => {
  it('backs off once after every cycle, with growing waits', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const lw = createScriptedListerWatcher<Pod>({ list: { error: new Error('connection refused') } });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, onWatchError: () => undefined });
    const waits: number[] = [];
    reflector.on('backoff', (e) => waits.push(e.waitMs));
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await vi.advanceTimersByTimeAsync(60_000);
    stop.abort();
    await running;
    // client-go's numbers: 0.8 s doubling to 30 s, times [1, 2) (here 1.5).
    expect(waits).toEqual([1200, 2400, 4800, 9600, 19200, 38400]);
    expect(lw.listCalls.length).toBe(6);
  });

  it('keeps going after any error: lists fail, watches fail, and it still syncs in the end', async () => {
    const log = errorLog();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [{ error: new Error('boom') }, { error: new TypeError('weird') }, podList('4', [pod('a', '4')]), podList('4', [])],
      watches: [{ error: new Error('watch refused') }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, backoff: NO_BACKOFF, ...log });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 4, watches: 2 });
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(log.errors.map((e) => (e as ReflectorError).code)).toEqual(['ListFailed', 'ListFailed', 'WatchFailed']);
  });

  it('ends promptly on abort, closes the open watch, and makes no store call afterwards', async () => {
    const store = recordingStore();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [])],
      watches: [{ events: [added(pod('a', '2')), { waitMs: 100 }, added(pod('b', '3'))], then: 'hang' }],
    });
    // The pause before b runs on a fake clock: after the abort, the script's clock is run past it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    await lw.streams[0]?.waitForHandled(1);
    expect(reflector.lastSyncResourceVersion).toBe('2');
    stop.abort();
    await running;
    const ops = [...store.ops];
    expect(lw.openStreams).toBe(0);
    expect(lw.streams[0]?.stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(150);
    expect(store.ops).toEqual(ops);
    expect(ops).toEqual(['replace 0@1', 'add a@2']);
  });

  it('ends promptly on abort even when the ListerWatcher ignores its signal, and touches nothing later', async () => {
    const store = recordingStore();
    let release: (list: ObjectList<Pod>) => void = () => undefined;
    let listCalled: () => void = () => undefined;
    const listing = new Promise<void>((resolve) => {
      listCalled = resolve;
    });
    const stubborn: ListerWatcher<Pod> = {
      list: () =>
        new Promise((resolve) => {
          release = resolve;
          listCalled();
        }),
      watch: () => Promise.reject(new Error('not reached')),
    };
    const reflector = createReflector<Pod>({ listerWatcher: stubborn, store, useWatchList: false });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await listing;
    stop.abort();
    await running;
    release(podList('5', [pod('late', '5')]));
    await settle();
    expect(store.ops).toEqual([]);
    expect(reflector.hasSynced()).toBe(false);
  });

  it('closes a stream that a ListerWatcher ignoring its signal hands over after the abort', async () => {
    let hand: (stream: AsyncIterable<never>) => void = () => undefined;
    let returned = 0;
    let watchCalled: () => void = () => undefined;
    const watching = new Promise<void>((resolve) => {
      watchCalled = resolve;
    });
    const stubborn: ListerWatcher<Pod> = {
      list: () => Promise.resolve(podList('1', [])),
      watch: () =>
        new Promise((resolve) => {
          hand = resolve;
          watchCalled();
        }),
    };
    const reflector = createReflector<Pod>({ listerWatcher: stubborn, store: createStore(), useWatchList: false });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await watching;
    expect(reflector.hasSynced()).toBe(true);
    stop.abort();
    await running;
    hand({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<never>(() => undefined),
        return: () => {
          returned++;
          return Promise.resolve({ done: true as const, value: undefined });
        },
      }),
    });
    await vi.waitUntil(() => returned > 0);
    expect(returned).toBe(1);
  });

  it('with an already aborted signal, makes no request at all', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore() });
    const stop = new AbortController();
    stop.abort();
    await reflector.run(stop.signal);
    await reflector.listAndWatch(stop.signal);
    expect(lw.calls).toEqual([]);
  });

  it('refuses to run twice at once', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await expect(reflector.run(stop.signal)).rejects.toSatisfy((e) => isReflectorError(e, 'AlreadyRunning'));
    await expect(reflector.listAndWatch(stop.signal)).rejects.toThrow(/already running/);
    stop.abort();
    await running;
    const again = new AbortController();
    const rerun = reflector.run(again.signal);
    again.abort();
    await rerun;
  });

  it('never lets a failure become an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const store = createStore<Pod>();
      store.add = () => {
        throw new Error('add failed');
      };
      const lw = createScriptedListerWatcher<Pod>({
        list: podList('1', []),
        watch: { events: [added(pod('a', '2')), errorEvent(500, 'InternalError')], then: { throw: new Error('stream broke') } },
      });
      const reflector = createReflector<Pod>({
        listerWatcher: lw,
        store,
        useWatchList: false,
        backoff: NO_BACKOFF,
        onWatchError: () => {
          throw new Error('a throwing error handler');
        },
        transform: (p) => p,
      });
      reflector.on('*', () => {
        throw new Error('a throwing listener');
      });
      const stop = new AbortController();
      const running = reflector.run(stop.signal);
      await lw.waitForCalls({ lists: 5 });
      stop.abort();
      await running;
      await settle(10);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('readiness', () => {
  it('hasSynced is false until the first list reached the store; waitForSync resolves then', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const lw = createScriptedListerWatcher<Pod>({
      lists: [
        async () => {
          await gate;
          return podList('1', [pod('a', '1')]);
        },
      ],
    });
    const store = createStore<Pod>();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    let synced = false;
    const waiting = reflector.waitForSync().then(() => {
      synced = true;
      expect(store.list()).toHaveLength(1);
    });
    await lw.waitForCalls({ lists: 1 });
    expect(reflector.hasSynced()).toBe(false);
    expect(synced).toBe(false);
    release();
    await waiting;
    expect(reflector.hasSynced()).toBe(true);
    await reflector.waitForSync();
    stop.abort();
    await running;
  });

  it('waitForSync rejects with an AbortError when its signal aborts first', async () => {
    const reflector = createReflector<Pod>({ listerWatcher: createScriptedListerWatcher<Pod>(), store: createStore() });
    const wait = new AbortController();
    const pending = reflector.waitForSync(wait.signal);
    wait.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const already = new AbortController();
    already.abort(new Error('gave up'));
    await expect(reflector.waitForSync(already.signal)).rejects.toThrow('gave up');
  });
});

describe('events', () => {
  it('reports list, watch-start, watch-end, backoff, relist, sync and error, with reasons', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [pod('a', '1')]), podList('5', [])],
      watches: [{ events: [added(pod('b', '4')), errorEvent(410, 'Expired')], then: 'hang' }],
    });
    const reflector = createReflector<Pod>({
      listerWatcher: lw,
      store: createStore(),
      useWatchList: false,
      backoff: NO_BACKOFF,
      name: 'pods',
      onWatchError: () => undefined,
    });
    const seen: ReflectorEvent[] = [];
    const off = reflector.on('*', (e) => seen.push(e));
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ lists: 2, watches: 2 });
    off();
    stop.abort();
    await running;
    const shape = seen.map((e) => {
      switch (e.type) {
        case 'list':
          return `list rv=${e.resourceVersion} asked=${e.requestedResourceVersion} items=${String(e.items)} paginated=${String(e.paginated)}`;
        case 'sync':
          return `sync ${e.source} rv=${e.resourceVersion} items=${String(e.items)}`;
        case 'watch-start':
          return `watch-start rv=${e.resourceVersion}`;
        case 'watch-end':
          return `watch-end ${e.reason} events=${String(e.events)}`;
        case 'backoff':
          return `backoff ${e.reason}`;
        case 'relist':
          return `relist ${e.reason} rv=${e.resourceVersion}`;
        case 'error':
          return `error ${(e.error as ReflectorError).code}`;
        default:
          return e.type;
      }
    });
    expect(shape).toEqual([
      'sync list rv=1 items=1',
      'list rv=1 asked=0 items=1 paginated=false',
      'watch-start rv=1',
      'watch-end expired events=1',
      'error WatchFailed',
      'backoff cycle',
      'relist expired rv=4',
      'sync list rv=5 items=0',
      'list rv=5 asked=4 items=0 paginated=false',
      'watch-start rv=5',
    ]);
    expect(seen.every((e) => e.reflector === 'pods')).toBe(true);
  });

  it('lastSyncResourceVersion has moved when sync is reported', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('12', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const seen: string[] = [];
    reflector.on('sync', () => seen.push(reflector.lastSyncResourceVersion));
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(seen).toEqual(['12']);
  });

  it('reports a streaming sync as sync watch-list', async () => {
    const lw = createScriptedListerWatcher<Pod>({ watches: [{ events: [added(pod('a', '1')), bookmark('3', true)], then: 'hang' }] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore() });
    const syncs: ReflectorEvent[] = [];
    reflector.on('sync', (e) => syncs.push(e));
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    stop.abort();
    await running;
    expect(syncs).toEqual([{ type: 'sync', reflector: 'reflector', source: 'watch-list', resourceVersion: '3', items: 1 }]);
  });

  it('a throwing listener is reported as ListenerFailed and the reflector carries on', async () => {
    const log = errorLog();
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false, ...log });
    reflector.on('list', () => {
      throw new Error('listener bug');
    });
    const stop = new AbortController();
    const running = reflector.run(stop.signal);
    await lw.waitForCalls({ watches: 1 });
    stop.abort();
    await running;
    expect(isReflectorError(log.errors[0], 'ListenerFailed')).toBe(true);
    expect(String(log.errors[0])).toMatch(/listener bug/);
  });

  it('unsubscribing stops delivery, and one function registered twice is called twice', async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('1', []), podList('2', [])] });
    const reflector = createReflector<Pod>({ listerWatcher: lw, store: createStore(), useWatchList: false });
    const calls: string[] = [];
    const listener = (e: ReflectorEvent): void => {
      calls.push(e.type);
    };
    const offA = reflector.on('list', listener);
    reflector.on('list', listener);
    const first = new AbortController();
    const done = reflector.listAndWatch(first.signal);
    await lw.waitForCalls({ watches: 1 });
    first.abort();
    await done;
    offA();
    const second = new AbortController();
    const again = reflector.listAndWatch(second.signal);
    await lw.waitForCalls({ watches: 2 });
    second.abort();
    await again;
    expect(calls).toEqual(['list', 'list', 'list']);
  });
});

describe('options', () => {
  const lw = createScriptedListerWatcher<Pod>();
  it.each([
    [{ pageSize: 0 }, /pageSize must be a positive integer/],
    [{ pageSize: 2.5 }, /pageSize/],
    [{ minWatchTimeoutSeconds: 0 }, /minWatchTimeoutSeconds must be a number ≥ 1/],
    [{ resyncPeriodMs: -1 }, /resyncPeriodMs/],
    [{ backoff: { factor: 0.5 } }, /backoff.factor must be a number ≥ 1/],
    [{ backoff: { initialMs: Number.NaN } }, /backoff.initialMs/],
    [{ maxInternalErrorRetryMs: -5 }, /maxInternalErrorRetryMs/],
  ])('rejects %j', (bad, message) => {
    expect(() => createReflector<Pod>({ listerWatcher: lw, store: createStore(), ...bad })).toThrow(message);
    expect(() => createReflector<Pod>({ listerWatcher: lw, store: createStore(), ...bad })).toThrow(InvalidReflectorOptionsError);
  });

  it('rejects a missing listerWatcher or store with a message that says what to pass', () => {
    expect(() => createReflector<Pod>({ listerWatcher: {} as never, store: createStore() })).toThrow(/listerWatcher must have list\(\) and watch\(\)/);
    expect(() => createReflector<Pod>({ listerWatcher: lw, store: { add: () => undefined } as never })).toThrow(/store must have a update\(\)/);
  });

  it('names itself after expectedType, or as asked', () => {
    expect(createReflector<Pod>({ listerWatcher: lw, store: createStore(), expectedType: { apiVersion: 'v1', kind: 'Pod' } }).name).toBe(
      'Pod reflector',
    );
    expect(createReflector<Pod>({ listerWatcher: lw, store: createStore(), name: 'mine' }).name).toBe('mine');
  });

  it('the default error handler stays quiet on expired and writes one line otherwise', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const lwx = createScriptedListerWatcher<Pod>({
      lists: [podList('1', []), podList('1', [])],
      watches: [{ events: [errorEvent(410, 'Expired')], then: 'hang' }, { events: [], then: 'close' }],
    });
    const reflector = createReflector<Pod>({ listerWatcher: lwx, store: createStore(), useWatchList: false, name: 'quiet' });
    await reflector.listAndWatch(new AbortController().signal);
    expect(warn).not.toHaveBeenCalled();
    await reflector.listAndWatch(new AbortController().signal);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[kcache\] quiet: very short watch/);
    warn.mockRestore();
  });
});
