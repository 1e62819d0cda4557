import { describe, expect, it } from 'vitest';
import type { ReflectorEvent } from '@kcache/reflector';
import { ApiError } from '@kcache/listwatch';
import { createFaultDriver, FAULT_REACTION_TIMEOUT_MS } from './fault-driver.js';
import type { FaultTarget } from './faults.js';

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
    expect(driver.records.map((r) => r.dueAtMs)).toEqual([1000, 2500, 4000, 5500, 7000]);

    expect(driver.tick(999, true)).toBeUndefined(); // not due
    expect(driver.tick(1000, false)).toBeUndefined(); // not watching
    expect(driver.tick(1000, true)?.kind).toBe('dropped-watch');
    expect(calls).toEqual(['closeWatches']);
    expect(driver.tick(3000, true)).toBeUndefined(); // previous fault unanswered
    // Events that are not the expected reaction do not count.
    expect(driver.observe(reactions[4]!, 1100)).toBeUndefined();
    expect(driver.observe(reactions[0]!, 1200)?.reactionAfterMs).toBe(200);

    expect(driver.tick(3000, true)?.kind).toBe('compaction');
    expect(calls.slice(1)).toEqual(['closeWatches', 'compact']);
    expect(writes).toBe(1); // one write between closing the watches and compacting
    driver.observe(reactions[1]!, 3100);

    expect(driver.tick(4000, true)?.kind).toBe('throttled');
    expect(calls.slice(3)).toEqual(['fail watch pods 429 retry=1 times=1', 'closeWatches']);
    driver.observe(reactions[2]!, 4100);

    expect(driver.tick(5500, true)?.kind).toBe('server-errors');
    expect(calls.slice(5)).toEqual(['fail * pods 500 retry=- times=3', 'closeWatches']);
    driver.observe(reactions[3]!, 5600);

    expect(driver.finished(7000)).toBe(false);
    expect(driver.tick(7000, true)?.kind).toBe('connection-reset');
    expect(calls.slice(7)).toEqual(['destroyConnections']);
    driver.observe(reactions[4]!, 7050);
    expect(driver.finished(7050)).toBe(true);
    expect(driver.records.every((r) => r.observed && r.reaction !== undefined)).toBe(true);
    expect(driver.records[3]!.reaction).toContain('500 InternalError');
  });

  it('gives up on a reaction after the timeout and moves on', () => {
    const { target } = recordingTarget();
    const driver = createFaultDriver(target, () => undefined, 1000);
    driver.tick(100, true);
    expect(driver.tick(100 + FAULT_REACTION_TIMEOUT_MS - 1, true)).toBeUndefined();
    const next = driver.tick(100 + FAULT_REACTION_TIMEOUT_MS, true);
    expect(next?.kind).toBe('compaction');
    expect(driver.records[0]!.observed).toBe(false);
  });
});
