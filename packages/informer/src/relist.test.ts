// What handlers see when the reflector relists: client-go's TestReplaceEvents (controller_test.go),
// the RealFIFO replace tests (the_real_fifo_test.go) and the informer half of
// TestSharedInformerWatchDisruption (shared_informer_test.go).
import type { ObjectList, WatchEvent } from '@kcache/listwatch';
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { DeletedFinalStateUnknown } from '@kcache/store';
import { describe, expect, it } from 'vitest';
import { added, deleted, expired, modified, NO_BACKOFF, pod, podList, recorder, settle, start, type Pod, until } from '../test/support/objects.js';
import { createSharedInformer } from './index.js';

/**
 * An informer whose first list is `before` and whose first watch is driven by the test; pushing
 * `expired()` on it makes the reflector relist, and the relist answers `after`.
 */
function relisting(before: Pod[], after: Pod[], options: { useWatchList?: boolean } = {}) {
  const first = new ScriptedWatchStream<Pod>();
  const second = new ScriptedWatchStream<Pod>();
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('10', before), podList('20', after)], watches: [first, second] });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: options.useWatchList ?? false, backoff: NO_BACKOFF } });
  return { informer, first, second, lw };
}

describe('relist (TestReplaceEvents)', () => {
  it('Create with no initial objects: new objects are adds, not in the initial list', async () => {
    const { informer, first, lw } = relisting([], [pod('pod-1', '1')]);
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => h.log.length === 1);
    expect(h.log).toEqual(['add pod-1@1']);
    await run.stop();
  });

  it('Delete all objects: a tombstone with the last known state for each, the cache already without it', async () => {
    const { informer, first, lw } = relisting([pod('pod-1', '1'), pod('pod-3', '2')], []);
    const log: string[] = [];
    informer.addEventHandler({
      onDelete: (obj) => {
        expect(obj).toBeInstanceOf(DeletedFinalStateUnknown);
        const tombstone = obj as DeletedFinalStateUnknown<Pod>;
        log.push(`${tombstone.key}@${tombstone.obj?.metadata?.resourceVersion ?? '?'} cached=${String(informer.indexer.getByKey(tombstone.key) !== undefined)}`);
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => log.length === 2);
    expect(log.sort()).toEqual(['ns/pod-1@1 cached=false', 'ns/pod-3@2 cached=false']);
    expect(informer.indexer.list()).toEqual([]);
    await run.stop();
  });

  it('Create, update, delete: tombstones first, then updates and adds in the order of the list', async () => {
    const { informer, first, lw } = relisting(
      [pod('pod-1', '1'), pod('pod-2', '2', { labels: { ver: '1' } }), pod('pod-3', '3')],
      [pod('pod-1', '4'), pod('pod-2', '5', { labels: { ver: '2' } }), pod('pod-4', '6')],
    );
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => h.log.length === 7);
    expect(h.log.slice(3)).toEqual(['delete ~ns/pod-3@3', 'update pod-1@1>pod-1@4', 'update pod-2@2>pod-2@5', 'add pod-4@6']);
    expect(
      informer.indexer
        .list()
        .map((p) => `${p.metadata?.name ?? '?'}@${p.metadata?.resourceVersion ?? '?'}`)
        .sort(),
    ).toEqual(['pod-1@4', 'pod-2@5', 'pod-4@6']);
    await run.stop();
  });

  it('the same on the streaming-list path', async () => {
    const bookmark = (rv: string): WatchEvent<Pod> => ({
      type: 'BOOKMARK',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } } } as Pod,
    });
    const first = new ScriptedWatchStream<Pod>();
    const second = new ScriptedWatchStream<Pod>();
    for (const p of [pod('pod-1', '1'), pod('pod-2', '2'), pod('pod-3', '3')]) first.push(added(p));
    first.push(bookmark('10'));
    for (const p of [pod('pod-1', '4'), pod('pod-2', '2'), pod('pod-4', '6')]) second.push(added(p));
    second.push(bookmark('20'));
    const lw = createScriptedListerWatcher<Pod>({ watches: [first, second] });
    const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: true, backoff: NO_BACKOFF } });
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    expect(h.log).toEqual(['add pod-1@1 initial', 'add pod-2@2 initial', 'add pod-3@3 initial']);
    first.push(expired());
    await until(() => h.log.length === 6);
    // pod-2 is unchanged (same resourceVersion): a sync update, which no handler asked for.
    expect(h.log.slice(3)).toEqual(['delete ~ns/pod-3@3', 'update pod-1@1>pod-1@4', 'add pod-4@6']);
    expect(lw.listCalls).toEqual([]);
    await run.stop();
  });
});

