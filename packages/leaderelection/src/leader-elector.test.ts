// Option validation (client-go's NewLeaderElector checks and TestLeaderElectionConfigValidation).
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { InvalidLeaderElectionOptionsError, isLeaderElectionError } from './errors.js';
import { createLeaderElector, resolveOptions } from './leader-elector.js';
import type { LeaderElectorOptions } from './types.js';

function valid(overrides: Partial<LeaderElectorOptions> = {}): LeaderElectorOptions {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return {
    kubeConfig,
    lease: { namespace: 'default', name: 'lock' },
    identity: 'baz',
    onStartedLeading: () => undefined,
    ...overrides,
  };
}

function messageOf(options: unknown): string {
  try {
    createLeaderElector(options as LeaderElectorOptions);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidLeaderElectionOptionsError);
    expect(isLeaderElectionError(err, 'InvalidOptions')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('createLeaderElector accepted the options');
}

describe('createLeaderElector', () => {
  it("applies client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry, request timeout max(1 s, deadline / 2)", () => {
    const { settings, requestTimeoutMs, lease } = resolveOptions(valid());
    expect(settings).toMatchObject({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, releaseOnCancel: false });
    expect(requestTimeoutMs).toBe(5_000);
    expect(lease).toEqual({ namespace: 'default', name: 'lock' });
    expect(resolveOptions(valid({ leaseDurationMs: 1_000, renewDeadlineMs: 600, retryPeriodMs: 200 })).requestTimeoutMs).toBe(1_000);
  });

  it('does nothing before run: no request, not leading, no leader known', () => {
    const elector = createLeaderElector(valid());
    expect(elector.isLeader()).toBe(false);
    expect(elector.leader).toBeUndefined();
    expect(elector.identity).toBe('baz');
  });

  it('accepts the tightest valid timings', () => {
    expect(() => createLeaderElector(valid({ leaseDurationMs: 1_000, renewDeadlineMs: 999, retryPeriodMs: 832 }))).not.toThrow();
  });

  it.each([
    ['an empty identity (client-go: "Lock identity is empty")', { identity: '' }, /identity must be a non-empty string/],
    ['a missing identity', { identity: undefined }, /identity must be a non-empty string/],
    ['leaseDuration equal to renewDeadline', { leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }, /leaseDurationMs \(10000\) must be greater than renewDeadlineMs \(10000\).*raise leaseDurationMs or lower renewDeadlineMs/],
    ['renewDeadline not above retryPeriod × 1.2', { renewDeadlineMs: 1_200, retryPeriodMs: 1_000 }, /renewDeadlineMs \(1200\) must be greater than retryPeriodMs × 1.2 \(1200\).*raise renewDeadlineMs or lower retryPeriodMs/],
    ['a zero leaseDuration', { leaseDurationMs: 0 }, /leaseDurationMs must be a number of milliseconds greater than zero, got 0/],
    ['a negative renewDeadline', { renewDeadlineMs: -1 }, /renewDeadlineMs must be a number of milliseconds greater than zero, got -1/],
    ['a zero retryPeriod', { retryPeriodMs: 0 }, /retryPeriodMs must be a number of milliseconds greater than zero/],
    ['a NaN retryPeriod', { retryPeriodMs: Number.NaN }, /retryPeriodMs must be a number of milliseconds greater than zero, got NaN/],
    ['a string duration', { leaseDurationMs: '15s' as unknown as number }, /leaseDurationMs must be a number of milliseconds greater than zero, got 15s/],
    ['a zero requestTimeout', { requestTimeoutMs: 0 }, /requestTimeoutMs must be a number of milliseconds greater than zero/],
    ['no onStartedLeading (client-go: "OnStartedLeading callback must not be nil")', { onStartedLeading: undefined }, /onStartedLeading must be a function/],
    ['a non-function onNewLeader', { onNewLeader: 'log' as unknown as () => void }, /onNewLeader must be a function when given/],
    ['a lease without a name', { lease: { namespace: 'default', name: '' } }, /lease must name the Lease to hold/],
    ['a lease without a namespace', { lease: { name: 'lock' } as unknown as { namespace: string; name: string } }, /lease must name the Lease to hold/],
    ['no KubeConfig', { kubeConfig: {} as unknown as KubeConfig }, /kubeConfig must be a KubeConfig from @kubernetes\/client-node/],
  ] as const)('refuses %s', (_name, overrides, message) => {
    expect(messageOf(valid(overrides as Partial<LeaderElectorOptions>))).toMatch(message);
  });

  it('refuses a missing options object', () => {
    expect(messageOf(undefined)).toMatch(/needs an options object/);
  });
});
