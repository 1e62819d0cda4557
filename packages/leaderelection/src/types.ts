import type { KubeConfig } from '@kubernetes/client-node';

/** Which Lease the candidates compete for (`coordination.k8s.io/v1`). */
export interface LeaseRef {
  namespace: string;
  name: string;
}

/** Options of {@link createLeaderElector}. */
export interface LeaderElectorOptions {
  /** A loaded `KubeConfig` from `@kubernetes/client-node`; its current cluster and credentials are used. */
  kubeConfig: KubeConfig;
  /** The Lease to hold. It is created when absent. */
  lease: LeaseRef;
  /** This candidate's identity, unique among the candidates (a pod name, hostname + random suffix, …). */
  identity: string;
  /**
   * How long other candidates wait, after they last saw the Lease change, before they take it
   * over. Written to the Lease as `leaseDurationSeconds` (rounded up to whole seconds). Default 15000.
   */
  leaseDurationMs?: number | undefined;
  /** The leader steps down when no renewal has succeeded for this long. Default 10000. */
  renewDeadlineMs?: number | undefined;
  /** Time between acquire attempts (with up to 1.2× jitter on top) and between renewals. Default 2000. */
  retryPeriodMs?: number | undefined;
  /**
   * Clear the Lease's holder when `run`'s signal aborts while leading, so another candidate takes
   * over at once instead of after `leaseDurationMs`. The release happens after `onStartedLeading`'s
   * promise has settled. Default false.
   */
  releaseOnCancel?: boolean | undefined;
  /**
   * Time allowed for one request to the API server. Default `max(1000, renewDeadlineMs / 2)`, like
   * client-go; a renewal is also cut short when the renew deadline passes.
   */
  requestTimeoutMs?: number | undefined;
  /**
   * Called when this candidate becomes the leader. `signal` aborts when leadership ends (lost, or
   * `run`'s signal aborted); stop the leader's work then. `run` waits for the returned promise to
   * settle before it releases the Lease, calls `onStoppedLeading` and resolves.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called when leadership has ended and `onStartedLeading`'s work has settled. Not called when this candidate never led. */
  onStoppedLeading?: (() => void) | undefined;
  /**
   * Called with the holder's identity whenever the observed holder changes, this candidate
   * included, the first one observed included. Not called when the Lease becomes free.
   */
  onNewLeader?: ((identity: string) => void) | undefined;
  /**
   * Called with every unexpected error (failed requests other than a lost race, throwing
   * callbacks). It must return quickly and not throw. Default: one `console.warn` line each.
   */
  onError?: ((err: unknown) => void) | undefined;
}

/** How one acquire or renew attempt ended. */
export type AttemptOutcome =
  /** The Lease is now ours (acquired, or renewed). */
  | 'success'
  /** Another candidate holds the Lease and it has not expired. */
  | 'held'
  /** Another candidate wrote the Lease first (409 Conflict or AlreadyExists). */
  | 'conflict'
  /** A request failed; see `error`. */
  | 'error'
  /** The attempt was cut short: `run`'s signal aborted, or the renew deadline passed. */
  | 'aborted';

/** Why leadership ended. */
export type StoppedLeadingReason =
  /** `run`'s signal aborted. */
  | 'aborted'
  /** No renewal succeeded within `renewDeadlineMs`. */
  | 'renew-deadline'
  /** The Lease shows another holder. */
  | 'lease-lost';

/** Fields every event carries. */
interface EventBase {
  /** This candidate's identity. */
  identity: string;
  /** `namespace/name` of the Lease. */
  lease: string;
}

/** One attempt to acquire the Lease finished. */
export interface AcquireEvent extends EventBase {
  type: 'acquire';
  outcome: AttemptOutcome;
  /** The holder observed after the attempt; undefined when the Lease is free or unknown. */
  holder: string | undefined;
  durationMs: number;
  /** The error, when `outcome` is `error` or `conflict`. */
  error?: unknown;
}

/** One attempt to renew the Lease, while leading, finished. */
export interface RenewEvent extends EventBase {
  type: 'renew';
  outcome: AttemptOutcome;
  /** The holder observed after the attempt; undefined when the Lease is free or unknown. */
  holder: string | undefined;
  durationMs: number;
  /** Time since the last successful renewal (or the acquisition) when this attempt ended. */
  sinceLastRenewMs: number;
  /** The error, when `outcome` is `error` or `conflict`. */
  error?: unknown;
}

/** This candidate became the leader. */
export interface StartedLeadingEvent extends EventBase {
  type: 'started-leading';
  /** The Lease's `leaseTransitions` after the acquisition. */
  leaseTransitions: number;
}

/** This candidate stopped leading (emitted at once, before the leader's work has settled). */
export interface StoppedLeadingEvent extends EventBase {
  type: 'stopped-leading';
  reason: StoppedLeadingReason;
  /** How long this candidate led. */
  ledMs: number;
}

/** The observed holder of the Lease changed. */
export interface LeaderChangeEvent extends EventBase {
  type: 'leader-change';
  /** The new holder; undefined when the Lease is free. */
  leader: string | undefined;
  /** The previous holder; undefined when the Lease was free or not observed yet. */
  previous: string | undefined;
  leaseTransitions: number;
}

/** The attempt to release the Lease (`releaseOnCancel`) finished. */
export interface ReleaseEvent extends EventBase {
  type: 'release';
  /** `released`: the holder is cleared; `not-held`: the Lease was not ours any more; `failed`: see `error`. */
  outcome: 'released' | 'not-held' | 'failed';
  error?: unknown;
}

/** An unexpected error (the same value `onError` receives). */
export interface ErrorEvent extends EventBase {
  type: 'error';
  error: unknown;
}

/** Everything a leader elector reports through `on()`. */
export type LeaderElectionEvent =
  | AcquireEvent
  | RenewEvent
  | StartedLeadingEvent
  | StoppedLeadingEvent
  | LeaderChangeEvent
  | ReleaseEvent
  | ErrorEvent;

/** The `type` of a {@link LeaderElectionEvent}. */
export type LeaderElectionEventType = LeaderElectionEvent['type'];

/** The event of a given type. */
export type LeaderElectionEventOf<K extends LeaderElectionEventType> = Extract<LeaderElectionEvent, { type: K }>;

/** One candidate in a leader election: client-go's `LeaderElector`. */
export interface LeaderElector {
  /**
   * Tries to acquire the Lease until it succeeds, then leads (calls `onStartedLeading` and renews
   * the Lease) until leadership is lost or `signal` aborts. Resolves when `signal` aborts, or once
   * leadership has ended and `onStartedLeading`'s work has settled; call it again to stand for
   * election again. Never rejects because of API errors (they are retried and reported through
   * `onError` and the `error` event).
   * @throws {LeaderElectionError} code `AlreadyRunning` when an earlier `run` has not resolved.
   */
  run(signal: AbortSignal): Promise<void>;
  /** True while this candidate leads: from its acquisition until leadership ends. */
  isLeader(): boolean;
  /** The holder of the Lease as last observed; undefined before the first observation and while the Lease is free. */
  readonly leader: string | undefined;
  /** This candidate's identity. */
  readonly identity: string;
  /**
   * Calls `listener` for every event of `type` (or of every type for `'*'`). Returns a function
   * that removes the listener. A listener that throws is reported through `onError`.
   */
  on<K extends LeaderElectionEventType>(type: K, listener: (event: LeaderElectionEventOf<K>) => void): () => void;
  on(type: '*', listener: (event: LeaderElectionEvent) => void): () => void;
}
