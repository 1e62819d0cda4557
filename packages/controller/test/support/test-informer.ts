// An informer a test drives by hand: it delivers notifications synchronously to the handlers
// registered on it, and the test decides when the cache and each registration count as synced.
import type { HandlerOptions, HandlerRegistration, ResourceEventHandler } from '@kcache/informer';
import type { DeletedFinalStateUnknown, KubeObject } from '@kcache/store';
import type { ControllerInformer } from '../../src/index.js';

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

class Gate {
  open = false;
  private waiters: Waiter[] = [];

  wait(signal?: AbortSignal): Promise<void> {
    if (this.open) return Promise.resolve();
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err as Error); // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion
        },
      };
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(): void {
    this.open = true;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  fail(err: unknown): void {
    for (const w of this.waiters.splice(0)) w.reject(err);
  }
}

export interface TestRegistration extends HandlerRegistration {
  readonly options: HandlerOptions<KubeObject>;
  /** Marks this registration as having had its initial list. */
  markSynced(): void;
}

export class TestInformer<T extends KubeObject = KubeObject> implements ControllerInformer<T> {
  readonly registrations: TestRegistration[] = [];
  private readonly handlers = new Map<TestRegistration, ResourceEventHandler<T>>();
  private readonly cache = new Gate();
  /** When true (default), a registration counts as synced as soon as the informer does. */
  autoSyncHandlers = true;

  constructor(readonly name = 'test-informer') {}

  get liveHandlers(): number {
    return this.handlers.size;
  }

  addEventHandler(handler: ResourceEventHandler<T>, options: HandlerOptions<T> = {}): HandlerRegistration {
    const gate = new Gate();
    const handlers = this.handlers;
    let removed = false;
    const registration: TestRegistration = {
      name: options.name ?? 'handler',
      options: options as HandlerOptions<KubeObject>,
      pending: 0,
      resyncPeriodMs: 0,
      get removed() {
        return removed;
      },
      hasSynced: () => gate.open && this.cache.open,
      waitForSync: (signal) => gate.wait(signal).then(() => this.cache.wait(signal)),
      remove: () => {
        removed = true;
        handlers.delete(registration);
      },
      markSynced: () => {
        gate.release();
      },
    };
    this.registrations.push(registration);
    handlers.set(registration, handler);
    if (this.autoSyncHandlers && this.cache.open) gate.release();
    return registration;
  }

  hasSynced(): boolean {
    return this.cache.open;
  }

  waitForSync(signal?: AbortSignal): Promise<void> {
    return this.cache.wait(signal);
  }

  /** The cache has synced; with `autoSyncHandlers`, so has every registration. */
  markSynced(): void {
    this.cache.release();
    if (this.autoSyncHandlers) for (const r of this.registrations) r.markSynced();
  }

  /** The informer stopped before it synced. */
  stopUnsynced(err: unknown = new Error('the informer stopped before it synced')): void {
    this.cache.fail(err);
  }

  add(obj: T, isInInitialList = false): void {
    for (const [r, h] of this.handlers) if (this.passes(r, obj)) void h.onAdd?.(obj, isInInitialList);
  }

  update(oldObj: T, newObj: T): void {
    for (const [r, h] of this.handlers) if (this.passes(r, newObj)) void h.onUpdate?.(oldObj, newObj);
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    for (const [, h] of this.handlers) void h.onDelete?.(obj);
  }

  private passes(r: TestRegistration, obj: T): boolean {
    return r.options.filter === undefined || r.options.filter(obj);
  }
}

/** A namespaced object, optionally with owner references. */
export function obj(
  namespace: string,
  name: string,
  extra: { resourceVersion?: string; owners?: { kind: string; name: string; apiVersion?: string; controller?: boolean }[]; labels?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Thing',
    metadata: {
      name,
      namespace,
      resourceVersion: extra.resourceVersion ?? '1',
      ...(extra.labels === undefined ? {} : { labels: extra.labels }),
      ...(extra.owners === undefined
        ? {}
        : {
            ownerReferences: extra.owners.map((o) => ({
              apiVersion: o.apiVersion ?? 'apps/v1',
              kind: o.kind,
              name: o.name,
              uid: `uid-${o.name}`,
              ...(o.controller === undefined ? {} : { controller: o.controller }),
            })),
          }),
    },
  };
}

/** A promise and its resolve function. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
