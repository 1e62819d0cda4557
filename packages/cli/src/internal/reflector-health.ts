import type { InformerStatusEvent } from '@kcache/informer';
import type { ReflectorEvent } from '@kcache/reflector';
import { ApiError } from '@kcache/listwatch';

/** What a reflector has been doing, tallied from its events. */
export interface ReflectorHealth {
  /** Completed lists (first list and relists, streaming ones excluded). */
  lists: number;
  /** Complete lists or streaming lists written into the store. */
  syncs: number;
  /** Relists by reason (`expired`, `watch-failed`, …). */
  relists: Record<string, number>;
  /** Watch requests sent. */
  watchStarts: number;
  /** Watch streams ended, by reason (`closed`, `connection-lost`, `expired`, …). */
  watchEnds: Record<string, number>;
  /** Backoff waits by reason, and their total. */
  backoffs: Record<string, number>;
  backoffMs: number;
  /** Errors reported (the same ones `onWatchError` receives). */
  errors: number;
  /** The last error, one line. */
  lastError: string | undefined;
  /** Handlers that threw or rejected (an informer's `handler-error` events; 0 for a reflector). */
  handlerErrors: number;
}

/** What the tracker listens to: a reflector, or an informer (its reflector's events plus `handler-error`). */
export interface StatusSource {
  on(type: '*', listener: (event: InformerStatusEvent) => void): () => void;
}

/** Live health of a reflector: counters kept up to date from its `on('*')` events. */
export interface HealthTracker {
  readonly health: Readonly<ReflectorHealth>;
  /** Total relists. */
  relistCount(): number;
  /** Stops listening. */
  dispose(): void;
}

/** Starts tallying the events of a reflector or an informer. `onEvent` sees each event after it is counted. */
export function trackHealth(source: StatusSource, onEvent?: (event: ReflectorEvent) => void): HealthTracker {
  const health: ReflectorHealth = {
    lists: 0,
    syncs: 0,
    relists: {},
    watchStarts: 0,
    watchEnds: {},
    backoffs: {},
    backoffMs: 0,
    errors: 0,
    lastError: undefined,
    handlerErrors: 0,
  };
  const bump = (tally: Record<string, number>, key: string): void => {
    tally[key] = (tally[key] ?? 0) + 1;
  };
  const off = source.on('*', (event) => {
    if (event.type === 'handler-error') {
      health.handlerErrors++;
      return;
    }
    switch (event.type) {
      case 'list':
        health.lists++;
        break;
      case 'sync':
        health.syncs++;
        break;
      case 'relist':
        bump(health.relists, event.reason);
        break;
      case 'watch-start':
        health.watchStarts++;
        break;
      case 'watch-end':
        bump(health.watchEnds, event.reason);
        break;
      case 'backoff':
        bump(health.backoffs, event.reason);
        health.backoffMs += event.waitMs;
        break;
      case 'error':
        health.errors++;
        health.lastError = describeCause(event.error);
        break;
      default:
        break;
    }
    onEvent?.(event);
  });
  return {
    health,
    relistCount: () => Object.values(health.relists).reduce((a, b) => a + b, 0),
    dispose: off,
  };
}

/** The first ApiError in `err`'s cause chain, if any. */
export function findApiError(err: unknown): ApiError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (current instanceof ApiError) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/**
 * One line describing an error: its message, which for reflector errors already names the phase.
 * Query strings of URLs are elided and an overlong line loses its middle, so the end of the
 * message (where the cause, such as `ECONNREFUSED`, is) always shows.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function describeCause(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const firstLine = (text.split('\n', 1)[0] ?? '').replace(/(https?:\/\/[^\s?]+)\?\S*?(?=:?\s|:?$)/g, '$1?…');
  return firstLine.length > 240 ? `${firstLine.slice(0, 80)}…${firstLine.slice(-159)}` : firstLine;
}
