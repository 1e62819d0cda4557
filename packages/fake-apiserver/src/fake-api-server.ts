import { DEFAULT_FUTURE_RESOURCE_VERSION_WAIT_MS, endWaitingWatches } from './internal/wire-shapes.js';
import { badRequest } from './internal/status.js';
import { Backend } from './internal/backend.js';
import { parseNodePortRange, parseServiceRange } from './internal/service-allocation.js';
import { DEFAULT_STRATEGY_CONFIG, type StrategyConfig } from './internal/strategy.js';
import { createControlApi } from './internal/control-api.js';
import { createDispatcher } from './internal/dispatch.js';
import { objectKey, type Entry } from './internal/entry.js';
import { Faults } from './internal/faults.js';
import { renderKubeconfig } from './internal/kubeconfig.js';
import { listen } from './internal/listener.js';
import type { ServedKind } from './internal/registry.js';
import { RequestLog } from './internal/request-log.js';
import { rangePrefix } from './internal/snapshot.js';
import { loadTlsMaterial } from './internal/tls.js';
import type { WatchStream } from './internal/watch-stream.js';
import type {
  CollectionRef,
  DelayRule,
  FailRule,
  FakeApiServerOptions,
  KubeObject,
  ObjectDeleteOptions,
  ObjectRef,
  RequestRecord,
  Stored,
} from './types.js';
import { mustGet } from './internal/at.js';

/** A running fake Kubernetes API server. Close it (or `await using` it) when done. */
export interface FakeApiServer extends AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** A kubeconfig (YAML) pointing at `url`, with the token and CA when set. */
  kubeconfig(): string;
  /** Ends every watch, closes every connection and stops listening. */
  close(): Promise<void>;
  /**
   * Creates an object without HTTP; watches see it as they would an HTTP create. The object is
   * defaulted and validated as kube-apiserver does, then stored as given (status, uid and
   * creationTimestamp included when set), for fixtures: the fields the server sets on an HTTP
   * create (a new Pod's status, a Service's cluster IP, a Job's generated selector) are left as
   * they are. A namespaced object without a namespace goes to `default`; its namespace must exist.
   * @returns the stored object (uid, resourceVersion, creationTimestamp filled in)
   * @throws {AlreadyExistsError} an object with that name exists
   * @throws {InvalidError} the object is invalid (metadata, or its kind's validation)
   * @throws {BadRequestError} the object is malformed, or has no apiVersion/kind
   * @throws {NotFoundError} no such kind is served, or the namespace does not exist
   * @throws {ForbiddenError} the namespace is being deleted (Terminating)
   * @throws {FakeApiServerError} resourceVersion set (HTTP 500, as kube-apiserver answers)
   */
  create<T extends KubeObject>(obj: T): Stored<T>;
  /**
   * Replaces an object without HTTP, as the cluster's own controllers write (a scheduler binding
   * a pod, a kubelet writing its status): the object must be valid, but fields clients may not
   * change (a Pod's `spec.nodeName`, a Deployment's selector) may change here, and the status is
   * written as given. With `metadata.resourceVersion` set, it must be current.
   * Removing the last finalizer of an object being deleted deletes it.
   * @throws {ConflictError} the resourceVersion (or uid) is stale
   * @throws {NotFoundError} the object (or its kind) does not exist
   * @throws {InvalidError} the object is invalid (metadata, or its kind's validation)
   * @throws {BadRequestError} the object is malformed
   */
  update<T extends KubeObject>(obj: T): Stored<T>;
  /**
   * Deletes an object without HTTP as a DELETE would: with finalizers it is only marked
   * (`deletionTimestamp`); a pod a node runs is deleted gracefully (see `finishTerminatingPods`);
   * `options` are those of a DeleteOptions body.
   * @throws {NotFoundError} the object (or its kind) does not exist
   * @throws {FakeApiServerError} 403 for `default`, `kube-system` and `kube-public`
   */
  delete(ref: ObjectRef, options?: ObjectDeleteOptions): void;
  /**
   * Does at once what a node's kubelet does when a pod deleted gracefully has stopped: every pod
   * marked for deletion with a grace period left (`deletionGracePeriodSeconds` > 0) is deleted
   * with a grace period of 0, so it goes (or waits for its finalizers). Without it the fake does
   * the same when each pod's grace period ends (unless `controllers.podTermination` is off).
   * @returns how many pods were finished
   * @example
   * ```ts
   * server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' }); // Terminating
   * server.finishTerminatingPods(); // gone
   * ```
   */
  finishTerminatingPods(): number;
  /**
   * A copy of the stored object, or undefined.
   * @throws {NotFoundError} the kind is not served
   */
  get<T extends KubeObject = KubeObject>(ref: ObjectRef): Stored<T> | undefined;
  /**
   * Copies of the stored objects of a kind (in one namespace, or all), in key order.
   * @throws {NotFoundError} the kind is not served
   */
  list<T extends KubeObject = KubeObject>(ref: CollectionRef): Stored<T>[];
  /** The current global resourceVersion. */
  readonly resourceVersion: string;
  /** Forgets history up to now: older resourceVersions and continue tokens get 410 Expired. */
  compact(): void;
  /** Ends every open watch stream cleanly (clients see the response end). */
  closeWatches(): void;
  /** Resets every open socket abruptly. */
  destroyConnections(): void;
  /**
   * Answers matching requests with an error until removed (or `times` answered).
   * @throws {BadRequestError} the rule is malformed (code outside 400–599, times < 1)
   */
  fail(rule: FailRule): { remove(): void };
  /**
   * Serves matching requests only after `delayMs` (a slow API server) until removed (or `times`
   * delayed). A request whose client gives up meanwhile is dropped unserved.
   * @throws {BadRequestError} the rule is malformed (negative delayMs, times < 1)
   */
  delay(rule: DelayRule): { remove(): void };
  /** Removes every fault rule (fail and delay). */
  clearFaults(): void;
  /** The most recent requests served (see `requestLogLimit`); watches are logged when their stream opens. */
  readonly requests: readonly RequestRecord[];
}

