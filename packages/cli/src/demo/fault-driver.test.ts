import { describe, expect, it } from 'vitest';
import type { ReflectorEvent } from '@kcache/reflector';
import { ApiError } from '@kcache/listwatch';
import { createFaultDriver, FAULT_REACTION_TIMEOUT_MS } from './fault-driver.js';
import { demoTiming, faultSchedule, type FaultTarget } from './faults.js';

function recordingTarget() {
  const calls: string[] = [];
  const target: FaultTarget = {
    compact: () => calls.push('compact'),
    closeWatches: () => calls.push('closeWatches'),
    destroyConnections: () => calls.push('destroyConnections'),
    fail: (rule) => {
      calls.push(`fail ${rule.verb ?? '*'} ${rule.resource ?? '*'} ${rule.code} retry=${rule.retryAfterSeconds ?? '-'} times=${rule.times ?? '-'}`);
      return { remove: () => undefined };
    },
  };
  return { target, calls };
}

const base = { reflector: 'pods' };
const reactions: ReflectorEvent[] = [
  { ...base, type: 'watch-end', reason: 'closed', events: 10, durationMs: 1000, resourceVersion: '50' },
  { ...base, type: 'relist', reason: 'expired', resourceVersion: '60' },
  { ...base, type: 'backoff', reason: 'too-many-requests', waitMs: 1000 },
  { ...base, type: 'error', error: new Error('watch failed', { cause: new ApiError({ code: 500, reason: 'InternalError', message: 'boom' }) }) },
  { ...base, type: 'watch-end', reason: 'connection-lost', events: 3, durationMs: 500, resourceVersion: '90' },
];

