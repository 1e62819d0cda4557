import { LeaderElectionError } from '../errors.js';
import type {
  AttemptOutcome,
  LeaderElectionEvent,
  LeaderElectionEventOf,
  LeaderElectionEventType,
  LeaderElector,
  StoppedLeadingReason,
} from '../types.js';
import { type Clock, jittered, sleep } from './clock.js';
import { describeError } from './describe-error.js';
import { Emitter } from '@kcache/emitter';
import { isLostRace, isNotFound, type ResourceLock } from './lease-lock.js';
import { EMPTY_RECORD, formatMicroTime, type LeaderElectionRecord, sameRecord } from './lease-record.js';

/** client-go's `JitterFactor`: acquire attempts wait `retryPeriod` plus up to 1.2 × `retryPeriod` more. */
export const JITTER_FACTOR = 1.2;

/** Everything the elector needs, with defaults applied and validated. */
export interface ElectorSettings {
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  releaseOnCancel: boolean;
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  onStoppedLeading: (() => void) | undefined;
  onNewLeader: ((identity: string) => void) | undefined;
  onError: (err: unknown) => void;
}

/** How one attempt ended, and the error when it failed. */
export interface AttemptResult {
  outcome: AttemptOutcome;
  error?: unknown;
}

/**
 * One candidate: client-go's `LeaderElector`. The state it keeps is client-go's: the record it
 * last observed, the local time at which it observed it change (expiry is measured from there
 * with the local monotonic clock, never from the remote `renewTime`), and the last leader it
 * reported.
 */
export class Elector implements LeaderElector {
  /** The record last read or written. */
  observedRecord: LeaderElectionRecord = EMPTY_RECORD;
  /** When `observedRecord` last changed, on the local monotonic clock. */
  observedTime: number = Number.NEGATIVE_INFINITY;
  /** The record last read from the API server (client-go's `observedRawRecord`). */
  observedRawRecord: LeaderElectionRecord = EMPTY_RECORD;
  private reportedLeader = '';
  private leading = false;
  private running = false;
  private readonly emitter: Emitter<LeaderElectionEvent>;

  constructor(
    private readonly settings: ElectorSettings,
    private readonly lock: ResourceLock,
    private readonly clock: Clock,
  ) {
    this.emitter = new Emitter<LeaderElectionEvent>((err, event) => {
      const error = new LeaderElectionError('ListenerFailed', `a listener of "${event.type}" threw: ${describeError(err)}`, { cause: err });
      // Never re-enter listeners for a failure of a listener of the error event itself.
      if (event.type === 'error') this.callOnError(error);
      else this.report(error);
    });
  }

  get identity(): string {
    return this.settings.identity;
  }

  get leader(): string | undefined {
    const holder = this.observedRecord.holderIdentity;
    return holder === '' ? undefined : holder;
  }

  isLeader(): boolean {
    return this.leading;
  }

