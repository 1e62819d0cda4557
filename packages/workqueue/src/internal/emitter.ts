import type { WorkQueueEvent, WorkQueueEventType } from '../types.js';

type Listener = (event: WorkQueueEvent) => void;

interface Entry {
  type: WorkQueueEventType | '*';
  listener: Listener;
}

const TYPES: readonly WorkQueueEventType[] = ['add', 'depth', 'delay', 'retry', 'queue-latency', 'work-duration'];

/**
 * A minimal typed event emitter for a hot path: the queue reads `wanted[type]` before it builds an
 * event, so a queue nobody listens to pays one property read per would-be event and builds none. Listeners run in
 * the order they were added, whatever type they asked for; a throwing listener is handed to
 * `onListenerError` and the others still run.
 */
export class Emitter {
  private entries: readonly Entry[] = [];
  /** Per event type, whether any listener (of that type or of `'*'`) is registered; read it before building an event. */
  readonly wanted: Record<WorkQueueEventType, boolean> = {
    add: false,
    depth: false,
    delay: false,
    retry: false,
    'queue-latency': false,
    'work-duration': false,
  };

  constructor(private readonly onListenerError: (err: unknown, event: WorkQueueEvent) => void) {}

  on(type: WorkQueueEventType | '*', listener: Listener): () => void {
    // A fresh entry per call, so one function added twice runs twice and unsubscribes independently.
    const entry: Entry = { type, listener };
    this.entries = [...this.entries, entry];
    this.recount();
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
      this.recount();
    };
  }

  emit(event: WorkQueueEvent): void {
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
          // The error handler failed too; the queue must go on regardless.
        }
      }
    }
  }

  private recount(): void {
    for (const type of TYPES) this.wanted[type] = this.entries.some((e) => e.type === type || e.type === '*');
  }
}
