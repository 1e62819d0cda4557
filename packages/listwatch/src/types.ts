import type { KubeObject, ListMeta, ObjectList, Status, StatusCause, StatusDetails } from '@kcache/store';

/** Options of a list call (client-go's `metav1.ListOptions`, list half). */
export interface ListOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
}

/** Options of a watch call (client-go's `metav1.ListOptions`, watch half). */
export interface WatchOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | undefined;
  timeoutSeconds?: number | undefined;
  allowWatchBookmarks?: boolean | undefined;
  sendInitialEvents?: boolean | undefined;
}

/** One event of a watch stream. */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

/**
 * Lists a kind of resource and watches it from a resourceVersion: client-go's `cache.ListerWatcher`.
 */
export interface ListerWatcher<T> {
  /** One list call (one page when `limit` is set). Rejects with `ApiError` or `ConnectionError`. */
  list(options: ListOptions, signal?: AbortSignal): Promise<ObjectList<T>>;
  /**
   * Opens a watch. Resolves once the server has answered 200 and the stream is open; rejects with
   * `ApiError` (or a connection error) when the watch cannot start. The iterable ends when the
   * server closes the stream; breaking out of it or aborting the signal closes the connection.
   */
  watch(options: WatchOptions, signal?: AbortSignal): Promise<AsyncIterable<WatchEvent<T>>>;
}

/**
 * Which collection a ListerWatcher lists and watches: the second argument of `createListWatch`.
 *
 * Its selectors apply to every list and every watch, so the two can never disagree. Selectors
 * passed in a call's options are combined with them by AND (both syntaxes use `,` for AND): a call
 * can narrow the collection, never widen it.
 */
export interface ListWatchResource {
  /** `'v1'` for the core group, `'group/version'` otherwise (`'apps/v1'`, `'example.com/v1alpha1'`). */
  apiVersion: string;
  /** The plural resource name used in URLs: `'pods'`, `'deployments'`. */
  resource: string;
  /** One namespace; omit for all namespaces or for a cluster-scoped kind. */
  namespace?: string | undefined;
  /** Applied to every list and watch, e.g. `'app=web,tier!=cache'`. */
  labelSelector?: string | undefined;
  /** Applied to every list and watch, e.g. `'spec.nodeName=node-1'`. */
  fieldSelector?: string | undefined;
}

/**
 * The events of one open watch: an async iterable that can also be closed without being iterated.
 * One pass only. Ends when the server ends the stream (a `timeoutSeconds` expiry, a server-side
 * close); breaking out of a `for await` loop, `close()`, `await using` or aborting the signal closes
 * the connection at once.
 */
export interface WatchStream<T> extends AsyncIterableIterator<WatchEvent<T>>, AsyncDisposable {
  /** Closes the connection; a pending or later `next()` reports the end of the stream. */
  close(): void;
}

export type { KubeObject, ListMeta, ObjectList, Status, StatusCause, StatusDetails };
