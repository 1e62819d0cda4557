// Rate-limited retries under fake timers: the default queue's per-item exponential backoff
// (5 ms doubling, client-go's default) decides when a failing key comes back.
import { createWorkQueue, itemExponentialFailureRateLimiter } from '@kcache/workqueue';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { obj, TestInformer } from '../test/support/test-informer.js';
import { createController, type ControllerEvent } from './index.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('a failing key is retried after 5, 10, 20, 40 ms, then forgotten on success; other keys are not held up', async () => {
  const informer = new TestInformer('things');
  informer.markSynced();
  const t0 = performance.now();
  const attempts: Record<string, number[]> = {};
  const controller = createController({
    name: 'retries',
    informers: [informer],
    reconcile: async (key) => {
      (attempts[key] ??= []).push(performance.now() - t0);
      if (key === 'ns/flaky' && attempts[key].length <= 4) throw new Error(`attempt ${String(attempts[key].length)}`);
    },
  });
  const events: ControllerEvent[] = [];
  controller.on('*', (e) => events.push(e));
  const stop = new AbortController();
  const done = controller.run(stop.signal);
  informer.add(obj('ns', 'flaky'));
  await vi.advanceTimersByTimeAsync(0);
  informer.add(obj('ns', 'steady'));
  await vi.advanceTimersByTimeAsync(0);
  expect(attempts['ns/steady']).toEqual([0]);
  await vi.advanceTimersByTimeAsync(100);
  expect(attempts['ns/flaky']).toEqual([0, 5, 15, 35, 75]);
  expect(events.filter((e) => e.type === 'error').map((e) => e.numRequeues)).toEqual([1, 2, 3, 4]);
  expect(events.filter((e) => e.type === 'requeue').map((e) => e.delayMs)).toEqual([5, 10, 20, 40]);
  expect(controller.queue.numRequeues('ns/flaky')).toBe(0);
  // Forgotten: the next failure starts from 5 ms again.
  await vi.advanceTimersByTimeAsync(1000);
  expect(attempts['ns/flaky']).toHaveLength(5);
  stop.abort();
  await done;
});

it('a custom rate limiter on a given queue decides the delays; abort drops the pending retry', async () => {
  const informer = new TestInformer('things');
  informer.markSynced();
  const queue = createWorkQueue({ name: 'q', rateLimiter: itemExponentialFailureRateLimiter(100, 1000) });
  let n = 0;
  const t0 = performance.now();
  const at: number[] = [];
  const controller = createController({
    name: 'custom',
    informers: [informer],
    queue,
    reconcile: () => {
      at.push(performance.now() - t0);
      n++;
      throw new Error('always');
    },
  });
  controller.on('error', () => {});
  const stop = new AbortController();
  const done = controller.run(stop.signal);
  informer.add(obj('ns', 'x'));
  await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1000);
  expect(at).toEqual([0, 100, 300, 700, 1500, 2500]);
  stop.abort();
  await done;
  await vi.advanceTimersByTimeAsync(10_000);
  expect(n).toBe(6);
  expect(queue.delayedLength).toBe(0);
});
