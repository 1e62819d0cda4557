import type { ListerWatcher, WatchOptions } from '@kcache/listwatch';
import type { KubeObject, Store } from '@kcache/store';
import { ReflectorError } from '../errors.js';
import type {
  BackoffReason,
  ExpectedType,
  ReflectorEvent,
  RelistReason,
  WatchEndReason,
} from '../types.js';
import { aborted, childController, ignore, sleep, unlessAborted } from './abort.js';
import { ActiveWatch } from './active-watch.js';
import { Backoff, type BackoffSettings } from './backoff.js';
import { describeError } from './describe-error.js';
import { Emitter } from '@kcache/emitter';
import { fillTypeMeta } from './object-shape.js';
import { turnBeforeReplace } from './time-slice.js';

/** Every option with its default applied. */
export interface ResolvedOptions<T extends KubeObject> {
  listerWatcher: ListerWatcher<T>;
  store: Store<T>;
  name: string;
  expectedType: ExpectedType | undefined;
  resyncPeriodMs: number;
  pageSize: number | undefined;
  useWatchList: boolean;
  minWatchTimeoutSeconds: number;
  backoff: BackoffSettings;
  maxInternalErrorRetryMs: number;
  onWatchError: (err: unknown) => void;
  transform: ((obj: T) => T) | undefined;
}

/** client-go's pager default page size. */
export const DEFAULT_PAGE_SIZE = 500;

/** A watch shorter than this without any event is an error ("very short watch"). */
export const VERY_SHORT_WATCH_MS = 1000;

/** The monotonic clock every duration is measured with. */
export function now(): number {
  return performance.now();
}

/**
 * The state one reflector keeps across cycles, and the helpers its phases share: client-go's
 * `Reflector` struct, minus the phases themselves (in `list-phase`, `watch-list-phase`,
 * `watch-loop`).
 */
export class ReflectorRuntime<T extends KubeObject> {
  /** The resourceVersion of the last list, event or bookmark applied. */
  lastSyncResourceVersion = '';
  /** The last list or watch with `lastSyncResourceVersion` failed as expired or too large. */
  resourceVersionUnavailable = false;
  /** The first list (RV "0") came back in pages, so the server does not serve lists from a cache. */
  paginatedResult = false;
  /** The server refused streaming lists as such; do not ask again. */
  watchListUnsupported: boolean;
  /** Whether a list or streaming list was ever attempted (later ones are relists). */
  syncAttempted = false;
  /** Why the next list is a relist. */
  relistReason: RelistReason = 'list-failed';
  /** The type objects are known to have, used to fill in list items and typeless events. */
  knownType: ExpectedType | undefined;
  readonly emitter: Emitter<ReflectorEvent>;
  readonly backoff: Backoff;
  private synced = false;
  private syncWaiters: (() => void)[] = [];

  constructor(readonly options: ResolvedOptions<T>) {
    this.knownType = options.expectedType;
    this.backoff = new Backoff(options.backoff, now);
    this.emitter = new Emitter<ReflectorEvent>((err, event) => {
      // Never re-enter listeners for a failure of a listener of the error event itself.
      const error = new ReflectorError('ListenerFailed', options.name, `a listener of "${event.type}" threw: ${describeError(err)}`, {
        cause: err,
      });
      if (event.type === 'error') this.callOnWatchError(error);
      else this.report(error);
    });
    const lw = options.listerWatcher as ListerWatcher<T> & { isWatchListSemanticsUnsupported?: unknown };
    this.watchListUnsupported =
      typeof lw.isWatchListSemanticsUnsupported === 'function' &&
      (lw.isWatchListSemanticsUnsupported as () => unknown).call(lw) === true;
  }

  get name(): string {
    return this.options.name;
  }

  /** client-go's `relistResourceVersion`: "" after an expiry, "0" before the first sync, else the last RV. */
  relistResourceVersion(): string {
    if (this.resourceVersionUnavailable) return '';
    if (this.lastSyncResourceVersion === '') return '0';
    return this.lastSyncResourceVersion;
  }

  /** client-go's `rewatchResourceVersion`, where a streaming list starts. */
  rewatchResourceVersion(): string {
    return this.resourceVersionUnavailable ? '' : this.lastSyncResourceVersion;
  }

  /** A timeout in `[min, 2·min)` whole seconds, spreading watch restarts over time. */
  watchTimeoutSeconds(): number {
    return Math.floor(this.options.minWatchTimeoutSeconds * (Math.random() + 1));
  }

  emit(event: ReflectorEvent): void {
    this.emitter.emit(event);
  }

  /** Hands an error to `onWatchError` and the `error` event. */
  report(err: unknown): void {
    this.callOnWatchError(err);
    this.emit({ type: 'error', reflector: this.name, error: err });
  }

  private callOnWatchError(err: unknown): void {
    try {
      this.options.onWatchError(err);
    } catch {
      // onWatchError must not throw; if it does, dropping its failure keeps the reflector running.
    }
  }

