// The HTTP(S) server: loopback by default, keep-alive on, Node's request timeouts off (watches
// last as long as the client wants), every socket tracked so faults can reset them.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { isIPv6 } from 'node:net';
import { ListenError } from '../errors.js';
import { failure } from './status.js';
import type { TlsMaterial } from './tls.js';

export interface Listener {
  readonly url: string;
  readonly port: number;
  /** Resets every open connection abruptly (TCP RST). */
  destroyConnections(): void;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsMaterial | undefined;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}

export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: ListenOptions,
): Promise<Listener> {
  const serverOptions = { requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 65_000, noDelay: true };
  const server: Server = options.tls === undefined
    ? createHttpServer(serverOptions, handler)
    : createHttpsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A request Node's HTTP parser rejects (an unknown method, a malformed request line, headers
  // too large) gets a Status answer, as Go's server answers 400 to what it cannot parse; a client
  // that reset mid-request is just closed and never takes the server down.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge
      ? failure(431, 'RequestHeaderFieldsTooLarge', 'the request headers are too large')
      : failure(400, 'BadRequest', `the request could not be parsed as HTTP/1.1 (${err.code ?? err.message}): check the method, path and headers`);
    const body = JSON.stringify(status);
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(new ListenError(
        failure(500, 'ListenFailed', `the fake API server could not listen on ${options.host}:${options.port}: ${err.message}; pick another port (0 picks a free one)`),
        { cause: err },
      ));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `${options.tls === undefined ? 'http' : 'https'}://${urlHost(options.host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    destroyConnections() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
