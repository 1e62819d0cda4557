import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** What the local server saw of one request. */
interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  remotePort: number;
  /** Resolves when the client's side of the connection is gone (closed or reset). */
  closed: Promise<void>;
}

export interface LocalServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** A KubeConfig for this server: plain http (so skip-TLS-verify), with an optional user. */
  kubeConfig(user?: Record<string, unknown>, serverSuffix?: string): KubeConfig;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest) => void | Promise<void>;

/** A tiny HTTP server on 127.0.0.1:0 for tests of the HTTP path; every socket is tracked and closed. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const socket = req.socket;
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      remotePort: socket.remotePort ?? 0,
      closed: new Promise<void>((resolve) => {
        res.once('close', () => {
          resolve();
        });
      }),
    };
    requests.push(seen);
    void Promise.resolve(handler(req, res, seen)).catch((err: unknown) => {
      res.destroy(err as Error);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${String(port)}`;
  return {
    url,
    requests,
    kubeConfig(user = {}, serverSuffix = '') {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'local', server: `${url}${serverSuffix}`, skipTLSVerify: true }],
        users: [{ name: 'me', ...user }],
        contexts: [{ name: 'ctx', cluster: 'local', user: 'me' }],
        currentContext: 'ctx',
      });
      return kc;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}

/** Sends a JSON body. */
export function sendJson(res: http.ServerResponse, code: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Starts a watch response: 200, chunked, headers flushed at once. */
export function startWatch(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
}

export const statusBody = (code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
  ...(details === undefined ? {} : { details }),
});
