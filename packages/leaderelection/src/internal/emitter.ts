import type { LeaderElectionEvent, LeaderElectionEventType } from '../types.js';

type Listener = (event: LeaderElectionEvent) => void;

interface Entry {
  type: LeaderElectionEventType | '*';
  listener: Listener;
}

/**
 * A minimal typed event emitter. Listeners run in the order they were added, whatever type they
 * asked for; a throwing listener is handed to `onListenerError` and the others still run.
 */
export class Emitter {
  private entries: readonly Entry[] = [];

  constructor(private readonly onListenerError: (err: unknown, event: LeaderElectionEvent) => void) {}

  on(type: LeaderElectionEventType | '*', listener: Listener): () => void {
    // A fresh entry per call, so one function added twice runs twice and unsubscribes independently.
    const entry: Entry = { type, listener };
    this.entries = [...this.entries, entry];
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  emit(event: LeaderElectionEvent): void {
    // Copy-on-write: listeners added or removed while emitting take effect from the next event.
    const entries = this.entries;
    for (const { type, listener } of entries) {
      if (type !== event.type && type !== '*') continue;
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
