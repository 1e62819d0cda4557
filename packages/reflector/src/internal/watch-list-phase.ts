import { isConnectionRefused, type WatchOptions } from '@kcache/listwatch';
import { metaNamespaceKeyFunc, type KubeObject } from '@kcache/store';
import type { ActiveWatch } from './active-watch.js';
import { ReflectorError } from '../errors.js';
import {
  isExpiredError,
  isRetriableWatchError,
  isTooLargeResourceVersionError,
  isTooManyRequests,
  retryAfterMs,
} from './classify.js';
import { consumeWatch, type WatchSink } from './consume-watch.js';
import { describeError } from './describe-error.js';
import { now, type ReflectorRuntime } from './runtime.js';
import { aborted } from './abort.js';

/**
 * A streaming list: client-go's `Reflector.watchList`. Watches with `sendInitialEvents`, collects
 * the initial events in a buffer until the bookmark annotated `k8s.io/initial-events-end`, then
 * replaces the store's contents with the buffer and returns the stream, still open, for the watch
 * loop to carry on with. Retries at once after 410 (from the latest state) and after a backoff on
 * 429 or connection refused (reporting each refused connection); any other failure is thrown so the
 * caller falls back to a list.
 * Resolves `undefined` when `signal` aborts.
 */
export async function watchListPhase<T extends KubeObject>(
  rt: ReflectorRuntime<T>,
  signal: AbortSignal,
): Promise<ActiveWatch<T> | undefined> {
  rt.beginSync();
  for (;;) {
    if (aborted(signal)) return undefined;
    // A buffer keyed like client-go's temporary store, so the real store (which may be a queue)
    // sees one complete replace instead of a stream of partial state.
    const buffer = new Map<string, T>();
    let bufferResourceVersion = '';
    const sink: WatchSink<T> = {
      add: (obj) => buffer.set(metaNamespaceKeyFunc(obj), obj),
      update: (obj) => buffer.set(metaNamespaceKeyFunc(obj), obj),
      delete: (obj) => buffer.delete(metaNamespaceKeyFunc(obj)),
      setResourceVersion: (rv) => {
        bufferResourceVersion = rv;
      },
    };
    const options: WatchOptions = {
      resourceVersion: rt.rewatchResourceVersion(),
      resourceVersionMatch: 'NotOlderThan',
      sendInitialEvents: true,
      allowWatchBookmarks: true,
      timeoutSeconds: rt.watchTimeoutSeconds(),
    };
    const startedAt = now();
    let watch: ActiveWatch<T> | undefined;
    try {
      watch = await rt.openWatch(options, signal);
    } catch (err) {
      if (aborted(signal)) return undefined;
      // Nothing listens there: worth telling on every attempt, though the fix is only to wait.
      if (isConnectionRefused(err)) {
        rt.report(new ReflectorError('WatchFailed', rt.name, `streaming list request failed: ${describeError(err)}; trying again after a backoff`, { cause: err }));
      }
      if (await retryAfter(rt, err, signal)) continue;
      throw err;
    }
    if (watch === undefined) return undefined;

    const outcome = await consumeWatch(rt, watch, sink, { startedAt, untilInitialEventsEnd: true, signal });
    if (outcome.reason === 'initial-events-end') {
      rt.resourceVersionUnavailable = false;
      let replaced: boolean;
      try {
        replaced = await rt.replaceStore([...buffer.values()], bufferResourceVersion, 'watch-list', signal);
      } catch (err) {
        watch.close();
        throw err;
      }
      if (!replaced) {
        watch.close();
        return undefined;
      }
      return watch;
    }
    watch.close();
    if (outcome.reason === 'aborted') return undefined;
    rt.watchEnded(outcome.reason, outcome.events, startedAt, outcome.error);
    if (outcome.error === undefined) continue; // ended before the bookmark: start a new streaming list
    if (await retryAfter(rt, outcome.error, signal)) continue;
    throw outcome.error;
  }
}

/**
 * Handles the errors a streaming list retries by itself; returns false for the others. 429 and
 * connection refused wait a backoff step; 410 and "too large" retry at once from the latest state.
 */
async function retryAfter<T extends KubeObject>(rt: ReflectorRuntime<T>, err: unknown, signal: AbortSignal): Promise<boolean> {
  if (isRetriableWatchError(err)) {
    await rt.backoffWait(isTooManyRequests(err) ? 'too-many-requests' : 'connection-refused', signal, retryAfterMs(err));
    return true;
  }
  if (isExpiredError(err) || isTooLargeResourceVersionError(err)) {
    rt.resourceVersionUnavailable = true;
    return true;
  }
  return false;
}
