import type { WatchEvent } from '@kcache/listwatch';
import { ignore } from './abort.js';

/**
 * An open watch stream: its iterator and the controller whose signal its request was opened with.
 * Owned by one phase at a time (a streaming list hands its stream over to the watch loop). Closes
 * itself when `parent` aborts.
 */
export class ActiveWatch<T> {
  private closed = false;
  /** Set when something outside the stream (a failing resync) ended it. */
  interruptedBy: Error | undefined = undefined;
  private readonly onParentAbort = (): void => {
    this.close();
  };

  constructor(
    readonly iterator: AsyncIterator<WatchEvent<T>>,
    private readonly controller: AbortController,
    private readonly parent: AbortSignal,
  ) {
    if (parent.aborted) this.close();
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  /** Ends the watch from outside with `reason`; the consumer sees it after its pending read settles. */
  interrupt(reason: Error): void {
    this.interruptedBy ??= reason;
    this.close();
  }

  /** Closes the connection (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.parent.removeEventListener('abort', this.onParentAbort);
    // The iterator's own close first: it ends the stream the way its ListerWatcher means it to.
    // Aborting the request's signal then only matters to a ListerWatcher whose iterator ignores
    // `return()`.
    try {
      const returned = this.iterator.return?.();
      if (returned !== undefined) Promise.resolve(returned).catch(ignore);
    } catch {
      // The iterator's cleanup failed; the signal below still closes the connection.
    }
    this.controller.abort();
  }
}
