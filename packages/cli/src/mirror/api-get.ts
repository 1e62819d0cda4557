import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { CliError } from '../errors.js';

/** Node error codes that mean the server could not be reached at all (as opposed to answering). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Options of {@link apiGet}. */
export interface ApiGetOptions {
  signal?: AbortSignal | undefined;
  /** Give up after this long; default 15 s. */
  timeoutMs?: number | undefined;
}

function serverUrl(kc: KubeConfig): URL {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new CliError('KubeconfigInvalid', 'the kubeconfig has no current cluster');
  try {
    return new URL(cluster.server);
  } catch (cause) {
    throw new CliError('KubeconfigInvalid', `the server of cluster "${cluster.name}" is not a URL: ${cluster.server}`, { cause });
  }
}

/** Describes a server by scheme, host and port only: never a path that might hold credentials. */
export function displayServer(kc: KubeConfig): string {
  try {
    const url = serverUrl(kc);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unknown server)';
  }
}

function errorFromStatus(code: number, body: string, what: string, server: string): CliError {
  let message = '';
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    message = body.slice(0, 200).trim();
  }
  if (code === 401) {
    return new CliError(
      'Unauthorized',
      `the API server at ${server} rejected the credentials (401 Unauthorized): log in again or fix the user of this context`,
    );
  }
  if (code === 403) {
    return new CliError(
      'Forbidden',
      `access denied by the API server at ${server} (403 Forbidden)${message === '' ? '' : `: ${message}`}; ask for list and watch permission`,
    );
  }
  return new CliError('ApiFailed', `GET ${what} on ${server} answered ${code}${message === '' ? '' : `: ${message}`}`);
}

/**
 * A GET of `path` on the KubeConfig's current cluster, with its TLS settings and credentials,
 * parsed as JSON. For the few discovery requests `mirror` makes before handing over to listwatch.
 *
 * @throws {CliError} `ServerUnreachable`, `Unauthorized`, `Forbidden`, `ApiFailed` (any other
 *   non-2xx answer), or `KubeconfigInvalid` when credentials cannot be obtained.
 */
export async function apiGet<T>(kc: KubeConfig, path: string, options: ApiGetOptions = {}): Promise<T> {
  const url = serverUrl(kc);
  const server = `${url.protocol}//${url.host}`;
  const applied: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(applied);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n', 1)[0] ?? '' : '';
    throw new CliError('KubeconfigInvalid', `cannot get credentials from the kubeconfig: ${detail}`, { cause });
  }
  const secure = url.protocol === 'https:';
  const base = url.pathname.replace(/\/$/, '');
  const headers = { ...(applied.headers as http.OutgoingHttpHeaders | undefined), accept: 'application/json', 'user-agent': 'kcache-cli' };
  const request: https.RequestOptions = {
    ...applied,
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    method: 'GET',
    path: `${base}${path}`,
    headers,
    timeout: options.timeoutMs ?? 15_000,
  };
  if (options.signal !== undefined) request.signal = options.signal;
  const transport = secure ? https : http;

  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = transport.request(request, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => {
      req.destroy(Object.assign(new Error(`no answer within ${Math.round((options.timeoutMs ?? 15_000) / 1000)} s`), { code: 'ETIMEDOUT' }));
    });
    req.on('error', reject);
    req.end();
  }).catch((cause: unknown) => {
    if (options.signal?.aborted === true) throw cause;
    const code = (cause as { code?: unknown }).code;
    const detail = cause instanceof Error ? cause.message : String(cause);
    if (typeof code === 'string' && (UNREACHABLE.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
      throw new CliError(
        'ServerUnreachable',
        `cannot reach the API server at ${server} (${detail}): check that the cluster is running and that the kubeconfig's server address is right`,
        { cause },
      );
    }
    throw new CliError('ServerUnreachable', `request to the API server at ${server} failed: ${detail}`, { cause });
  });

  if (status < 200 || status >= 300) throw errorFromStatus(status, body, path, server);
  try {
    return JSON.parse(body) as T;
  } catch (cause) {
    throw new CliError('ApiFailed', `GET ${path} on ${server} did not answer JSON: is this a Kubernetes API server?`, { cause });
  }
}
