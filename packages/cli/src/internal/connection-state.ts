import type { ReflectorEvent } from '@kcache/reflector';
import { ConnectionError } from '@kcache/listwatch';

/** Whether the API server is answering, as far as a reflector's traffic shows. */
export type ConnectionState =
  /** Nothing has been answered yet. */
  | { state: 'connecting' }
  /** The last request was answered (a list page, or a watch that opened). */
  | { state: 'connected'; since: number }
  /** The server cannot be reached: connections are refused or lost. `reason` is one line, for people. */
  | { state: 'disconnected'; since: number; reason: string };

/** Keeps a {@link ConnectionState} up to date from a reflector's events and its answered requests. */
export interface ConnectionTracker {
  readonly current: Readonly<ConnectionState>;
  /** A list or watch request was answered by the server. */
  answered(): void;
  /** Feed every reflector (or informer) event here. */
  observe(event: ReflectorEvent): void;
  /** Called on every change of state (not on repeated failures while disconnected). */
  onChange(listener: (state: Readonly<ConnectionState>, previous: Readonly<ConnectionState>) => void): () => void;
}

/** The first ConnectionError in `err`'s cause chain, if any. */
function findConnectionError(err: unknown): ConnectionError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof ConnectionError) return current;
    current = current.cause;
  }
  return undefined;
}

/** A short reason: `connection refused`, `connection lost`, `cannot connect (ENOTFOUND)`. */
function describeConnectionError(err: ConnectionError): string {
  switch (err.systemCode) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case undefined:
      return 'connection lost';
    default:
      return `cannot connect (${err.systemCode})`;
  }
}

/**
 * Creates a tracker. The reflector reports every refused connection (an `error` whose cause is a
 * listwatch `ConnectionError`, and a `connection-refused` backoff when a watch is refused) and every
 * broken stream (`watch-end` with reason `connection-lost`); any answered request means the server
 * is back. `now` is injectable for tests.
 */
export function createConnectionTracker(now: () => number = Date.now): ConnectionTracker {
  let current: ConnectionState = { state: 'connecting' };
  const listeners = new Set<(state: Readonly<ConnectionState>, previous: Readonly<ConnectionState>) => void>();
  const set = (next: ConnectionState): void => {
    const previous = current;
    current = next;
    for (const listener of listeners) listener(next, previous);
  };
  const down = (reason: string): void => {
    if (current.state === 'disconnected') {
      // Still away: keep when it started, show the latest reason.
      current = { ...current, reason };
      return;
    }
    set({ state: 'disconnected', since: now(), reason });
  };
  return {
    get current() {
      return current;
    },
    answered() {
      if (current.state !== 'connected') set({ state: 'connected', since: now() });
    },
    observe(event) {
      if (event.type === 'error') {
        const lost = findConnectionError(event.error);
        if (lost !== undefined) down(describeConnectionError(lost));
      } else if (event.type === 'backoff' && event.reason === 'connection-refused') {
        if (current.state !== 'disconnected') down('connection refused');
      } else if (event.type === 'watch-end' && event.reason === 'connection-lost') {
        down('connection lost');
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
