// The shared informer's lifecycle and handlers, ported from client-go's shared_informer_test.go
// and controller_test.go (each test names the Go test it comes from), against a scripted
// ListerWatcher.
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  added,
  deleted,
  modified,
  NO_BACKOFF,
  pod,
  podList,
  recorder,
  settle,
  start,
  type Pod, until } from '../test/support/objects.js';
import { createSharedInformer, InformerError, isInformerError, type InformerStatusEvent } from './index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** An informer over a list of `items` at RV 10, then a watch stream the test drives. */
function informerOver(items: Pod[], options: { resyncPeriodMs?: number } = {}) {
  const stream = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', items)], watches: [stream] });
  const informer = createSharedInformer<Pod>({
    listerWatcher: lw,
    reflector: { useWatchList: false, backoff: NO_BACKOFF },
    ...options,
  });
  return { informer, stream, lw };
}

describe('initial list and hasSynced', () => {
  it('delivers every listed object as onAdd(obj, true), then watch events with isInInitialList false (TestHammerController)', async () => {
    const { informer, stream } = informerOver([pod('a', '1'), pod('b', '2')]);
    const h = recorder();
    const registration = informer.addEventHandler(h);
    expect(informer.hasSynced()).toBe(false);
    expect(registration.hasSynced()).toBe(false);
    const run = start(informer);
    await registration.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    expect(h.log).toEqual(['add a@1 initial', 'add b@2 initial']);
    stream.push(added(pod('c', '11')));
    stream.push(modified(pod('a', '12')));
    stream.push(deleted(pod('b', '13')));
    await until(() => h.log.length === 5);
    expect(h.log.slice(2)).toEqual(['add c@11', 'update a@1>a@12', 'delete b@13']);
    expect(informer.lastSyncResourceVersion).toBe('13');
    await run.stop();
  });

  it('existence in the cache decides: an ADDED for a cached object is an update, a MODIFIED for an unknown one an add (processDeltas)', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    stream.push(added(pod('a', '11')));
    stream.push(modified(pod('b', '12')));
    await until(() => h.log.length === 3);
    expect(h.log).toEqual(['add a@1 initial', 'update a@1>a@11', 'add b@12']);
    await run.stop();
  });

  it('an empty first list syncs at once (TestRealFIFO_HasSynced)', async () => {
    const { informer } = informerOver([]);
    const registration = informer.addEventHandler({});
    const run = start(informer);
    await registration.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    await run.stop();
  });

  it('a handler has not synced until its last initial add has returned, even when the informer has (TestAddWhileActive)', async () => {
    const { informer } = informerOver([pod('a', '1'), pod('b', '2')]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    const slow = informer.addEventHandler({
      onAdd: async (p) => {
        seen.push(p.metadata?.name ?? '?');
        await gate;
      },
    });
    const fast = informer.addEventHandler({});
    const run = start(informer);
    await fast.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    expect(seen).toEqual(['a']);
    expect(slow.hasSynced()).toBe(false);
    expect(slow.pending).toBe(1);
    release();
    await slow.waitForSync();
    expect(seen).toEqual(['a', 'b']);
    await run.stop();
  });

  it('the cache is updated before handlers hear of a change (TestReplaceEvents: StoreRV)', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const seenInCache: string[] = [];
    informer.addEventHandler({
      onAdd: (p) => {
        seenInCache.push(`add ${informer.indexer.get(p)?.metadata?.resourceVersion ?? 'absent'}`);
      },
      onUpdate: (_, p) => {
        seenInCache.push(`update ${informer.indexer.get(p)?.metadata?.resourceVersion ?? 'absent'}`);
      },
      onDelete: (p) => {
        seenInCache.push(`delete ${'metadata' in p ? (informer.indexer.get(p)?.metadata?.resourceVersion ?? 'absent') : '?'}`);
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    stream.push(modified(pod('a', '11')));
    stream.push(deleted(pod('a', '12')));
    await until(() => seenInCache.length === 3);
    expect(seenInCache).toEqual(['add 1', 'update 11', 'delete absent']);
    await run.stop();
  });
});

describe('handlers added after start (TestAddWhileActive)', () => {
  it('first get onAdd(obj, true) for every cached object, then live changes, and sync once those are delivered', async () => {
    const { informer, stream } = informerOver([pod('a', '1'), pod('b', '2')]);
    const first = recorder();
    informer.addEventHandler(first);
    const run = start(informer);
    await informer.waitForSync();
    stream.push(modified(pod('a', '11')));
    await until(() => first.log.length === 3);

    const late = recorder();
    const registration = informer.addEventHandler(late);
    // Registered with its initial adds queued, never synced before they are delivered.
    expect(registration.hasSynced()).toBe(false);
    expect(registration.pending).toBe(2);
    stream.push(added(pod('c', '12')));
    await registration.waitForSync();
    await until(() => late.log.length === 3);
    expect(late.log.sort()).toEqual(['add a@11 initial', 'add b@2 initial', 'add c@12']);
    expect(first.log).toEqual(['add a@1 initial', 'add b@2 initial', 'update a@1>a@11', 'add c@12']);
    await run.stop();
  });

  it('a handler added before the informer syncs hears the whole initial list once', async () => {
    const stream = new ScriptedWatchStream<Pod>();
    let answer: (list: ReturnType<typeof podList>) => void = () => undefined;
    const lw = createScriptedListerWatcher<Pod>({
      lists: [() => new Promise((resolve) => (answer = resolve))],
      watches: [stream],
    });
    const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false } });
    const run = start(informer);
    await lw.waitForCalls({ lists: 1 });
    const h = recorder();
    const registration = informer.addEventHandler(h);
    answer(podList('10', [pod('a', '1')]));
    await registration.waitForSync();
    expect(h.log).toEqual(['add a@1 initial']);
    await run.stop();
  });
});