  /** Emits `relist` when this is not the first sync attempt, and records the attempt. */
  beginSync(): void {
    if (this.syncAttempted) {
      this.emit({ type: 'relist', reflector: this.name, reason: this.relistReason, resourceVersion: this.lastSyncResourceVersion });
    }
    this.syncAttempted = true;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects with the signal's reason if it aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.syncWaiters = this.syncWaiters.filter((waiter) => waiter !== done);
        reject(abortError(signal));
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Replaces the store's contents and records the sync; `lastSyncResourceVersion` moves to
   * `resourceVersion` unless `keepResourceVersion` (before anyone hears of the sync). Uses the
   * store's staged `replaceAsync` when it has one, so a large replace does not hold the event loop;
   * otherwise `replace`, after a turn of the event loop when the items are many. Resolves `false`,
   * having recorded nothing, when `signal` aborts first: no store call follows an abort.
   */
  async replaceStore(
    items: T[],
    resourceVersion: string,
    source: 'list' | 'watch-list',
    signal: AbortSignal,
    keepResourceVersion = false,
  ): Promise<boolean> {
    const store = this.options.store;
    if (typeof store.replaceAsync === 'function') {
      if (aborted(signal)) return false;
      try {
        await store.replaceAsync(items, resourceVersion, { signal });
      } catch (err) {
        if (aborted(signal)) return false;
        throw storeFailed(this.name, 'replaceAsync', err);
      }
    } else {
      await turnBeforeReplace(items.length);
      if (aborted(signal)) return false;
      this.callStore('replace', () => {
        store.replace(items, resourceVersion);
      });
    }
    if (aborted(signal)) return false;
    if (!keepResourceVersion) this.lastSyncResourceVersion = resourceVersion;
    this.markSynced(source, resourceVersion, items.length);
    return true;
  }

  /** Marks the store as holding a complete snapshot. */
  markSynced(source: 'list' | 'watch-list', resourceVersion: string, items: number): void {
    this.emit({ type: 'sync', reflector: this.name, source, resourceVersion, items });
    if (this.synced) return;
    this.synced = true;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Runs a store method; a throw becomes a `StoreFailed` error. */
  callStore(method: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      throw storeFailed(this.name, method, err);
    }
  }

  /** Makes an object self-describing and applies `transform`; a throwing transform becomes `TransformFailed`. */
  prepare(obj: T): T {
    const type = this.knownType;
    if (type !== undefined && (obj.kind === undefined || obj.apiVersion === undefined)) fillTypeMeta(obj, type);
    const transform = this.options.transform;
    if (transform === undefined) return obj;
    try {
      return transform(obj);
    } catch (err) {
      throw new ReflectorError('TransformFailed', this.name, `transform threw on ${describeObject(obj)}: ${describeError(err)}`, {
        cause: err,
      });
    }
  }

  /** Waits the next backoff step (at least `minMs`), reporting it; returns early on abort. */
  async backoffWait(reason: BackoffReason, signal: AbortSignal, minMs?: number): Promise<void> {
    const waitMs = Math.max(this.backoff.next(), minMs ?? 0);
    this.emit({ type: 'backoff', reflector: this.name, reason, waitMs });
    await sleep(waitMs, signal);
  }

  /**
   * Opens a watch whose connection closes when `signal` aborts or the returned watch is closed.
   * Resolves `undefined` when `signal` aborts first; rejects with the ListerWatcher's error.
   */
  async openWatch(options: WatchOptions, signal: AbortSignal): Promise<ActiveWatch<T> | undefined> {
    this.emit({
      type: 'watch-start',
      reflector: this.name,
      resourceVersion: options.resourceVersion ?? '',
      timeoutSeconds: options.timeoutSeconds ?? 0,
      sendInitialEvents: options.sendInitialEvents === true,
    });
    // Until the stream is open, the parent's abort aborts the request; then the stream closes itself.
    const { controller, dispose } = childController(signal);
    const opening = this.options.listerWatcher.watch(options, controller.signal);
    let iterable: AsyncIterable<unknown> | undefined;
    try {
      iterable = await unlessAborted(opening, signal);
    } catch (err) {
      dispose();
      controller.abort();
      throw err;
    }
    if (iterable === undefined) {
      dispose();
      controller.abort();
      // A ListerWatcher that ignored the abort may still hand a stream over: close it then.
      opening.then((late) => {
        try {
          void Promise.resolve(late[Symbol.asyncIterator]().return?.()).catch(ignore);
        } catch {
          // Not a well-formed stream; nothing more to close.
        }
      }, ignore);
      return undefined;
    }
    dispose();
    let iterator: AsyncIterator<never>;
    try {
      iterator = (iterable as AsyncIterable<never>)[Symbol.asyncIterator]();
    } catch (err) {
      controller.abort();
      throw err;
    }
    return new ActiveWatch<T>(iterator, controller, signal);
  }

  /** Reports the end of a watch. */
  watchEnded(reason: WatchEndReason, events: number, startedAt: number, error?: unknown): void {
    this.emit({
      type: 'watch-end',
      reflector: this.name,
      reason,
      events,
      durationMs: now() - startedAt,
      resourceVersion: this.lastSyncResourceVersion,
      ...(error === undefined ? {} : { error }),
    });
  }
}

function storeFailed(name: string, method: string, err: unknown): ReflectorError {
  return new ReflectorError('StoreFailed', name, `store.${method}() threw: ${describeError(err)}; the reflector relists`, {
    cause: err,
  });
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  // The signal's own reason when it is an error (a DOMException named AbortError by default).
  return reason instanceof Error ? reason : new DOMException(reason === undefined ? 'This operation was aborted' : describeError(reason), 'AbortError');
}

/** `namespace/name` of an object, for messages. */
function describeObject(obj: unknown): string {
  if (typeof obj !== 'object' || obj === null) return String(obj);
  const meta = (obj as KubeObject).metadata;
  const name = meta?.name ?? '<unnamed>';
  const kind = (obj as KubeObject).kind ?? 'object';
  return meta?.namespace === undefined || meta.namespace === '' ? `${kind} ${name}` : `${kind} ${meta.namespace}/${name}`;
}