describe('createFaultDriver', () => {
  it('injects each fault in turn once due, answered and watching, and recognises each reaction', () => {
    const { target, calls } = recordingTarget();
    let writes = 0;
    const driver = createFaultDriver(target, () => {
      writes++;
    }, 10_000);
    expect(driver.records.map((r) => r.dueAtMs)).toEqual([400, 1200, 2600, 6500, 8500]);

    expect(driver.tick(399, true)).toBeUndefined(); // not due
    expect(driver.tick(400, false)).toBeUndefined(); // not watching
    expect(driver.tick(1000, true)?.kind).toBe('dropped-watch');
    expect(calls).toEqual(['closeWatches']);
    expect(driver.tick(3000, true)).toBeUndefined(); // previous fault unanswered
    // Events that are not the expected reaction do not count.
    expect(driver.observe('reflector', reactions[4]!, 1100)).toBeUndefined();
    expect(driver.observe('reflector', reactions[0]!, 1200)?.reactionAfterMs).toBe(200);

    expect(driver.tick(3000, true)?.kind).toBe('compaction');
    expect(calls.slice(1)).toEqual(['closeWatches', 'compact']);
    expect(writes).toBe(1); // one write between closing the watches and compacting
    driver.observe('reflector', reactions[1]!, 3100);

    expect(driver.tick(4000, true)?.kind).toBe('throttled');
    expect(calls.slice(3)).toEqual(['fail watch pods 429 retry=1 times=1', 'closeWatches']);
    driver.observe('reflector', reactions[2]!, 4100);

    expect(driver.tick(6500, true)?.kind).toBe('server-errors');
    expect(calls.slice(5)).toEqual(['fail * pods 500 retry=- times=3', 'closeWatches']);
    driver.observe('reflector', reactions[3]!, 6700);

    expect(driver.finished(8500)).toBe(false);
    expect(driver.allInjected()).toBe(false);
    expect(driver.tick(8500, true)?.kind).toBe('connection-reset');
    expect(driver.allInjected()).toBe(true);
    expect(calls.slice(7)).toEqual(['destroyConnections']);
    expect(driver.finished(8510)).toBe(false); // injected, not yet answered
    driver.observe('reflector', reactions[4]!, 8550);
    expect(driver.finished(8550)).toBe(true);
    expect(driver.records.every((r) => r.observed && r.reaction !== undefined)).toBe(true);
    expect(driver.records[3]!.reaction).toContain('500 InternalError');
  });

  it('with several clients, waits for each one\'s reaction and sizes the faults for all of them', () => {
    const { target, calls } = recordingTarget();
    const driver = createFaultDriver(target, () => undefined, 10_000, ['reflector', 'informer']);
    driver.tick(500, true);
    // The same kind of reaction from one client twice does not count for the other.
    expect(driver.observe('reflector', reactions[0]!, 510)).toBeUndefined();
    expect(driver.observe('reflector', reactions[0]!, 512)).toBeUndefined();
    expect(driver.records[0]!.observed).toBe(false);
    expect(driver.observe('someone-else', reactions[0]!, 515)).toBeUndefined();
    expect(driver.tick(1200, true)).toBeUndefined(); // still waiting for the informer
    const answered = driver.observe('informer', reactions[0]!, 530);
    expect(answered?.observed).toBe(true);
    expect(answered?.reactionAfterMs).toBe(30);
    expect(answered?.reactions.map((r) => [r.source, r.afterMs])).toEqual([
      ['reflector', 10],
      ['informer', 30],
    ]);
    driver.tick(1200, true);
    driver.observe('informer', reactions[1]!, 1400);
    driver.observe('reflector', reactions[1]!, 1410);
    expect(driver.records[1]!.reaction).toContain('410 Expired'); // the reflector's words
    driver.tick(3000, true);
    driver.observe('reflector', reactions[2]!, 3010);
    driver.observe('informer', reactions[2]!, 3010);
    driver.tick(6500, true);
    // A 429 and a burst of 500s for each client.
    expect(calls).toContain('fail watch pods 429 retry=1 times=2');
    expect(calls).toContain('fail * pods 500 retry=- times=6');
  });

  it('gives up on a reaction after the timeout and moves on', () => {
    const { target } = recordingTarget();
    const driver = createFaultDriver(target, () => undefined, 3000);
    driver.tick(150, true);
    expect(driver.tick(150 + FAULT_REACTION_TIMEOUT_MS - 1, true)).toBeUndefined();
    const next = driver.tick(150 + FAULT_REACTION_TIMEOUT_MS, true);
    expect(next?.kind).toBe('compaction');
    expect(driver.records[0]!.observed).toBe(false);
  });
});

describe('the fault schedule', () => {
  it('puts every fault within the duration, leaving the last stretch for the last recovery', () => {
    for (const durationMs of [3000, 5000, 20_000, 600_000]) {
      const schedule = faultSchedule(durationMs);
      expect(schedule.map((f) => f.kind)).toEqual(['dropped-watch', 'compaction', 'throttled', 'server-errors', 'connection-reset']);
      const times = schedule.map((f) => f.atMs);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times.at(-1)).toBeLessThanOrEqual(durationMs * 0.85);
      expect(times[0]).toBeGreaterThan(0);
    }
  });

  it('leaves the 429 its Retry-After of a second before the next fault, at the shortest duration', () => {
    const [, , throttled, serverErrors] = faultSchedule(3000);
    expect(serverErrors!.atMs - throttled!.atMs).toBeGreaterThanOrEqual(1000 + demoTiming(3000).steadyMs);
  });

  it('shrinks backoff and steadiness with the duration, within bounds', () => {
    expect(demoTiming(20_000)).toEqual({ backoff: { initialMs: 200, maxMs: 2000, resetAfterMs: 4000 }, steadyMs: 300 });
    expect(demoTiming(3000)).toEqual({ backoff: { initialMs: 30, maxMs: 300, resetAfterMs: 600 }, steadyMs: 150 });
    expect(demoTiming(3_600_000)).toEqual({ backoff: { initialMs: 200, maxMs: 2000, resetAfterMs: 10_000 }, steadyMs: 300 });
  });
});
