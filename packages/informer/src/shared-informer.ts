import { createReflector, type Reflector } from '@kcache/reflector';
import { createIndexer, metaNamespaceIndexFunc, NAMESPACE_INDEX, type Indexer, type Indexers, type KubeObject } from '@kcache/store';
import { InformerError } from './errors.js';
import { SyncWaiters } from './internal/sync-waiters.js';
import { Emitter } from '@kcache/emitter';
import { createEventStream } from './internal/event-stream.js';
import { InformerStore } from './internal/informer-store.js';
import { handlerSink, Listener, type Sink } from './internal/listener.js';
import { Processor } from './internal/processor.js';
import { effectiveResyncPeriod, MINIMUM_RESYNC_PERIOD_MS } from './resync.js';
import { createLister } from './lister.js';
import type {
  EventsOptions,
  HandlerOptions,
  HandlerRegistration,
  InformerEvent,
  InformerStatusEvent,
  InformerStatusEventType,
  Lister,
  ResourceEventHandler,
  SharedInformer,
  SharedInformerOptions,
} from './types.js';

/**
 * Creates a shared informer: a cache of one kind of object kept in step with the API server by a
 * reflector, and notifications of every change — in order, with the old object on update, and
 * with tombstones for deletions learnt from a relist — to any number of handlers, each with its
 * own buffer. client-go's `SharedIndexInformer` with its in-order queue (`RealFIFO`).
 *
 * @throws {InformerError} code `InvalidOptions` when an option is out of range.
 * @example
 * ```ts
 * import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
 * import { createListWatch } from '@kcache/listwatch';
 * import { createSharedInformer } from '@kcache/informer';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * const pods = createSharedInformer<V1Pod>({
 *   listerWatcher: createListWatch(kubeConfig, { apiVersion: 'v1', resource: 'pods' }),
 * });
 * pods.addEventHandler({
 *   onAdd: (pod) => console.log('added', pod.metadata?.name),
 *   onUpdate: (old, pod) => console.log('updated', pod.metadata?.name, old.metadata?.resourceVersion),
 *   onDelete: (pod) => console.log('deleted', pod),
 * });
 * const stop = new AbortController();
 * const running = pods.run(stop.signal);
 * await pods.waitForSync();
 * stop.abort();
 * await running;
 * ```
 */
export function createSharedInformer<T extends KubeObject>(options: SharedInformerOptions<T>): SharedInformer<T> {
  return new SharedInformerImpl(options);
}

class SharedInformerImpl<T extends KubeObject> implements SharedInformer<T> {
  readonly name: string;
  readonly indexer: Indexer<T>;
  readonly #options: SharedInformerOptions<T>;
  readonly #defaultResyncPeriodMs: number;
  readonly #emitter: Emitter<InformerStatusEvent<T>>;
  readonly #processor: Processor<T>;
  readonly #store: InformerStore<T>;
  #checkPeriodMs: number;
  #reflector: Reflector<T> | undefined;
  #started = false;
  #stopped = false;
  #handlers = 0;
  readonly #syncWaiters = new SyncWaiters();
  readonly #streamEnds = new Set<() => void>();

