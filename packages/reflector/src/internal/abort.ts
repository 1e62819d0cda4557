/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, except that it resolves with `undefined` as soon as `signal` aborts, so a
 * caller is never held up by a ListerWatcher that ignores its signal. `promise` is always observed,
 * so a rejection after the abort never becomes an unhandled rejection.
 */
export async function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    promise.catch(ignore);
    return undefined;
  }
  let onAbort: () => void = ignore;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => {
      resolve(undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A controller that aborts when `parent` does; `dispose` unlinks it. */
export function childController(parent: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: ignore };
  }
  const onAbort = (): void => {
    controller.abort(parent.reason);
  };
  parent.addEventListener('abort', onAbort, { once: true });
  return {
    controller,
    dispose: () => {
      parent.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Whether `signal` has aborted. A function rather than the property so that TypeScript does not
 * carry a narrowed `signal.aborted` across an `await`, during which it can change.
 */
export function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Does nothing; used to observe promises whose outcome no longer matters. */
export function ignore(): void {
  // Deliberately empty.
}
