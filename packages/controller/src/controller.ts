import type { HandlerRegistration, ResourceEventHandler } from '@kcache/informer';
import { deletionHandlingMetaNamespaceKeyFunc, type DeletedFinalStateUnknown, type KubeObject } from '@kcache/store';
import { createWorkQueue, defaultControllerRateLimiter, type WorkQueue } from '@kcache/workqueue';
import { ControllerError } from './errors.js';
import { describe, messageOf } from './internal/describe.js';
import { Emitter } from '@kcache/emitter';
import { isAbortOf, readResult } from './internal/result.js';
import type {
  Controller,
  ControllerEvent,
  ControllerEventType,
  ControllerInformer,
  ControllerOptions,
  EnqueueContext,
  EnqueueKeys,
  InformerSource,
} from './types.js';

const NO_KEYS: readonly string[] = Object.freeze([]);

/** One informer as the controller uses it: its mapping and filter resolved. */
interface Source {
  informer: ControllerInformer;
  /** `undefined`: the object's own key (the fast path). */
  enqueue: ((obj: KubeObject | DeletedFinalStateUnknown<KubeObject>, context: EnqueueContext) => EnqueueKeys) | undefined;
  filter: ((obj: KubeObject) => boolean) | undefined;
}

/**
 * Creates a controller: client-go's informers → rate-limited work queue → workers → reconcile
 * loop, done once. Notifications of the informers become keys in the queue (the object's own key
 * by default, or what an enqueue function maps it to); `run` waits for the caches, then `workers`
 * loops take keys and call `reconcile`. Success forgets the key's failures; `{ requeueAfterMs }`
 * comes back later; a throw retries with exponential backoff and reports an `error` event. A key
 * is never reconciled by two workers at once, and a key changed during its reconcile is reconciled
 * again afterwards.
 *
 * @throws {ControllerError} code `InvalidOptions` when an option is missing or out of range.
 * @example
 * ```ts
 * import { KubeConfig, type V1Deployment } from '@kubernetes/client-node';
 * import { createInformerFactory } from '@kcache/informer';
 * import { createController } from '@kcache/controller';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * const factory = createInformerFactory(kubeConfig, { namespace: 'default' });
 * const deployments = factory.informerFor<V1Deployment>({ apiVersion: 'apps/v1', resource: 'deployments' });
 * const controller = createController({
 *   name: 'deployments',
 *   informers: [deployments],
 *   workers: 2,
 *   reconcile: async (key, signal) => {
 *     const deployment = deployments.indexer.getByKey(key);
 *     if (deployment === undefined) return; // deleted
 *     // …compare with the desired state and write, passing `signal` to requests
 *   },
 * });
 * const stop = new AbortController();
 * factory.start(stop.signal);
 * await controller.run(stop.signal); // until stop.abort()
 * ```
 */
export function createController(options: ControllerOptions): Controller {
  return new ControllerImpl(options);
}