  constructor(options: SharedInformerOptions<T>) {
    this.name = options.name ?? options.expectedType?.kind ?? 'informer';
    const fail = (message: string): never => {
      throw new InformerError('InvalidOptions', `${this.name}: ${message}`);
    };
    if (typeof (options as Partial<SharedInformerOptions<T>> | undefined)?.listerWatcher?.list !== 'function') {
      fail('listerWatcher must have list() and watch() methods (e.g. createListWatch(...) from @kcache/listwatch)');
    }
    const resync = options.resyncPeriodMs ?? 0;
    if (typeof resync !== 'number' || !Number.isFinite(resync) || resync < 0) fail(`resyncPeriodMs must be a number ≥ 0, got ${String(resync)}`);
    if (options.transform !== undefined && typeof options.transform !== 'function') fail('transform must be a function');
    const indexers: Indexers<T> = { [NAMESPACE_INDEX]: metaNamespaceIndexFunc };
    for (const [name, fn] of Object.entries(options.indexers ?? {})) {
      if (name === NAMESPACE_INDEX) {
        if (fn !== metaNamespaceIndexFunc) fail(`the "${NAMESPACE_INDEX}" index is built in (by namespace); give your index another name`);
        continue;
      }
      Object.defineProperty(indexers, name, { value: fn, enumerable: true, writable: true, configurable: true });
    }
    this.#options = options;
    this.#defaultResyncPeriodMs = resync;
    this.#checkPeriodMs = resync;
    this.indexer = createIndexer<T>({ indexers });
    this.#emitter = new Emitter((err, event) => {
      const error = new InformerError('ListenerFailed', `${this.name}: a listener of "${event.type}" threw: ${messageOf(err)}`, { cause: err });
      // Never re-enter listeners for a failure of a listener of the error event itself.
      if (event.type === 'error') console.warn(`[kcache] ${error.message}`);
      else this.#emitter.emit({ type: 'error', reflector: this.name, error });
    });
    this.#processor = new Processor<T>((listener, notification, error) => {
      this.#handlerFailed(listener.name, notification, error);
    });
    this.#store = new InformerStore<T>(this.indexer, this.#processor, {
      synced: () => {
        this.#synced();
      },
      failed: (error) => {
        this.#emitter.emit({ type: 'error', reflector: this.name, error });
      },
    });
  }

  get lastSyncResourceVersion(): string {
    return this.#reflector?.lastSyncResourceVersion ?? '';
  }

  get resyncCheckPeriodMs(): number {
    return this.#checkPeriodMs;
  }

  hasSynced(): boolean {
    return this.#store.synced;
  }

  isStopped(): boolean {
    return this.#stopped;
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.#store.synced) return Promise.resolve();
    if (this.#stopped) return Promise.reject(this.#stoppedError());
    return this.#syncWaiters.wait(signal);
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  lister(): Lister<T> {
    return createLister(this.indexer);
  }

  on(type: InformerStatusEventType | '*', listener: (event: never) => void): () => void {
    return this.#emitter.on(type, listener as (event: InformerStatusEvent<T>) => void);
  }

  addEventHandler(handler: ResourceEventHandler<T>, options: HandlerOptions<T> = {}): HandlerRegistration {
    if (typeof handler !== 'object' || (handler as unknown) === null) {
      throw new InformerError('InvalidOptions', `${this.name}: a handler is an object with onAdd, onUpdate and/or onDelete methods`);
    }
    return this.#register(handlerSink(handler), options);
  }

  events(options: EventsOptions<T> = {}): AsyncIterable<InformerEvent<T>> {
    return createEventStream<T>({
      register: (sink) => this.#register(sink, options),
      signal: options.signal,
      onEnd: (end) => {
        this.#streamEnds.add(end);
        return () => this.#streamEnds.delete(end);
      },
    });
  }

  #register(sink: Sink<T>, options: HandlerOptions<T>): Listener<T> {
    if (this.#stopped) {
      throw new InformerError('Stopped', `${this.name}: the handler was not added because the informer has stopped`);
    }
    if (options.filter !== undefined && typeof options.filter !== 'function') {
      throw new InformerError('InvalidOptions', `${this.name}: filter must be a function`);
    }
    let requested = options.resyncPeriodMs ?? this.#defaultResyncPeriodMs;
    if (typeof requested !== 'number' || !Number.isFinite(requested) || requested < 0) {
      throw new InformerError('InvalidOptions', `${this.name}: resyncPeriodMs must be a number ≥ 0, got ${String(requested)}`);
    }
    const now = Date.now();
    // client-go's AddEventHandlerWithOptions: at least the minimum; below the check period, either
    // the check period comes down (before start) or the handler's period goes up (after).
    if (requested > 0) {
      if (requested < MINIMUM_RESYNC_PERIOD_MS) requested = MINIMUM_RESYNC_PERIOD_MS;
      if (this.#checkPeriodMs === 0 || requested < this.#checkPeriodMs) {
        if (!this.#started) {
          this.#checkPeriodMs = requested;
          for (const listener of this.#processor.listeners) {
            listener.setResyncPeriod(effectiveResyncPeriod(listener.requestedResyncPeriodMs, requested), now);
          }
        } else if (this.#checkPeriodMs > 0) {
          requested = this.#checkPeriodMs;
        }
      }
    }
    const listener = new Listener<T>({
      name: options.name ?? `handler-${String(++this.#handlers)}`,
      sink,
      filter: options.filter,
      host: this.#processor,
      requestedResyncPeriodMs: requested,
      resyncPeriodMs: effectiveResyncPeriod(requested, this.#checkPeriodMs),
      now,
    });
    if (this.#started) {
      // A late handler first hears of everything cached (as initial-list adds), then live changes:
      // notifications still queued in the informer will reach it like every other handler.
      for (const obj of this.indexer.list()) listener.offer({ type: 'add', object: obj, isInInitialList: true });
    }
    this.#processor.add(listener);
    if (this.#store.synced) listener.upstreamSynced();
    return listener;
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new InformerError('AlreadyStarted', `${this.name}: run() was called a second time; an informer runs once`);
    this.#started = true;
    const { listerWatcher, expectedType, transform } = this.#options;
    const tuning = this.#options.reflector ?? {};
    const reflector = createReflector<T>({
      ...tuning,
      listerWatcher,
      store: this.#store,
      name: this.name,
      ...(expectedType === undefined ? {} : { expectedType }),
      ...(transform === undefined ? {} : { transform }),
      resyncPeriodMs: this.#checkPeriodMs,
    });
    this.#reflector = reflector;
    reflector.on('*', (event) => {
      this.#emitter.emit(event);
    });
    try {
      await reflector.run(signal);
    } finally {
      // No store call happens after the reflector's run resolves: apply what was received, then
      // let every handler finish its buffer.
      this.#stopped = true;
      await this.#store.whenIdle();
      await this.#processor.whenIdle();
      this.#finishStop();
    }
  }

  #finishStop(): void {
    if (!this.#store.synced) this.#syncWaiters.rejectAll(this.#stoppedError());
    for (const listener of this.#processor.listeners) listener.upstreamStopped();
    for (const end of [...this.#streamEnds]) end();
    this.#streamEnds.clear();
  }

  #stoppedError(): InformerError {
    return new InformerError('Stopped', `${this.name}: the informer stopped before it synced`);
  }

  #synced(): void {
    this.#syncWaiters.resolveAll();
    for (const listener of this.#processor.listeners) listener.upstreamSynced();
  }

  #handlerFailed(handler: string, notification: InformerEvent<T>, error: unknown): void {
    if (!this.#emitter.hasListeners('handler-error')) {
      console.warn(`[kcache] ${this.name}: handler ${handler} failed on ${describeNotification(notification)}: ${messageOf(error)}`);
      return;
    }
    this.#emitter.emit({ type: 'handler-error', informer: this.name, handler, notification, error });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeNotification<T extends KubeObject>(n: InformerEvent<T>): string {
  const obj = n.object as KubeObject | { key: string };
  const what = 'key' in obj ? obj.key : `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? '?'}`;
  return `${n.type} ${what}`;
}
