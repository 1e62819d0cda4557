import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from '../errors.js';
import { Exchange } from './exchange.js';

/** What a request is: the collection path and its query. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
  /** Ask for a gzip-compressed body (lists: large, compressible; watches stay uncompressed). */
  gzip: boolean;
}

// TLS and auth fields KubeConfig.applyToHTTPSOptions may set, which we pass on per request.
const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

const USER_AGENT = `kcache-listwatch (node ${process.version})`;

/**
 * Sends requests to the KubeConfig's current cluster with its current credentials, resolved per
 * request so refreshed tokens (exec plugins, OIDC, in-cluster token files) are picked up.
 *
 * Connections are pooled in agents owned here (keep-alive, TCP keep-alive every 30 s like
 * client-go). TLS material is passed per request: Node's https agent keys its pool on it, so
 * rotated client certificates get fresh connections. A cluster behind a proxy uses the agent the
 * KubeConfig builds for it.
 */
export class Transport {
  private readonly kubeConfig: KubeConfig;
  private httpAgent: http.Agent | undefined;
  private httpsAgent: https.Agent | undefined;
  private readonly open = new Set<Exchange>();

  constructor(kubeConfig: KubeConfig) {
    this.kubeConfig = kubeConfig;
  }

  /** The current cluster's server URL without credentials, for messages; undefined when none. */
  serverForDisplay(): string | undefined {
    const server = this.currentServer(false);
    if (server === undefined) return undefined;
    return `${server.protocol}//${server.host}${server.pathname.replace(/\/$/, '')}`;
  }

  private currentServer(strict: true): URL;
  private currentServer(strict: false): URL | undefined;
  private currentServer(strict: boolean): URL | undefined {
    let cluster: ReturnType<KubeConfig['getCurrentCluster']>;
    try {
      cluster = this.kubeConfig.getCurrentCluster();
    } catch (cause) {
      if (!strict) return undefined;
      throw new KubeConfigError('cannot read the current cluster of the KubeConfig', { cause });
    }
    if (cluster === null) {
      if (!strict) return undefined;
      throw new KubeConfigError(
        'the KubeConfig has no current cluster: load one first (kc.loadFromDefault(), kc.loadFromFile(path) ' +
          'or kc.loadFromCluster()) and check its current-context',
      );
    }
    let url: URL;
    try {
      url = new URL(cluster.server);
    } catch (cause) {
      if (!strict) return undefined;
      throw new KubeConfigError(`the server of cluster "${cluster.name}" is not a URL`, { cause });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      if (!strict) return undefined;
      throw new KubeConfigError(`the server of cluster "${cluster.name}" must be an http(s) URL, got ${url.protocol}`);
    }
    return url;
  }

  /**
   * Starts a GET. Resolves once the credentials are applied and the request is sent; the response
   * comes through the returned exchange.
   *
   * @throws {KubeConfigError} When the KubeConfig cannot give a server or credentials.
   */
  async start(target: RequestTarget, signal: AbortSignal | undefined): Promise<Exchange> {
    signal?.throwIfAborted();
    const server = this.currentServer(true);
    const cluster = this.kubeConfig.getCurrentCluster();
    const applied: https.RequestOptions = {};
    try {
      await this.kubeConfig.applyToHTTPSOptions(applied);
    } catch (cause) {
      const detail = cause instanceof Error ? `: ${cause.message}` : '';
      throw new KubeConfigError(`could not get credentials or TLS settings from the KubeConfig${detail}`, { cause });
    }
    // Credentials may take a while (an exec plugin): the signal may have fired meanwhile.
    signal?.throwIfAborted();

    const secure = server.protocol === 'https:';
    const basePath = server.pathname.replace(/\/$/, '');
    const search = target.query.toString();
    const path = `${basePath}${target.path}${search === '' ? '' : `?${search}`}`;
    const headers: http.OutgoingHttpHeaders = { ...(applied.headers as http.OutgoingHttpHeaders | undefined) };
    headers.accept = 'application/json';
    headers['user-agent'] = USER_AGENT;
    if (target.gzip) headers['accept-encoding'] = 'gzip';

    const options: https.RequestOptions = {
      protocol: server.protocol,
      hostname: server.hostname.startsWith('[') ? server.hostname.slice(1, -1) : server.hostname,
      port: server.port === '' ? (secure ? 443 : 80) : Number(server.port),
      method: 'GET',
      path,
      headers,
      agent: cluster?.proxyUrl !== undefined && cluster.proxyUrl !== '' ? applied.agent : this.agent(secure),
    };
    if (applied.auth !== undefined && applied.auth !== null) options.auth = applied.auth;
    if (secure) {
      for (const field of TLS_FIELDS) {
        if (applied[field] !== undefined) (options as Record<string, unknown>)[field] = applied[field];
      }
    }
    const description = `GET ${server.protocol}//${server.host}${path}`;
    const req = secure ? https.request(options) : http.request(options);
    const exchange: Exchange = new Exchange(req, description, signal, () => this.open.delete(exchange));
    this.open.add(exchange);
    return exchange;
  }

  private agent(secure: boolean): http.Agent {
    if (secure) {
      this.httpsAgent ??= new https.Agent({ keepAlive: true, keepAliveMsecs: 30_000, scheduling: 'lifo' });
      return this.httpsAgent;
    }
    this.httpAgent ??= new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000, scheduling: 'lifo' });
    return this.httpAgent;
  }

  /** Aborts every open exchange with `reason` and closes pooled connections. */
  close(reason: unknown): void {
    for (const exchange of [...this.open]) exchange.close(reason);
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
    this.httpAgent = undefined;
    this.httpsAgent = undefined;
  }
}
