import { abortReason } from './abort.js';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The callers of a `waitForSync(signal)` still waiting: each settles once, when the sync happens,
 * when it can no longer happen, or when its own signal aborts (and then stops being waited on).
 */
export class SyncWaiters {
  #waiters: Waiter[] = [];

  /** Whether anyone is waiting. */
  get waiting(): boolean {
    return this.#waiters.length > 0;
  }

  /** A promise that settles with `resolveAll` or `rejectAll`, or rejects when `signal` aborts first. */
  wait(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.#waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  resolveAll(): void {
    for (const waiter of this.#take()) waiter.resolve();
  }

  rejectAll(err: Error): void {
    for (const waiter of this.#take()) waiter.reject(err);
  }

  #take(): Waiter[] {
    const waiters = this.#waiters;
    this.#waiters = [];
    return waiters;
  }
}