  on<K extends LeaderElectionEventType>(type: K, listener: (event: LeaderElectionEventOf<K>) => void): () => void;
  on(type: '*', listener: (event: LeaderElectionEvent) => void): () => void;
  on(type: LeaderElectionEventType | '*', listener: (event: never) => void): () => void {
    return this.emitter.on(type, listener as (event: LeaderElectionEvent) => void);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.running) {
      throw new LeaderElectionError(
        'AlreadyRunning',
        `${this.describe()}: run() was called while an earlier run() has not resolved; await it before calling run() again`,
      );
    }
    this.running = true;
    try {
      const acquiredAt = await this.acquire(signal);
      if (acquiredAt === undefined) return;
      if (signal.aborted) {
        // Acquired just as the signal aborted: lead no work, but hand the Lease back if asked to.
        if (this.settings.releaseOnCancel) await this.release();
        return;
      }
      await this.lead(signal, acquiredAt);
    } finally {
      this.running = false;
      this.lock.close();
    }
  }

  /**
   * Tries to acquire the Lease every `retryPeriodMs` (plus jitter) until it succeeds. Resolves with
   * the local time the successful attempt started, or undefined when `signal` aborts first.
   */
  private async acquire(signal: AbortSignal): Promise<number | undefined> {
    while (!signal.aborted) {
      const startedAt = this.clock.now();
      const result = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      this.emitAttempt('acquire', result, startedAt);
      if (result.outcome === 'success') return startedAt;
      await sleep(this.clock, jittered(this.clock, this.settings.retryPeriodMs, JITTER_FACTOR), signal);
    }
    return undefined;
  }

  /**
   * Leads: runs `onStartedLeading`, renews every `retryPeriodMs`, and ends leadership when `signal`
   * aborts, when no renewal has succeeded for `renewDeadlineMs`, or when the Lease shows another
   * holder. Then waits for the leader's work, releases the Lease if asked, and calls
   * `onStoppedLeading`.
   */
  private async lead(signal: AbortSignal, acquiredAt: number): Promise<void> {
    const { renewDeadlineMs, retryPeriodMs } = this.settings;
    const ledFrom = this.clock.now();
    const work = new AbortController();
    // Aborted when leadership ends for any reason: it cuts a renewal in flight short.
    const term = new AbortController();
    // An object, not a variable: it is written from the callbacks below.
    const stopped: { reason: StoppedLeadingReason } = { reason: 'aborted' };
    let cancelDeadline = (): void => undefined;

    const end = (why: StoppedLeadingReason): void => {
      if (!this.leading) return;
      this.leading = false;
      stopped.reason = why;
      cancelDeadline();
      term.abort();
      work.abort(why === 'aborted' ? signal.reason : new DOMException(`leadership of ${this.lock.description} ended: ${why}`, 'AbortError'));
      this.emit({ type: 'stopped-leading', ...this.base(), reason: why, ledMs: this.clock.now() - ledFrom });
    };
    const armDeadline = (lastRenewAt: number): void => {
      cancelDeadline();
      const remaining = lastRenewAt + renewDeadlineMs - this.clock.now();
      cancelDeadline = this.clock.setTimer(() => {
        end('renew-deadline');
      }, Math.max(0, remaining));
    };
    const onAbort = (): void => {
      end('aborted');
    };

    this.leading = true;
    armDeadline(acquiredAt);
    signal.addEventListener('abort', onAbort, { once: true });
    this.emit({ type: 'started-leading', ...this.base(), leaseTransitions: this.observedRecord.leaseTransitions });
    const workDone = this.startWork(work.signal);
    if (signal.aborted) end('aborted');

    let lastRenewAt = acquiredAt;
    while (this.isLeader()) {
      await sleep(this.clock, retryPeriodMs, term.signal);
      if (!this.isLeader()) break;
      const startedAt = this.clock.now();
      const result = await this.tryAcquireOrRenew(term.signal);
      this.maybeReportTransition();
      if (result.outcome === 'success') lastRenewAt = startedAt;
      this.emitAttempt('renew', result, startedAt, lastRenewAt);
      if (!this.isLeader()) break;
      if (result.outcome === 'success') armDeadline(lastRenewAt);
      else if (result.outcome === 'held') end('lease-lost');
      // Any other failure: try again after retryPeriodMs until the deadline ends leadership.
    }
    signal.removeEventListener('abort', onAbort);

    await workDone;
    if (stopped.reason === 'aborted' && this.settings.releaseOnCancel) await this.release();
    this.callback('onStoppedLeading', () => this.settings.onStoppedLeading?.());
  }

  /** Calls `onStartedLeading`; the promise settles when its work has, and never rejects. */
  private startWork(signal: AbortSignal): Promise<void> {
    try {
      const started = this.settings.onStartedLeading(signal);
      return Promise.resolve(started).catch((err: unknown) => {
        this.reportCallbackFailure('onStartedLeading', err);
      });
    } catch (err) {
      this.reportCallbackFailure('onStartedLeading', err);
      return Promise.resolve();
    }
  }

  /**
   * One attempt, client-go's `tryAcquireOrRenew`: the leader first updates optimistically on top
   * of what it last wrote; otherwise read the Lease (create it when absent), leave it alone when
   * another candidate holds it and it has not expired by the local clock, else write this
   * candidate in as the holder, counting a transition when the holder changes.
   */
  async tryAcquireOrRenew(signal: AbortSignal): Promise<AttemptResult> {
    const { identity } = this.settings;
    const now = this.clock.now();
    const stamp = formatMicroTime(this.clock.date());
    const desired: LeaderElectionRecord = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.settings.leaseDurationMs / 1000),
      acquireTime: stamp,
      renewTime: stamp,
      leaseTransitions: 0,
    };

    // 1. The fast path: the leader assumes what it last observed is still current.
    if (this.observedRecord.holderIdentity === identity && this.isLeaseValid(now)) {
      const fast = { ...desired, acquireTime: this.observedRecord.acquireTime, leaseTransitions: this.observedRecord.leaseTransitions };
      try {
        await this.lock.update(fast, signal);
        this.setObservedRecord(fast);
        return { outcome: 'success' };
      } catch {
        if (aborted(signal)) return { outcome: 'aborted' };
        // Someone else wrote meanwhile, or the request failed: read the Lease and decide again.
      }
    }

    // 2. Read the Lease, or create it.
    let current: LeaderElectionRecord;
    try {
      current = await this.lock.get(signal);
    } catch (err) {
      if (aborted(signal)) return { outcome: 'aborted' };
      if (!isNotFound(err)) return { outcome: 'error', error: err };
      try {
        await this.lock.create(desired, signal);
      } catch (createErr) {
        if (aborted(signal)) return { outcome: 'aborted' };
        // AlreadyExists: another candidate created it first; the next attempt reads theirs.
        return { outcome: isLostRace(createErr) ? 'conflict' : 'error', error: createErr };
      }
      this.setObservedRecord(desired);
      return { outcome: 'success' };
    }

    // 3. The expiry clock restarts whenever the record differs from the one read before.
    if (!sameRecord(this.observedRawRecord, current)) {
      this.setObservedRecord(current);
      this.observedRawRecord = current;
    }
    if (current.holderIdentity !== '' && current.holderIdentity !== identity && this.isLeaseValid(now)) {
      return { outcome: 'held' };
    }

    // 4. Write this candidate in as the holder.
    if (current.holderIdentity === identity) {
      desired.acquireTime = current.acquireTime;
      desired.leaseTransitions = current.leaseTransitions;
    } else {
      desired.leaseTransitions = current.leaseTransitions + 1;
    }
    try {
      await this.lock.update(desired, signal);
    } catch (err) {
      if (aborted(signal)) return { outcome: 'aborted' };
      return { outcome: isLostRace(err) ? 'conflict' : 'error', error: err };
    }
    this.setObservedRecord(desired);
    return { outcome: 'success' };
  }

  /**
   * Hands the Lease back (client-go's `release`): when it still names this candidate, writes an
   * empty holder with a one-second duration, so the others take over at their next attempt.
   * Retries on conflict (a renewal cut short may still have landed) for up to `renewDeadlineMs`.
   */
  async release(): Promise<void> {
    const timeout = new AbortController();
    const cancelTimer = this.clock.setTimer(() => {
      timeout.abort(new DOMException(`releasing took longer than ${String(this.settings.renewDeadlineMs)} ms`, 'TimeoutError'));
    }, this.settings.renewDeadlineMs);
    try {
      for (;;) {
        let current: LeaderElectionRecord;
        try {
          current = await this.lock.get(timeout.signal);
        } catch (err) {
          if (isNotFound(err)) this.emit({ type: 'release', ...this.base(), outcome: 'not-held' });
          else this.releaseFailed(timeout.signal.aborted ? timeout.signal.reason : err);
          return;
        }
        if (current.holderIdentity !== this.settings.identity) {
          this.emit({ type: 'release', ...this.base(), outcome: 'not-held' });
          return;
        }
        const stamp = formatMicroTime(this.clock.date());
        const released: LeaderElectionRecord = {
          holderIdentity: '',
          leaseDurationSeconds: 1,
          acquireTime: stamp,
          renewTime: stamp,
          leaseTransitions: current.leaseTransitions,
        };
        try {
          await this.lock.update(released, timeout.signal);
        } catch (err) {
          if (isLostRace(err) && !timeout.signal.aborted) continue;
          this.releaseFailed(timeout.signal.aborted ? timeout.signal.reason : err);
          return;
        }
        this.setObservedRecord(released);
        this.maybeReportTransition();
        this.emit({ type: 'release', ...this.base(), outcome: 'released' });
        return;
      }
    } finally {
      cancelTimer();
    }
  }

  private releaseFailed(err: unknown): void {
    this.emit({ type: 'release', ...this.base(), outcome: 'failed', error: err });
    this.report(err);
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + this.observedRecord.leaseDurationSeconds * 1000 > now;
  }

  private setObservedRecord(record: LeaderElectionRecord): void {
    this.observedRecord = record;
    this.observedTime = this.clock.now();
  }

  /** Reports a change of the observed holder (client-go's `maybeReportTransition`). */
  maybeReportTransition(): void {
    const holder = this.observedRecord.holderIdentity;
    if (holder === this.reportedLeader) return;
    const previous = this.reportedLeader;
    this.reportedLeader = holder;
    this.emit({
      type: 'leader-change',
      ...this.base(),
      leader: holder === '' ? undefined : holder,
      previous: previous === '' ? undefined : previous,
      leaseTransitions: this.observedRecord.leaseTransitions,
    });
    if (holder !== '') this.callback('onNewLeader', () => this.settings.onNewLeader?.(holder));
  }

  private emitAttempt(type: 'acquire' | 'renew', result: AttemptResult, startedAt: number, lastRenewAt?: number): void {
    const now = this.clock.now();
    const holder = this.leader;
    const error = result.error === undefined ? {} : { error: result.error };
    if (type === 'acquire') {
      this.emit({ type, ...this.base(), outcome: result.outcome, holder, durationMs: now - startedAt, ...error });
    } else {
      this.emit({ type, ...this.base(), outcome: result.outcome, holder, durationMs: now - startedAt, sinceLastRenewMs: now - (lastRenewAt ?? now), ...error });
    }
    if (result.outcome === 'error') this.report(result.error);
  }

  private callback(name: 'onStoppedLeading' | 'onNewLeader', call: () => unknown): void {
    try {
      const returned = call();
      // A callback declared sync may still be an async function: its rejection is reported too.
      if (returned instanceof Promise) {
        returned.catch((err: unknown) => {
          this.reportCallbackFailure(name, err);
        });
      }
    } catch (err) {
      this.reportCallbackFailure(name, err);
    }
  }

  private reportCallbackFailure(name: string, err: unknown): void {
    this.report(new LeaderElectionError('CallbackFailed', `${this.describe()}: ${name} threw: ${describeError(err)}`, { cause: err }));
  }

  private report(err: unknown): void {
    this.callOnError(err);
    this.emit({ type: 'error', ...this.base(), error: err });
  }

  private callOnError(err: unknown): void {
    try {
      this.settings.onError(err);
    } catch {
      // onError must not throw; dropping its failure keeps the election going.
    }
  }

  private emit(event: LeaderElectionEvent): void {
    this.emitter.emit(event);
  }

  private base(): { identity: string; lease: string } {
    return { identity: this.settings.identity, lease: this.lock.description };
  }

  private describe(): string {
    return `leader elector "${this.settings.identity}" for Lease ${this.lock.description}`;
  }
}

/**
 * Whether `signal` has aborted. A function rather than the property so that TypeScript does not
 * carry a narrowed `signal.aborted` across an `await`, during which it can change.
 */
function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
