// The HTTP path against a tiny local server: what goes on the wire, how answers become results
// and errors, aborts, back-pressure. The fake API server suites (fake-*.test.ts) cover the API's
// semantics; this file covers what only a hand-written server can produce.
import { gzipSync } from 'node:zlib';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ConnectionError,
  createListWatch,
  isConnectionRefused,
  isTooManyRequests,
  KubeConfigError,
  ResponseDecodeError,
  WatchDecodeError,
} from '../src/index.js';
import type { WatchEvent } from '../src/index.js';
import { sendJson, startLocalServer, startWatch, statusBody, type Handler, type LocalServer } from './support/local-server.js';

interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<LocalServer> {
  server = await startLocalServer(handler);
  return server;
}

const podList = (names: string[], rv = '42') => ({
  apiVersion: 'v1',
  kind: 'PodList',
  metadata: { resourceVersion: rv },
  items: names.map((name) => ({ metadata: { name, namespace: 'default' } })),
});

const line = (event: unknown): string => `${JSON.stringify(event)}\n`;

describe('list over HTTP', () => {
  it('sends a GET to the collection with the query and credentials, and fills apiVersion/kind into items', async () => {
    const s = await serve((_req, res) => {
      sendJson(res, 200, {
        ...podList(['a']),
        items: [{ metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' } }],
      });
    });
    const lw = createListWatch<Pod>(s.kubeConfig({ token: 'sekret-token' }), {
      apiVersion: 'v1',
      resource: 'pods',
      namespace: 'default',
      labelSelector: 'app=web',
    });
    const list = await lw.list({ limit: 10, resourceVersion: '0', labelSelector: 'tier=db' });
    expect(list.metadata.resourceVersion).toBe('42');
    expect(list.items).toEqual([
      { metadata: { name: 'a' }, apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' } },
    ]);
    const seen = s.requests[0]!;
    expect(seen.method).toBe('GET');
    expect(seen.path).toBe('/api/v1/namespaces/default/pods');
    expect(seen.query).toEqual({ labelSelector: 'app=web,tier=db', limit: '10', resourceVersion: '0' });
    expect(seen.headers.authorization).toBe('Bearer sekret-token');
    expect(seen.headers.accept).toBe('application/json');
    expect(seen.headers['accept-encoding']).toBe('gzip');
  });

  it('fills group apiVersions from the list', async () => {
    const s = await serve((_req, res) => {
      sendJson(res, 200, { apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '1' }, items: [{ metadata: { name: 'd' } }] });
    });
    const lw = createListWatch(s.kubeConfig(), { apiVersion: 'apps/v1', resource: 'deployments' });
    const list = await lw.list();
    expect(list.items[0]).toEqual({ metadata: { name: 'd' }, apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(s.requests[0]!.path).toBe('/apis/apps/v1/deployments');
  });

  it('keeps the server URL path prefix (clusters behind a path-routing proxy)', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, podList([])); });
    await createListWatch(s.kubeConfig({}, '/k8s/clusters/c-1/'), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(s.requests[0]!.path).toBe('/k8s/clusters/c-1/api/v1/pods');
  });

  it('decodes a gzip-encoded list', async () => {
    const s = await serve((_req, res) => {
      const body = gzipSync(JSON.stringify(podList(['a', 'b', 'c'])));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    const list = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(list.items.map((p) => (p as Pod).metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('decodes multi-byte UTF-8 split between TCP writes', async () => {
    const body = Buffer.from(JSON.stringify(podList(['pod-é', 'pod-😀', 'pod-名前'])), 'utf8');
    const emoji = body.indexOf(Buffer.from('😀'));
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      // Three writes in three turns of the event loop: three TCP segments.
      res.write(body.subarray(0, emoji + 1));
      setImmediate(() => {
        res.write(body.subarray(emoji + 1, emoji + 3));
        setImmediate(() => res.end(body.subarray(emoji + 3)));
      });
    });
    const list = await createListWatch<Pod>(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(list.items.map((p) => p.metadata.name)).toEqual(['pod-é', 'pod-😀', 'pod-名前']);
  });

  it('reuses the connection for consecutive requests (keep-alive)', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, podList([])); });
    const lw = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' });
    await lw.list();
    await lw.list();
    await lw.list();
    expect(new Set(s.requests.map((r) => r.remotePort)).size).toBe(1);
    lw.close();
  });

  it('turns a Status answer into an ApiError', async () => {
    const s = await serve((_req, res) => {
      sendJson(res, 410, statusBody(410, 'Expired', 'too old resource version: 3 (40)'));
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list({ resourceVersion: '3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 410, reason: 'Expired' });
    expect((err as ApiError).message).toBe(`GET ${s.url}/api/v1/pods?resourceVersion=3: 410 Expired: too old resource version: 3 (40)`);
  });

  it('turns a 500 with an HTML body into an ApiError with the code and an excerpt', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Internal Server Error</h1><p>upstream exploded</p></body></html>');
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 500, reason: 'InternalError', bodyExcerpt: '<html><body><h1>Internal Server Error</h1><p>upstream exploded</p></body></html>' });
  });

  it('reads Retry-After of a 429', async () => {
    const s = await serve((_req, res) => {
      sendJson(res, 429, statusBody(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 2 }), { 'retry-after': '2' });
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(isTooManyRequests(err)).toBe(true);
    expect((err as ApiError).retryAfterSeconds).toBe(2);
  });

  it('reads only the start of a huge error body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('x'.repeat(5 * 1024 * 1024));
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 502, reason: 'Unknown' });
    expect((err as ApiError).bodyExcerpt).toBe(`${'x'.repeat(200)}…`);
  });

  it('reports a 2xx body that is not a list', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login page</html>');
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect(err).toMatchObject({ excerpt: '<html>login page</html>' });
  });

  it('treats items: null as an empty list', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: null }); });
    const list = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(list.items).toEqual([]);
  });

  it('reports a refused connection as a ConnectionError', async () => {
    const s = await serve(() => undefined);
    const kc = s.kubeConfig();
    await s.close();
    server = undefined;
    const err = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(isConnectionRefused(err)).toBe(true);
    expect((err as ConnectionError).systemCode).toBe('ECONNREFUSED');
    expect((err as Error).message).toMatch(/ECONNREFUSED.*is the API server running/);
  });

  it('reports a connection reset mid-body as a ConnectionError', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      // Reset once the start of the body has left.
      res.write('{"kind":"PodList","items":[', () => res.socket?.destroy());
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(isConnectionRefused(err)).toBe(false);
  });

  it('aborting closes the connection at once and rejects with an AbortError', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"PodList","items":['); // and never finish
    });
    const controller = new AbortController();
    const lw = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' });
    const pending = lw.list({}, controller.signal);
    await vi.waitUntil(() => s.requests.length > 0);
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    await s.requests[0]!.closed; // the server saw the connection go
  });

  it('aborting before the response arrives rejects with the reason', async () => {
    const s = await serve(() => undefined); // never answers
    const controller = new AbortController();
    const pending = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list({}, controller.signal);
    await vi.waitUntil(() => s.requests.length > 0);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await s.requests[0]!.closed;
  });

  it('an already aborted signal sends nothing', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, podList([])); });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' })
      .list({}, AbortSignal.abort())
      .catch((e: unknown) => e);
    expect((err as DOMException).name).toBe('AbortError');
    expect(s.requests).toHaveLength(0);
  });

  it('does not pile up abort listeners on a reused signal', async () => {
    const s = await serve((req, res) => {
      if (req.url?.includes('watch=true') === true) startWatch(res);
      else sendJson(res, 200, podList([]));
    });
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = (...args: Parameters<typeof add>) => { added++; add(...args); };
    controller.signal.removeEventListener = (...args: Parameters<typeof remove>) => { removed++; remove(...args); };
    const lw = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' });
    for (let i = 0; i < 5; i++) await lw.list({}, controller.signal);
    const stream = await lw.watch({}, controller.signal);
    stream.close();
    await s.close();
    server = undefined;
    for (let i = 0; i < 3; i++) await expect(lw.list({}, controller.signal)).rejects.toBeInstanceOf(ConnectionError); // refused
    expect(added).toBe(9);
    expect(removed).toBe(9);
  });
});