describe('transform and indexers', () => {
  it('transforms every object before the cache and the handlers (TestSharedInformerTransformer)', async () => {
    const stream = new ScriptedWatchStream<Pod>();
    const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', [pod('pod1', '1'), pod('pod2', '2')])], watches: [stream] });
    const informer = createSharedInformer<Pod>({
      listerWatcher: lw,
      reflector: { useWatchList: false },
      transform: (p) => ({ ...p, metadata: { ...p.metadata, name: p.metadata?.name?.toUpperCase() ?? '' } }),
    });
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    stream.push(added(pod('pod3', '11')));
    await until(() => h.log.length === 3);
    expect(h.log).toEqual(['add POD1@1 initial', 'add POD2@2 initial', 'add POD3@11']);
    expect(informer.indexer.listKeys().sort()).toEqual(['ns/POD1', 'ns/POD2', 'ns/POD3']);
    await run.stop();
  });

  it('indexes before and after start, the namespace index always there (TestIndexer)', async () => {
    const labelKeys = (p: Pod): string[] => Object.keys(p.metadata?.labels ?? {});
    const { informer, stream } = informerOver([
      pod('pod1', '1', { labels: { a: 'a-val', b: 'b-val1' } }),
      pod('pod2', '2', { labels: { b: 'b-val2' }, namespace: 'other' }),
    ]);
    informer.addIndexers({ labels: labelKeys });
    const run = start(informer);
    await informer.waitForSync();
    const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata?.name ?? '?').sort();
    expect(names(informer.indexer.byIndex('labels', 'a'))).toEqual(['pod1']);
    expect(names(informer.indexer.byIndex('namespace', 'other'))).toEqual(['pod2']);
    stream.push(added(pod('pod3', '11', { labels: { a: 'a-val2' } })));
    await until(() => informer.indexer.byIndex('labels', 'a').length === 2);
    informer.addIndexers({ 'labels-again': labelKeys });
    expect(names(informer.indexer.byIndex('labels-again', 'a'))).toEqual(['pod1', 'pod3']);
    expect(informer.indexer.listIndexFuncValues('labels').sort()).toEqual(['a', 'b']);
    expect(() => {
      informer.addIndexers({ namespace: labelKeys });
    }).toThrow(/namespace/);
    await run.stop();
  });

  it('refuses a different "namespace" index at creation, and options it cannot use', () => {
    const lw = createScriptedListerWatcher<Pod>({});
    expect(() => createSharedInformer<Pod>({ listerWatcher: lw, indexers: { namespace: () => ['x'] } })).toThrow(InformerError);
    expect(() => createSharedInformer<Pod>({ listerWatcher: lw, resyncPeriodMs: -1 })).toThrow(/resyncPeriodMs/);
    expect(() => createSharedInformer<Pod>({ listerWatcher: {} as never })).toThrow(/listerWatcher/);
    expect(() => createSharedInformer<Pod>({ listerWatcher: lw }).addEventHandler({}, { resyncPeriodMs: Number.NaN })).toThrow(/resyncPeriodMs/);
  });
});

