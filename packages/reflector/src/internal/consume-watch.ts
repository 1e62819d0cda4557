import { ApiError, type Status, type WatchEvent } from '@kcache/listwatch';
import type { KubeObject } from '@kcache/store';
import { ReflectorError } from '../errors.js';
import type { WatchEndReason } from '../types.js';
import type { ActiveWatch } from './active-watch.js';
import {
  isApiStatusError,
  isConnectionLost,
  isExpiredError,
  isInternalError,
  isTooManyRequests,
} from './classify.js';
import { describeError, toError } from './describe-error.js';
import { hasMetadata, isForeignType } from './object-shape.js';
import { now, VERY_SHORT_WATCH_MS, type ReflectorRuntime } from './runtime.js';
import { aborted } from './abort.js';

/** Where the events of a watch go: the real store, or a streaming list's buffer. */
export interface WatchSink<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  setResourceVersion(resourceVersion: string): void;
}

/** How a watch ended. */
export interface WatchOutcome {
  /** Why it ended; `initial-events-end` when a streaming list reached its bookmark (still open). */
  reason: WatchEndReason | 'initial-events-end';
  /** Events applied (skipped ones excluded). */
  events: number;
  /** The error that ended it: an `ApiError`, a `ReflectorError`, or a stream error. */
  error?: Error;
}

const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/** The reason a watch ended with an API error. */
function reasonOfApiError(err: unknown): WatchEndReason {
  if (isExpiredError(err)) return 'expired';
  if (isTooManyRequests(err)) return 'too-many-requests';
  if (isInternalError(err)) return 'internal-error';
  return 'error';
}

/**
 * Reads a watch until it ends, applying each event to `sink`: client-go's `handleAnyWatch`.
 * With `untilInitialEventsEnd`, returns (leaving the stream open) right after the bookmark that
 * ends a streaming list's initial events. Nothing reaches the sink once `signal` has aborted.
 */
export async function consumeWatch<T extends KubeObject>(
  rt: ReflectorRuntime<T>,
  watch: ActiveWatch<T>,
  sink: WatchSink<T>,
  options: { startedAt: number; untilInitialEventsEnd: boolean; signal: AbortSignal },
): Promise<WatchOutcome> {
  const { signal, untilInitialEventsEnd } = options;
  const expected = rt.options.expectedType;
  const iterator = watch.iterator;
  let events = 0;
  let connectionLost = false;
  for (;;) {
    let step: IteratorResult<WatchEvent<T>>;
    try {
      step = await iterator.next();
    } catch (err) {
      if (aborted(signal)) return { reason: 'aborted', events };
      if (watch.interruptedBy !== undefined) return { reason: 'resync-failed', events, error: watch.interruptedBy };
      if (isApiStatusError(err)) return { reason: reasonOfApiError(err), events, error: toError(err) };
      if (isConnectionLost(err)) {
        connectionLost = true;
        break;
      }
      return {
        reason: 'decode-failed',
        events,
        error: new ReflectorError('DecodeFailed', rt.name, `the watch stream failed: ${describeError(err)}; the reflector relists`, {
          cause: err,
        }),
      };
    }
    if (aborted(signal)) return { reason: 'aborted', events };
    if (watch.interruptedBy !== undefined) return { reason: 'resync-failed', events, error: watch.interruptedBy };
    if (step.done === true) break;

    const event: unknown = step.value;
    if (typeof event !== 'object' || event === null) return decodeFailed(rt, events, 'a watch event that is not an object');
    const { type, object } = event as { type?: unknown; object?: unknown };
    if (type === 'ERROR') {
      const err = apiErrorOf(object);
      return { reason: reasonOfApiError(err), events, error: err };
    }
    if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED' && type !== 'BOOKMARK') {
      return decodeFailed(rt, events, `a watch event of unknown type ${JSON.stringify(type)}`);
    }
    if (!hasMetadata(object)) {
      rt.emit({ type: 'skip', reflector: rt.name, reason: 'missing-metadata', eventType: type });
      continue;
    }
    if (expected !== undefined && isForeignType(object, expected)) {
      rt.emit({
        type: 'skip',
        reflector: rt.name,
        reason: 'unexpected-type',
        eventType: type,
        apiVersion: object.apiVersion,
        kind: object.kind,
      });
      continue;
    }
    const resourceVersion = object.metadata.resourceVersion;
    let initialEventsEnd = false;
    if (type === 'BOOKMARK') {
      initialEventsEnd = object.metadata.annotations?.[INITIAL_EVENTS_END_ANNOTATION] === 'true';
    } else {
      let obj: T;
      try {
        obj = rt.prepare(object as T);
      } catch (err) {
        return { reason: 'transform-failed', events, error: toError(err) };
      }
      try {
        if (type === 'ADDED') sink.add(obj);
        else if (type === 'MODIFIED') sink.update(obj);
        else sink.delete(obj);
      } catch (err) {
        const error =
          err instanceof ReflectorError
            ? err
            : new ReflectorError('StoreFailed', rt.name, `store rejected a ${type} event: ${describeError(err)}; the reflector relists`, {
                cause: err,
              });
        return { reason: 'store-failed', events, error };
      }
    }
    // An event without a resourceVersion leaves the last one in place (client-go would reset it to "").
    if (typeof resourceVersion === 'string' && resourceVersion !== '') sink.setResourceVersion(resourceVersion);
    events++;
    if (untilInitialEventsEnd && initialEventsEnd) return { reason: 'initial-events-end', events };
  }
  if (now() - options.startedAt < VERY_SHORT_WATCH_MS && events === 0) {
    return {
      reason: 'very-short',
      events,
      error: new ReflectorError(
        'VeryShortWatch',
        rt.name,
        'very short watch: the watch lasted less than a second and delivered no event; the reflector backs off and relists',
      ),
    };
  }
  return { reason: connectionLost ? 'connection-lost' : 'closed', events };
}

function decodeFailed<T extends KubeObject>(rt: ReflectorRuntime<T>, events: number, what: string): WatchOutcome {
  return {
    reason: 'decode-failed',
    events,
    error: new ReflectorError('DecodeFailed', rt.name, `the watch stream sent ${what}; the reflector relists`),
  };
}

/** The `ApiError` an `ERROR` event stands for. */
function apiErrorOf(object: unknown): ApiError {
  const status: Status =
    typeof object === 'object' && object !== null
      ? object
      : { kind: 'Status', status: 'Failure', message: `watch ERROR event without a Status: ${String(object)}`, code: 500, reason: 'InternalError' };
  return new ApiError(status);
}
