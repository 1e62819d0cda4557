/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read off the wire is untyped in assertions */
// Plain-HTTP helpers for the wire-level suites: requests with node:http (so tests see exactly
// what a client would), and a watch reader that yields events line by line.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '../src/index.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (a string or Buffer) instead of JSON-encoding `body`. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  ca?: string;
}

export async function call(server: { url: string }, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const url = new URL(path, server.url);
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  // Node sends DELETE bodies without framing unless told their length.
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ...(options.ca === undefined ? {} : { ca: options.ca }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

interface WatchEventLine {
  type: string;
  object: any;
}

/** An open watch: read events one by one; `ended` resolves when the server ends the stream. */
export interface WatchReader {
  status: number;
  headers: IncomingHttpHeaders;
  next(timeoutMs?: number): Promise<WatchEventLine>;
  /** Events until the stream ends. */
  rest(): Promise<WatchEventLine[]>;
  /** Resolves with 'end' (clean end of the response) or 'aborted' (connection reset). */
  ended: Promise<'end' | 'aborted'>;
  /** Raw lines received, for checking framing. */
  lines: string[];
  close(): void;
  /** Stop reading from the socket (a slow consumer). */
  pause(): void;
  resume(): void;
}

export function openWatch(server: { url: string }, path: string, options: { headers?: Record<string, string>; ca?: string } = {}): Promise<WatchReader> {
  const url = new URL(path, server.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers: options.headers ?? {}, ...(options.ca === undefined ? {} : { ca: options.ca }) }, (res: IncomingMessage) => {
      const queue: WatchEventLine[] = [];
      const waiters: ((e: WatchEventLine | undefined) => void)[] = [];
      const lines: string[] = [];
      let buffer = '';
      let done = false;
      let resolveEnded: (v: 'end' | 'aborted') => void = () => {};
      const ended = new Promise<'end' | 'aborted'>((r) => (resolveEnded = r));
      const finish = (how: 'end' | 'aborted'): void => {
        if (done) return;
        done = true;
        resolveEnded(how);
        for (const w of waiters.splice(0)) w(undefined);
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          lines.push(line);
          const event = JSON.parse(line) as WatchEventLine;
          const waiter = waiters.shift();
          if (waiter !== undefined) waiter(event);
          else queue.push(event);
        }
      });
      res.on('end', () => { finish('end'); });
      res.on('aborted', () => { finish('aborted'); });
      res.on('error', () => { finish('aborted'); });
      res.on('close', () => { finish(res.complete ? 'end' : 'aborted'); });
      const reader: WatchReader = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        lines,
        ended,
        next(timeoutMs = 5000) {
          const queued = queue.shift();
          if (queued !== undefined) return Promise.resolve(queued);
          if (done) return Promise.reject(new Error('watch ended'));
          return new Promise((res2, rej) => {
            const timer = setTimeout(() => {
              const i = waiters.indexOf(w);
              if (i >= 0) waiters.splice(i, 1);
              rej(new Error(`no watch event within ${timeoutMs} ms`));
            }, timeoutMs);
            const w = (e: WatchEventLine | undefined): void => {
              clearTimeout(timer);
              if (e === undefined) rej(new Error('watch ended'));
              else res2(e);
            };
            waiters.push(w);
          });
        },
        async rest() {
          await ended;
          return queue.splice(0);
        },
        close() {
          req.destroy();
        },
        pause() {
          res.pause();
        },
        resume() {
          res.resume();
        },
      };
      resolve(reader);
    });
    req.on('error', reject);
    req.end();
  });
}

export function pod(name: string, namespace = 'default', labels: Record<string, string> = {}, spec: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
  };
}

/**
 * A container as kube-apiserver stores it: the container defaults (pull policy from the image's
 * tag, termination message, empty resources) added to what was sent.
 */
export function defaultedContainer(container: { name: string; image: string } & Record<string, unknown>): Record<string, unknown> {
  const tag = /:([^/:@]+)$/.exec(container.image.split('@')[0] ?? '')?.[1];
  const latest = tag === 'latest' || (tag === undefined && !container.image.includes('@'));
  return {
    imagePullPolicy: latest ? 'Always' : 'IfNotPresent',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...container,
  };
}

export function startServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  return createFakeApiServer(options);
}

export const podsPath = (namespace = 'default'): string => `/api/v1/namespaces/${namespace}/pods`;

/**
 * Creates the namespaces a test writes into that do not exist yet (a fake, like a cluster, starts
 * with `default`, `kube-system`, `kube-public` and `kube-node-lease` only).
 */
export function createNamespaces(server: FakeApiServer, ...names: string[]): void {
  for (const name of names) {
    if (server.get({ apiVersion: 'v1', kind: 'Namespace', name }) === undefined) {
      server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
}