describe('tombstones carry the latest known state (TestRealFIFO_ReplaceMakesDeletions)', () => {
  it('an object changed by the watch, then missing from a relist: the tombstone holds the changed state', async () => {
    const { informer, first, lw } = relisting([pod('foo', '5'), pod('bar', '6'), pod('baz', '7')], [pod('foo', '5')]);
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    first.push(modified(pod('bar', '100')));
    first.push(deleted(pod('baz', '101')));
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => h.log.length === 6);
    expect(h.log.slice(3)).toEqual(['update bar@6>bar@100', 'delete baz@101', 'delete ~ns/bar@100']);
    await run.stop();
  });

  it('deleted and created again, then missing from a relist: delete, add, then a tombstone of the new one', async () => {
    const { informer, first, lw } = relisting([pod('foo', '5'), pod('bar', '6')], [pod('foo', '5')]);
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    first.push(deleted(pod('bar', '7')));
    first.push(added(pod('bar', '100')));
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => h.log.length === 5);
    expect(h.log.slice(2)).toEqual(['delete bar@7', 'add bar@100', 'delete ~ns/bar@100']);
    await run.stop();
  });

  it('events that arrive while a relist is being applied come after it, in order (TestRealFIFO_detectLineJumpers)', async () => {
    const many = Array.from({ length: 30_000 }, (_, i) => pod(`p-${String(i)}`, '1'));
    const second = new ScriptedWatchStream<Pod>();
    const first = new ScriptedWatchStream<Pod>();
    const lw = createScriptedListerWatcher<Pod>({
      lists: [podList('10', []), (): ObjectList<Pod> => podList('20', many)],
      watches: [first, second],
    });
    const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false, backoff: NO_BACKOFF } });
    const order: string[] = [];
    informer.addEventHandler({
      onAdd: (p) => {
        if (p.metadata?.name === 'p-29999' || p.metadata?.name === 'late') order.push(`add ${p.metadata.name}`);
      },
      onUpdate: (_, p) => {
        if (p.metadata?.name === 'p-0') order.push(`update p-0@${p.metadata.resourceVersion ?? '?'}`);
      },
    });
    const run = start(informer);
    await informer.waitForSync();
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    // The relist is still being applied (in slices) when these arrive.
    second.push(modified(pod('p-0', '21')));
    second.push(added(pod('late', '22')));
    await until(() => order.length === 3, { timeout: 10_000 });
    expect(order).toEqual(['add p-29999', 'update p-0@21', 'add late']);
    await run.stop();
  });
});

describe('unchanged objects on relist', () => {
  it('an object listed again with the same resourceVersion reaches no handler that is not resyncing (TestSharedInformerWatchDisruption)', async () => {
    const { informer, first, lw } = relisting([pod('pod1', '1'), pod('pod2', '2')], [pod('pod1', '1'), pod('pod2', '4'), pod('pod3', '3')]);
    const h = recorder();
    informer.addEventHandler(h);
    const run = start(informer);
    await informer.waitForSync();
    first.push(expired());
    await lw.waitForCalls({ watches: 2 });
    await until(() => h.log.length === 4);
    await settle();
    expect(h.log.slice(2)).toEqual(['update pod2@2>pod2@4', 'add pod3@3']);
    // The cache holds the relisted object even when no handler heard of it.
    expect(informer.indexer.getByKey('ns/pod1')).toEqual(pod('pod1', '1'));
    await run.stop();
  });
});
