import { InvalidLeaderElectionOptionsError } from './errors.js';
import type { LeaderElector, LeaderElectorOptions } from './types.js';
import { realClock } from './internal/clock.js';
import { describeError } from './internal/describe-error.js';
import { Elector, type ElectorSettings, JITTER_FACTOR } from './internal/elector.js';
import { KubeLeaseLock } from './internal/lease-lock.js';

/** client-go's defaults, used by kube-controller-manager and kube-scheduler. */
const DEFAULT_LEASE_DURATION_MS = 15_000;
const DEFAULT_RENEW_DEADLINE_MS = 10_000;
const DEFAULT_RETRY_PERIOD_MS = 2_000;

/**
 * What `createLeaderElector` resolves its options into.
 * @internal
 */
export interface ResolvedOptions {
  settings: ElectorSettings;
  lease: { namespace: string; name: string };
  requestTimeoutMs: number;
}

/**
 * Creates one candidate of a leader election over a `coordination.k8s.io/v1` Lease: client-go's
 * `leaderelection.NewLeaderElector` with a `LeaseLock`.
 *
 * Candidates that share a Lease elect one leader among them. A candidate acquires the Lease when
 * it is free, when it is already its own, or when it has expired: when the record in it has not
 * changed for `leaseDurationSeconds` by the candidate's own clock (remote timestamps are never
 * trusted). The leader renews every `retryPeriodMs` and steps down when no renewal has succeeded
 * for `renewDeadlineMs`. Every write is a conditional update on the Lease's resourceVersion, so
 * two candidates can never both win the same round.
 *
 * @returns A {@link LeaderElector}; nothing happens until `run(signal)` is called.
 * @throws {InvalidLeaderElectionOptionsError} When an option is missing or out of range (for
 *   example `leaseDurationMs` ≤ `renewDeadlineMs`, or `renewDeadlineMs` ≤ 1.2 × `retryPeriodMs`);
 *   the message names the option and what to change.
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { createLeaderElector } from '@kcache/leaderelection';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const elector = createLeaderElector({
 *   kubeConfig: kc,
 *   lease: { namespace: 'default', name: 'my-controller' },
 *   identity: process.env.POD_NAME ?? `my-controller-${String(process.pid)}`,
 *   releaseOnCancel: true,
 *   onStartedLeading: async (signal) => {
 *     await runController(signal); // returns once signal aborts
 *   },
 *   onNewLeader: (identity) => console.log(`leader is now ${identity}`),
 * });
 * const stop = new AbortController();
 * process.once('SIGTERM', () => stop.abort());
 * while (!stop.signal.aborted) await elector.run(stop.signal); // stand again after losing
 * ```
 */
export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const resolved = resolveOptions(options);
  const lock = new KubeLeaseLock(options.kubeConfig, resolved.lease, resolved.requestTimeoutMs);
  return new Elector(resolved.settings, lock, realClock);
}

/**
 * Validates the options as client-go's `NewLeaderElector` does and applies the defaults.
 * @internal
 */
export function resolveOptions(options: LeaderElectorOptions): ResolvedOptions {
  // Callers from plain JavaScript can pass anything.
  const raw: unknown = options;
  if (typeof raw !== 'object' || raw === null) {
    throw new InvalidLeaderElectionOptionsError('createLeaderElector needs an options object: { kubeConfig, lease, identity, onStartedLeading }');
  }
  const given = raw as Partial<LeaderElectorOptions>;
  if (typeof (given.kubeConfig as { applyToHTTPSOptions?: unknown } | undefined)?.applyToHTTPSOptions !== 'function') {
    throw new InvalidLeaderElectionOptionsError(
      'kubeConfig must be a KubeConfig from @kubernetes/client-node (new KubeConfig(), then loadFromDefault())',
    );
  }
  const rawLease: unknown = given.lease;
  const lease = rawLease as Partial<LeaderElectorOptions['lease']>;
  if (typeof rawLease !== 'object' || rawLease === null || !nonEmpty(lease.namespace) || !nonEmpty(lease.name)) {
    throw new InvalidLeaderElectionOptionsError(
      'lease must name the Lease to hold: { namespace: "default", name: "my-controller" }, both non-empty strings',
    );
  }
  if (!nonEmpty(given.identity)) {
    throw new InvalidLeaderElectionOptionsError(
      'identity must be a non-empty string, unique among the candidates (for example the pod name)',
    );
  }
  if (typeof given.onStartedLeading !== 'function') {
    throw new InvalidLeaderElectionOptionsError('onStartedLeading must be a function: it runs the leader\'s work until its signal aborts');
  }
  for (const name of ['onStoppedLeading', 'onNewLeader', 'onError'] as const) {
    if (given[name] !== undefined && typeof given[name] !== 'function') {
      throw new InvalidLeaderElectionOptionsError(`${name} must be a function when given`);
    }
  }

  const leaseDurationMs = duration('leaseDurationMs', given.leaseDurationMs, DEFAULT_LEASE_DURATION_MS);
  const renewDeadlineMs = duration('renewDeadlineMs', given.renewDeadlineMs, DEFAULT_RENEW_DEADLINE_MS);
  const retryPeriodMs = duration('retryPeriodMs', given.retryPeriodMs, DEFAULT_RETRY_PERIOD_MS);
  if (leaseDurationMs <= renewDeadlineMs) {
    throw new InvalidLeaderElectionOptionsError(
      `leaseDurationMs (${String(leaseDurationMs)}) must be greater than renewDeadlineMs (${String(renewDeadlineMs)}): ` +
        'a leader must give up before the others may take over; raise leaseDurationMs or lower renewDeadlineMs',
    );
  }
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) {
    throw new InvalidLeaderElectionOptionsError(
      `renewDeadlineMs (${String(renewDeadlineMs)}) must be greater than retryPeriodMs × ${String(JITTER_FACTOR)} ` +
        `(${String(JITTER_FACTOR * retryPeriodMs)}), so a leader can retry a failed renewal before its deadline; ` +
        'raise renewDeadlineMs or lower retryPeriodMs',
    );
  }
  const requestTimeoutMs = duration('requestTimeoutMs', given.requestTimeoutMs, Math.max(1000, renewDeadlineMs / 2));
  const identity = given.identity;
  const onError = given.onError ?? defaultOnError(identity, `${lease.namespace}/${lease.name}`);
  return {
    settings: {
      identity,
      leaseDurationMs,
      renewDeadlineMs,
      retryPeriodMs,
      releaseOnCancel: given.releaseOnCancel === true,
      onStartedLeading: given.onStartedLeading,
      onStoppedLeading: given.onStoppedLeading,
      onNewLeader: given.onNewLeader,
      onError,
    },
    lease: { namespace: lease.namespace, name: lease.name },
    requestTimeoutMs,
  };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function duration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidLeaderElectionOptionsError(`${name} must be a number of milliseconds greater than zero, got ${typeof value === 'number' ? String(value) : describeError(value)}`);
  }
  return value;
}

function defaultOnError(identity: string, lease: string): (err: unknown) => void {
  return (err) => {
    console.warn(`leader election (${identity}, Lease ${lease}): ${describeError(err)}`);
  };
}
