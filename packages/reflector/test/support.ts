import { ApiError, type ObjectList, type Status, type WatchEvent } from '@kcache/listwatch';
import { createStore, type KubeObject, type Store } from '@kcache/store';

export interface Pod extends KubeObject {
  spec?: { nodeName?: string; activeDeadlineSeconds?: number };
  metadata?: KubeObject['metadata'] & { managedFields?: unknown[] };
}

/** A pod as a watch event carries it (with apiVersion and kind). */
export function pod(name: string, resourceVersion: string, namespace = 'ns'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, resourceVersion, uid: `uid-${name}` } };
}

/** A pod as a list item from a real server (without apiVersion and kind). */
export function bare(name: string, resourceVersion: string, namespace = 'ns'): Pod {
  return { metadata: { name, namespace, resourceVersion, uid: `uid-${name}` } };
}

export function podList(resourceVersion: string, items: Pod[], continueToken?: string): ObjectList<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'PodList',
    metadata: continueToken === undefined ? { resourceVersion } : { resourceVersion, continue: continueToken },
    items,
  };
}

export function added(p: Pod): WatchEvent<Pod> {
  return { type: 'ADDED', object: p };
}
export function modified(p: Pod): WatchEvent<Pod> {
  return { type: 'MODIFIED', object: p };
}
export function deleted(p: Pod): WatchEvent<Pod> {
  return { type: 'DELETED', object: p };
}

/** A BOOKMARK; with `initialEventsEnd` it is the one that ends a streaming list's initial events. */
export function bookmark(resourceVersion: string, initialEventsEnd?: boolean | 'false'): WatchEvent<Pod> {
  const annotations =
    initialEventsEnd === undefined || initialEventsEnd === false
      ? undefined
      : { 'k8s.io/initial-events-end': initialEventsEnd === true ? 'true' : 'false' };
  return {
    type: 'BOOKMARK',
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion, ...(annotations === undefined ? {} : { annotations }) } },
  };
}

export function status(code: number, reason: string, message: string = reason, extra: Partial<Status> = {}): Status {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, metadata: {}, ...extra };
}

export function errorEvent(code: number, reason: string, message: string = reason): WatchEvent<Pod> {
  return { type: 'ERROR', object: status(code, reason, message) };
}

export function expiredError(): ApiError {
  return new ApiError(status(410, 'Expired', 'too old resource version: 1 (10)'));
}

export function tooManyRequestsError(retryAfterSeconds?: number): ApiError {
  return new ApiError(
    status(429, 'TooManyRequests', 'too many requests', retryAfterSeconds === undefined ? {} : { details: { retryAfterSeconds } }),
    retryAfterSeconds === undefined ? undefined : { retryAfterSeconds },
  );
}

export function internalError(): ApiError {
  return new ApiError(status(500, 'InternalError', 'etcdserver: no leader'));
}

export function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
}

/** A store that records every call, to check what reached it and when. */
export interface RecordingStore extends Store<Pod> {
  readonly ops: string[];
}

export function recordingStore(): RecordingStore {
  const inner = createStore<Pod>();
  const ops: string[] = [];
  const rv = (p: Pod): string => `${p.metadata?.name ?? '?'}@${p.metadata?.resourceVersion ?? '?'}`;
  return {
    ops,
    add: (p) => {
      ops.push(`add ${rv(p)}`);
      inner.add(p);
    },
    update: (p) => {
      ops.push(`update ${rv(p)}`);
      inner.update(p);
    },
    delete: (p) => {
      ops.push(`delete ${rv(p)}`);
      inner.delete(p);
    },
    replace: (items, resourceVersion) => {
      ops.push(`replace ${String(items.length)}@${resourceVersion}`);
      inner.replace(items, resourceVersion);
    },
    resync: () => {
      ops.push('resync');
      inner.resync();
    },
    list: () => inner.list(),
    listKeys: () => inner.listKeys(),
    get: (p) => inner.get(p),
    getByKey: (k) => inner.getByKey(k),
  };
}

/** `name@resourceVersion` of every object in the store, sorted. */
export function contents(store: Store<Pod>): string[] {
  return store
    .list()
    .map((p) => `${p.metadata?.name ?? '?'}@${p.metadata?.resourceVersion ?? '?'}`)
    .sort();
}

/** No waiting between cycles, for tests that count requests rather than time. */
export const NO_BACKOFF = { initialMs: 0, maxMs: 0, jitter: 0 } as const;

/** Collects the errors a reflector reports. */
export function errorLog(): { errors: unknown[]; onWatchError: (err: unknown) => void } {
  const errors: unknown[] = [];
  return { errors, onWatchError: (err) => errors.push(err) };
}

/** Lets pending promise callbacks and zero-delay timers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
