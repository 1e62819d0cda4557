import type { KubeConfig } from '@kubernetes/client-node';
import { ConnectionError, createListWatch, KubeConfigError } from '@kcache/listwatch';
import { createReflector, type Reflector } from '@kcache/reflector';
import { createIndexer, metaNamespaceIndexFunc, metaNamespaceKeyFunc, NAMESPACE_INDEX, type Indexer, type KubeObject } from '@kcache/store';
import { CliError } from '../errors.js';
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
interface RecentChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  resourceVersion: string;
  at: number;
}

/** A running mirror: reflector, indexed store, traffic counters and health. */
export interface MirrorSession {
  readonly reflector: Reflector;
  readonly store: Indexer<KubeObject>;
  readonly traffic: CountingListerWatcher<KubeObject>;
  readonly tracker: HealthTracker;
  /** The latest changes, newest last (at most 8). */
  readonly recent: readonly RecentChange[];
  /** Resolves at the first sync; rejects with a CliError at the first fatal error before it. */
  readonly synced: Promise<void>;
  /** Called with every change after the first sync. */
  onChange(listener: (change: RecentChange) => void): void;
  /** Stops the reflector and waits for it. */
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

/** Starts mirroring `target` into an indexer (namespace index) through listwatch and a reflector. */
export function startMirrorSession(kc: KubeConfig, target: MirrorTarget, server: string): MirrorSession {
  const { resource } = target;
  const inner = createListWatch<KubeObject>(kc, {
    apiVersion: resource.apiVersion,
    resource: resource.resource,
    ...(resource.namespaced && target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(target.labelSelector === undefined ? {} : { labelSelector: target.labelSelector }),
    ...(target.fieldSelector === undefined ? {} : { fieldSelector: target.fieldSelector }),
  });
  const traffic = countingListerWatcher(inner);
  const store = createIndexer<KubeObject>({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
  const reflector = createReflector<KubeObject>({
    name: resource.resource,
    listerWatcher: traffic,
    store,
    expectedType: { apiVersion: resource.apiVersion, kind: resource.kind },
    // managedFields are often half of an object's size and nobody reads them from a mirror.
    transform: (obj) => {
      if (obj.metadata?.managedFields === undefined) return obj;
      const { managedFields: _dropped, ...metadata } = obj.metadata;
      return { ...obj, metadata };
    },
    onWatchError: () => undefined,
  });
  const recent: RecentChange[] = [];
  const listeners: ((change: RecentChange) => void)[] = [];
  const stopController = new AbortController();
  let fail: (err: CliError) => void = () => undefined;
  const fatal = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const tracker = trackHealth(reflector, (event) => {
    if (event.type !== 'error' || reflector.hasSynced()) return;
    const error = fatalBeforeSync(event.error, server);
    if (error !== undefined) fail(error);
  });
  traffic.onEvent((event) => {
    if (!reflector.hasSynced() || event.type === 'BOOKMARK' || event.type === 'ERROR') return;
    const change: RecentChange = {
      type: event.type,
      key: metaNamespaceKeyFunc(event.object),
      resourceVersion: event.object.metadata?.resourceVersion ?? '',
      at: Date.now(),
    };
    recent.push(change);
    if (recent.length > RECENT) recent.shift();
    for (const listener of listeners) listener(change);
  });
  const running = reflector.run(stopController.signal);
  const synced = Promise.race([reflector.waitForSync(stopController.signal), fatal]);
  synced.catch(() => undefined);
  return {
    reflector,
    store,
    traffic,
    tracker,
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
