import type { KubeObject, Store } from '@kcache/store';
import { InvalidReflectorOptionsError, ReflectorError } from './errors.js';
import type { ActiveWatch } from './internal/active-watch.js';
import { aborted, unlessAborted } from './internal/abort.js';
import { DEFAULT_BACKOFF, type BackoffSettings } from './internal/backoff.js';
import { isExpiredError, isWatchListRejected } from './internal/classify.js';
import { describeError } from './internal/describe-error.js';
import { listPhase } from './internal/list-phase.js';
import { ReflectorRuntime, type ResolvedOptions } from './internal/runtime.js';
import { watchListPhase } from './internal/watch-list-phase.js';
import { watchLoop } from './internal/watch-loop.js';
import type {
  BackoffOptions,
  Reflector,
  ReflectorEvent,
  ReflectorEventType,
  ReflectorOptions,
} from './types.js';

/** client-go's `defaultMinWatchTimeout`: 5 minutes. */
const DEFAULT_MIN_WATCH_TIMEOUT_SECONDS = 300;

/**
 * Creates a reflector: it lists a resource, writes the result into a store, then watches it and
 * applies every change, recovering from expired resourceVersions, dropped watches, throttling and
 * restarts exactly as client-go's `cache.Reflector` does, with the same requests and timings.
 *
 * @throws {InvalidReflectorOptionsError} when an option is out of range.
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { createListWatch } from '@kcache/listwatch';
 * import { createIndexer, NAMESPACE_INDEX, metaNamespaceIndexFunc } from '@kcache/store';
 * import { createReflector } from '@kcache/reflector';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * const pods = createIndexer({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
 * const reflector = createReflector({
 *   listerWatcher: createListWatch(kubeConfig, { apiVersion: 'v1', resource: 'pods' }),
 *   store: pods,
 *   expectedType: { apiVersion: 'v1', kind: 'Pod' },
 * });
 * const stop = new AbortController();
 * void reflector.run(stop.signal);
 * await reflector.waitForSync();
 * console.log(pods.byIndex(NAMESPACE_INDEX, 'default').length);
 * stop.abort();
 * ```
 */
export function createReflector<T extends KubeObject>(options: ReflectorOptions<T>): Reflector<T> {
  return new ReflectorImpl(resolveOptions(options));
}

class ReflectorImpl<T extends KubeObject> implements Reflector<T> {
  private readonly rt: ReflectorRuntime<T>;
  private busy = false;

  constructor(options: ResolvedOptions<T>) {
    this.rt = new ReflectorRuntime(options);
  }

  get store(): Store<T> {
    return this.rt.options.store;
  }

  get name(): string {
    return this.rt.name;
  }

  get lastSyncResourceVersion(): string {
    return this.rt.lastSyncResourceVersion;
  }

  hasSynced(): boolean {
    return this.rt.hasSynced();
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    return this.rt.waitForSync(signal);
  }

  on(type: ReflectorEventType | '*', listener: (event: never) => void): () => void {
    return this.rt.emitter.on(type, listener as (event: ReflectorEvent) => void);
  }

  async run(signal: AbortSignal): Promise<void> {
    this.claim('run');
    try {
      while (!aborted(signal)) {
        try {
          await this.cycle(signal);
        } catch (err) {
          if (!aborted(signal)) this.rt.report(err);
        }
        if (aborted(signal)) break;
        await this.rt.backoffWait('cycle', signal);
      }
    } finally {
      this.busy = false;
    }
  }

  async listAndWatch(signal: AbortSignal): Promise<void> {
    this.claim('listAndWatch');
    try {
      await this.cycle(signal);
    } finally {
      this.busy = false;
    }
  }

  private claim(method: string): void {
    if (this.busy) {
      throw new ReflectorError('AlreadyRunning', this.rt.name, `${method}() was called while the reflector is already running; stop it first`);
    }
    this.busy = true;
  }

  /**
   * One list-and-watch cycle, returning as soon as `signal` aborts even if the ListerWatcher does
   * not honour its signal; the abandoned work then finds the signal aborted and touches nothing.
   */
  private async cycle(signal: AbortSignal): Promise<void> {
    await unlessAborted(this.listAndWatchOnce(signal), signal);
  }