describe('watch over HTTP', () => {
  const added = (name: string, rv: string): WatchEvent<Pod> => ({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, resourceVersion: rv } } });

  it('streams events as the server writes them, in pieces, and ends when the server ends', async () => {
    const s = await serve((_req, res) => {
      startWatch(res);
      const text = line(added('a', '2')) + line(added('b', '3')) + line({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '4' } } });
      // Three writes in three turns of the event loop, cutting through lines.
      res.write(text.slice(0, 30));
      setImmediate(() => {
        res.write(text.slice(30, 100));
        setImmediate(() => res.end(text.slice(100)));
      });
    });
    const lw = createListWatch<Pod>(s.kubeConfig({ token: 't' }), { apiVersion: 'v1', resource: 'pods', fieldSelector: 'spec.nodeName=n1' });
    const stream = await lw.watch({ resourceVersion: '1', allowWatchBookmarks: true, timeoutSeconds: 30 });
    const events: WatchEvent<Pod>[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => [e.type, e.object.metadata?.resourceVersion])).toEqual([['ADDED', '2'], ['ADDED', '3'], ['BOOKMARK', '4']]);
    expect(s.requests[0]!.query).toEqual({
      watch: 'true',
      fieldSelector: 'spec.nodeName=n1',
      resourceVersion: '1',
      timeoutSeconds: '30',
      allowWatchBookmarks: 'true',
    });
    expect(s.requests[0]!.headers['accept-encoding']).toBeUndefined();
  });

  it('resolves once the headers arrive, before any event', async () => {
    let write: ((text: string) => void) | undefined;
    const s = await serve((_req, res) => {
      startWatch(res);
      write = (text) => res.write(text);
    });
    const stream = await createListWatch<Pod>(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch();
    expect(write).toBeDefined();
    write!(line(added('late', '9')));
    const first = await stream.next();
    expect(first.value).toEqual(added('late', '9'));
    stream.close();
    await s.requests[0]!.closed;
  });

  it('delivers an ERROR event as an event', async () => {
    const s = await serve((_req, res) => {
      startWatch(res);
      res.end(line({ type: 'ERROR', object: statusBody(410, 'Expired', 'too old resource version: 1 (30)') }));
    });
    const events = [];
    for await (const event of await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch({ resourceVersion: '1' })) events.push(event);
    expect(events).toEqual([{ type: 'ERROR', object: statusBody(410, 'Expired', 'too old resource version: 1 (30)') }]);
    const error = new ApiError(events[0]!.object as never);
    expect(error.reason).toBe('Expired');
  });

  it('rejects with an ApiError when the watch is refused', async () => {
    const s = await serve((_req, res) => {
      sendJson(res, 429, statusBody(429, 'TooManyRequests', 'storage is (re)initializing', { retryAfterSeconds: 1 }), { 'retry-after': '1' });
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 429, retryAfterSeconds: 1 });
  });

  it('throws a ConnectionError from the iterator when the connection is reset mid-stream', async () => {
    let reset: () => void = () => undefined;
    const s = await serve((_req, res) => {
      startWatch(res);
      res.write(line(added('a', '2')));
      reset = () => res.socket?.destroy();
    });
    const events: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const event of await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch()) {
          events.push(event);
          // The server resets the connection once the first event has been read.
          reset();
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(events).toHaveLength(1);
    expect(err).toBeInstanceOf(ConnectionError);
  });

  it('throws a WatchDecodeError for a line that is not an event and closes the connection', async () => {
    const s = await serve((_req, res) => {
      startWatch(res);
      res.write(`${line(added('a', '2'))}<html>oops</html>\n`);
    });
    const stream = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch();
    await expect(stream.next()).resolves.toMatchObject({ done: false });
    const err = await stream.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchDecodeError);
    expect(err).toMatchObject({ excerpt: '<html>oops</html>', offset: Buffer.byteLength(line(added('a', '2'))) });
    await s.requests[0]!.closed;
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('breaking out of the loop closes the connection', async () => {
    const s = await serve((_req, res) => {
      startWatch(res);
      res.write(line(added('a', '2')) + line(added('b', '3')));
    });
    for await (const _event of await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch()) break;
    await s.requests[0]!.closed;
  });

  it('close() before iterating closes the connection and ends the stream', async () => {
    const s = await serve((_req, res) => { startWatch(res); });
    const stream = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch();
    stream.close();
    await s.requests[0]!.closed;
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('close() while a next() is pending ends the stream', async () => {
    const s = await serve((_req, res) => { startWatch(res); });
    const stream = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch();
    const pending = stream.next();
    stream.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it('await using closes the stream', async () => {
    const s = await serve((_req, res) => { startWatch(res); });
    const lw = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' });
    {
      await using _stream = await lw.watch();
    }
    await s.requests[0]!.closed;
  });

  it('aborting while waiting for an event closes the connection and rejects the pending next() with an AbortError', async () => {
    const s = await serve((_req, res) => { startWatch(res); res.write(line(added('a', '2'))); });
    const controller = new AbortController();
    const stream = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch({}, controller.signal);
    expect((await stream.next()).done).toBe(false);
    const pending = stream.next();
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect((err as DOMException).name).toBe('AbortError');
    await s.requests[0]!.closed;
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('aborting between next() calls makes the next one reject with the AbortError', async () => {
    const s = await serve((_req, res) => { startWatch(res); res.write(line(added('a', '2'))); });
    const controller = new AbortController();
    const stream = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch({}, controller.signal);
    controller.abort();
    await s.requests[0]!.closed;
    const err = await stream.next().catch((e: unknown) => e);
    expect((err as DOMException).name).toBe('AbortError');
  });

  it('ListerWatcher.close() aborts open watches', async () => {
    const s = await serve((_req, res) => { startWatch(res); });
    const lw = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' });
    const stream = await lw.watch();
    const pending = stream.next();
    lw.close();
    const err = await pending.catch((e: unknown) => e);
    expect((err as DOMException).name).toBe('AbortError');
    await s.requests[0]!.closed;
  });

  it('applies back-pressure: a consumer that stops reading stops the server writing', async () => {
    const event = line({ type: 'ADDED', object: { metadata: { name: 'p', annotations: { pad: 'x'.repeat(4000) } } } });
    let written = 0;
    let blocked: (() => void) | undefined;
    const blockedOnce = new Promise<void>((resolve) => { blocked = resolve; });
    const s = await serve((_req, res) => {
      startWatch(res);
      const pump = (): void => {
        // Stop at 200 MB: far more than any socket buffer; reaching it means no back-pressure.
        while (written < 200 * 1024 * 1024) {
          written += event.length;
          if (!res.write(event)) {
            blocked?.();
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    const stream = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).watch();
    await stream.next();
    await blockedOnce;
    // Let pending I/O run for a while: a client that kept reading would let the server drain.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    const whileIdle = written;
    expect(whileIdle).toBeLessThan(32 * 1024 * 1024);
    // Reading again lets the server continue.
    for (let i = 0; i < 5000; i++) await stream.next();
    expect(written).toBeGreaterThan(whileIdle);
    stream.close();
  });
});

describe('KubeConfig handling', () => {
  it('fails with KubeConfigError when there is no current cluster', async () => {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const lw = createListWatch(new KubeConfig(), { apiVersion: 'v1', resource: 'pods' });
    await expect(lw.list()).rejects.toBeInstanceOf(KubeConfigError);
    await expect(lw.list()).rejects.toThrow(/no current cluster.*loadFromDefault/);
  });

  it('fails with KubeConfigError when credentials cannot be obtained', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, podList([])); });
    const kc = s.kubeConfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', 'process.exit(3)'] } });
    const err = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeConfigError);
    expect(s.requests).toHaveLength(0);
  });

  it('asks for credentials on every request, so refreshed exec tokens are used', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, podList([])); });
    // An exec plugin whose token is already expired when issued: client-node runs it again each time.
    const script = `
      const n = Date.now() + '-' + Math.random().toString(36).slice(2);
      process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
        status: { token: 'exec-token-' + n, expirationTimestamp: new Date(Date.now() - 1000).toISOString() } }));`;
    const kc = s.kubeConfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script] } });
    const lw = createListWatch(kc, { apiVersion: 'v1', resource: 'pods' });
    await lw.list();
    await lw.list();
    const tokens = s.requests.map((r) => r.headers.authorization);
    expect(tokens[0]).toMatch(/^Bearer exec-token-/);
    expect(tokens[1]).toMatch(/^Bearer exec-token-/);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('sends basic-auth credentials', async () => {
    const s = await serve((_req, res) => { sendJson(res, 200, podList([])); });
    await createListWatch(s.kubeConfig({ username: 'admin', password: 'hunter2-pass' }), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(s.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('admin:hunter2-pass').toString('base64')}`);
  });
});

describe('credentials never leak', () => {
  const TOKEN = 'tok-5f1c9b2e7d-never-print-me';
  const PASSWORD = 'pw-0c3a8e-never-print-me';

  function leaks(value: unknown): boolean {
    const seen = [inspect(value, { depth: 10, showHidden: true, getters: true }), String(value)];
    if (value instanceof Error) seen.push(value.message, value.stack ?? '', JSON.stringify(value));
    const text = seen.join('\n');
    return text.includes(TOKEN) || text.includes(PASSWORD) || text.includes(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
  }

  it('not in the ListerWatcher, its streams, nor any error', async () => {
    const s = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.searchParams.get('watch') === 'true') {
        startWatch(res);
        res.write('{"type":"ADDED","object":{}}\nnot json\n');
        return;
      }
      if (url.searchParams.get('limit') === '1') {
        sendJson(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
        return;
      }
      res.socket?.destroy();
    });
    for (const user of [{ token: TOKEN }, { username: 'admin', password: PASSWORD }]) {
      const kc = s.kubeConfig(user);
      const lw = createListWatch(kc, { apiVersion: 'v1', resource: 'pods' });
      expect(leaks(lw)).toBe(false);
      expect(String(lw)).toContain('pods.v1');
      const unauthorized = await lw.list({ limit: 1 }).catch((e: unknown) => e);
      expect(unauthorized).toBeInstanceOf(ApiError);
      expect(leaks(unauthorized)).toBe(false);
      const reset = await lw.list().catch((e: unknown) => e);
      expect(reset).toBeInstanceOf(ConnectionError);
      expect(leaks(reset)).toBe(false);
      const stream = await lw.watch();
      expect(leaks(stream)).toBe(false);
      await stream.next();
      const decode = await stream.next().catch((e: unknown) => e);
      expect(decode).toBeInstanceOf(WatchDecodeError);
      expect(leaks(decode)).toBe(false);
      expect(leaks(lw)).toBe(false);
    }
    // The credentials did go on the wire; the test would be empty otherwise.
    expect(s.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe('createListWatch arguments', () => {
  it('rejects something that is not a KubeConfig, and a malformed descriptor, at once', async () => {
    const { InvalidOptionsError } = await import('../src/index.js');
    expect(() => createListWatch({} as never, { apiVersion: 'v1', resource: 'pods' })).toThrow(InvalidOptionsError);
    expect(() => createListWatch(undefined as never, { apiVersion: 'v1', resource: 'pods' })).toThrow(/KubeConfig/);
    const s = await serve(() => undefined);
    expect(() => createListWatch(s.kubeConfig(), null as never)).toThrow(InvalidOptionsError);
    expect(() => createListWatch(s.kubeConfig(), { apiVersion: 'apps', resource: 'deployments/scale' })).toThrow(/resource "deployments\/scale"/);
  });
});
