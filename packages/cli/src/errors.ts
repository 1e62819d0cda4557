/** What went wrong, as a stable string a script can check (the message is for people). */
export type CliErrorCode =
  /** A command-line argument or option is malformed or out of range. */
  | 'InvalidArgument'
  /** No kubeconfig file where one was asked for or expected. */
  | 'KubeconfigNotFound'
  /** The kubeconfig exists but cannot be read or used. */
  | 'KubeconfigInvalid'
  /** `--context` names a context the kubeconfig does not have. */
  | 'UnknownContext'
  /** The API server could not be reached (refused, unknown host, TLS failure, timeout). */
  | 'ServerUnreachable'
  /** The API server rejected the credentials (401). */
  | 'Unauthorized'
  /** The credentials are valid but not allowed to do this (403). */
  | 'Forbidden'
  /** Discovery found no resource with that name, kind or short name. */
  | 'UnknownResource'
  /** The name matches more than one resource; qualify it with its group. */
  | 'AmbiguousResource'
  /** The resource exists but cannot be listed and watched. */
  | 'ResourceNotWatchable'
  /** The API server answered something else than expected. */
  | 'ApiFailed'
  /** The mirror did not finish its first sync within the time allowed. */
  | 'SyncTimeout'
  /** `kcache demo` ended with a store that differs from the server's state. */
  | 'NotVerified'
  /** `kcache bench` cannot find the benchmarks (it runs from a kcache checkout) or one failed. */
  | 'BenchFailed';

/** Options every CLI error accepts. */
export interface CliErrorOptions {
  /** The error that caused this one. */
  cause?: unknown;
  /** The process exit code to end with; default 1. */
  exitCode?: number;
}

/**
 * Base class of every error `kcache` reports. The CLI prints its message (never a stack trace) and
 * exits with `exitCode`; programs calling {@link runCli} get the exit code back instead.
 *
 * @example
 * ```ts
 * try { await resolveResource(kc, 'deploy'); } catch (err) {
 *   if (err instanceof CliError && err.code === 'UnknownResource') { ... }
 * }
 * ```
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** What went wrong, for scripts; see {@link CliErrorCode}. */
  readonly code: CliErrorCode;
  /** The exit code the CLI ends with. */
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options: CliErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}
