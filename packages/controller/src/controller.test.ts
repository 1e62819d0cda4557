import { DeletedFinalStateUnknown, type KubeObject } from '@kcache/store';
import { createWorkQueue } from '@kcache/workqueue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferred, obj, TestInformer } from '../test/support/test-informer.js';
import { ControllerError, createController, isControllerError, type ControllerEvent, type ControllerOptions, type ReconcileResult } from './index.js';

const running: AbortController[] = [];
afterEach(() => {
  for (const stop of running.splice(0)) stop.abort();
  vi.restoreAllMocks();
});

function start(options: ControllerOptions): { stop: AbortController; done: Promise<void>; events: ControllerEvent[]; controller: ReturnType<typeof createController> } {
  const controller = createController(options);
  const events: ControllerEvent[] = [];
  controller.on('*', (e) => events.push(e));
  const stop = new AbortController();
  running.push(stop);
  const done = controller.run(stop.signal);
  return { stop, done, events, controller };
}

/** Reconciles keys and records them; `script` decides each result. */
function recorder(script: (key: string, attempt: number) => ReconcileResult | Promise<ReconcileResult> = () => undefined) {
  const calls: string[] = [];
  const attempts = new Map<string, number>();
  const reconcile = async (key: string): Promise<ReconcileResult> => {
    calls.push(key);
    const n = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, n);
    return script(key, n);
  };
  return { calls, reconcile };
}

describe('options', () => {
  const informer = new TestInformer();
  const reconcile = async (): Promise<void> => {};
  const cases: [string, unknown, RegExp][] = [
    ['name missing', { informers: [], reconcile }, /name must be a non-empty string, got undefined/],
    ['name blank', { name: '  ', informers: [], reconcile }, /name must be a non-empty string, got " {2}"/],
    ['reconcile missing', { name: 'c', informers: [] }, /c: reconcile must be a function/],
    ['workers 0', { name: 'c', informers: [], reconcile, workers: 0 }, /workers must be a whole number ≥ 1, got 0/],
    ['workers 1.5', { name: 'c', informers: [], reconcile, workers: 1.5 }, /got 1\.5/],
    ['workers "2"', { name: 'c', informers: [], reconcile, workers: '2' }, /got "2"/],
    ['informers not an array', { name: 'c', informers: informer, reconcile }, /informers must be an array/],
    ['informer entry invalid', { name: 'c', informers: [informer, {}], reconcile }, /informers\[1\] must be an informer/],
    ['source enqueue invalid', { name: 'c', informers: [{ informer, enqueue: 'x' }], reconcile }, /informers\[0\]\.enqueue must be a function/],
    ['enqueue invalid', { name: 'c', informers: [], reconcile, enqueue: 1 }, /enqueue must be a function/],
    ['queue invalid', { name: 'c', informers: [], reconcile, queue: { add() {} } }, /queue must be a WorkQueue .* no addAfter\(\) method/],
  ];
  it.each(cases)('%s → InvalidOptions', (_what, options, message) => {
    let caught: unknown;
    try {
      createController(options as ControllerOptions);
    } catch (err) {
      caught = err;
    }
    expect(isControllerError(caught, 'InvalidOptions')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('run a second time → AlreadyStarted', async () => {
    const { controller, stop, done } = start({ name: 'c', informers: [], reconcile });
    await expect(controller.run(new AbortController().signal)).rejects.toMatchObject({ code: 'AlreadyStarted' });
    stop.abort();
    await done;
  });
});

describe('sync', () => {
  it('reconciles nothing until every informer and its own handler registrations have synced', async () => {
    const a = new TestInformer('a');
    const b = new TestInformer('b');
    b.autoSyncHandlers = false;
    const { calls, reconcile } = recorder();
    const { controller, events, stop, done } = start({ name: 'c', informers: [a, b], reconcile });
    a.add(obj('ns', 'x'), true);
    a.markSynced();
    b.markSynced(); // the cache, not yet the controller's registration
    await new Promise((r) => setTimeout(r, 20));
    expect(controller.hasSynced()).toBe(false);
    expect(calls).toEqual([]);
    b.registrations[0]!.markSynced();
    await vi.waitUntil(() => calls.length === 1);
    expect(calls).toEqual(['ns/x']);
    expect(controller.hasSynced()).toBe(true);
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['started', 'synced']);
    stop.abort();
    await done;
  });

  it('an informer that stops before it syncs → CacheSyncFailed, handlers removed', async () => {
    const a = new TestInformer('a');
    const { calls, reconcile } = recorder();
    const controller = createController({ name: 'c', informers: [a], reconcile });
    const done = controller.run(new AbortController().signal);
    await vi.waitUntil(() => a.liveHandlers === 1);
    const cause = new Error('stopped');
    a.stopUnsynced(cause);
    const err: unknown = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ControllerError);
    expect(err).toMatchObject({ code: 'CacheSyncFailed', cause });
    expect(a.liveHandlers).toBe(0);
    expect(controller.queue.shuttingDown).toBe(true);
    expect(calls).toEqual([]);
  });

  it('aborted while waiting for the caches: resolves, reconciles nothing, removes its handlers', async () => {
    const a = new TestInformer('a');
    const { calls, reconcile } = recorder();
    const { events, stop, done } = start({ name: 'c', informers: [a], reconcile });
    a.add(obj('ns', 'x'), true);
    stop.abort();
    await done;
    expect(calls).toEqual([]);
    expect(a.liveHandlers).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'stopped', synced: false });
  });
});

