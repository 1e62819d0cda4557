import type { WatchEvent } from '@kcache/listwatch';
import { ignore } from './abort.js';

/**
 * An open watch stream: its iterator and the controller that closes its connection. Owned by one
 * phase at a time (a streaming list hands its stream over to the watch loop).
 */
export class ActiveWatch<T> {
  private closed = false;
  /** Set when something outside the stream (a failing resync) ended it. */
  interruptedBy: Error | undefined = undefined;

  constructor(
    readonly iterator: AsyncIterator<WatchEvent<T>>,
    private readonly controller: AbortController,
    private readonly unlink: () => void,
  ) {}

  /** Ends the watch from outside with `reason`; the consumer sees it after its pending read settles. */
  interrupt(reason: Error): void {
    this.interruptedBy ??= reason;
    this.close();
  }

  /** Closes the connection (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unlink();
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
