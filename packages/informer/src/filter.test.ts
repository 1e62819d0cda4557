// Handler filters: client-go's FilteringResourceEventHandler semantics (controller.go), where an
// update that makes an object match arrives as an add and one that makes it stop matching as a delete.
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { describe, expect, it } from 'vitest';
import { added, deleted, expired, modified, NO_BACKOFF, pod, podList, recorder, settle, start, type Pod, until } from '../test/support/objects.js';
import { createSharedInformer, type HandlerErrorEvent } from './index.js';

const blue = (p: Pod): boolean => p.metadata?.labels?.color === 'blue';
const colored = (name: string, rv: string, color: string): Pod => pod(name, rv, { labels: { color } });

function informerOver(items: Pod[], relist: Pod[] = []) {
  const first = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', items), podList('20', relist)], watches: [first, new ScriptedWatchStream<Pod>()] });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false, backoff: NO_BACKOFF } });
  return { informer, first, lw };
}

describe('filter', () => {
  it('gives the initial list only the matching objects, and syncs once those are delivered', async () => {
    const { informer } = informerOver([colored('a', '1', 'blue'), colored('b', '2', 'red'), colored('c', '3', 'blue')]);
    const h = recorder();
    const registration = informer.addEventHandler(h, { filter: blue });
    const run = start(informer);
    await registration.waitForSync();
    expect(h.log).toEqual(['add a@1 initial', 'add c@3 initial']);
    await run.stop();
  });

  it('both match → update; only the new one → add; only the old one → delete; neither → nothing', async () => {
    const { informer, first } = informerOver([colored('stays', '1', 'blue'), colored('joins', '2', 'red'), colored('leaves', '3', 'blue'), colored('never', '4', 'red')]);
    const h = recorder();
    const all = recorder();
    informer.addEventHandler(h, { filter: blue });
    informer.addEventHandler(all);
    const run = start(informer);
    await informer.waitForSync();
    first.push(modified(colored('stays', '11', 'blue')));
    first.push(modified(colored('joins', '12', 'blue')));
    first.push(modified(colored('leaves', '13', 'red')));
    first.push(modified(colored('never', '14', 'red')));
    first.push(added(colored('new-red', '15', 'red')));
    first.push(deleted(colored('joins', '16', 'blue')));
    first.push(deleted(colored('never', '17', 'red')));
    await until(() => all.log.length === 11);
    await settle();
    expect(h.log).toEqual(['add stays@1 initial', 'add leaves@3 initial', 'update stays@1>stays@11', 'add joins@12', 'delete leaves@3', 'delete joins@16']);
    await run.stop();
  });

  it('filters tombstones by the last known state', async () => {
    const { informer, first, lw } = informerOver([colored('b', '1', 'blue'), colored('r', '2', 'red')], []);
    const h = recorder();
    informer.addEventHandler(h, { filter: blue });
    const run = start(informer);
    await informer.waitForSync();
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => informer.indexer.list().length === 0);
    await settle();
    expect(h.log).toEqual(['add b@1 initial', 'delete ~ns/b@1']);
    await run.stop();
  });

  it('a filter that throws is reported like a handler error, and the handler goes on', async () => {
    const { informer, first } = informerOver([colored('a', '1', 'blue')]);
    const h = recorder();
    const errors: HandlerErrorEvent[] = [];
    informer.on('handler-error', (e) => errors.push(e));
    informer.addEventHandler(h, {
      name: 'picky',
      filter: (p) => {
        if (p.metadata?.name === 'bad') throw new Error('cannot judge');
        return true;
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    first.push(added(colored('bad', '11', 'blue')));
    first.push(added(colored('good', '12', 'blue')));
    await until(() => h.log.length === 2);
    expect(h.log).toEqual(['add a@1 initial', 'add good@12']);
    expect(errors.map((e) => `${e.handler} ${e.notification.type} ${String(e.error)}`)).toEqual(['picky add Error: cannot judge']);
    await run.stop();
  });
});
