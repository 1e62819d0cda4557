/**
 * A minimal typed event emitter: `on(type | '*', listener)` returns an unsubscribe function;
 * listeners run in the order they were added, whatever type they asked for; a listener that throws
 * is handed to `onListenerError` (a throw from that is dropped too) and the others still run.
 */
export declare class Emitter<E extends { readonly type: string }> {
  /**
   * @param onListenerError receives what a listener threw, with the event it was given
   * @param types the event types `wanted` keeps track of (for hot paths)
   */
  constructor(onListenerError: (err: unknown, event: E) => void, types?: readonly E['type'][]);
  /**
   * For each type given to the constructor, whether any listener of that type (or of `'*'`) is
   * registered: a hot path skips building an event nobody will see with one property read. The same
   * object for the emitter's whole life.
   */
  readonly wanted: Readonly<Record<E['type'], boolean>>;
  on(type: E['type'] | '*', listener: (event: E) => void): () => void;
  /** Whether anyone listens to `type` (directly or through `'*'`). */
  hasListeners(type: E['type']): boolean;
  emit(event: E): void;
}
