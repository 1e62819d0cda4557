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
    this.controller.abort();
    try {
      const returned = this.iterator.return?.();
      if (returned !== undefined) Promise.resolve(returned).catch(ignore);
    } catch {
      // The iterator's own cleanup failed; the connection is already aborted through the signal.
    }
  }
}
