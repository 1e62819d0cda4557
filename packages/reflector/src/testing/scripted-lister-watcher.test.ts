import { describe, expect, it } from 'vitest';
import { added, pod, podList, type Pod } from '../../test/support.js';
import { createScriptedListerWatcher } from './scripted-lister-watcher.js';
import { ScriptedWatchStream } from './scripted-watch-stream.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('createScriptedListerWatcher', () => {
  it('answers lists in order, then with the fallback, and records every call', async () => {
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('1', [pod('a', '1')]), { error: new Error('second fails') }],
      list: (options) => podList(options.resourceVersion ?? 'none', []),
    });
    expect((await lw.list({ resourceVersion: '0', limit: 5 })).items).toHaveLength(1);
    await expect(lw.list({})).rejects.toThrow('second fails');
    expect((await lw.list({ resourceVersion: '9' })).metadata.resourceVersion).toBe('9');
    expect(lw.listCalls).toEqual([{ resourceVersion: '0', limit: 5 }, {}, { resourceVersion: '9' }]);
    expect(lw.calls.map((c) => c.verb)).toEqual(['list', 'list', 'list']);
  });

  it('rejects list calls beyond the script', async () => {
    const lw = createScriptedListerWatcher<Pod>();
    await expect(lw.list({})).rejects.toThrow(/no answer for list call #1/);
  });

  it('plays a stream then closes, breaks or hangs as scripted', async () => {
    const boom = new Error('boom');
    const lw = createScriptedListerWatcher<Pod>({
      watches: [
        { events: [added(pod('a', '1')), { waitMs: 1 }, added(pod('b', '2'))], then: 'close' },
        { events: [added(pod('c', '3'))], then: { throw: boom } },
        { error: new Error('refused') },
      ],
    });
    const first = await collect(await lw.watch({ resourceVersion: '0' }));
    expect(first.map((e) => (e.object as Pod).metadata?.name)).toEqual(['a', 'b']);
    await expect(collect(await lw.watch({}))).rejects.toBe(boom);
    await expect(lw.watch({})).rejects.toThrow('refused');
    const controller = new AbortController();
    const hanging = collect(await lw.watch({}, controller.signal));
    expect(lw.openStreams).toBe(1);
    controller.abort();
    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });
    expect(lw.openStreams).toBe(0);
    expect(lw.streams[2]?.stopped).toBe(true);
  });

  it('hands out a stream the test drives by hand, and waits for calls', async () => {
    const stream = new ScriptedWatchStream<Pod>();
    const lw = createScriptedListerWatcher<Pod>({ watches: [stream] });
    const seen = lw.waitForCalls({ watches: 1 });
    const iterable = await lw.watch({ resourceVersion: '5' });
    await seen;
    const iterator = iterable[Symbol.asyncIterator]();
    const next = iterator.next();
    stream.push(added(pod('x', '6')));
    expect((await next).value).toEqual(added(pod('x', '6')));
    await iterator.return?.();
    expect(stream.stopped).toBe(true);
    stream.push(added(pod('y', '7')));
    expect(stream.received).toHaveLength(1);
  });

  it('tells when the consumer is done with the events it read (waitForHandled)', async () => {
    const stream = new ScriptedWatchStream<Pod>();
    const iterator = stream[Symbol.asyncIterator]();
    let handled = false;
    const done = stream.waitForHandled(1).then(() => (handled = true));
    stream.push(added(pod('x', '6')));
    await iterator.next();
    await Promise.resolve();
    // Read but not yet done with: the consumer has not asked for more.
    expect(handled).toBe(false);
    const next = iterator.next();
    await done;
    stream.push(added(pod('y', '7')));
    await next;
    // A stream that ends before enough events were read rejects the wait.
    const tooMany = stream.waitForHandled(5);
    stream.close();
    await iterator.next();
    await expect(tooMany).rejects.toThrow('the watch stream ended after 2 of 5 events');
  });
});
