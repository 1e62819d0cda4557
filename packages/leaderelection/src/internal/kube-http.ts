import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { LeaderElectionError } from '../errors.js';

/** TLS fields `KubeConfig.applyToHTTPSOptions` may set, passed on per request. */
const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

const USER_AGENT = `kcache-leaderelection (node ${process.version})`;

/** A Lease is a few hundred bytes; anything far larger is not one. */
const BODY_LIMIT = 1024 * 1024;

/** A request: method, path below the server URL, and an optional JSON body. */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  signal: AbortSignal;
}

/** The answer: status code and the body as text (at most 1 MiB). */
export interface KubeResponse {
  statusCode: number;
  text: string;
}

/** A socket-level failure: no answer came. `code` is Node's system error code when there is one. */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  readonly systemCode: string | undefined;

  constructor(message: string, systemCode: string | undefined, cause: unknown) {
    super(message, { cause });
    this.systemCode = systemCode;
  }
}

/**
 * Sends small JSON requests to the KubeConfig's current cluster with its current credentials,
 * resolved per request so refreshed tokens (exec plugins, OIDC, projected service-account tokens)
 * are picked up. Connections are pooled in keep-alive agents owned here; a cluster behind a proxy
 * uses the agent the KubeConfig builds for it.
 */
export class KubeHttp {
  readonly #kubeConfig: KubeConfig;
  #httpAgent: http.Agent | undefined;
  #httpsAgent: https.Agent | undefined;

  constructor(kubeConfig: KubeConfig) {
    this.#kubeConfig = kubeConfig;
  }

  /**
   * Sends one request and reads the whole answer.
   * @throws {LeaderElectionError} code `KubeConfigFailed` when there is no usable cluster or credentials.
   * @throws {TransportError} when the connection fails or breaks.
   * @throws The signal's reason when it aborts first.
   */
  async request(req: KubeRequest): Promise<KubeResponse> {
    req.signal.throwIfAborted();
    const server = this.#server();
    const cluster = this.#kubeConfig.getCurrentCluster();
    const applied: https.RequestOptions = {};
    try {
      await this.#kubeConfig.applyToHTTPSOptions(applied);
    } catch (cause) {
      const detail = cause instanceof Error ? `: ${cause.message}` : '';
      throw new LeaderElectionError('KubeConfigFailed', `could not get credentials or TLS settings from the KubeConfig${detail}`, {
        cause,
      });
    }
    // Credentials may take a while (an exec plugin): the signal may have fired meanwhile.
    req.signal.throwIfAborted();

    const secure = server.protocol === 'https:';
    const headers: http.OutgoingHttpHeaders = { ...(applied.headers as http.OutgoingHttpHeaders | undefined) };
    headers.accept = 'application/json';
    headers['user-agent'] = USER_AGENT;
    let payload: Buffer | undefined;
    if (req.body !== undefined) {
      payload = Buffer.from(JSON.stringify(req.body), 'utf8');
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    const options: https.RequestOptions = {
      protocol: server.protocol,
      hostname: server.hostname.startsWith('[') ? server.hostname.slice(1, -1) : server.hostname,
      port: server.port === '' ? (secure ? 443 : 80) : Number(server.port),
      method: req.method,
      path: `${server.pathname.replace(/\/$/, '')}${req.path}`,
      headers,
      agent: cluster?.proxyUrl !== undefined && cluster.proxyUrl !== '' ? applied.agent : this.#agent(secure),
      signal: req.signal,
    };
    if (applied.auth !== undefined && applied.auth !== null) options.auth = applied.auth;
    if (secure) {
      for (const field of TLS_FIELDS) {
        if (applied[field] !== undefined) (options as Record<string, unknown>)[field] = applied[field];
      }
    }
    const description = `${req.method} ${server.protocol}//${server.host}${options.path ?? ''}`;
    return new Promise<KubeResponse>((resolve, reject) => {
      const fail = (err: unknown): void => {
        if (req.signal.aborted) {
          // The abort reason is whatever the caller aborted with, as with fetch.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(req.signal.reason);
          return;
        }
        const code = (err as { code?: unknown } | undefined)?.code;
        const detail = err instanceof Error ? err.message : 'the connection closed';
        reject(new TransportError(`${description}: ${detail}`, typeof code === 'string' ? code : undefined, err));
      };
      const request = (secure ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > BODY_LIMIT) {
            res.destroy(new Error(`the answer is larger than ${String(BODY_LIMIT)} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks, length).toString('utf8') });
        });
        res.on('close', () => {
          // Closed before the end without an 'error' first: the connection went away mid-body.
          // (After 'end' or 'error' the promise has settled and this changes nothing.)
          if (!res.complete) fail(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
        });
      });
      request.on('error', fail);
      request.end(payload);
    });
  }

  /** Closes pooled connections; later requests open new ones. */
  close(): void {
    this.#httpAgent?.destroy();
    this.#httpsAgent?.destroy();
    this.#httpAgent = undefined;
    this.#httpsAgent = undefined;
  }

  #server(): URL {
    let cluster: ReturnType<KubeConfig['getCurrentCluster']>;
    try {
      cluster = this.#kubeConfig.getCurrentCluster();
    } catch (cause) {
      throw new LeaderElectionError('KubeConfigFailed', 'cannot read the current cluster of the KubeConfig', { cause });
    }
    if (cluster === null) {
      throw new LeaderElectionError(
        'KubeConfigFailed',
        'the KubeConfig has no current cluster: load one first (kc.loadFromDefault(), kc.loadFromFile(path) ' +
          'or kc.loadFromCluster()) and check its current-context',
      );
    }
    let url: URL;
    try {
      url = new URL(cluster.server);
    } catch (cause) {
      throw new LeaderElectionError('KubeConfigFailed', `the server of cluster "${cluster.name}" is not a URL`, { cause });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new LeaderElectionError('KubeConfigFailed', `the server of cluster "${cluster.name}" must be an http(s) URL, got ${url.protocol}`);
    }
    return url;
  }

  #agent(secure: boolean): http.Agent {
    if (secure) {
      this.#httpsAgent ??= new https.Agent({ keepAlive: true, keepAliveMsecs: 30_000 });
      return this.#httpsAgent;
    }
    this.#httpAgent ??= new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000 });
    return this.#httpAgent;
  }
}
