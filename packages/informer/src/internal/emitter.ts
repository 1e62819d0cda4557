interface Typed {
  type: string;
}

interface Entry<E extends Typed> {
  type: string;
  listener: (event: E) => void;
}

/**
 * A minimal typed event emitter. Listeners run in the order they were added; a throwing listener
 * is handed to `onListenerError` and the others still run.
 */
export class Emitter<E extends Typed> {
  #entries: readonly Entry<E>[] = [];

  constructor(private readonly onListenerError: (err: unknown, event: E) => void) {}

  on(type: string, listener: (event: E) => void): () => void {
    // A fresh entry per call, so one function added twice runs twice and unsubscribes independently.
    const entry: Entry<E> = { type, listener };
    this.#entries = [...this.#entries, entry];
    return () => {
      this.#entries = this.#entries.filter((e) => e !== entry);
    };
  }

  /** Whether anyone listens to `type` (directly or through `'*'`). */
  hasListeners(type: string): boolean {
    return this.#entries.some((e) => e.type === type || e.type === '*');
  }

  emit(event: E): void {
    // Copy-on-write: listeners added or removed while emitting take effect from the next event.
    const entries = this.#entries;
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
