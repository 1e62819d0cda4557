import { LeaseRequestError, type LeaseVerb } from '../../src/errors.js';
import type { ResourceLock } from '../../src/internal/lease-lock.js';
import type { LeaderElectionRecord } from '../../src/internal/lease-record.js';

/** One request a lock made, in order. */
export interface Action {
  verb: LeaseVerb;
  /** Which lock made it. */
  by: string;
  /** The record written (create and update). */
  record?: LeaderElectionRecord;
}

/**
 * What a reaction may do with a request: answer with an error, or pause it until a promise
 * resolves. Returning undefined serves it normally.
 */
export type Reaction = (action: Action, signal: AbortSignal) => Error | Promise<Error | undefined> | undefined;

/** A request answered with the API server's error. */
export function apiError(verb: LeaseVerb, statusCode: number, reason: string): LeaseRequestError {
  return new LeaseRequestError(verb, 'ns/lease', `${verb} Lease ns/lease: ${String(statusCode)} ${reason}`, { statusCode, reason });
}

/**
 * A Lease kept in memory with the API server's rules: create fails with 409 AlreadyExists when it
 * exists, get with 404 when it does not, and update is conditional on the resourceVersion the
 * lock last saw (409 Conflict otherwise). Every candidate gets its own lock on the same Lease.
 */
export class MemoryLease {
  stored: { record: LeaderElectionRecord; resourceVersion: number } | undefined;
  readonly actions: Action[] = [];
  private version = 0;
  private reaction: Reaction | undefined;

  /** Installs a reaction for every later request (replacing the previous one); undefined removes it. */
  react(reaction: Reaction | undefined): void {
    this.reaction = reaction;
  }

  /** Writes the Lease as another writer would (an operator, a candidate outside the test). */
  put(record: LeaderElectionRecord): void {
    this.stored = { record: { ...record }, resourceVersion: ++this.version };
  }

  lockFor(by: string): ResourceLock {
    let seen: number | undefined;
    const run = async (action: Action, signal: AbortSignal): Promise<void> => {
      signal.throwIfAborted();
      this.actions.push(action);
      const reaction = this.reaction?.(action, signal);
      // A paused request gives up when its signal aborts, as an HTTP request does.
      const outcome = reaction instanceof Promise ? await untilAborted(reaction, signal) : reaction;
      signal.throwIfAborted();
      if (outcome !== undefined) throw outcome;
    };
    return {
      description: 'ns/lease',
      get: async (signal) => {
        await run({ verb: 'get', by }, signal);
        if (this.stored === undefined) throw apiError('get', 404, 'NotFound');
        seen = this.stored.resourceVersion;
        return { ...this.stored.record };
      },
      create: async (record, signal) => {
        await run({ verb: 'create', by, record: { ...record } }, signal);
        if (this.stored !== undefined) throw apiError('create', 409, 'AlreadyExists');
        this.put(record);
        seen = this.version;
      },
      update: async (record, signal) => {
        if (seen === undefined) throw new Error('update before get or create');
        await run({ verb: 'update', by, record: { ...record } }, signal);
        if (this.stored === undefined) throw apiError('update', 404, 'NotFound');
        if (this.stored.resourceVersion !== seen) throw apiError('update', 409, 'Conflict');
        this.put(record);
        seen = this.version;
      },
      close: () => undefined,
    };
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason, as fetch rejects
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on as given
        reject(err);
      },
    );
  });
}