class ControllerImpl implements Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #sources: readonly Source[];
  readonly #reconcile: ControllerOptions['reconcile'];
  readonly #workers: number;
  readonly #emitter: Emitter<ControllerEvent>;
  #started = false;
  #synced = false;
  /** The delay of the last `retry` event of the queue: `addRateLimited` reports its delay only there. */
  #lastRetryDelay: number | undefined;

  constructor(options: ControllerOptions) {
    // Checked at run time too: callers from JavaScript get a clear message, not a TypeError later.
    const o = options as Partial<ControllerOptions> | undefined ?? {};
    const name = o.name;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ControllerError('InvalidOptions', `createController: name must be a non-empty string, got ${describe(name)}`);
    }
    this.name = name;
    const fail = (message: string): never => {
      throw new ControllerError('InvalidOptions', message, { controller: name });
    };
    const reconcile = o.reconcile;
    if (typeof reconcile !== 'function') {
      throw new ControllerError('InvalidOptions', `reconcile must be a function (key, signal) => Promise<…>, got ${describe(reconcile)}`, { controller: name });
    }
    if (o.enqueue !== undefined && typeof o.enqueue !== 'function') fail(`enqueue must be a function (obj, context) => keys, got ${describe(o.enqueue)}`);
    const workers = o.workers ?? 1;
    if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) fail(`workers must be a whole number ≥ 1, got ${describe(workers)}`);
    if (!Array.isArray(o.informers)) fail(`informers must be an array of informers (or { informer, enqueue } sources), got ${describe(o.informers)}`);
    const sources = (o.informers as readonly unknown[]).map((entry, i) => toSource(entry, i, o.enqueue, fail));
    if (o.queue !== undefined) {
      const q = o.queue as Partial<WorkQueue> | null;
      for (const method of ['add', 'addAfter', 'addRateLimited', 'forget', 'numRequeues', 'get', 'done', 'shutDown', 'shutDownWithDrain', 'on'] as const) {
        if (typeof q?.[method] !== 'function') fail(`queue must be a WorkQueue (createWorkQueue() from @kcache/workqueue); it has no ${method}() method`);
      }
    }
    this.#reconcile = reconcile.bind(o);
    this.#workers = workers;
    this.#sources = sources;
    this.queue = o.queue ?? createWorkQueue({ name, rateLimiter: defaultControllerRateLimiter() });
    const onListenerError = o.onListenerError ?? ((err: unknown) => {
      console.warn(`[kcache] ${messageOf(err)}`);
    });
    this.#emitter = new Emitter<ControllerEvent>(
      (err, event) => {
        onListenerError(new ControllerError('ListenerFailed', `a listener of "${event.type}" threw: ${messageOf(err)}`, { controller: name, cause: err }));
      },
      ['started', 'synced', 'reconcile', 'error', 'requeue', 'stopped'],
    );
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  on(type: ControllerEventType | '*', listener: (event: never) => void): () => void {
    return this.#emitter.on(type, listener as (event: ControllerEvent) => void);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.#started) {
      throw new ControllerError('AlreadyStarted', 'run() was called a second time; a controller runs once (its queue is shut down when run ends): create a new one', { controller: this.name });
    }
    this.#started = true;
    // Aborted when `signal` aborts, or when the caches cannot sync: the signal every wait and every reconcile gets.
    const stop = new AbortController();
    const onAbort = (): void => {
      stop.abort(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const registrations: HandlerRegistration[] = [];
    const removeHandlers = (): void => {
      for (const registration of registrations.splice(0)) registration.remove();
    };
    // Abort stops the flow of keys at once: handlers go, the queue drops what waits and ignores adds.
    stop.signal.addEventListener('abort', () => {
      removeHandlers();
      this.queue.shutDown();
    }, { once: true });
    const offRetry = this.queue.on('retry', (event) => {
      this.#lastRetryDelay = event.delayMs;
    });
    try {
      if (stop.signal.aborted) return;
      try {
        for (const source of this.#sources) registrations.push(this.#register(source));
      } catch (err) {
        throw new ControllerError('CacheSyncFailed', `could not add a handler to an informer: ${messageOf(err)}`, { controller: this.name, cause: err });
      }
      if (this.#emitter.wanted.started) {
        this.#emit({ type: 'started', controller: this.name, workers: this.#workers, informers: this.#sources.map((s) => s.informer.name) });
      }
      const waitStarted = performance.now();
      if (!(await this.#waitForSync(registrations, stop))) return;
      this.#synced = true;
      if (this.#emitter.wanted.synced) this.#emit({ type: 'synced', controller: this.name, durationMs: performance.now() - waitStarted });
      const workers: Promise<void>[] = [];
      for (let i = 0; i < this.#workers; i++) workers.push(this.#worker(i, stop.signal));
      await Promise.all(workers);
    } finally {
      signal.removeEventListener('abort', onAbort);
      removeHandlers();
      // The workers have finished their keys; anyone else holding one (a user calling get()) is waited for.
      await this.queue.shutDownWithDrain();
      offRetry();
      if (this.#emitter.wanted.stopped) this.#emit({ type: 'stopped', controller: this.name, synced: this.#synced });
    }
  }

  /** Waits for every informer and every registration; false when `stop` aborted first. */
  async #waitForSync(registrations: readonly HandlerRegistration[], stop: AbortController): Promise<boolean> {
    const waits: Promise<void>[] = [];
    for (const source of this.#sources) waits.push(source.informer.waitForSync(stop.signal));
    for (const registration of registrations) waits.push(registration.waitForSync(stop.signal));
    try {
      await Promise.all(waits);
      return true;
    } catch (err) {
      if (stop.signal.aborted) return false;
      // Release the other waits before reporting.
      stop.abort(err);
      throw new ControllerError('CacheSyncFailed', `an informer stopped before its cache synced: ${messageOf(err)}`, { controller: this.name, cause: err });
    }
  }

  #register(source: Source): HandlerRegistration {
    const informer = source.informer.name;
    const add: EnqueueContext = Object.freeze({ type: 'add', informer });
    const update: EnqueueContext = Object.freeze({ type: 'update', informer });
    const del: EnqueueContext = Object.freeze({ type: 'delete', informer });
    const map = source.enqueue;
    let handler: ResourceEventHandler<KubeObject>;
    if (map === undefined) {
      // The object's own key: old and new objects of an update share it.
      handler = {
        onAdd: (obj) => { this.#enqueueOwnKey(obj, informer); },
        onUpdate: (_old, obj) => { this.#enqueueOwnKey(obj, informer); },
        onDelete: (obj) => { this.#enqueueOwnKey(obj, informer); },
      };
    } else {
      handler = {
        onAdd: (obj) => { this.#enqueueMapped(map, obj, add); },
        onUpdate: (old, obj) => {
          if (old === obj) {
            this.#enqueueMapped(map, obj, update);
            return;
          }
          // Both states, each key once: adding a key twice could hand it to a worker and then mark
          // it dirty, for a second reconcile that has nothing new to see.
          const keys = this.#mapKeys(map, obj, update);
          const oldKeys = this.#mapKeys(map, old, update);
          for (const key of keys) this.queue.add(key);
          for (const key of oldKeys) if (!keys.includes(key)) this.queue.add(key);
        },
        onDelete: (obj) => { this.#enqueueMapped(map, obj, del); },
      };
    }
    return source.informer.addEventHandler(handler, { name: this.name, ...(source.filter === undefined ? {} : { filter: source.filter }) });
  }

  #enqueueOwnKey(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>, informer: string): void {
    let key: string;
    try {
      key = deletionHandlingMetaNamespaceKeyFunc(obj);
    } catch (err) {
      this.#enqueueFailed(informer, new ControllerError('EnqueueFailed', `no key for an object of ${informer}: ${messageOf(err)}`, { controller: this.name, cause: err }));
      return;
    }
    this.queue.add(key);
  }

  #enqueueMapped(
    map: NonNullable<Source['enqueue']>,
    obj: KubeObject | DeletedFinalStateUnknown<KubeObject>,
    context: EnqueueContext,
  ): void {
    for (const key of this.#mapKeys(map, obj, context)) this.queue.add(key);
  }

  /** The valid keys `map` gives for `obj`; what fails is reported, never thrown into the informer. */
  #mapKeys(
    map: NonNullable<Source['enqueue']>,
    obj: KubeObject | DeletedFinalStateUnknown<KubeObject>,
    context: EnqueueContext,
  ): readonly string[] {
    let keys: EnqueueKeys;
    try {
      keys = map(obj, context);
    } catch (err) {
      this.#enqueueFailed(context.informer, new ControllerError('EnqueueFailed', `the enqueue function of ${context.informer} threw on ${context.type}: ${messageOf(err)}`, { controller: this.name, cause: err }));
      return NO_KEYS;
    }
    if (keys === undefined || keys === null) return NO_KEYS;
    if (typeof keys === 'string') keys = [keys];
    if (!Array.isArray(keys)) {
      this.#enqueueFailed(context.informer, new ControllerError('InvalidKey', `the enqueue function of ${context.informer} returned ${describe(keys)}; return a key, an array of keys, or undefined`, { controller: this.name }));
      return NO_KEYS;
    }
    let valid: readonly string[] = keys;
    for (const key of keys as readonly unknown[]) {
      if (typeof key === 'string' && key !== '') continue;
      this.#enqueueFailed(context.informer, new ControllerError('InvalidKey', `the enqueue function of ${context.informer} returned the key ${describe(key)}; keys are non-empty strings such as "namespace/name"`, { controller: this.name }));
      valid = valid.filter((k) => typeof k === 'string' && k !== '');
      break;
    }
    return valid;
  }

  #enqueueFailed(informer: string, error: ControllerError): void {
    if (!this.#emitter.wanted.error) {
      console.warn(`[kcache] ${error.message}`);
      return;
    }
    this.#emit({ type: 'error', controller: this.name, phase: 'enqueue', key: undefined, informer, error, numRequeues: 0 });
  }

  async #worker(worker: number, signal: AbortSignal): Promise<void> {
    const queue = this.queue;
    for (;;) {
      const key = await queue.get(signal);
      if (key === undefined) return; // aborted, or the queue was shut down
      try {
        await this.#process(key, worker, signal);
      } finally {
        queue.done(key);
      }
    }
  }

  async #process(key: string, worker: number, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    let value: unknown;
    try {
      value = await this.#reconcile(key, signal);
    } catch (err) {
      const durationMs = performance.now() - started;
      if (signal.aborted && isAbortOf(err, signal)) {
        this.#reconciled(key, worker, durationMs, 'aborted');
        return;
      }
      this.#failed(key, worker, durationMs, err);
      return;
    }
    const durationMs = performance.now() - started;
    const result = readResult(value);
    if (result.kind === 'invalid') {
      this.#failed(key, worker, durationMs, new ControllerError('InvalidResult', `reconcile("${key}") resolved with ${result.what}; resolve with nothing, { requeueAfterMs: number ≥ 0 } or { requeue: true }`, { controller: this.name }));
      return;
    }
    const queue = this.queue;
    if (result.kind === 'requeue') {
      const delayMs = this.#addRateLimited(key);
      this.#reconciled(key, worker, durationMs, 'requeue');
      if (this.#emitter.wanted.requeue) this.#emit({ type: 'requeue', controller: this.name, key, reason: 'rate-limited', delayMs, numRequeues: queue.numRequeues(key) });
      return;
    }
    queue.forget(key);
    if (result.kind === 'done') {
      this.#reconciled(key, worker, durationMs, 'success');
      return;
    }
    queue.addAfter(key, result.delayMs);
    this.#reconciled(key, worker, durationMs, 'requeue-after', result.delayMs);
    if (this.#emitter.wanted.requeue) this.#emit({ type: 'requeue', controller: this.name, key, reason: 'requeue-after', delayMs: result.delayMs, numRequeues: 0 });
  }

  #failed(key: string, worker: number, durationMs: number, error: unknown): void {
    let delayMs: number | undefined;
    let requeueError: unknown;
    try {
      delayMs = this.#addRateLimited(key);
    } catch (err) {
      // A rate limiter that returned an invalid delay: retry at once rather than lose the key.
      requeueError = err;
      this.queue.add(key);
    }
    this.#reconciled(key, worker, durationMs, 'error');
    const numRequeues = this.queue.numRequeues(key);
    if (this.#emitter.wanted.error) {
      this.#emit({ type: 'error', controller: this.name, phase: 'reconcile', key, error, numRequeues });
      if (requeueError !== undefined) this.#emit({ type: 'error', controller: this.name, phase: 'reconcile', key, error: requeueError, numRequeues });
    } else {
      console.warn(`[kcache] ${this.name}: reconcile("${key}") failed (attempt ${String(numRequeues)}): ${messageOf(error)}`);
    }
    if (this.#emitter.wanted.requeue) this.#emit({ type: 'requeue', controller: this.name, key, reason: 'rate-limited', delayMs, numRequeues });
  }

  /** `addRateLimited`, returning the delay the queue reported (undefined once shut down). */
  #addRateLimited(key: string): number | undefined {
    this.#lastRetryDelay = undefined;
    this.queue.addRateLimited(key);
    const delayMs = this.#lastRetryDelay;
    this.#lastRetryDelay = undefined;
    return delayMs;
  }

  #reconciled(key: string, worker: number, durationMs: number, result: 'success' | 'requeue-after' | 'requeue' | 'error' | 'aborted', requeueAfterMs?: number): void {
    if (!this.#emitter.wanted.reconcile) return;
    this.#emit({
      type: 'reconcile',
      controller: this.name,
      key,
      worker,
      durationMs,
      result,
      ...(requeueAfterMs === undefined ? {} : { requeueAfterMs }),
    });
  }

  #emit(event: ControllerEvent): void {
    this.#emitter.emit(event);
  }
}

/** Validates one entry of `informers` and resolves its mapping. */
function toSource(
  entry: unknown,
  index: number,
  defaultEnqueue: ControllerOptions['enqueue'],
  fail: (message: string) => never,
): Source {
  if (isInformer(entry)) return { informer: entry, enqueue: defaultEnqueue, filter: undefined };
  const source = entry as Partial<InformerSource> | null | undefined;
  if (typeof source !== 'object' || source === null || !isInformer(source.informer)) {
    return fail(`informers[${String(index)}] must be an informer (with addEventHandler and waitForSync) or { informer, enqueue? }, got ${describe(entry)}`);
  }
  if (source.enqueue !== undefined && typeof source.enqueue !== 'function') fail(`informers[${String(index)}].enqueue must be a function`);
  if (source.filter !== undefined && typeof source.filter !== 'function') fail(`informers[${String(index)}].filter must be a function`);
  return {
    informer: source.informer,
    enqueue: source.enqueue === undefined ? defaultEnqueue : source.enqueue.bind(source),
    filter: source.filter === undefined ? undefined : source.filter.bind(source),
  };
}

function isInformer(value: unknown): value is ControllerInformer {
  const v = value as Partial<ControllerInformer> | null | undefined;
  return typeof v === 'object' && v !== null && typeof v.addEventHandler === 'function' && typeof v.waitForSync === 'function';
}
