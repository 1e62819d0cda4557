import { describe, expect, it } from 'vitest';
import { RetryWithDeadline } from './retry-with-deadline.js';

const retryable = new Error('internal');
const other = new Error('other');

describe('RetryWithDeadline (client-go retry_with_deadline.go)', () => {
  it('never retries with a zero window', () => {
    const r = new RetryWithDeadline(0, 60_000, (e) => e === retryable, () => 0);
    r.after(retryable);
    expect(r.shouldRetry()).toBe(false);
  });

  it('retries while the first error of a run is at most maxRetryMs old, then resets', () => {
    let t = 0;
    const r = new RetryWithDeadline(30_000, 60_000, (e) => e === retryable, () => t);
    r.after(retryable);
    expect(r.shouldRetry()).toBe(true);
    t = 30_000;
    r.after(retryable);
    expect(r.shouldRetry()).toBe(true);
    t = 30_001;
    r.after(retryable);
    expect(r.shouldRetry()).toBe(false);
    // The reset lets a new run start with the next error.
    r.after(retryable);
    expect(r.shouldRetry()).toBe(true);
  });

  it('ignores errors it does not retry and clean ends', () => {
    const r = new RetryWithDeadline(30_000, 60_000, (e) => e === retryable, () => 0);
    r.after(other);
    r.after(undefined);
    expect(r.shouldRetry()).toBe(false);
  });

  it('starts a new run after resetPeriodMs without such errors', () => {
    let t = 0;
    const r = new RetryWithDeadline(30_000, 60_000, (e) => e === retryable, () => t);
    r.after(retryable);
    t = 25_000;
    r.after(retryable);
    t = 85_000;
    r.after(retryable);
    t = 110_000;
    expect(r.shouldRetry()).toBe(true);
  });
});
