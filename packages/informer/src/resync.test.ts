// Per-handler resync periods, ported from client-go's shared_informer_test.go
// (TestListenerResyncPeriods, TestResyncCheckPeriod, TestSharedInformerWatchDisruption) and
// the_real_fifo_test.go (TestRealFIFO_UpdateResyncRace), on fake timers.
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expired, modified, NO_BACKOFF, pod, podList, recorder, settle, settleUntil, start, type Pod, until } from '../test/support/objects.js';
import { createSharedInformer, MINIMUM_RESYNC_PERIOD_MS, type SharedInformerOptions } from './index.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

function informerOver(items: Pod[], options: Partial<SharedInformerOptions<Pod>> = {}, relist?: Pod[]) {
  const first = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({
    lists: [podList('10', items), ...(relist === undefined ? [] : [podList('20', relist)])],
    watches: [first, new ScriptedWatchStream<Pod>()],
  });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false, backoff: NO_BACKOFF }, ...options });
  return { informer, first, lw };
}

/** The names of the objects in the resyncs a handler got: `update x@1>x@1`. */
const resyncs = (log: string[]): string[] => log.filter((line) => /^update (\S+)>\1$/.test(line));

describe('per-handler resync periods (TestListenerResyncPeriods)', () => {
  it('each handler gets onUpdate(obj, obj) for every cached object when its own period has elapsed, and only then', async () => {
    const { informer } = informerOver([pod('pod1', '1'), pod('pod2', '2')], { resyncPeriodMs: 1000 });
    const l1 = recorder();
    const l2 = recorder();
    const l3 = recorder();
    informer.addEventHandler(l1, { resyncPeriodMs: 0 });
    informer.addEventHandler(l2, { resyncPeriodMs: 2000 });
    informer.addEventHandler(l3, { resyncPeriodMs: 3000 });
    const run = start(informer);
    await vi.advanceTimersByTimeAsync(0);
    await informer.waitForSync();
    for (const l of [l1, l2, l3]) expect(l.log).toEqual(['add pod1@1 initial', 'add pod2@2 initial']);
    for (const l of [l1, l2, l3]) l.log.length = 0;

    await vi.advanceTimersByTimeAsync(1999);
    await settle(20);
    for (const l of [l1, l2, l3]) expect(l.log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    // A fan-out may span several turns of the event loop on a loaded machine: let it finish.
    await settleUntil(() => l2.log.length >= 2);
    expect(l2.log).toEqual(['update pod1@1>pod1@1', 'update pod2@2>pod2@2']);
    expect(l1.log).toEqual([]);
    expect(l3.log).toEqual([]);
    l2.log.length = 0;

    await vi.advanceTimersByTimeAsync(1000);
    await settleUntil(() => l3.log.length >= 2);
    expect(l3.log).toEqual(['update pod1@1>pod1@1', 'update pod2@2>pod2@2']);
    expect(l1.log).toEqual([]);
    expect(l2.log).toEqual([]);

    await vi.advanceTimersByTimeAsync(1000);
    await settleUntil(() => resyncs(l2.log).length >= 2);
    expect(resyncs(l2.log)).toHaveLength(2);
    expect(l1.log).toEqual([]);
    await run.stop();
  });

  it('a period below the minimum of 1 s is raised to it', async () => {
    const { informer } = informerOver([pod('pod1', '1')]);
    const h = recorder();
    const registration = informer.addEventHandler(h, { resyncPeriodMs: 10 });
    expect(registration.resyncPeriodMs).toBe(MINIMUM_RESYNC_PERIOD_MS);
    expect(informer.resyncCheckPeriodMs).toBe(1000);
    const run = start(informer);
    await vi.advanceTimersByTimeAsync(999);
    await settle(20);
    expect(resyncs(h.log)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await settleUntil(() => resyncs(h.log).length >= 1);
    expect(resyncs(h.log)).toEqual(['update pod1@1>pod1@1']);
    await run.stop();
  });
});

describe('the resync check period (TestResyncCheckPeriod)', () => {
  it('before start, a handler with a shorter period lowers the check period, and the others keep theirs', () => {
    const { informer } = informerOver([], { resyncPeriodMs: 12 * 3_600_000 });
    const h1 = informer.addEventHandler({}, { resyncPeriodMs: 0 });
    expect(informer.resyncCheckPeriodMs).toBe(12 * 3_600_000);
    expect(h1.resyncPeriodMs).toBe(0);
    const h2 = informer.addEventHandler({}, { resyncPeriodMs: 60_000 });
    expect(informer.resyncCheckPeriodMs).toBe(60_000);
    expect([h1.resyncPeriodMs, h2.resyncPeriodMs]).toEqual([0, 60_000]);
    const h3 = informer.addEventHandler({}, { resyncPeriodMs: 55_000 });
    expect(informer.resyncCheckPeriodMs).toBe(55_000);
    expect([h1.resyncPeriodMs, h2.resyncPeriodMs, h3.resyncPeriodMs]).toEqual([0, 60_000, 55_000]);
    const h4 = informer.addEventHandler({}, { resyncPeriodMs: 5000 });
    expect(informer.resyncCheckPeriodMs).toBe(5000);
    expect([h1.resyncPeriodMs, h2.resyncPeriodMs, h3.resyncPeriodMs, h4.resyncPeriodMs]).toEqual([0, 60_000, 55_000, 5000]);
    // A handler without a period of its own takes the informer's default.
    expect(informer.addEventHandler({}).resyncPeriodMs).toBe(12 * 3_600_000);
  });

  it('after start, a handler asking for less than the check period gets the check period', async () => {
    const { informer } = informerOver([pod('pod1', '1')], { resyncPeriodMs: 5000 });
    const run = start(informer);
    await vi.advanceTimersByTimeAsync(0);
    await informer.waitForSync();
    const h = recorder();
    const registration = informer.addEventHandler(h, { resyncPeriodMs: 2000 });
    expect(registration.resyncPeriodMs).toBe(5000);
    expect(informer.resyncCheckPeriodMs).toBe(5000);
    await vi.advanceTimersByTimeAsync(4999);
    expect(resyncs(h.log)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(resyncs(h.log)).toEqual(['update pod1@1>pod1@1']);
    await run.stop();
  });

  it('an informer without a default period takes the first handler period before start; after start it cannot resync', async () => {
    const { informer } = informerOver([pod('pod1', '1')]);
    const early = recorder();
    expect(informer.addEventHandler(early, { resyncPeriodMs: 3000 }).resyncPeriodMs).toBe(3000);
    expect(informer.resyncCheckPeriodMs).toBe(3000);

    const { informer: started } = informerOver([pod('pod1', '1')]);
    const run = start(started);
    await vi.advanceTimersByTimeAsync(0);
    await started.waitForSync();
    const late = recorder();
    expect(started.addEventHandler(late, { resyncPeriodMs: 3000 }).resyncPeriodMs).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(resyncs(late.log)).toEqual([]);
    await run.stop();
  });
});

describe('resync and relist together', () => {
  it('a relist gives unchanged objects only to the handlers the last resync check chose (TestSharedInformerWatchDisruption)', async () => {
    const { informer, first, lw } = informerOver(
      [pod('pod1', '1'), pod('pod2', '2')],
      { resyncPeriodMs: 1000 },
      [pod('pod1', '1'), pod('pod2', '4'), pod('pod3', '3')],
    );
    const noResync = recorder();
    const withResync = recorder();
    informer.addEventHandler(noResync, { resyncPeriodMs: 0 });
    informer.addEventHandler(withResync, { resyncPeriodMs: 1000 });
    const run = start(informer);
    await vi.advanceTimersByTimeAsync(0);
    await informer.waitForSync();
    noResync.log.length = 0;
    withResync.log.length = 0;

    // The check at 1 s chooses withResync (and not noResync), which then gets its resync.
    await vi.advanceTimersByTimeAsync(1000);
    expect(withResync.log).toEqual(['update pod1@1>pod1@1', 'update pod2@2>pod2@2']);
    withResync.log.length = 0;

    // pod3 was added and pod2 changed while the watch was down; only a relist reveals them.
    first.push(expired());
    await vi.advanceTimersByTimeAsync(1);
    expect(lw.listCalls).toHaveLength(2);
    // The relist is applied in the informer's own turns of the event loop, which fake timers do not hold back.
    await until(() => withResync.log.length === 3);
    expect(noResync.log).toEqual(['update pod2@2>pod2@4', 'add pod3@3']);
    expect(withResync.log).toEqual(['update pod1@1>pod1@1', 'update pod2@2>pod2@4', 'add pod3@3']);
    await run.stop();
  });

  it('a resync never overrides a change still waiting in a handler buffer (TestRealFIFO_UpdateResyncRace)', async () => {
    const { informer, first } = informerOver([pod('foo', '5')], { resyncPeriodMs: 1000 });
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    informer.addEventHandler(
      {
        onAdd: () => gate,
        onUpdate: (old, obj) => {
          log.push(`update foo@${old.metadata?.resourceVersion ?? '?'}>foo@${obj.metadata?.resourceVersion ?? '?'}`);
        },
      },
      { resyncPeriodMs: 1000 },
    );
    const run = start(informer);
    await vi.advanceTimersByTimeAsync(0);
    await informer.waitForSync();
    first.push(modified(pod('foo', '6')));
    await vi.advanceTimersByTimeAsync(1000);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['update foo@5>foo@6', 'update foo@6>foo@6']);
    await run.stop();
  });
});
