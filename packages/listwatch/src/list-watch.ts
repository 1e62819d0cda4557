import type { IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@kcache/store';
import type {
  ListerWatcher,
  ListOptions,
  ListWatchResource,
  ObjectList,
  WatchOptions,
  WatchStream,
} from './types.js';
import type { Exchange } from './internal/exchange.js';
import { InvalidOptionsError } from './errors.js';
import { apiErrorFromResponse } from './internal/http-error.js';
import { decodeContent } from './internal/content-encoding.js';
import { decodeListBody } from './internal/list-decoder.js';
import { collectionPath, listQuery, watchQuery } from './internal/request-url.js';
import { Transport } from './internal/transport.js';
import { createWatchStream } from './internal/watch-stream.js';

/** Error bodies are read up to this size; a Status is far smaller, an HTML page is cut. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * A {@link ListerWatcher} over HTTP, made by {@link createListWatch}: list and watch one collection
 * of one cluster, plus `close()` for its pooled connections.
 */
export interface KubeListerWatcher<T> extends ListerWatcher<T>, AsyncDisposable {
  /** The collection, as given to `createListWatch` (frozen copy). */
  readonly resource: Readonly<ListWatchResource>;
  /**
   * Lists the collection (one page when `limit` is set). Items get `apiVersion` and `kind` filled
   * in when the server left them out, so every object is self-describing.
   *
   * @throws {ApiError} The server answered an error (410 Expired, 429, 500, …).
   * @throws {ConnectionError} The connection failed or broke.
   * @throws {ResponseDecodeError} The 2xx body was not a list.
   * @throws {KubeConfigError} No current cluster, or credentials could not be obtained.
   * @throws {InvalidOptionsError} A bad `limit` or `resourceVersionMatch`.
   */
  list(options?: ListOptions, signal?: AbortSignal): Promise<ObjectList<T>>;
  /**
   * Opens a watch; resolves once the server answered 200 (headers received). The events come
   * from the returned stream; an `ERROR` event (e.g. 410 Expired) is delivered as an event.
   *
   * @throws {ApiError} The server refused the watch (410, 429, 500, 401, …).
   * @throws {ConnectionError} The connection failed; also thrown by the stream if it breaks.
   * @throws {WatchDecodeError} Thrown by the stream at a line that is not a watch event.
   * @throws {KubeConfigError} No current cluster, or credentials could not be obtained.
   * @throws {InvalidOptionsError} A bad `timeoutSeconds` or `resourceVersionMatch`.
   */
  watch(options?: WatchOptions, signal?: AbortSignal): Promise<WatchStream<T>>;
  /**
   * Aborts every request and watch still open (they reject or end with an `AbortError`) and closes
   * idle pooled connections. The ListerWatcher stays usable; later calls open new connections.
   */
  close(): void;
  /** Describes the collection and the current server, for logs; never credentials. */
  toString(): string;
}

class HttpListerWatcher<T> implements KubeListerWatcher<T> {
  readonly resource: Readonly<ListWatchResource>;
  readonly #transport: Transport;
  readonly #path: string;

  constructor(kubeConfig: KubeConfig, resource: ListWatchResource) {
    if (typeof (kubeConfig as Partial<KubeConfig> | undefined)?.applyToHTTPSOptions !== 'function') {
      throw new InvalidOptionsError('kubeConfig must be a KubeConfig from @kubernetes/client-node (new KubeConfig(), then loadFromDefault())');
    }
    // Callers from plain JavaScript can pass anything.
    if (typeof (resource as unknown) !== 'object' || (resource as unknown) === null) {
      throw new InvalidOptionsError('resource must be an object such as { apiVersion: "v1", resource: "pods" }');
    }
    this.#path = collectionPath(resource);
    this.resource = Object.freeze({ ...resource });
    this.#transport = new Transport(kubeConfig);
  }

  async list(options: ListOptions = {}, signal?: AbortSignal): Promise<ObjectList<T>> {
    const query = listQuery(this.resource, options);
    const exchange = await this.#transport.start({ path: this.#path, query, gzip: true }, signal);
    const res = await exchange.response();
    if (!isSuccess(res)) throw await this.#errorOf(exchange, res);
    return decodeListBody<T>(exchange.textChunks(res), {
      description: exchange.description,
      fallbackApiVersion: this.resource.apiVersion,
      signal,
    });
  }

  async watch(options: WatchOptions = {}, signal?: AbortSignal): Promise<WatchStream<T>> {
    const query = watchQuery(this.resource, options);
    const exchange = await this.#transport.start({ path: this.#path, query, gzip: false }, signal);
    const res = await exchange.response();
    if (!isSuccess(res)) throw await this.#errorOf(exchange, res);
    return createWatchStream<T>(exchange, res);
  }

  async #errorOf(exchange: Exchange, res: IncomingMessage): Promise<unknown> {
    const raw = await exchange.readBody(res, ERROR_BODY_LIMIT);
    let body = raw;
    try {
      body = await decodeContent(raw, res.headers['content-encoding'], exchange.description);
    } catch {
      // An undecodable error body still yields an ApiError from the status code.
    }
    return apiErrorFromResponse(res.statusCode ?? 0, res.headers, body, exchange.description);
  }

  close(): void {
    this.#transport.close(new DOMException('The ListerWatcher was closed', 'AbortError'));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  toString(): string {
    const { apiVersion, resource, namespace, labelSelector, fieldSelector } = this.resource;
    const parts = [`${resource}.${apiVersion}`, namespace === undefined || namespace === '' ? 'all namespaces' : `namespace ${namespace}`];
    if (labelSelector !== undefined && labelSelector !== '') parts.push(`labelSelector ${labelSelector}`);
    if (fieldSelector !== undefined && fieldSelector !== '') parts.push(`fieldSelector ${fieldSelector}`);
    const server = this.#transport.serverForDisplay();
    if (server !== undefined) parts.push(`server ${server}`);
    return `KubeListerWatcher(${parts.join(', ')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function isSuccess(res: IncomingMessage): boolean {
  const code = res.statusCode ?? 0;
  return code >= 200 && code < 300;
}

/**
 * Creates a ListerWatcher for one collection of the cluster a `KubeConfig` points at.
 *
 * Every request reads the KubeConfig's current cluster and credentials afresh (through its
 * `applyToHTTPSOptions`), so tokens from exec plugins, OIDC and in-cluster token files are
 * refreshed as they expire. Requests are plain HTTP/1.1 over `node:http`/`node:https` with pooled
 * keep-alive connections; lists ask for gzip. Credentials never appear in errors or in
 * `util.inspect` of anything this returns.
 *
 * @param kubeConfig A loaded `KubeConfig` from `@kubernetes/client-node` (`loadFromDefault()`,
 *   `loadFromFile()`, `loadFromCluster()`, …).
 * @param resource Which collection: group/version, plural, optional namespace and selectors. The
 *   selectors apply to every list and watch; selectors in a call's options are ANDed with them.
 * @returns A {@link KubeListerWatcher}; `list` items carry `apiVersion`/`kind` even when the server
 *   omits them.
 * @throws {InvalidOptionsError} When `kubeConfig` is not a KubeConfig or `resource` is malformed
 *   (checked now, not at the first call).
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { createListWatch, listPages } from '@kcache/listwatch';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const pods = createListWatch(kc, { apiVersion: 'v1', resource: 'pods', namespace: 'default' });
 * const { list } = await listPages(pods, { resourceVersion: '0' });
 * const events = await pods.watch({ resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true });
 * for await (const event of events) console.log(event.type, event.object);
 * ```
 */
export function createListWatch<T = KubeObject>(kubeConfig: KubeConfig, resource: ListWatchResource): KubeListerWatcher<T> {
  return new HttpListerWatcher<T>(kubeConfig, resource);
}