describe('removing handlers', () => {
  it('removes one registration of several, even of the same handler object, and removing twice does nothing (TestSharedInformerMultipleRegistration, TestRemovingRemovedSharedInformer)', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const h = recorder();
    const first = informer.addEventHandler(h, { name: 'first' });
    const second = informer.addEventHandler(h, { name: 'second' });
    const run = start(informer);
    await informer.waitForSync();
    await until(() => h.log.length === 2);
    first.remove();
    first.remove();
    expect(first.removed).toBe(true);
    expect(second.removed).toBe(false);
    stream.push(added(pod('b', '11')));
    await until(() => h.log.length === 3);
    second.remove();
    stream.push(added(pod('c', '12')));
    await until(() => informer.indexer.listKeys().length === 3);
    await settle();
    expect(h.log).toEqual(['add a@1 initial', 'add a@1 initial', 'add b@11']);
    await run.stop();
  });

  it('stops delivery at once, dropping what the handler had not been given (TestRemoveWhileActive)', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    let release: () => void = () => undefined;
    const seen: string[] = [];
    const registration = informer.addEventHandler({
      onAdd: (p) => {
        seen.push(p.metadata?.name ?? '?');
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    stream.push(added(pod('b', '11')));
    stream.push(added(pod('c', '12')));
    await until(() => registration.pending === 2);
    registration.remove();
    expect(registration.pending).toBe(0);
    release();
    await settle();
    expect(seen).toEqual(['a']);
    await run.stop();
  });

  it('a removed registration never syncs: waiting for it fails', async () => {
    const { informer } = informerOver([pod('a', '1')]);
    const registration = informer.addEventHandler({});
    const waiting = registration.waitForSync();
    registration.remove();
    await expect(waiting).rejects.toMatchObject({ code: 'HandlerRemoved' });
  });
});

describe('lifecycle (TestStateSharedInformer, TestAddOnStoppedSharedInformer, TestRemoveOnStoppedSharedInformer)', () => {
  it('is stopped once run ends; adding a handler then fails, removing one still works', async () => {
    const { informer } = informerOver([pod('a', '1')]);
    const registration = informer.addEventHandler({});
    expect(informer.isStopped()).toBe(false);
    const run = start(informer);
    await informer.waitForSync();
    expect(informer.isStopped()).toBe(false);
    await run.stop();
    expect(informer.isStopped()).toBe(true);
    let error: unknown;
    try {
      informer.addEventHandler({});
    } catch (err) {
      error = err;
    }
    expect(isInformerError(error, 'Stopped')).toBe(true);
    expect(() => {
      registration.remove();
    }).not.toThrow();
  });

  it('runs once', async () => {
    const { informer } = informerOver([]);
    const run = start(informer);
    await expect(informer.run(new AbortController().signal)).rejects.toMatchObject({ code: 'AlreadyStarted' });
    await run.stop();
  });

  it('waiting for a sync that can no longer happen fails once the informer stops', async () => {
    const lw = createScriptedListerWatcher<Pod>({ list: { error: new Error('Access Denied') } });
    const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false, backoff: NO_BACKOFF, onWatchError: () => undefined } });
    const registration = informer.addEventHandler({});
    const informerSync = informer.waitForSync();
    const handlerSync = registration.waitForSync();
    const run = start(informer);
    await lw.waitForCalls({ lists: 2 });
    await run.stop();
    await expect(informerSync).rejects.toMatchObject({ code: 'Stopped' });
    await expect(handlerSync).rejects.toMatchObject({ code: 'Stopped' });
    await expect(informer.waitForSync()).rejects.toMatchObject({ code: 'Stopped' });
  });

  it('waitForSync rejects with the signal reason when the signal aborts first', async () => {
    const { informer } = informerOver([]);
    const controller = new AbortController();
    const waiting = informer.waitForSync(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
  });

  it("reports the reflector's errors and events through on() (TestSharedInformerErrorHandling)", async () => {
    const lw = createScriptedListerWatcher<Pod>({ lists: [{ error: new Error('Access Denied') }, podList('10', [])], watches: [new ScriptedWatchStream<Pod>()] });
    const errors: unknown[] = [];
    const informer = createSharedInformer<Pod>({
      listerWatcher: lw,
      name: 'pods',
      reflector: { useWatchList: false, backoff: NO_BACKOFF, onWatchError: (err) => errors.push(err) },
    });
    const events: InformerStatusEvent[] = [];
    const off = informer.on('*', (e) => events.push(e));
    const errorEvents: unknown[] = [];
    informer.on('error', (e) => errorEvents.push(e.error));
    const run = start(informer);
    await informer.waitForSync();
    await run.stop();
    off();
    expect(String(errors[0])).toContain('Access Denied');
    expect(errorEvents).toEqual(errors);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['error', 'backoff', 'relist', 'list', 'sync', 'watch-start']));
    expect(events.every((e) => e.type === 'handler-error' || e.reflector === 'pods')).toBe(true);
  });

  it('an on() listener that throws is reported as an error event and changes nothing else', async () => {
    const { informer } = informerOver([pod('a', '1')]);
    const errors: unknown[] = [];
    informer.on('sync', () => {
      throw new Error('listener bug');
    });
    informer.on('error', (e) => errors.push(e.error));
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 'ListenerFailed' });
    expect(h.log).toEqual(['add a@1 initial']);
    await run.stop();
  });

  it('run resolves only once every handler has drained its buffer, an async one included (run)', async () => {
    const { informer, stream } = informerOver([]);
    const releases: (() => void)[] = [];
    const done: string[] = [];
    informer.addEventHandler({
      onAdd: async (p) => {
        await new Promise<void>((resolve) => releases.push(resolve));
        done.push(p.metadata?.name ?? '?');
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    stream.push(added(pod('a', '11')));
    stream.push(added(pod('b', '12')));
    await until(() => releases.length === 1);
    let resolved = false;
    const stopping = run.stop().then(() => {
      resolved = true;
    });
    await settle();
    expect(resolved).toBe(false);
    releases[0]?.();
    await until(() => releases.length === 2);
    expect(resolved).toBe(false);
    releases[1]?.();
    await stopping;
    expect(done).toEqual(['a', 'b']);
  });
});