describe('reconcile results', () => {
  it('success forgets the key; a throw retries it with the rate limiter and reports it; it goes on', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const boom = new Error('boom');
    const { calls, reconcile } = recorder((key, attempt) => {
      if (key === 'ns/bad' && attempt <= 2) throw boom;
      return undefined;
    });
    const { controller, events, stop, done } = start({ name: 'c', informers: [a], reconcile });
    a.add(obj('ns', 'bad'));
    a.add(obj('ns', 'good'));
    await vi.waitUntil(() => calls.filter((k) => k === 'ns/bad').length === 3);
    await vi.waitUntil(() => events.filter((e) => e.type === 'reconcile').length === 4);
    expect(calls.filter((k) => k === 'ns/good')).toEqual(['ns/good']);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toEqual([
      { type: 'error', controller: 'c', phase: 'reconcile', key: 'ns/bad', error: boom, numRequeues: 1 },
      { type: 'error', controller: 'c', phase: 'reconcile', key: 'ns/bad', error: boom, numRequeues: 2 },
    ]);
    const requeues = events.filter((e) => e.type === 'requeue');
    expect(requeues.map((e) => [e.reason, e.delayMs, e.numRequeues])).toEqual([
      ['rate-limited', 5, 1],
      ['rate-limited', 10, 2],
    ]);
    expect(controller.queue.numRequeues('ns/bad')).toBe(0);
    const results = events.filter((e) => e.type === 'reconcile').map((e) => `${e.key}:${e.result}`);
    expect(results.filter((r) => r.startsWith('ns/bad'))).toEqual(['ns/bad:error', 'ns/bad:error', 'ns/bad:success']);
    stop.abort();
    await done;
  });

  it('a reconcile that throws synchronously (not a promise) is retried like a rejection', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    let n = 0;
    const { events, stop, done } = start({
      name: 'c',
      informers: [a],
      reconcile: (): undefined => {
        n++;
        if (n === 1) throw new TypeError('sync throw');
        return undefined;
      },
    });
    a.add(obj('ns', 'x'));
    await vi.waitUntil(() => n === 2);
    await vi.waitUntil(() => events.some((e) => e.type === 'reconcile' && e.result === 'success'));
    expect(events.find((e) => e.type === 'error')).toMatchObject({ key: 'ns/x', error: { name: 'TypeError' } });
    stop.abort();
    await done;
  });

  it('{ requeueAfterMs } forgets the failures and queues the key again after the delay', async () => {
    vi.useFakeTimers();
    try {
      const a = new TestInformer('a');
      a.markSynced();
      const at: number[] = [];
      const t0 = performance.now();
      const { controller, events, stop, done } = start({
        name: 'c',
        informers: [a],
        reconcile: async (_key): Promise<ReconcileResult> => {
          at.push(performance.now() - t0);
          if (at.length === 1) throw new Error('first');
          return at.length === 2 ? { requeueAfterMs: 1000 } : undefined;
        },
      });
      a.add(obj('ns', 'x'));
      await vi.advanceTimersByTimeAsync(5); // the first retry is due after 5 ms
      expect(at.length).toBe(2);
      expect(controller.queue.numRequeues('ns/x')).toBe(0);
      await vi.advanceTimersByTimeAsync(999);
      expect(at.length).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(at.length).toBe(3);
      expect(at[2]! - at[1]!).toBe(1000);
      expect(events.filter((e) => e.type === 'requeue').map((e) => [e.reason, e.delayMs])).toEqual([
        ['rate-limited', 5],
        ['requeue-after', 1000],
      ]);
      expect(events.find((e) => e.type === 'reconcile' && e.result === 'requeue-after')).toMatchObject({ requeueAfterMs: 1000 });
      stop.abort();
      await done;
    } finally {
      vi.useRealTimers();
    }
  });

  it('{ requeue: true } retries with backoff, keeping the failure count, without an error event', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const { calls, reconcile } = recorder((_key, attempt) => (attempt < 3 ? { requeue: true } : undefined));
    const { controller, events, stop, done } = start({ name: 'c', informers: [a], reconcile });
    const counts: number[] = [];
    controller.on('requeue', (e) => counts.push(e.numRequeues));
    a.add(obj('ns', 'x'));
    await vi.waitUntil(() => calls.length === 3);
    await vi.waitUntil(() => events.some((e) => e.type === 'reconcile' && e.result === 'success'));
    expect(counts).toEqual([1, 2]);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(controller.queue.numRequeues('ns/x')).toBe(0);
    stop.abort();
    await done;
  });

  it.each([
    [{ requeueAfterMs: -1 }, /requeueAfterMs: -1/],
    [{ requeueAfterMs: Number.NaN }, /requeueAfterMs: NaN/],
    ['done', /resolved with "done"/],
    [{ requeue: 'yes' }, /requeue: "yes"/],
  ])('an invalid result %j is an InvalidResult error, retried', async (value, message) => {
    const a = new TestInformer('a');
    a.markSynced();
    let n = 0;
    const { events, stop, done } = start({
      name: 'c',
      informers: [a],
      reconcile: () => (++n === 1 ? (value as ReconcileResult) : undefined),
    });
    a.add(obj('ns', 'x'));
    await vi.waitUntil(() => n === 2);
    const error = events.find((e) => e.type === 'error');
    expect(isControllerError(error?.error, 'InvalidResult')).toBe(true);
    expect((error?.error as Error).message).toMatch(message);
    stop.abort();
    await done;
  });

  it('a listener that throws is reported and changes nothing', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const onListenerError = vi.fn();
    const { calls, reconcile } = recorder();
    const controller = createController({ name: 'c', informers: [a], reconcile, onListenerError });
    controller.on('reconcile', () => {
      throw new Error('listener');
    });
    const seen: string[] = [];
    controller.on('reconcile', (e) => seen.push(e.key));
    const stop = new AbortController();
    const done = controller.run(stop.signal);
    a.add(obj('ns', 'x'));
    await vi.waitUntil(() => seen.length === 1);
    expect(calls).toEqual(['ns/x']);
    expect(onListenerError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ListenerFailed', message: expect.stringMatching(/c: a listener of "reconcile" threw: listener/) }));
    stop.abort();
    await done;
  });

  it('keys added by hand through controller.queue are reconciled', async () => {
    const { calls, reconcile } = recorder();
    const { controller, stop, done } = start({ name: 'c', informers: [], reconcile });
    controller.queue.add('cluster-thing');
    await vi.waitUntil(() => calls.length === 1);
    expect(calls).toEqual(['cluster-thing']);
    stop.abort();
    await done;
  });

  it('uses the queue it is given, and shuts it down when run ends', async () => {
    const queue = createWorkQueue({ name: 'mine' });
    const { calls, reconcile } = recorder();
    const { controller, stop, done } = start({ name: 'c', informers: [], reconcile, queue });
    expect(controller.queue).toBe(queue);
    queue.add('k');
    await vi.waitUntil(() => calls.length === 1);
    stop.abort();
    await done;
    expect(queue.shuttingDown).toBe(true);
  });
});

