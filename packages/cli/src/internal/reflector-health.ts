import type { Reflector, ReflectorEvent } from '@kcache/reflector';
import type { KubeObject } from '@kcache/store';
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
}

/** Live health of a reflector: counters kept up to date from its `on('*')` events. */
export interface HealthTracker {
  readonly health: Readonly<ReflectorHealth>;
  /** Total relists. */
  relistCount(): number;
  /** Stops listening. */
  dispose(): void;
}

/** Starts tallying `reflector`'s events. `onEvent` sees each event after it is counted. */
export function trackHealth<T extends KubeObject>(
  reflector: Reflector<T>,
  onEvent?: (event: ReflectorEvent) => void,
): HealthTracker {
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
  };
  const bump = (tally: Record<string, number>, key: string): void => {
    tally[key] = (tally[key] ?? 0) + 1;
  };
  const off = reflector.on('*', (event) => {
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

/** One line describing an error: its message, which for reflector errors already names the phase. */
function describeCause(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const firstLine = text.split('\n', 1)[0] ?? '';
  return firstLine.length > 160 ? `${firstLine.slice(0, 157)}…` : firstLine;
}
