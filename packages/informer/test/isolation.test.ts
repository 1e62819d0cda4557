// Handler isolation: a handler that blocks (a promise that stays pending for the whole run, as a
// handler waiting seconds on a slow API would) and one that throws on every tenth call change
// neither what a third handler sees nor when it sees it. The same scripted history is played twice,
// once with the observer alone and once beside the other two, and the observer's log, stamped with
// the step of the script at which each notification arrived, must be identical.
import { createScriptedListerWatcher, ScriptedWatchStream } from '@kcache/reflector/testing';
import { expect, it, vi } from 'vitest';
import { createSharedInformer, type HandlerErrorEvent } from '../src/index.js';
import { added, deleted, describe as line, expired, modified, NO_BACKOFF, pod, podList, settle, start, type Pod } from './support/objects.js';

interface Outcome {
  observer: string[];
  blocker: string[];
  thrower: string[];
  errors: HandlerErrorEvent[];
  blockerPendingAtEnd: number;
}

async function play(withOthers: boolean): Promise<Outcome> {
  const initial = Array.from({ length: 50 }, (_, i) => pod(`p${String(i)}`, String(i + 1)));
  const first = new ScriptedWatchStream<Pod>();
  const second = new ScriptedWatchStream<Pod>();
  // The relist finds p0..p9 gone and p10..p19 changed.
  const relisted = initial.slice(10).map((p, i) => (i < 10 ? pod(p.metadata?.name ?? '?', String(500 + i)) : p));
  const lw = createScriptedListerWatcher<Pod>({ lists: [podList('100', initial), podList('600', relisted)], watches: [first, second] });
  const informer = createSharedInformer<Pod>({ listerWatcher: lw, reflector: { useWatchList: false, backoff: NO_BACKOFF } });

  let step = 0;
  const outcome: Outcome = { observer: [], blocker: [], thrower: [], errors: [], blockerPendingAtEnd: 0 };
  informer.on('handler-error', (e) => outcome.errors.push(e));
  let releaseBlocker: () => void = () => undefined;
  const blocked = new Promise<void>((resolve) => {
    releaseBlocker = resolve;
  });
  let blockerRegistration: ReturnType<typeof informer.addEventHandler> | undefined;
  if (withOthers) {
    blockerRegistration = informer.addEventHandler(
      {
        onAdd: (obj, isInInitialList) => {
          outcome.blocker.push(line({ type: 'add', object: obj, isInInitialList }));
          return blocked;
        },
        onUpdate: (oldObject, object) => {
          outcome.blocker.push(line({ type: 'update', oldObject, object }));
          return blocked;
        },
        onDelete: (object) => {
          outcome.blocker.push(line({ type: 'delete', object }));
          return blocked;
        },
      },
      { name: 'blocker' },
    );
    let calls = 0;
    const maybeThrow = (): void => {
      if (++calls % 10 === 0) throw new Error(`call ${String(calls)}`);
    };
    informer.addEventHandler(
      {
        onAdd: (obj, isInInitialList) => {
          outcome.thrower.push(line({ type: 'add', object: obj, isInInitialList }));
          maybeThrow();
        },
        onUpdate: (oldObject, object) => {
          outcome.thrower.push(line({ type: 'update', oldObject, object }));
          maybeThrow();
        },
        onDelete: (object) => {
          outcome.thrower.push(line({ type: 'delete', object }));
          maybeThrow();
        },
      },
      { name: 'thrower' },
    );
  }
  const stamp = (text: string): void => {
    outcome.observer.push(`${String(step)} ${text}`);
  };
  const observer = informer.addEventHandler(
    {
      onAdd: (object, isInInitialList) => {
        stamp(line({ type: 'add', object, isInInitialList }));
      },
      onUpdate: (oldObject, object) => {
        stamp(line({ type: 'update', oldObject, object }));
      },
      onDelete: (object) => {
        stamp(line({ type: 'delete', object }));
      },
    },
    { name: 'observer' },
  );

  const run = start(informer);
  // The observer's own sync: every initial-list add has reached it (the informer's cache may be
  // synced a moment before its handlers have heard of every object).
  await observer.waitForSync();
  step++;
  // A step ends once the reflector has read every event pushed so far and the observer has been
  // told of all of them: on a loaded machine a fixed number of event-loop turns may not be enough.
  // The observer must get there whatever the other two handlers do, or this wait times out.
  let pushed = 0;
  const caughtUp = async (): Promise<void> => {
    await settle(4);
    await first.waitForHandled(pushed);
    await vi.waitUntil(() => observer.pending === 0, { timeout: 10_000 });
  };
  // Twenty steps of ten watch events each.
  let rv = 1000;
  for (let s = 0; s < 20; s++) {
    for (let i = 0; i < 10; i++) {
      const name = `p${String((s * 7 + i * 3) % 60)}`;
      const roll = (s + i) % 5;
      if (roll === 0 && informer.indexer.getByKey(`ns/${name}`) !== undefined) first.push(deleted(pod(name, String(rv++))));
      else if (informer.indexer.getByKey(`ns/${name}`) === undefined) first.push(added(pod(name, String(rv++))));
      else first.push(modified(pod(name, String(rv++))));
      pushed++;
    }
    await caughtUp();
    step++;
  }
  first.push(expired());
  await lw.waitForCalls({ lists: 2, watches: 2 });
  await settle(4);
  await vi.waitUntil(() => informer.lastSyncResourceVersion === '600' && observer.pending === 0, { timeout: 10_000 });
  step++;
  second.push(added(pod('after-relist', String(rv))));
  await settle(4);
  step++;
  outcome.blockerPendingAtEnd = blockerRegistration?.pending ?? 0;
  // The blocked handler is released at last and catches up with everything, in order.
  releaseBlocker();
  await run.stop();
  return outcome;
}

it('a blocked handler and a throwing handler change neither what a third handler sees nor when', async () => {
  const alone = await play(false);
  const beside = await play(true);
  expect(alone.observer.length).toBeGreaterThan(250);
  // Notifications arrive step by step, not all at the end.
  expect(new Set(alone.observer.map((l) => l.split(' ')[0])).size).toBe(23);
  expect(beside.observer).toEqual(alone.observer);
  expect(alone.observer.some((l) => l.includes('delete ~ns/'))).toBe(true);

  // The other two saw the same sequence (minus the step stamps): the blocked one only once released.
  const unstamped = alone.observer.map((l) => l.slice(l.indexOf(' ') + 1));
  expect(beside.thrower).toEqual(unstamped);
  expect(beside.blocker).toEqual(unstamped);
  expect(beside.blockerPendingAtEnd).toBeGreaterThan(250);
  expect(beside.errors.map((e) => e.handler)).toEqual(Array.from({ length: Math.floor(unstamped.length / 10) }, () => 'thrower'));
  expect(beside.errors[0]?.notification).toBeDefined();
});
