import type { KubeConfig } from '@kubernetes/client-node';
import { ConnectionError, createListWatch, KubeConfigError } from '@kcache/listwatch';
import { createSharedInformer, type SharedInformer } from '@kcache/informer';
import { DeletedFinalStateUnknown, metaNamespaceKeyFunc, type Indexer, type KubeObject } from '@kcache/store';
import { CliError } from '../errors.js';
import { createConnectionTracker, type ConnectionTracker } from '../internal/connection-state.js';
import { countingListerWatcher, type CountingListerWatcher } from '../internal/counting-lister-watcher.js';
import { findApiError, trackHealth, type HealthTracker } from '../internal/reflector-health.js';
import type { ResolvedResource } from './resolve-resource.js';

/** What to mirror. */
export interface MirrorTarget {
  resource: ResolvedResource;
  /** Only this namespace (namespaced resources only). */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/** One change seen after the first sync. */
export interface RecentChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** The object's resourceVersion; for a deletion learnt from a relist, that of its last known state. */
  resourceVersion: string;
  at: number;
  /** True for a deletion the informer learnt from a relist (it happened while no watch was open). */
  fromRelist: boolean;
}

/** A running mirror: a shared informer (its cache is the indexed store), traffic counters, health and connection state. */
export interface MirrorSession {
  readonly informer: SharedInformer;
  /** The informer's cache. */
  readonly store: Indexer<KubeObject>;
  readonly traffic: CountingListerWatcher<KubeObject>;
  readonly tracker: HealthTracker;
  readonly connection: ConnectionTracker;
  /** The latest changes, newest last (at most 8). */
  readonly recent: readonly RecentChange[];
  /** Resolves at the first sync; rejects with a CliError at the first fatal error before it. */
  readonly synced: Promise<void>;
  /** Called with every change after the first sync. */
  onChange(listener: (change: RecentChange) => void): void;
  /** Stops the informer and waits for it. */
  stop(): Promise<void>;
}

const RECENT = 8;

/**
 * Turns an error the reflector reported before its first sync into a CliError when no retry can
 * fix it (credentials, permissions, a malformed selector, a missing resource), else undefined.
 */
function fatalBeforeSync(err: unknown, server: string): CliError | undefined {
  const api = findApiError(err);
  if (api !== undefined) {
    const message = api.status.message ?? api.message;
    switch (api.code) {
      case 401:
        return new CliError('Unauthorized', `the API server at ${server} rejected the credentials (401 Unauthorized): log in again or fix the user of this context`, { cause: err });
      case 403:
        return new CliError('Forbidden', `access denied by the API server at ${server} (403 Forbidden): ${message}`, { cause: err });
      case 400:
        return new CliError('InvalidArgument', `the API server refused the request (400 Bad Request): ${message}`, { cause: err });
      case 404:
        return new CliError('UnknownResource', `the API server answered 404 Not Found: ${message}`, { cause: err });
      default:
        return undefined;
    }
  }
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof ConnectionError) {
      return new CliError('ServerUnreachable', `lost the API server at ${server} (${current.message}): check that the cluster is running`, { cause: err });
    }
    if (current instanceof KubeConfigError) return new CliError('KubeconfigInvalid', current.message, { cause: err });
    current = current.cause;
  }
  return undefined;
}

/**
 * Starts mirroring `target` through listwatch and a shared informer, whose cache (namespace index
 * included) is the mirror's store. Recent changes come from a handler of the informer, so a relist
 * shows what it revealed (tombstones for deletions, updates for changed objects) and nothing for
 * objects it found unchanged.
 */
export function startMirrorSession(kc: KubeConfig, target: MirrorTarget, server: string): MirrorSession {
  const { resource } = target;
  const inner = createListWatch(kc, {
    apiVersion: resource.apiVersion,
    resource: resource.resource,
    ...(resource.namespaced && target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(target.labelSelector === undefined ? {} : { labelSelector: target.labelSelector }),
    ...(target.fieldSelector === undefined ? {} : { fieldSelector: target.fieldSelector }),
  });
  const traffic = countingListerWatcher(inner);
  const informer = createSharedInformer<KubeObject>({
    name: resource.resource,
    listerWatcher: traffic,
    expectedType: { apiVersion: resource.apiVersion, kind: resource.kind },
    // managedFields are often half of an object's size and nobody reads them from a mirror.
    transform: (obj) => {
      if (obj.metadata?.managedFields === undefined) return obj;
      const { managedFields: _dropped, ...metadata } = obj.metadata;
      return { ...obj, metadata };
    },
    // Errors are shown from the informer's events; the default console.warn would tear the live view.
    reflector: { onWatchError: () => undefined },
  });
  const recent: RecentChange[] = [];
  const listeners: ((change: RecentChange) => void)[] = [];
  const stopController = new AbortController();
  let fail: (err: CliError) => void = () => undefined;
  const fatal = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const connection = createConnectionTracker();
  traffic.onAnswered(() => {
    connection.answered();
  });
  const tracker = trackHealth(informer, (event) => {
    connection.observe(event);
    if (event.type !== 'error' || informer.hasSynced()) return;
    const error = fatalBeforeSync(event.error, server);
    if (error !== undefined) fail(error);
  });
  const record = (type: RecentChange['type'], key: string, obj: KubeObject | undefined, fromRelist = false): void => {
    const change: RecentChange = { type, key, resourceVersion: obj?.metadata?.resourceVersion ?? '', at: Date.now(), fromRelist };
    recent.push(change);
    if (recent.length > RECENT) recent.shift();
    for (const listener of listeners) listener(change);
  };
  informer.addEventHandler(
    {
      // The first list is the mirror's starting point, not a change.
      onAdd: (obj, isInInitialList) => {
        if (!isInInitialList) record('ADDED', metaNamespaceKeyFunc(obj), obj);
      },
      onUpdate: (old, obj) => {
        if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) record('MODIFIED', metaNamespaceKeyFunc(obj), obj);
      },
      onDelete: (obj) => {
        if (obj instanceof DeletedFinalStateUnknown) record('DELETED', obj.key, obj.obj, true);
        else record('DELETED', metaNamespaceKeyFunc(obj), obj);
      },
    },
    { name: 'recent-changes' },
  );
  const running = informer.run(stopController.signal);
  const synced = Promise.race([informer.waitForSync(stopController.signal), fatal]);
  synced.catch(() => undefined);
  return {
    informer,
    store: informer.indexer,
    traffic,
    tracker,
    connection,
    recent,
    synced,
    onChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopController.abort();
      await running;
      tracker.dispose();
      inner.close();
    },
  };
}
