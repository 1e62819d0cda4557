import type { HandlerRegistration, InformerEvent } from '../types.js';
import type { Sink } from './listener.js';

type Result<T> = IteratorResult<InformerEvent<T>, undefined>;

/**
 * The pull-style side of an informer: each iteration registers a handler whose delivery waits
 * until the consumer asks for the next notification, so the handler's own buffer (unbounded, like
 * every handler's) holds what the consumer has not read yet, and `pending` shows how far behind it
 * is.
 */
export function createEventStream<T>(options: {
  /** Registers the handler that feeds this iteration. */
  register: (sink: Sink<T>) => HandlerRegistration;
  signal: AbortSignal | undefined;
  /** Asks to be told (by calling `end`) when the informer has stopped and drained; returns an unsubscribe. */
  onEnd: (end: () => void) => () => void;
}): AsyncIterable<InformerEvent<T>> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<InformerEvent<T>, undefined> {
      const { signal } = options;
      let finished = false;
      let failure: { error: Error } | undefined;
      let waiting: ((result: Result<T>) => void) | undefined;
      let offered: { notification: InformerEvent<T>; taken: () => void } | undefined;
      let registration: HandlerRegistration | undefined;
      let unlinkEnd: () => void = () => undefined;

      const finish = (): void => {
        if (finished) return;
        finished = true;
        registration?.remove();
        unlinkEnd();
        signal?.removeEventListener('abort', finish);
        // Release a delivery still waiting for the consumer; the registration is gone anyway.
        offered?.taken();
        offered = undefined;
        const consumer = waiting;
        waiting = undefined;
        consumer?.({ value: undefined, done: true });
      };

      const sink: Sink<T> = (notification) =>
        new Promise<void>((taken) => {
          if (finished) {
            taken();
            return;
          }
          const consumer = waiting;
          if (consumer !== undefined) {
            waiting = undefined;
            taken();
            consumer({ value: notification, done: false });
          } else {
            offered = { notification, taken };
          }
        });

      if (signal?.aborted === true) {
        finished = true;
      } else {
        try {
          registration = options.register(sink);
          signal?.addEventListener('abort', finish, { once: true });
          unlinkEnd = options.onEnd(finish);
        } catch (error) {
          failure = { error: error instanceof Error ? error : new Error(String(error)) };
          finished = true;
        }
      }

      return {
        next(): Promise<Result<T>> {
          const ready = offered;
          if (ready !== undefined) {
            offered = undefined;
            ready.taken();
            return Promise.resolve({ value: ready.notification, done: false });
          }
          if (failure !== undefined) {
            const { error } = failure;
            failure = undefined;
            return Promise.reject(error);
          }
          if (finished) return Promise.resolve({ value: undefined, done: true });
          return new Promise<Result<T>>((resolve) => {
            waiting = resolve;
          });
        },
        return(): Promise<Result<T>> {
          finish();
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
