import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { expect, it } from 'vitest';
import { createSharedInformer } from './index.js';
import { added, deleted, modified, pod, podList, recorder, settle, type Pod } from '../test/support/objects.js';

it('smoke', async () => {
  const stream = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', [pod('a', '1'), pod('b', '2')])], watches: [stream] });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false } });
  const h = recorder();
  const reg = informer.addEventHandler(h);
  const stop = new AbortController();
  const running = informer.run(stop.signal);
  await reg.waitForSync();
  expect(h.log).toEqual(['add a@1 initial', 'add b@2 initial']);
  stream.push(modified(pod('a', '11')));
  stream.push(added(pod('c', '12')));
  stream.push(deleted(pod('b', '13')));
  await settle();
  expect(h.log.slice(2)).toEqual(['update a@1>a@11', 'add c@12', 'delete b@13']);
  stop.abort();
  await running;
  expect(informer.isStopped()).toBe(true);
});
