// A sync of a large collection must not hold the event loop for all of it: the reflector's own
// work over a listed collection (typing items, `transform`) runs in slices with turns between.
import { createStore } from '@kcache/store';
import { describe, expect, it } from 'vitest';
import { bare, NO_BACKOFF, podList, type Pod } from '../test/support.js';
import { createReflector } from './reflector.js';
import { createScriptedListerWatcher } from './testing/index.js';

const COUNT = 20_000;

/** A transform that does some real work per object, as one that strips or reshapes fields does. */
function heavyTransform(counter: { done: number }): (pod: Pod) => Pod {
  return (pod) => {
    counter.done++;
    const copy = JSON.parse(JSON.stringify(pod)) as Pod;
    copy.metadata = { ...copy.metadata, labels: { transformed: 'yes' } };
    return copy;
  };
}

describe('event loop during a list', () => {
  it('gives other callbacks turns while it transforms a large list', async () => {
    const items = Array.from({ length: COUNT }, (_, i) => bare(`pod-${String(i)}`, String(i + 1)));
    const stop = new AbortController();
    const lw = createScriptedListerWatcher<Pod>({
      list: () => podList(String(COUNT), items),
      watches: [{ events: [], then: 'hang' }],
    });
    const counter = { done: 0 };
    const store = createStore<Pod>();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF, transform: heavyTransform(counter) });
    // Record how far the transform had got each time another callback got a turn.
    const seen: number[] = [];
    let watching = true;
    const watch = (): void => {
      seen.push(counter.done);
      if (watching) setImmediate(watch);
    };
    setImmediate(watch);
    const running = reflector.run(stop.signal);
    await reflector.waitForSync();
    watching = false;
    stop.abort();
    await running;
    expect(store.list()).toHaveLength(COUNT);
    expect(store.list()[0]?.metadata?.labels).toEqual({ transformed: 'yes' });
    expect(seen.some((done) => done > 0 && done < COUNT)).toBe(true);
  });

  it('stops preparing a list when aborted between slices, leaving the store untouched', async () => {
    const items = Array.from({ length: COUNT }, (_, i) => bare(`pod-${String(i)}`, String(i + 1)));
    const stop = new AbortController();
    const lw = createScriptedListerWatcher<Pod>({ list: () => podList(String(COUNT), items), watches: [] });
    const counter = { done: 0 };
    const store = createStore<Pod>();
    const reflector = createReflector<Pod>({ listerWatcher: lw, store, useWatchList: false, backoff: NO_BACKOFF, transform: heavyTransform(counter) });
    const abortOnTurn = (): void => {
      if (counter.done > 0) stop.abort();
      else setImmediate(abortOnTurn);
    };
    setImmediate(abortOnTurn);
    await reflector.run(stop.signal);
    expect(counter.done).toBeGreaterThan(0);
    expect(counter.done).toBeLessThan(COUNT);
    expect(store.list()).toEqual([]);
    expect(reflector.hasSynced()).toBe(false);
  });
});