  /** client-go's `ListAndWatch`: a streaming list (or a list), then the watch loop. */
  private async listAndWatchOnce(signal: AbortSignal): Promise<void> {
    const rt = this.rt;
    if (aborted(signal)) return;
    let handedOver: ActiveWatch<T> | undefined;
    let fallbackToList = !rt.options.useWatchList || rt.watchListUnsupported;
    if (!fallbackToList) {
      try {
        handedOver = await watchListPhase(rt, signal);
        if (handedOver === undefined) return;
      } catch (err) {
        if (aborted(signal)) return;
        if (isWatchListRejected(err)) rt.watchListUnsupported = true;
        rt.report(
          new ReflectorError(
            'WatchListFallback',
            rt.name,
            `streaming list failed (${describeError(err)}); falling back to list and watch${rt.watchListUnsupported ? ' from now on' : ' for this cycle'}`,
            { cause: err },
          ),
        );
        rt.relistReason = 'watch-list-fallback';
        fallbackToList = true;
      }
    }
    try {
      if (fallbackToList) {
        await listPhase(rt, signal);
        if (aborted(signal)) return;
      }
    } catch (err) {
      handedOver?.close();
      throw err;
    }
    await watchLoop(rt, handedOver, signal);
  }
}

function resolveOptions<T extends KubeObject>(options: ReflectorOptions<T>): ResolvedOptions<T> {
  const expectedType = options.expectedType;
  const name = options.name ?? (expectedType === undefined ? 'reflector' : `${expectedType.kind} reflector`);
  const fail = (message: string): never => {
    throw new InvalidReflectorOptionsError(name, message);
  };
  const lw = options.listerWatcher as Partial<ReflectorOptions<T>['listerWatcher']> | undefined;
  if (typeof lw?.list !== 'function' || typeof lw.watch !== 'function') {
    fail('listerWatcher must have list() and watch() methods (e.g. createListWatch(...) from @kcache/listwatch)');
  }
  const store = options.store as Partial<Store<T>> | undefined;
  for (const method of ['add', 'update', 'delete', 'replace', 'resync'] as const) {
    if (typeof store?.[method] !== 'function') fail(`store must have a ${method}() method (e.g. createStore() from @kcache/store)`);
  }
  if (expectedType !== undefined && (typeof expectedType.apiVersion !== 'string' || typeof expectedType.kind !== 'string')) {
    fail('expectedType needs string apiVersion and kind, e.g. { apiVersion: "v1", kind: "Pod" }');
  }
  const number = (key: string, value: number | undefined, fallback: number, check: (n: number) => boolean, rule: string): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) fail(`${key} must be ${rule}, got ${String(value)}`);
    return value;
  };
  const nonNegative = (n: number): boolean => n >= 0;
  const pageSize = options.pageSize;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize <= 0)) {
    fail(`pageSize must be a positive integer, got ${String(pageSize)}`);
  }
  if (options.transform !== undefined && typeof options.transform !== 'function') fail('transform must be a function');
  if (options.onWatchError !== undefined && typeof options.onWatchError !== 'function') fail('onWatchError must be a function');
  const backoff: BackoffOptions = options.backoff ?? {};
  const settings: BackoffSettings = {
    initialMs: number('backoff.initialMs', backoff.initialMs, DEFAULT_BACKOFF.initialMs, nonNegative, 'a number ≥ 0'),
    maxMs: number('backoff.maxMs', backoff.maxMs, DEFAULT_BACKOFF.maxMs, nonNegative, 'a number ≥ 0'),
    factor: number('backoff.factor', backoff.factor, DEFAULT_BACKOFF.factor, (n) => n >= 1, 'a number ≥ 1'),
    jitter: number('backoff.jitter', backoff.jitter, DEFAULT_BACKOFF.jitter, nonNegative, 'a number ≥ 0'),
    resetAfterMs: number('backoff.resetAfterMs', backoff.resetAfterMs, DEFAULT_BACKOFF.resetAfterMs, nonNegative, 'a number ≥ 0'),
  };
  return {
    listerWatcher: options.listerWatcher,
    store: options.store,
    name,
    expectedType,
    resyncPeriodMs: number('resyncPeriodMs', options.resyncPeriodMs, 0, nonNegative, 'a number ≥ 0'),
    pageSize,
    useWatchList: options.useWatchList ?? true,
    minWatchTimeoutSeconds: number(
      'minWatchTimeoutSeconds',
      options.minWatchTimeoutSeconds,
      DEFAULT_MIN_WATCH_TIMEOUT_SECONDS,
      (n) => n >= 1,
      'a number ≥ 1',
    ),
    backoff: settings,
    maxInternalErrorRetryMs: number('maxInternalErrorRetryMs', options.maxInternalErrorRetryMs, 0, nonNegative, 'a number ≥ 0'),
    onWatchError: options.onWatchError ?? defaultWatchErrorHandler,
    transform: options.transform,
  };
}

/**
 * Like client-go's `DefaultWatchErrorHandler`: an expired resourceVersion is routine and stays
 * quiet; anything else is worth a line.
 */
function defaultWatchErrorHandler(err: unknown): void {
  const cause = err instanceof ReflectorError ? err.cause : err;
  if (isExpiredError(cause)) return;
  console.warn(`[kcache] ${describeError(err)}`);
}
