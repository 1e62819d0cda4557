import type { ReflectorEvent, ReflectorEventType } from '../types.js';

type Listener = (event: ReflectorEvent) => void;

/** A minimal typed event emitter; a throwing listener is handed to `onListenerError`. */
export class Emitter {
  private readonly listeners = new Map<ReflectorEventType | '*', Set<Listener>>();

  constructor(private readonly onListenerError: (err: unknown, event: ReflectorEvent) => void) {}

  on(type: ReflectorEventType | '*', listener: Listener): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(type, set);
    }
    // Wrap so the same function registered twice is called twice and unsubscribes independently.
    const entry: Listener = (event) => {
      listener(event);
    };
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit(event: ReflectorEvent): void {
    this.deliver(this.listeners.get(event.type), event);
    this.deliver(this.listeners.get('*'), event);
  }

  private deliver(set: Set<Listener> | undefined, event: ReflectorEvent): void {
    if (set === undefined || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
