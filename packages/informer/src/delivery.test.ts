// How notifications reach handlers: client-go's processorListener (one buffer per handler, one
// notification at a time, in order) plus what TypeScript needs: async handlers awaited, errors and
// rejections reported without stopping anything.
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { added, modified, pod, podList, recorder, settle, start, type Pod, until } from '../test/support/objects.js';
import { createSharedInformer, type HandlerErrorEvent } from './index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function informerOver(items: Pod[]) {
  const stream = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', items)], watches: [stream] });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, name: 'pods', reflector: { useWatchList: false } });
  return { informer, stream };
}

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (err: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('delivery', () => {
  it('awaits an async handler before its next notification, so calls never overlap, in order', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const trace: string[] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    informer.addEventHandler({
      onAdd: async (p) => {
        trace.push(`start ${p.metadata?.name ?? '?'}`);
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        trace.push(`end ${p.metadata?.name ?? '?'}`);
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    stream.push(added(pod('b', '11')));
    stream.push(added(pod('c', '12')));
    for (let i = 0; i < 3; i++) {
      await until(() => gates.length === i + 1);
      await settle();
      expect(gates).toHaveLength(i + 1);
      gates[i]?.resolve();
    }
    const stopped = run.stop();
    await stopped;
    expect(trace).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('shows how far behind a handler is, while others and the cache are not held up', async () => {
    const { informer, stream } = informerOver([]);
    const gate = deferred();
    const slow = informer.addEventHandler({ onAdd: () => gate.promise }, { name: 'slow' });
    const fast = recorder();
    informer.addEventHandler(fast);
    const run = start(informer);
    await informer.waitForSync();
    for (let i = 0; i < 100; i++) stream.push(added(pod(`p${String(i)}`, String(100 + i))));
    await until(() => fast.log.length === 100);
    expect(informer.indexer.listKeys()).toHaveLength(100);
    expect(slow.pending).toBe(99);
    expect(slow.name).toBe('slow');
    gate.resolve();
    await until(() => slow.pending === 0);
    await run.stop();
  });

  it('reports a throw and a rejection as handler-error, with the handler name and the notification, and goes on', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const errors: HandlerErrorEvent<Pod>[] = [];
    informer.on('handler-error', (e) => errors.push(e));
    const seen: string[] = [];
    informer.addEventHandler(
      {
        onAdd: (p) => {
          seen.push(`add ${p.metadata?.name ?? '?'}`);
          if (p.metadata?.name === 'a') throw new Error('sync boom');
        },
        onUpdate: async (_, p) => {
          seen.push(`update ${p.metadata?.name ?? '?'}`);
          await Promise.resolve();
          throw new Error('async boom');
        },
      },
      { name: 'flaky' },
    );
    const run = start(informer);
    await informer.waitForSync();
    stream.push(modified(pod('a', '11')));
    stream.push(added(pod('b', '12')));
    await until(() => seen.length === 3);
    await until(() => errors.length === 2);
    expect(seen).toEqual(['add a', 'update a', 'add b']);
    expect(errors.map((e) => [e.informer, e.handler, e.notification.type, (e.error as Error).message])).toEqual([
      ['pods', 'flaky', 'add', 'sync boom'],
      ['pods', 'flaky', 'update', 'async boom'],
    ]);
    expect(errors[1]?.notification).toMatchObject({ type: 'update', object: { metadata: { resourceVersion: '11' } } });
    await run.stop();
  });

  it('without a handler-error listener, says so on the console; never an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { informer } = informerOver([pod('a', '1'), pod('b', '2')]);
    const registration = informer.addEventHandler({ onAdd: () => Promise.reject(new Error('nope')) }, { name: 'rejects' });
    const run = start(informer);
    await registration.waitForSync();
    await run.stop();
    await settle();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      '[kcache] pods: handler rejects failed on add ns/a: nope',
      '[kcache] pods: handler rejects failed on add ns/b: nope',
    ]);
  });

  it('survives a thenable whose then() throws, and a handler that registers another handler', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const errors: unknown[] = [];
    informer.on('handler-error', (e) => errors.push(e.error));
    const inner = recorder();
    let added2 = false;
    informer.addEventHandler({
      onAdd: () => {
        if (!added2) {
          added2 = true;
          informer.addEventHandler(inner);
        }
        return {
          then: () => {
            throw new Error('bad thenable');
          },
        } as unknown as Promise<void>;
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    stream.push(added(pod('b', '11')));
    await until(() => inner.log.length === 2);
    expect(inner.log).toEqual(['add a@1 initial', 'add b@11']);
    await until(() => errors.length === 2);
    await run.stop();
  });

  it('keeps the handler as `this` for class-based handlers', async () => {
    const { informer } = informerOver([pod('a', '1')]);
    class Counter {
      count = 0;
      onAdd(): void {
        this.count++;
      }
    }
    const counter = new Counter();
    const registration = informer.addEventHandler(counter);
    const run = start(informer);
    await registration.waitForSync();
    expect(counter.count).toBe(1);
    await run.stop();
  });
});

describe('yielding', () => {
  it('gives the event loop a turn every few milliseconds, even when each call of a handler is slow', async () => {
    const { informer } = informerOver(Array.from({ length: 60 }, (_, i) => pod(`p${String(i)}`, String(i + 1))));
    let calls = 0;
    const registration = informer.addEventHandler({
      onAdd: () => {
        calls++;
        // A synchronous handler that takes 2 ms a call.
        const until = performance.now() + 2;
        while (performance.now() < until) {
          // busy
        }
      },
    });
    const callsPerTurn: number[] = [];
    let last = 0;
    let ticking = true;
    const tick = (): void => {
      callsPerTurn.push(calls - last);
      last = calls;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const run = start(informer);
    await registration.waitForSync();
    ticking = false;
    await run.stop();
    expect(calls).toBe(60);
    // A slice is about 4 ms: two or three 2 ms calls, never the whole list at once.
    expect(Math.max(...callsPerTurn)).toBeLessThanOrEqual(3);
  });
});