const DEFAULT_HISTORY_LIMIT = 10_000;
const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;
const DEFAULT_MAX_WATCH_BUFFER = 16 * 1024 * 1024;
const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw badRequest(`createFakeApiServer: ${name} must be a number of 0 or more, got ${String(value)}`);
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw badRequest(`createFakeApiServer: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

/** The Service IP and node port ranges of the options, checked. */
function strategyConfigOf(options: FakeApiServerOptions): StrategyConfig {
  let { serviceClusterIpRange, serviceNodePortRange } = DEFAULT_STRATEGY_CONFIG;
  if (options.serviceClusterIpRange !== undefined) {
    const range = parseServiceRange(options.serviceClusterIpRange);
    if (typeof range === 'string') throw badRequest(`createFakeApiServer: serviceClusterIpRange ${range}`);
    serviceClusterIpRange = range.text;
  }
  if (options.serviceNodePortRange !== undefined) {
    const range = parseNodePortRange(options.serviceNodePortRange);
    if (typeof range === 'string') throw badRequest(`createFakeApiServer: serviceNodePortRange ${range}`);
    serviceNodePortRange = range;
  }
  return { serviceClusterIpRange, serviceNodePortRange };
}

/**
 * Starts a fake Kubernetes API server on loopback: real HTTP, real resourceVersion, watch,
 * pagination and error semantics, and faults on demand.
 *
 * @throws {ListenError} the host/port cannot be listened on
 * @throws {BadRequestError} an option is invalid (a port out of range, a non-positive limit, a resource served twice)
 * @example
 * ```ts
 * await using server = await createFakeApiServer();
 * server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' } });
 * const res = await fetch(`${server.url}/api/v1/namespaces/default/pods`);
 * ```
 */
export async function createFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const historyLimit = Math.floor(positive('historyLimit', options.historyLimit, DEFAULT_HISTORY_LIMIT));
  const backend = new Backend({ historyLimit, resources: options.resources ?? [], strategyConfig: strategyConfigOf(options), controllers: options.controllers });
  const faults = new Faults();
  const log = new RequestLog(Math.floor(positive('requestLogLimit', options.requestLogLimit, DEFAULT_REQUEST_LOG_LIMIT)));
  const streams = new Set<WatchStream>();
  const tls = options.tls === true ? loadTlsMaterial() : undefined;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw badRequest(`createFakeApiServer: port must be an integer from 0 to 65535 (0 picks a free one), got ${String(port)}`);
  }
  let address = '';
  // The control API drives the server itself, which exists once listening.
  let server: Server | undefined = undefined;
  const control = createControlApi({
    target: () => {
      if (server === undefined) throw new Error('the server is still starting');
      return server;
    },
    log,
    token: options.token,
  });
  const listener = await listen(
    createDispatcher({
      backend,
      faults,
      log,
      token: options.token,
      serverAddress: () => address,
      control,
      watch: {
        bookmarkIntervalMs: positive('bookmarkIntervalMs', options.bookmarkIntervalMs, DEFAULT_BOOKMARK_INTERVAL_MS),
        maxWatchBufferBytes: positive('maxWatchBufferBytes', options.maxWatchBufferBytes, DEFAULT_MAX_WATCH_BUFFER),
        maxPendingEvents: Math.max(historyLimit, DEFAULT_HISTORY_LIMIT),
        streams,
        futureResourceVersionWaitMs: nonNegative('futureResourceVersionWaitMs', options.futureResourceVersionWaitMs, DEFAULT_FUTURE_RESOURCE_VERSION_WAIT_MS),
      },
    }),
    { host, port, tls },
  );
  address = new URL(listener.url).host;
  server = new Server(backend, faults, log, streams, listener, options.token, tls?.ca);
  return server;
}

/** A copy of a stored object for the caller, as HTTP would serve it. */
function output(backend: Backend, served: ServedKind, entry: Entry): KubeObject {
  return JSON.parse(backend.views.convertedJson(served.info).encode(entry).toString('utf8')) as KubeObject;
}

class Server implements FakeApiServer {
  private closed: Promise<void> | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly faults: Faults,
    private readonly log: RequestLog,
    private readonly streams: Set<WatchStream>,
    private readonly listener: Awaited<ReturnType<typeof listen>>,
    private readonly token: string | undefined,
    private readonly caPem: string | undefined,
  ) {}

  get url(): string {
    return this.listener.url;
  }

  kubeconfig(): string {
    return renderKubeconfig({ url: this.url, token: this.token, caPem: this.caPem });
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.backend.close();
      for (const stream of [...this.streams]) stream.cutOff();
      await this.listener.close();
    })();
    return this.closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  create<T extends KubeObject>(obj: T): Stored<T> {
    const served = this.backend.servedKind(obj.apiVersion, obj.kind);
    return output(this.backend, served, this.backend.writes.create(served, undefined, obj, { direct: true })) as Stored<T>;
  }

  update<T extends KubeObject>(obj: T): Stored<T> {
    const served = this.backend.servedKind(obj.apiVersion, obj.kind);
    const namespace = served.info.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    const name = obj.metadata?.name ?? '';
    return output(this.backend, served, this.backend.writes.update(served, namespace, name, obj, { direct: true })) as Stored<T>;
  }

  delete(ref: ObjectRef, options: ObjectDeleteOptions = {}): void {
    const served = this.backend.servedKind(ref.apiVersion, ref.kind);
    this.backend.writes.delete(served, served.info.namespaced ? (ref.namespace ?? 'default') : '', ref.name, {
      propagationPolicy: options.propagationPolicy,
      gracePeriodSeconds: options.gracePeriodSeconds,
    });
  }

  finishTerminatingPods(): number {
    return this.backend.finishTerminatingPods();
  }

  get<T extends KubeObject = KubeObject>(ref: ObjectRef): Stored<T> | undefined {
    const served = this.backend.servedKind(ref.apiVersion, ref.kind);
    const entry = served.store.entries.get(objectKey(served.info.namespaced ? (ref.namespace ?? 'default') : '', ref.name));
    return entry === undefined ? undefined : (output(this.backend, served, entry) as Stored<T>);
  }

  list<T extends KubeObject = KubeObject>(ref: CollectionRef): Stored<T>[] {
    const served = this.backend.servedKind(ref.apiVersion, ref.kind);
    const prefix = rangePrefix(served.info.namespaced ? ref.namespace : undefined);
    const out: Stored<T>[] = [];
    served.store.keys.forEachFrom(prefix, false, (key) => {
      if (!key.startsWith(prefix)) return false;
      out.push(output(this.backend, served, mustGet(served.store.entries, key)) as Stored<T>);
      return true;
    });
    return out;
  }

  get resourceVersion(): string {
    return String(this.backend.storage.resourceVersion);
  }

  compact(): void {
    this.backend.compact();
  }

  closeWatches(): void {
    for (const stream of [...this.streams]) stream.end();
    endWaitingWatches(this.streams);
  }

  destroyConnections(): void {
    this.listener.destroyConnections();
  }

  fail(rule: FailRule): { remove(): void } {
    return this.faults.add(rule);
  }

  delay(rule: DelayRule): { remove(): void } {
    return this.faults.addDelay(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  get requests(): readonly RequestRecord[] {
    return this.log.all;
  }
}
