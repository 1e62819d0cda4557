// List bodies read incrementally over HTTP: compressed and plain bodies in pieces, bodies that
// break off, and what happens to the connection when a body turns out not to be a list.
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, createListWatch, ResponseDecodeError } from '../src/index.js';
import { startLocalServer, type Handler, type LocalServer } from './support/local-server.js';

interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
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

const bigList = (count: number): string =>
  JSON.stringify({
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '77' },
    items: Array.from({ length: count }, (_, i) => ({ metadata: { name: `pod-${String(i)}`, namespace: 'default' }, data: { note: `line "${String(i)}"\n{[`, text: 'é😀'.repeat(20) } })),
  });

/** Writes `body` in `pieces` writes, a few milliseconds apart. */
function writeInPieces(res: ServerResponse, body: Buffer, pieces: number, end = true): void {
  const size = Math.ceil(body.length / pieces);
  let at = 0;
  const next = (): void => {
    const piece = body.subarray(at, at + size);
    at += size;
    if (at >= body.length) {
      if (end) res.end(piece);
      else res.write(piece);
      return;
    }
    res.write(piece);
    setTimeout(next, 2);
  };
  next();
}

describe('list bodies over HTTP', () => {
  it('decodes a large gzip-encoded list written in pieces', async () => {
    const text = bigList(3000);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      writeInPieces(res, gzipSync(text), 7);
    });
    const list = await createListWatch<Pod>(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(list.items).toHaveLength(3000);
    expect(list.items[2999]).toEqual({ ...(JSON.parse(text) as { items: Pod[] }).items[2999], apiVersion: 'v1', kind: 'Pod' });
    expect(list.metadata.resourceVersion).toBe('77');
  });

  it('decodes a plain list written in pieces that split characters', async () => {
    const text = bigList(500);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      writeInPieces(res, Buffer.from(text, 'utf8'), 61); // odd sizes: multi-byte characters get cut
    });
    const list = await createListWatch<Pod>(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list();
    expect(list.items.map((p) => p.metadata.name)).toEqual(Array.from({ length: 500 }, (_, i) => `pod-${String(i)}`));
    expect(list.items[0]?.data?.text).toBe('é😀'.repeat(20));
  });

  it('reports a corrupt gzip body as a ResponseDecodeError', async () => {
    const s = await serve((_req, res) => {
      const body = gzipSync(bigList(10));
      body.fill(0x41, 20, 60);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect((err as Error).message).toMatch(/gzip-encoded body is corrupt/);
  });

  it('reports an encoding it cannot undo as a ResponseDecodeError', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      res.end('not really brotli');
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect((err as Error).message).toMatch(/unsupported Content-Encoding "br"/);
  });

  it('reports a body the server ended early as a ResponseDecodeError', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"kind":"PodList","items":[{"metadata":{"name":"a"}},{"metad');
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect((err as Error).message).toMatch(/ends early, after 60 characters/);
  });

  it('reports a connection that breaks mid-body as a ConnectionError, not a decode error', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(bigList(200).slice(0, 5000));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
  });

  it('closes the connection at once when the body turns out not to be a list, without reading the rest', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"PodList","items":[{"metadata":{"name":"a"}}}'); // and never finish
    });
    const err = await createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect((err as ResponseDecodeError).excerpt).toBe('{"kind":"PodList","items":[{"metadata":{"name":"a"}}}');
    await s.requests[0]!.closed;
  });

  it('aborting while a body arrives rejects with the reason and closes the connection', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      writeInPieces(res, Buffer.from(bigList(2000)), 10, false); // all but the end of the list
    });
    const controller = new AbortController();
    const pending = createListWatch(s.kubeConfig(), { apiVersion: 'v1', resource: 'pods' }).list({}, controller.signal);
    await vi.waitUntil(() => s.requests.length > 0);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await s.requests[0]!.closed;
  });
});
