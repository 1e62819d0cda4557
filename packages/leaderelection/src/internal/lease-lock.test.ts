// The Lease lock over HTTP, against a scripted local server: request shapes, error mapping, timeouts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLeaderElectionError, LeaseRequestError } from '../errors.js';
import { isLostRace, isNotFound, KubeLeaseLock } from './lease-lock.js';
import { EMPTY_RECORD } from './lease-record.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

let server: Server;
let seen: Seen[];
let answer: (req: Seen, res: ServerResponse) => void;
let kc: KubeConfig;

beforeEach(async () => {
  seen = [];
  answer = (_req, res) => {
    res.writeHead(500).end();
  };
  server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text === '' ? undefined : JSON.parse(text) };
      seen.push(entry);
      answer(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${String(port)}/prefix`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
});

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const LEASE = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'my lock', namespace: 'ns', resourceVersion: '42', labels: { a: 'b' } },
  spec: { holderIdentity: 'x', leaseDurationSeconds: 15, renewTime: '2025-01-02T03:04:05.678000Z', leaseTransitions: 3, preferredHolder: 'y' },
};

describe('KubeLeaseLock', () => {
  it('gets, then updates on top of what it read, with its resourceVersion, credentials and the server path prefix', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'my lock' }, 1_000);
    answer = (req, res) => {
      if (req.method === 'GET') json(res, 200, LEASE);
      else json(res, 200, { ...LEASE, metadata: { ...LEASE.metadata, resourceVersion: '43' }, spec: req.body as object });
    };
    const signal = new AbortController().signal;
    expect(await lock.get(signal)).toEqual({
      holderIdentity: 'x',
      leaseDurationSeconds: 15,
      acquireTime: undefined,
      renewTime: '2025-01-02T03:04:05.678000Z',
      leaseTransitions: 3,
    });
    await lock.update({ ...EMPTY_RECORD, holderIdentity: 'me', leaseDurationSeconds: 10, renewTime: '2025-01-02T03:04:06.000000Z', leaseTransitions: 4 }, signal);
    await lock.update({ ...EMPTY_RECORD, holderIdentity: 'me', leaseDurationSeconds: 10, leaseTransitions: 4 }, signal);
    lock.close();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /prefix/apis/coordination.k8s.io/v1/namespaces/ns/leases/my%20lock',
      'PUT /prefix/apis/coordination.k8s.io/v1/namespaces/ns/leases/my%20lock',
      'PUT /prefix/apis/coordination.k8s.io/v1/namespaces/ns/leases/my%20lock',
    ]);
    expect(seen[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(seen[1]?.headers['content-type']).toBe('application/json');
    expect(seen[1]?.body).toEqual({
      ...LEASE,
      spec: { holderIdentity: 'me', leaseDurationSeconds: 10, renewTime: '2025-01-02T03:04:06.000000Z', leaseTransitions: 4, preferredHolder: 'y' },
    });
    // The second update is conditional on the resourceVersion the first one returned.
    expect((seen[2]?.body as typeof LEASE).metadata.resourceVersion).toBe('43');
  });

  it('creates the Lease with apiVersion, kind, name and namespace, and no resourceVersion', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 1_000);
    answer = (req, res) => {
      json(res, 201, { ...(req.body as object), metadata: { name: 'lock', namespace: 'ns', resourceVersion: '7' } });
    };
    await lock.create({ ...EMPTY_RECORD, holderIdentity: 'me', leaseDurationSeconds: 15 }, new AbortController().signal);
    lock.close();
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/prefix/apis/coordination.k8s.io/v1/namespaces/ns/leases');
    expect(seen[0]?.body).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'lock', namespace: 'ns' },
      spec: { holderIdentity: 'me', leaseDurationSeconds: 15, leaseTransitions: 0 },
    });
  });

  it("turns the API server's Status into a LeaseRequestError with code, reason and message", async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 1_000);
    answer = (_req, res) => {
      json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'leases.coordination.k8s.io "lock" not found' });
    };
    const err: unknown = await lock.get(new AbortController().signal).catch((e: unknown) => e);
    lock.close();
    expect(err).toBeInstanceOf(LeaseRequestError);
    expect(err).toMatchObject({ code: 'LeaseRequestFailed', verb: 'get', statusCode: 404, reason: 'NotFound', lease: 'ns/lock' });
    expect((err as Error).message).toBe('get Lease ns/lock: 404 NotFound: leases.coordination.k8s.io "lock" not found');
    expect(isNotFound(err)).toBe(true);
    expect(isLostRace(err)).toBe(false);
  });

  it('reads a non-Status error body as an excerpt', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 1_000);
    answer = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>\n  <body>Bad gateway</body>\n</html>');
    };
    const err: unknown = await lock.get(new AbortController().signal).catch((e: unknown) => e);
    lock.close();
    expect(err).toMatchObject({ statusCode: 502, reason: undefined, message: 'get Lease ns/lock: 502: <html> <body>Bad gateway</body> </html>' });
  });

  it('refuses an answer that is not a Lease', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 1_000);
    answer = (_req, res) => {
      json(res, 200, { kind: 'ConfigMap', metadata: {} });
    };
    const err: unknown = await lock.get(new AbortController().signal).catch((e: unknown) => e);
    lock.close();
    expect(isLeaderElectionError(err, 'InvalidLease')).toBe(true);
  });

  it('gives up on a request after the timeout, with reason Timeout', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 100);
    answer = () => undefined; // never answers
    const started = performance.now();
    const err: unknown = await lock.get(new AbortController().signal).catch((e: unknown) => e);
    lock.close();
    expect(err).toMatchObject({ code: 'LeaseRequestFailed', reason: 'Timeout', statusCode: undefined });
    expect(performance.now() - started).toBeGreaterThanOrEqual(99);
  });

  it("rejects with the signal's reason when the caller aborts", async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 10_000);
    answer = () => undefined;
    const controller = new AbortController();
    const pending = lock.get(controller.signal).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    lock.close();
  });

  it('reports a refused connection as a LeaseRequestError without a status', async () => {
    const { port } = server.address() as AddressInfo;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 1_000);
    const err: unknown = await lock.get(new AbortController().signal).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LeaseRequestFailed', statusCode: undefined, message: expect.stringContaining(`GET http://127.0.0.1:${String(port)}/prefix/apis`) });
    expect((err as Error).message).toContain('ECONNREFUSED');
    // afterEach closes the server again.
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  it('reports a connection that breaks in the middle of the answer', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 5_000);
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"kind":"Lease",');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err: unknown = await lock.get(new AbortController().signal).catch((e: unknown) => e);
    lock.close();
    expect(err).toMatchObject({ code: 'LeaseRequestFailed', statusCode: undefined, verb: 'get' });
  });

  it('refuses to update before it has read or created the Lease', async () => {
    const lock = new KubeLeaseLock(kc, { namespace: 'ns', name: 'lock' }, 1_000);
    await expect(lock.update(EMPTY_RECORD, new AbortController().signal)).rejects.toSatisfy((e) => isLeaderElectionError(e, 'InvalidLease'));
    expect(seen).toEqual([]);
  });

  it('reports a KubeConfig without a current cluster as KubeConfigFailed', async () => {
    const lock = new KubeLeaseLock(new KubeConfig(), { namespace: 'ns', name: 'lock' }, 1_000);
    await expect(lock.get(new AbortController().signal)).rejects.toSatisfy((e) => isLeaderElectionError(e, 'KubeConfigFailed'));
  });
});
