import type { ControllerEvent, ControllerEventType } from '../types.js';

type Listener = (event: ControllerEvent) => void;

interface Entry {
  type: ControllerEventType | '*';
  listener: Listener;
}

const TYPES: readonly ControllerEventType[] = ['started', 'synced', 'reconcile', 'error', 'requeue', 'stopped'];

/**
 * A minimal typed event emitter. `wanted[type]` says whether anyone listens, so the workers build
 * no event object per reconcile when nobody does. Listeners run in the order they were added; a
 * throwing listener is handed to `onListenerError` and the others still run.
 */
export class Emitter {
  private entries: readonly Entry[] = [];
  /** Per event type, whether any listener (of that type or of `'*'`) is registered. */
  readonly wanted: Record<ControllerEventType, boolean> = {
    started: false,
    synced: false,
    reconcile: false,
    error: false,
    requeue: false,
    stopped: false,
  };

  constructor(private readonly onListenerError: (err: unknown, event: ControllerEvent) => void) {}

  on(type: ControllerEventType | '*', listener: Listener): () => void {
    // A fresh entry per call, so one function added twice runs twice and unsubscribes independently.
    const entry: Entry = { type, listener };
    this.entries = [...this.entries, entry];
    this.recount();
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
      this.recount();
    };
  }

  emit(event: ControllerEvent): void {
    // Copy-on-write: listeners added or removed while emitting take effect from the next event.
    const entries = this.entries;
    for (const { type, listener } of entries) {
      if (type !== event.type && type !== '*') continue;
      try {
        listener(event);
      } catch (err) {
        try {
          this.onListenerError(err, event);
        } catch {
          // The error handler failed too; the controller must go on regardless.
        }
      }
    }
  }

  private recount(): void {
    for (const type of TYPES) this.wanted[type] = this.entries.some((e) => e.type === type || e.type === '*');
  }
}
