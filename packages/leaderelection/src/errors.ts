/**
 * What went wrong, as a stable string a program can switch on.
 *
 * - `InvalidOptions`: `createLeaderElector` was given options it cannot work with; the message
 *   names the option and says what to change.
 * - `AlreadyRunning`: `run` was called while an earlier `run` of the same elector had not resolved.
 * - `LeaseRequestFailed`: a request for the Lease failed: the API server answered an error (see
 *   `statusCode` and `reason`), the connection failed, or the request timed out.
 * - `InvalidLease`: the API server answered with something that is not a Lease.
 * - `KubeConfigFailed`: the KubeConfig has no usable cluster, or its credentials could not be
 *   obtained (an exec plugin failed, a token file is missing, …).
 * - `CallbackFailed`: `onStartedLeading`, `onStoppedLeading` or `onNewLeader` threw or rejected.
 * - `ListenerFailed`: a listener registered with `on()` threw.
 */
export type LeaderElectionErrorCode =
  | 'InvalidOptions'
  | 'AlreadyRunning'
  | 'LeaseRequestFailed'
  | 'InvalidLease'
  | 'KubeConfigFailed'
  | 'CallbackFailed'
  | 'ListenerFailed';

/**
 * The base class of every error this package creates. `code` says what went wrong; `cause` holds
 * the error it came from, when there is one.
 */
export class LeaderElectionError extends Error {
  override readonly name: string = 'LeaderElectionError';
  /** What went wrong; see {@link LeaderElectionErrorCode}. */
  readonly code: LeaderElectionErrorCode;

  constructor(code: LeaderElectionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Thrown by `createLeaderElector` when an option is missing or out of range; the message names it. */
export class InvalidLeaderElectionOptionsError extends LeaderElectionError {
  override readonly name: string = 'InvalidLeaderElectionOptionsError';

  constructor(message: string) {
    super('InvalidOptions', message);
  }
}

/** Which request for the Lease failed. */
export type LeaseVerb = 'get' | 'create' | 'update';

/**
 * A request for the Lease failed. `statusCode` and `reason` are the API server's answer (`409`
 * `Conflict` when another candidate wrote the Lease first, `404` `NotFound`, `403` `Forbidden`
 * when RBAC does not allow the verb, …); both are undefined when no answer came (connection
 * refused or reset, timeout).
 */
export class LeaseRequestError extends LeaderElectionError {
  override readonly name: string = 'LeaseRequestError';
  /** The request that failed. */
  readonly verb: LeaseVerb;
  /** `namespace/name` of the Lease. */
  readonly lease: string;
  /** The HTTP status code of the answer; undefined when there was none. */
  readonly statusCode: number | undefined;
  /** The `reason` of the API server's `Status` (`Conflict`, `AlreadyExists`, `NotFound`, `Forbidden`, …). */
  readonly reason: string | undefined;

  constructor(
    verb: LeaseVerb,
    lease: string,
    message: string,
    options: { statusCode?: number | undefined; reason?: string | undefined; cause?: unknown } = {},
  ) {
    super('LeaseRequestFailed', message, { cause: options.cause });
    this.verb = verb;
    this.lease = lease;
    this.statusCode = options.statusCode;
    this.reason = options.reason;
  }
}

/** Whether `err` is a {@link LeaderElectionError}, optionally with the given code. */
export function isLeaderElectionError(err: unknown, code?: LeaderElectionErrorCode): err is LeaderElectionError {
  return err instanceof LeaderElectionError && (code === undefined || err.code === code);
}
