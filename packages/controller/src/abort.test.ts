// Stopping: abort stops taking keys, aborts the signal of the reconciles in flight, and `run`
// resolves only once they have finished.
import { afterEach, expect, it, vi } from 'vitest';
import { deferred, obj, TestInformer } from '../test/support/test-informer.js';
import { createController, type ControllerEvent } from './index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it('a hanging reconcile gets the abort; run resolves once it has finished; queued keys are not taken', async () => {
  const informer = new TestInformer('things');
  informer.markSynced();
  const started: string[] = [];
  const inFlight = deferred();
  let sawAbort = false;
  let finished = false;
  const controller = createController({
    name: 'hang',
    informers: [informer],
    reconcile: async (key, signal) => {
      started.push(key);
      inFlight.resolve();
      // Hangs until aborted, then takes a little longer to clean up.
      await new Promise<void>((resolve) => {
        signal.addEventListener('abort', () => {
          sawAbort = true;
          setTimeout(resolve, 30);
        }, { once: true });
      });
      finished = true;
    },
  });
  const events: ControllerEvent[] = [];
  controller.on('*', (e) => events.push(e));
  const stop = new AbortController();
  const done = controller.run(stop.signal);
  informer.add(obj('ns', 'a'));
  informer.add(obj('ns', 'b')); // queued behind the hanging one (one worker)
  await inFlight.promise;
  let resolved = false;
  void done.then(() => {
    resolved = true;
  });
  const reason = new Error('shutting down');
  stop.abort(reason);
  expect(sawAbort).toBe(true);
  await new Promise((r) => setTimeout(r, 5));
  expect(resolved).toBe(false); // still cleaning up
  await done;
  expect(finished).toBe(true);
  expect(started).toEqual(['ns/a']);
  expect(informer.liveHandlers).toBe(0);
  expect(controller.queue.shuttingDown).toBe(true);
  // It resolved (no requeue) rather than threw, so it counts as a success.
  expect(events.filter((e) => e.type === 'reconcile').map((e) => e.result)).toEqual(['success']);
  expect(events.at(-1)).toMatchObject({ type: 'stopped', synced: true });
  // Notifications after the stop enqueue nothing.
  const queued = controller.queue.length;
  informer.add(obj('ns', 'late'));
  expect(controller.queue.length).toBe(queued);
});

it('a reconcile that rejects with the abort reason is "aborted": no error event, no retry', async () => {
  const informer = new TestInformer('things');
  informer.markSynced();
  const inFlight = deferred();
  const controller = createController({
    name: 'abortable',
    informers: [informer],
    workers: 3,
    reconcile: async (_key, signal) => {
      inFlight.resolve();
      await new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(signal.reason as Error);
        }, { once: true });
      });
    },
  });
  const events: ControllerEvent[] = [];
  controller.on('*', (e) => events.push(e));
  const stop = new AbortController();
  const done = controller.run(stop.signal);
  informer.add(obj('ns', 'a'));
  informer.add(obj('ns', 'b'));
  await inFlight.promise;
  await vi.waitUntil(() => controller.queue.processingLength === 2);
  stop.abort();
  await done;
  expect(events.filter((e) => e.type === 'reconcile').map((e) => e.result)).toEqual(['aborted', 'aborted']);
  expect(events.some((e) => e.type === 'error' || e.type === 'requeue')).toBe(false);
  expect(controller.queue.numRequeues('ns/a')).toBe(0);
});

it('a reconcile that throws something else while stopping is still reported', async () => {
  const informer = new TestInformer('things');
  informer.markSynced();
  const inFlight = deferred();
  const controller = createController({
    name: 'messy',
    informers: [informer],
    reconcile: async (_key, signal) => {
      inFlight.resolve();
      await new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(new Error('cleanup failed'));
        }, { once: true });
      });
    },
  });
  const errors: unknown[] = [];
  controller.on('error', (e) => errors.push(e.error));
  const stop = new AbortController();
  const done = controller.run(stop.signal);
  informer.add(obj('ns', 'a'));
  await inFlight.promise;
  stop.abort();
  await done;
  expect(errors).toEqual([new Error('cleanup failed')]);
});

it('run with an already aborted signal resolves at once without registering anything', async () => {
  const informer = new TestInformer('things');
  const controller = createController({ name: 'c', informers: [informer], reconcile: () => undefined });
  const stop = new AbortController();
  stop.abort();
  await controller.run(stop.signal);
  expect(informer.registrations).toHaveLength(0);
  expect(controller.queue.shuttingDown).toBe(true);
});
