// The client side of the control API, for the command line: where the server is (from its
// kubeconfig, or a URL and token) and one request to it.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parse as parseYaml } from 'yaml';
import { CONTROL_BASE } from './control-api.js';
import { loadTlsMaterial } from './tls.js';

export interface ControlConnection {
  readonly url: string;
  readonly token: string | undefined;
  /** CA certificates (PEM) to trust for https. */
  readonly ca: string | undefined;
  readonly insecure: boolean;
}

export interface ConnectionFlags {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly server?: string | undefined;
  readonly token?: string | undefined;
}

/** A problem the user can fix (a missing flag, an unreadable kubeconfig): exit code 2. */
export class UsageError extends Error {}

type Yaml = Record<string, unknown>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Yaml)[key] : undefined;
}

function named(list: unknown, name: unknown): unknown {
  return Array.isArray(list) ? (list as unknown[]).find((item) => field(item, 'name') === name) : undefined;
}

function fromKubeconfig(path: string, contextName: string | undefined): ControlConnection {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the kubeconfig ${path}: ${(err as Error).message}`);
  }
  const wanted = contextName ?? field(doc, 'current-context');
  const context = field(named(field(doc, 'contexts'), wanted), 'context');
  if (context === undefined) {
    throw new UsageError(`the kubeconfig ${path} has no context ${JSON.stringify(wanted ?? '')}${contextName === undefined ? ' (its current-context)' : ''}`);
  }
  const cluster = field(named(field(doc, 'clusters'), field(context, 'cluster')), 'cluster');
  const server = field(cluster, 'server');
  if (typeof server !== 'string' || server === '') throw new UsageError(`the kubeconfig ${path} has no server for context ${JSON.stringify(wanted)}`);
  const user = field(named(field(doc, 'users'), field(context, 'user')), 'user');
  let token = field(user, 'token');
  const tokenFile = field(user, 'tokenFile');
  if (typeof token !== 'string' && typeof tokenFile === 'string') token = readFileSync(tokenFile, 'utf8').trim();
  const caData = field(cluster, 'certificate-authority-data');
  const caFile = field(cluster, 'certificate-authority');
  const ca = typeof caData === 'string' ? Buffer.from(caData, 'base64').toString('utf8') : typeof caFile === 'string' ? readFileSync(caFile, 'utf8') : undefined;
  return { url: server, token: typeof token === 'string' ? token : undefined, ca, insecure: field(cluster, 'insecure-skip-tls-verify') === true };
}

/**
 * Where the server is: `--server` (with `--token`; https trusts the bundled test CA), else
 * `--kubeconfig`, else the first file of $KUBECONFIG.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): ControlConnection {
  if (flags.server !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.server);
    } catch {
      throw new UsageError(`--server must be the server's URL, such as http://127.0.0.1:6443, got ${JSON.stringify(flags.server)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server must be an http:// or https:// URL, got ${JSON.stringify(flags.server)}`);
    return { url: flags.server, token: flags.token, ca: url.protocol === 'https:' ? loadTlsMaterial().ca : undefined, insecure: false };
  }
  const path = flags.kubeconfig ?? env.KUBECONFIG?.split(process.platform === 'win32' ? ';' : ':').find((p) => p !== '');
  if (path === undefined) {
    throw new UsageError('say which server: --kubeconfig <path> (the file the server wrote), --server <url> [--token <token>], or set KUBECONFIG');
  }
  const connection = fromKubeconfig(path, flags.context);
  return flags.token === undefined ? connection : { ...connection, token: flags.token };
}

export interface ControlReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body as JSON, when it is JSON. */
  readonly json: unknown;
}

/** One control request (`op` is relative to /_kcache/v1/, query included). */
export function controlRequest(connection: ControlConnection, method: string, op: string, body?: unknown): Promise<ControlReply> {
  const url = new URL(`${CONTROL_BASE}/${op}`, connection.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (connection.token !== undefined) headers.Authorization = `Bearer ${connection.token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const tls = url.protocol === 'https:' ? { ...(connection.ca === undefined ? {} : { ca: connection.ca }), rejectUnauthorized: !connection.insecure } : {};
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, agent: false, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text, json });
      });
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(`cannot reach the fake API server at ${connection.url}: ${err.code ?? err.message}${err.code === 'ECONNREFUSED' ? ' (is it running?)' : ''}`, { cause: err }));
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
