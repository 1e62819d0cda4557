// The cases of client-go's util/workqueue/queue_test.go, plus the basic guarantees of the queue.
import { describe, expect, it } from 'vitest';
import { isWorkQueueError } from './errors.js';
import { seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { peek, turns } from '../test/support/turns.js';
import type { AddEvent, WorkQueue } from './types.js';
import { createWorkQueue } from './work-queue.js';

const SEED = testSeed();

const shutDowns: [string, (q: WorkQueue) => Promise<void>][] = [
  [
    'shutDown',
    (q) => {
      q.shutDown();
      return Promise.resolve();
    },
  ],
  ['shutDownWithDrain', (q) => q.shutDownWithDrain()],
];

/** Records every add event of a queue. */
function recordAdds(q: WorkQueue): AddEvent[] {
  const adds: AddEvent[] = [];
  q.on('add', (e) => adds.push(e));
  return adds;
}

describe.each(shutDowns)('with %s', (_name, shutDown) => {
  it('TestBasic: 50 producers and 10 consumers; nothing added after shutdown is handed out', async () => {
    const random = seededRandom(SEED);
    const q = createWorkQueue();
    const processed = new Map<string, number>();
    const producers = Array.from({ length: 50 }, async (_, i) => {
      for (let j = 0; j < 50; j++) {
        q.add(String(i));
        await turns(Math.floor(random() * 2));
      }
    });
    const consumers = Array.from({ length: 10 }, async () => {
      for (;;) {
        const item = await q.get();
        if (item === undefined) return;
        expect(item, `seed ${SEED}`).not.toBe('added after shutdown!');
        processed.set(item, (processed.get(item) ?? 0) + 1);
        await turns(Math.floor(random() * 4));
        q.done(item);
      }
    });
    await Promise.all(producers);
    const shutting = shutDown(q);
    q.add('added after shutdown!');
    await Promise.all(consumers);
    await shutting;
    expect(q.length).toBe(0);
    // Every producer's item was processed at least once and at most once per add.
    expect([...processed.keys()].sort()).toEqual(Array.from({ length: 50 }, (_, i) => String(i)).sort());
    for (const count of processed.values()) expect(count).toBeLessThanOrEqual(50);
  });

  it('TestAddWhileProcessing: items re-added while being processed are processed again', async () => {
    const q = createWorkQueue();
    for (let i = 0; i < 50; i++) q.add(String(i));
    const perConsumer: Map<string, number>[] = [];
    const consumers = Array.from({ length: 10 }, async () => {
      // Every worker re-adds every item it sees up to two times: the dirty-while-processing path.
      const counters = new Map<string, number>();
      perConsumer.push(counters);
      for (;;) {
        const item = await q.get();
        if (item === undefined) return;
        const count = (counters.get(item) ?? 0) + 1;
        counters.set(item, count);
        if (count < 2) q.add(item);
        await turns(1);
        q.done(item);
      }
    });
    // Let the consumers run until every item was processed twice, then shut down.
    const processedCount = (): number => perConsumer.reduce((sum, c) => sum + [...c.values()].reduce((a, b) => a + b, 0), 0);
    while (processedCount() < 100) await turns(1);
    const shutting = shutDown(q);
    await Promise.all(consumers);
    await shutting;
    expect(q.length).toBe(0);
    const total = new Map<string, number>();
    for (const counters of perConsumer) for (const [item, n] of counters) total.set(item, (total.get(item) ?? 0) + n);
    // Each item was processed at least twice: once for the first add, once for the re-add.
    for (let i = 0; i < 50; i++) expect(total.get(String(i)) ?? 0).toBeGreaterThanOrEqual(2);
  });
});

describe('queue', () => {
  it('TestLen: an item added twice counts once', () => {
    const q = createWorkQueue();
    q.add('foo');
    expect(q.length).toBe(1);
    q.add('bar');
    expect(q.length).toBe(2);
    q.add('foo');
    expect(q.length).toBe(2);
  });

  it('TestReinsert: an item added while being processed is queued again on done', async () => {
    const q = createWorkQueue();
    q.add('foo');
    const first = await q.get();
    expect(first).toBe('foo');
    q.add('foo');
    expect(q.length).toBe(0);
    q.done('foo');
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('foo');
    q.done('foo');
    expect(q.length).toBe(0);
  });

  it('TestCollapse: an item added twice before processing is handed out once', async () => {
    const q = createWorkQueue();
    const adds = recordAdds(q);
    q.add('bar');
    q.add('bar');
    expect(await q.get()).toBe('bar');
    q.done('bar');
    expect(q.length).toBe(0);
    // client-go "touches" the queued item on the second add; here the add event says so.
    expect(adds.map((e) => [e.item, e.deduplicated, e.processing])).toEqual([
      ['bar', false, false],
      ['bar', true, false],
    ]);
  });

  it('TestCollapseWhileProcessing: re-adds during processing collapse into one, handed out only after done', async () => {
    const q = createWorkQueue();
    const adds = recordAdds(q);
    q.add('foo');
    expect(await q.get()).toBe('foo');
    q.add('foo');
    q.add('foo');
    // Another worker asks for work: it must wait until the first one is done with foo.
    const second = q.get();
    expect(await peek(second)).toBe('pending');
    q.done('foo');
    expect(await second).toBe('foo');
    q.done('foo');
    expect(q.length).toBe(0);
    expect(adds.map((e) => [e.deduplicated, e.processing])).toEqual([
      [false, false],
      [false, true],
      [true, true],
    ]);
  });

  it('TestQueueDrainageUsingShutDownWithDrain: resolves only once every handed-out item is done', async () => {
    const q = createWorkQueue();
    q.add('foo');
    q.add('bar');
    const first = await q.get();
    const second = await q.get();
    const drained = q.shutDownWithDrain();
    expect(q.shuttingDown).toBe(true);
    // Shut down and empty: get says there is no more work, though two items are still in flight.
    expect(await q.get()).toBeUndefined();
    expect(await peek(drained)).toBe('pending');
    q.done(first!);
    expect(await peek(drained)).toBe('pending');
    q.done(second!);
    expect(await peek(drained)).toEqual({ value: undefined });
  });

  it('TestNoQueueDrainageUsingShutDown: shutDown returns at once with items in flight', async () => {
    const q = createWorkQueue();
    q.add('foo');
    q.add('bar');
    await q.get();
    await q.get();
    // Returns at once, though neither item is done.
    q.shutDown();
    expect(q.shuttingDown).toBe(true);
    expect(q.processingLength).toBe(2);
    expect(await q.get()).toBeUndefined();
  });

  it('TestForceQueueShutdownUsingShutDown: shutDown ends a pending shutDownWithDrain', async () => {
    const q = createWorkQueue();
    q.add('foo');
    q.add('bar');
    await q.get();
    await q.get();
    const drained = q.shutDownWithDrain();
    expect(await q.get()).toBeUndefined();
    expect(await peek(drained)).toBe('pending');
    q.shutDown();
    expect(await peek(drained)).toEqual({ value: undefined });
  });

  it('TestQueueDrainageUsingShutDownWithDrainWithDirtyItem: a dirty item is handed out again after shutdown', async () => {
    const q = createWorkQueue();
    q.add('foo');
    const gotten = await q.get();
    q.add('foo');
    const drained = q.shutDownWithDrain();
    expect(await q.get()).toBeUndefined();
    q.done(gotten!);
    // done put the dirty item back: get hands it out although the queue is shutting down.
    const again = await q.get();
    expect(again).toBe('foo');
    q.done(again!);
    expect(await q.get()).toBeUndefined();
    await drained;
  });

  // TestGarbageCollection does not apply: items are strings, and a handed-out slot is cleared (Fifo).

  it('hands items out in the order they were first queued; a re-added item goes to the back', async () => {
    const q = createWorkQueue();
    for (const item of ['a', 'b', 'c', 'a', 'b']) q.add(item);
    expect(await q.get()).toBe('a');
    q.add('a');
    q.add('d');
    q.done('a');
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const item = await q.get();
      order.push(item);
      q.done(item!);
    }
    expect(order).toEqual(['b', 'c', 'd', 'a']);
  });

  it('serves waiting callers of get in the order they called', async () => {
    const q = createWorkQueue();
    const waiting = [q.get(), q.get(), q.get()];
    q.add('x');
    q.add('y');
    q.add('z');
    expect(await Promise.all(waiting)).toEqual(['x', 'y', 'z']);
    expect(q.processingLength).toBe(3);
  });

  it('wakes every waiting get with undefined on shutdown', async () => {
    const q = createWorkQueue();
    const waiting = [q.get(), q.get()];
    q.shutDown();
    expect(await Promise.all(waiting)).toEqual([undefined, undefined]);
  });

  it('after shutDown, drains what was queued, then resolves undefined; adds are ignored', async () => {
    const q = createWorkQueue();
    q.add('a');
    q.add('b');
    q.shutDown();
    q.add('c');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(await q.get()).toBeUndefined();
    q.done('a');
    q.done('b');
    expect(q.length).toBe(0);
  });

  it('shutDownWithDrain resolves at once when nothing is in flight, and every call shares the outcome', async () => {
    const q = createWorkQueue();
    await q.shutDownWithDrain();
    const q2 = createWorkQueue();
    q2.add('a');
    await q2.get();
    const one = q2.shutDownWithDrain();
    const two = q2.shutDownWithDrain();
    expect(await peek(one)).toBe('pending');
    q2.done('a');
    await Promise.all([one, two]);
  });

  it('done for an item that is not being processed does nothing', async () => {
    const q = createWorkQueue();
    q.add('a');
    q.done('a');
    q.done('never-added');
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
    q.done('a');
    q.done('a');
    expect(q.processingLength).toBe(0);
    expect(q.length).toBe(0);
  });

  it('rejects non-string items with a typed error', () => {
    const q = createWorkQueue();
    for (const bad of [undefined, null, 42, {}]) {
      let caught: unknown;
      try {
        q.add(bad as never);
      } catch (err) {
        caught = err;
      }
      expect(isWorkQueueError(caught, 'InvalidItem')).toBe(true);
      expect((caught as Error).message).toMatch(/items must be strings/);
    }
    expect(q.length).toBe(0);
  });

  it('Symbol.dispose shuts down; Symbol.asyncDispose drains', async () => {
    let outer: WorkQueue | undefined;
    {
      using q = createWorkQueue({ name: 'scoped' });
      outer = q;
      q.add('a');
    }
    expect(outer.shuttingDown).toBe(true);
    const q = createWorkQueue();
    q.add('a');
    const item = await q.get();
    const disposed = q[Symbol.asyncDispose]();
    expect(await peek(disposed)).toBe('pending');
    q.done(item!);
    await disposed;
    expect(q.shuttingDown).toBe(true);
  });

  it('rejects options it cannot work with', () => {
    expect(() => createWorkQueue({ name: 42 as unknown as string })).toThrow(/name must be a string/);
    expect(() => createWorkQueue({ clock: {} as never })).toThrow(/clock must have a now\(\) method/);
    expect(() => createWorkQueue({ rateLimiter: { when: () => 0 } as never })).toThrow(/rateLimiter must have when\(\), forget\(\) and numRequeues\(\)/);
    expect(() => createWorkQueue({ onListenerError: 'log' as never })).toThrow(/onListenerError must be a function/);
  });
});
