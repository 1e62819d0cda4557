import { isConnectionRefused, type WatchOptions } from '@kcache/listwatch';
import type { KubeObject } from '@kcache/store';
import { ReflectorError } from '../errors.js';
import type { RelistReason, WatchEndReason } from '../types.js';
import type { ActiveWatch } from './active-watch.js';
import {
  isExpiredError,
  isInternalError,
  isRetriableWatchError,
  isTooManyRequests,
  retryAfterMs,
} from './classify.js';
import { consumeWatch, type WatchSink } from './consume-watch.js';
import { describeError } from './describe-error.js';
import { RetryWithDeadline } from './retry-with-deadline.js';
import { now, type ReflectorRuntime } from './runtime.js';
import { aborted } from './abort.js';

/** client-go resets its internal-error retry window after a minute without such errors. */
const INTERNAL_ERROR_RESET_MS = 60_000;

/** Calls `store.resync()` every period while the watch loop runs; a failure ends the current watch. */
class Resyncer<T extends KubeObject> {
  failure: ReflectorError | undefined;
  current: ActiveWatch<T> | undefined;
  private readonly timer: ReturnType<typeof setInterval> | undefined;

  constructor(rt: ReflectorRuntime<T>, signal: AbortSignal) {
    const period = rt.options.resyncPeriodMs;
    if (period <= 0) return;
    this.timer = setInterval(() => {
      if (aborted(signal) || this.failure !== undefined) return;
      try {
        rt.options.store.resync();
      } catch (err) {
        this.failure = new ReflectorError('ResyncFailed', rt.name, `store.resync() threw: ${describeError(err)}; the reflector relists`, {
          cause: err,
        });
        this.stop();
        this.current?.interrupt(this.failure);
        return;
      }
      rt.emit({ type: 'resync', reflector: rt.name });
    }, period);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }
}

/**
 * Watches from the last synced resourceVersion until a watch ends in a way that needs a relist:
 * client-go's `Reflector.watch` with its resync timer. `initial` is a stream handed over by a
 * streaming list. A normal end re-watches at once; 429 and connection refused back off and
 * re-watch (a refused connection is reported each time); a 500 re-watches while inside
 * `maxInternalErrorRetryMs`. Resolves when a relist is
 * needed (the reason is left in `rt.relistReason`) or `signal` aborts.
 * @throws {ReflectorError} `WatchFailed` when a watch request is refused for another reason.
 */
export async function watchLoop<T extends KubeObject>(
  rt: ReflectorRuntime<T>,
  initial: ActiveWatch<T> | undefined,
  signal: AbortSignal,
): Promise<void> {
  const store = rt.options.store;
  // consumeWatch turns a throw from these into StoreFailed.
  const sink: WatchSink<T> = {
    add: (obj) => {
      store.add(obj);
    },
    update: (obj) => {
      store.update(obj);
    },
    delete: (obj) => {
      store.delete(obj);
    },
    setResourceVersion: (rv) => {
      rt.lastSyncResourceVersion = rv;
    },
  };
  const retry = new RetryWithDeadline(rt.options.maxInternalErrorRetryMs, INTERNAL_ERROR_RESET_MS, isInternalError, now);
  const resyncer = new Resyncer(rt, signal);
  let watch = initial;
  try {
    for (;;) {
      if (aborted(signal)) return;
      if (resyncer.failure !== undefined) {
        endForRelist(rt, 'resync-failed', resyncer.failure);
        return;
      }
      const startedAt = now();
      if (watch === undefined) {
        const options: WatchOptions = {
          resourceVersion: rt.lastSyncResourceVersion,
          timeoutSeconds: rt.watchTimeoutSeconds(),
          allowWatchBookmarks: true,
        };
        try {
          watch = await rt.openWatch(options, signal);
        } catch (err) {
          if (aborted(signal)) return;
          if (isRetriableWatchError(err)) {
            // Nothing listens there: worth telling on every attempt, though the fix is only to wait.
            if (isConnectionRefused(err)) {
              rt.report(new ReflectorError('WatchFailed', rt.name, `watch request failed: ${describeError(err)}; watching again after a backoff`, { cause: err }));
            }
            await rt.backoffWait(isTooManyRequests(err) ? 'too-many-requests' : 'connection-refused', signal, retryAfterMs(err));
            continue;
          }
          rt.relistReason = 'watch-failed';
          throw new ReflectorError('WatchFailed', rt.name, `watch request failed: ${describeError(err)}`, { cause: err });
        }
        if (watch === undefined) return;
      }
      resyncer.current = watch;
      const outcome = await consumeWatch(rt, watch, sink, { startedAt, untilInitialEventsEnd: false, signal });
      resyncer.current = undefined;
      watch.close();
      watch = undefined;
      if (outcome.reason === 'aborted') return;
      const reason = outcome.reason as WatchEndReason;
      rt.watchEnded(reason, outcome.events, startedAt, outcome.error);
      retry.after(outcome.error);
      const err = outcome.error;
      if (err === undefined) continue; // a normal end: re-watch from the last resourceVersion at once
      if (isTooManyRequests(err) && !isExpiredError(err)) {
        rt.report(watchError(rt, err));
        await rt.backoffWait('too-many-requests', signal, retryAfterMs(err));
        continue;
      }
      if (reason === 'internal-error' && retry.shouldRetry()) {
        rt.report(watchError(rt, err));
        continue;
      }
      endForRelist(rt, reason as RelistReason, err);
      return;
    }
  } finally {
    resyncer.stop();
    watch?.close();
  }
}

/** Reports the error that ends the watch loop and records why the next list is a relist. */
function endForRelist<T extends KubeObject>(rt: ReflectorRuntime<T>, reason: RelistReason, err: unknown): void {
  rt.relistReason = reason;
  rt.report(watchError(rt, err));
}

function watchError<T extends KubeObject>(rt: ReflectorRuntime<T>, err: unknown): ReflectorError {
  return err instanceof ReflectorError
    ? err
    : new ReflectorError('WatchFailed', rt.name, `watch ended with: ${describeError(err)}`, { cause: err });
}