describe('enqueueing from notifications', () => {
  it('add, update, delete and resync (same resourceVersion) all enqueue the object key; tombstones give their key', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const { calls, reconcile } = recorder();
    const { events, stop, done } = start({ name: 'c', informers: [a], reconcile });
    const settled = async (n: number): Promise<void> => {
      await vi.waitUntil(() => events.filter((e) => e.type === 'reconcile').length === n);
    };
    const x = obj('ns', 'x', { resourceVersion: '5' });
    a.add(x);
    await settled(1);
    a.update(x, x); // a resync: the same object, the same resourceVersion
    await settled(2);
    a.update(obj('ns', 'y', { resourceVersion: '6' }), obj('ns', 'y', { resourceVersion: '7' }));
    await settled(3);
    a.delete(obj('ns', 'z'));
    await settled(4);
    a.delete(new DeletedFinalStateUnknown<KubeObject>('ns/gone', undefined));
    await settled(5);
    a.add(obj('', 'cluster-scoped'));
    await settled(6);
    expect(calls).toEqual(['ns/x', 'ns/x', 'ns/y', 'ns/z', 'ns/gone', 'cluster-scoped']);
    stop.abort();
    await done;
  });

  it('a key notified again while it is being reconciled is reconciled once more afterwards', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const gate = deferred();
    const { calls, reconcile } = recorder((_key, attempt) => (attempt === 1 ? gate.promise.then(() => undefined) : undefined));
    const { events, stop, done } = start({ name: 'c', informers: [a], reconcile, workers: 2 });
    const x = obj('ns', 'x');
    a.add(x);
    await vi.waitUntil(() => calls.length === 1);
    a.update(x, x);
    a.update(x, x); // deduplicated: one more reconcile, not two
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['ns/x']); // never two workers on one key
    gate.resolve();
    await vi.waitUntil(() => events.filter((e) => e.type === 'reconcile').length === 2);
    expect(calls).toEqual(['ns/x', 'ns/x']);
    stop.abort();
    await done;
  });

  it('per-informer mappings: children enqueue their parent; the controller-wide enqueue applies to plain informers', async () => {
    const parents = new TestInformer('parents');
    const children = new TestInformer('children');
    const others = new TestInformer('others');
    for (const i of [parents, children, others]) i.markSynced();
    const { calls, reconcile } = recorder();
    const { stop, done } = start({
      name: 'c',
      informers: [
        parents,
        { informer: children, enqueue: (o) => (o instanceof DeletedFinalStateUnknown ? undefined : o.metadata?.labels?.parent) },
        others,
      ],
      enqueue: (o, context) => `${context.informer}:${o instanceof DeletedFinalStateUnknown ? o.key : o.metadata?.name ?? '?'}`,
      reconcile,
    });
    parents.add(obj('ns', 'p'));
    children.add(obj('ns', 'c1', { labels: { parent: 'ns/p1' } }));
    children.add(obj('ns', 'c2'));
    others.add(obj('ns', 'o'));
    await vi.waitUntil(() => calls.length === 3);
    expect(calls.sort()).toEqual(['ns/p1', 'others:o', 'parents:p']);
    stop.abort();
    await done;
  });

  it('an update maps both the new and the old object, so a child moving between parents reconciles both', async () => {
    const children = new TestInformer('children');
    children.markSynced();
    const { calls, reconcile } = recorder();
    const { stop, done } = start({
      name: 'c',
      informers: [{ informer: children, enqueue: (o) => (o instanceof DeletedFinalStateUnknown ? undefined : o.metadata?.labels?.parent) }],
      reconcile,
    });
    children.update(obj('ns', 'c', { labels: { parent: 'ns/old' } }), obj('ns', 'c', { labels: { parent: 'ns/new' } }));
    await vi.waitUntil(() => calls.length === 2);
    expect(calls).toEqual(['ns/new', 'ns/old']);
    stop.abort();
    await done;
  });

  it('an update whose old and new objects map to the same key reconciles it once', async () => {
    const children = new TestInformer('children');
    children.markSynced();
    const { calls, reconcile } = recorder();
    const { events, stop, done } = start({ name: 'c', informers: [{ informer: children, enqueue: () => 'ns/parent' }], reconcile });
    await vi.waitUntil(() => events.some((e) => e.type === 'synced'));
    await new Promise((r) => setTimeout(r, 5)); // the worker is waiting in get()
    children.update(obj('ns', 'c', { resourceVersion: '1' }), obj('ns', 'c', { resourceVersion: '2' }));
    await vi.waitUntil(() => events.filter((e) => e.type === 'reconcile').length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['ns/parent']);
    stop.abort();
    await done;
  });

  it('a source filter reaches the informer registration', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const { calls, reconcile } = recorder();
    const { stop, done } = start({ name: 'c', informers: [{ informer: a, filter: (o) => o.metadata?.name !== 'skip' }], reconcile });
    a.add(obj('ns', 'skip'));
    a.add(obj('ns', 'keep'));
    await vi.waitUntil(() => calls.length === 1);
    expect(calls).toEqual(['ns/keep']);
    expect(a.registrations[0]?.name).toBe('c');
    stop.abort();
    await done;
  });

  it('an enqueue function that throws or returns bad keys is reported; the rest goes on', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const { calls, reconcile } = recorder();
    const { events, stop, done } = start({
      name: 'c',
      informers: [a],
      enqueue: (o) => {
        const name = o instanceof DeletedFinalStateUnknown ? o.key : o.metadata?.name;
        if (name === 'throws') throw new Error('mapper');
        if (name === 'number') return 42 as unknown as string;
        if (name === 'mixed') return ['', 'ok-1'];
        return name;
      },
      reconcile,
    });
    a.add(obj('ns', 'throws'));
    a.add(obj('ns', 'number'));
    a.add(obj('ns', 'mixed'));
    a.add(obj('ns', 'ok-2'));
    await vi.waitUntil(() => calls.length === 2);
    expect(calls.sort()).toEqual(['ok-1', 'ok-2']);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.map((e) => [e.phase, e.informer, (e.error as ControllerError).code])).toEqual([
      ['enqueue', 'a', 'EnqueueFailed'],
      ['enqueue', 'a', 'InvalidKey'],
      ['enqueue', 'a', 'InvalidKey'],
    ]);
    expect((errors[0]?.error as Error).cause).toEqual(new Error('mapper'));
    stop.abort();
    await done;
  });

  it('an object without a name is reported (no key), not thrown into the informer', async () => {
    const a = new TestInformer('a');
    a.markSynced();
    const { reconcile } = recorder();
    const { events, stop, done } = start({ name: 'c', informers: [a], reconcile });
    expect(() => { a.add({ metadata: { namespace: 'ns' } }); }).not.toThrow();
    expect(events.find((e) => e.type === 'error')).toMatchObject({ phase: 'enqueue', error: { code: 'EnqueueFailed' } });
    stop.abort();
    await done;
  });
});
