// events(): the notifications as an AsyncIterable.
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { describe, expect, it } from 'vitest';
import { added, deleted, describe as line, modified, pod, podList, start, type Pod, until } from '../test/support/objects.js';
import { createSharedInformer, type InformerEvent } from './index.js';

function informerOver(items: Pod[]) {
  const stream = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', items)], watches: [stream] });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false } });
  return { informer, stream };
}

describe('events()', () => {
  it('yields what a handler would get, and ends once the informer has stopped and everything was read', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const iteration = (async () => {
      const seen: string[] = [];
      for await (const event of informer.events()) seen.push(line(event));
      return seen;
    })();
    const run = start(informer);
    await informer.waitForSync();
    stream.push(modified(pod('a', '11')));
    stream.push(added(pod('b', '12')));
    stream.push(deleted(pod('a', '13')));
    await until(() => informer.lastSyncResourceVersion === '13');
    await run.stop();
    expect(await iteration).toEqual(['add a@1 initial', 'update a@1>a@11', 'add b@12', 'delete a@13']);
  });

  it('started after the sync, first yields the cached objects; unread notifications wait in its buffer', async () => {
    const { informer, stream } = informerOver([pod('a', '1'), pod('b', '2')]);
    const run = start(informer);
    await informer.waitForSync();
    const iterator = informer.events()[Symbol.asyncIterator]();
    stream.push(added(pod('c', '11')));
    await until(() => informer.indexer.listKeys().length === 3);
    const first = await iterator.next();
    const second = await iterator.next();
    const third = await iterator.next();
    expect([first, second, third].map((r) => (r.done === true ? 'done' : line(r.value))).sort()).toEqual([
      'add a@1 initial',
      'add b@2 initial',
      'add c@11',
    ]);
    await iterator.return?.();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await run.stop();
  });

  it('breaking out of the loop removes its handler; an aborted signal ends the iteration', async () => {
    const { informer, stream } = informerOver([pod('a', '1')]);
    const run = start(informer);
    await informer.waitForSync();
    for await (const event of informer.events()) {
      expect(event.type).toBe('add');
      break;
    }
    const controller = new AbortController();
    const seen: InformerEvent<Pod>[] = [];
    const iteration = (async () => {
      for await (const event of informer.events({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 2) controller.abort();
      }
    })();
    stream.push(added(pod('b', '11')));
    stream.push(added(pod('c', '12')));
    await iteration;
    expect(seen.map(line)).toEqual(['add a@1 initial', 'add b@11']);
    // Neither iteration holds up the informer's stop.
    await run.stop();
  });

  it('on a stopped informer, fails at the first next()', async () => {
    const { informer } = informerOver([]);
    const run = start(informer);
    await informer.waitForSync();
    await run.stop();
    await expect(informer.events()[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'Stopped' });
  });
});
