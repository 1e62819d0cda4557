/**
 * Decides whether a 500 `ERROR` event may be answered by re-watching instead of relisting:
 * client-go's `RetryWithDeadline`. Errors keep being retried while the first of a run of them is at
 * most `maxRetryMs` old; a run ends when no such error was seen for `resetPeriodMs`.
 */
export class RetryWithDeadline {
  private firstErrorAt: number | undefined;
  private lastErrorAt: number | undefined;

  constructor(
    private readonly maxRetryMs: number,
    private readonly resetPeriodMs: number,
    private readonly isRetryable: (err: unknown) => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the outcome of a watch (`undefined` when it ended without error). */
  after(err: unknown): void {
    if (err === undefined || !this.isRetryable(err)) return;
    const now = this.now();
    if (this.lastErrorAt === undefined || now - this.lastErrorAt >= this.resetPeriodMs) this.reset();
    this.firstErrorAt ??= now;
    this.lastErrorAt = now;
  }

  /** Whether the error just recorded may be retried without a relist. */
  shouldRetry(): boolean {
    if (this.maxRetryMs <= 0) return false;
    if (this.firstErrorAt !== undefined && this.now() - this.firstErrorAt <= this.maxRetryMs) return true;
    this.reset();
    return false;
  }

  private reset(): void {
    this.firstErrorAt = undefined;
    this.lastErrorAt = undefined;
  }
}
