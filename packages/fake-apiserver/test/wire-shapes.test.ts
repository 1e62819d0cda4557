// Wire shapes the conformance suite cannot replay on both servers: the fresh continue token of a
// 410 (etcd's compaction on one side, the fake's history on the other), the wait before the 504 of
// a resourceVersion the server has not reached (the waiting itself is tested on fake timers in
// src/internal/wire-shapes.test.ts), and generation on in-process writes.
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const names = (list: { items: { metadata: { name: string } }[] }): string[] => list.items.map((i) => i.metadata.name);

describe('a 410 for an expired continue token', () => {
  it('carries a continue token that reads the rest from the current state, as kube-apiserver does', async () => {
    server = await startServer();
    for (const name of ['a', 'b', 'c', 'd']) server.create(pod(name));
    const first = await call(server, 'GET', `${podsPath()}?limit=2`);
    expect(names(first.json)).toEqual(['a', 'b']);
    server.create(pod('e'));
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'c' });
    server.compact();

    const expired = await call(server, 'GET', `${podsPath()}?limit=2&continue=${encodeURIComponent(first.json.metadata.continue as string)}`);
    expect(expired.status).toBe(410);
    expect(expired.json.reason).toBe('Expired');
    expect(expired.json.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
    const fresh = expired.json.metadata.continue as string;
    expect(typeof fresh).toBe('string');
    // kube-apiserver's token names resourceVersion -1 (the current state) and the same start key.
    expect(JSON.parse(Buffer.from(fresh, 'base64url').toString('utf8'))).toMatchObject({ rv: -1 });

    const rest = await call(server, 'GET', `${podsPath()}?limit=2&continue=${encodeURIComponent(fresh)}`);
    expect(rest.status).toBe(200);
    expect(names(rest.json)).toEqual(['d', 'e']);
    expect(rest.json.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(rest.json.metadata.continue).toBeUndefined();
  });
});

describe('a resourceVersion the server has not reached', () => {
  it('waits 3 s by default before a 504 with Retry-After: 1 and "Timeout:" in the message', async () => {
    server = await startServer();
    server.create(pod('a'));
    const current = Number(server.resourceVersion);
    const started = performance.now();
    const res = await call(server, 'GET', `/apis/apps/v1/deployments?resourceVersion=${String(current + 100)}`);
    // A timer of 3000 ms may fire a millisecond early on Node.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2990);
    expect(res.status).toBe(504);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Timeout: Too large resource version: ${String(current + 100)}, current: ${String(current)}`,
      reason: 'Timeout',
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
      code: 504,
    });
  });

  it('makes a streaming list from it wait, then send one ERROR event with the 504', async () => {
    server = await startServer({ futureResourceVersionWaitMs: 20 });
    const current = Number(server.resourceVersion);
    const w = await openWatch(server, `${podsPath()}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=${String(current + 5)}`);
    const events = await w.rest();
    expect(events.map((e) => [e.type, e.object.code, e.object.message])).toEqual([
      ['ERROR', 504, `Timeout: Too large resource version: ${String(current + 5)}, current: ${String(current)}`],
    ]);
  });

  it('makes a streaming list from it send its initial events once the resourceVersion is reached', async () => {
    server = await startServer({ futureResourceVersionWaitMs: 60_000 });
    const target = Number(server.resourceVersion) + 1;
    const w = await openWatch(server, `${podsPath()}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=${String(target)}`);
    expect(w.status).toBe(200);
    server.create(pod('a'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    expect(await w.next()).toMatchObject({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(target) } } });
    w.close();
  });

  it('ends a watch still waiting for its resourceVersion on closeWatches()', async () => {
    server = await startServer();
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${String(Number(server.resourceVersion) + 10)}`);
    expect(w.status).toBe(200);
    server.closeWatches();
    expect(await w.ended).toBe('end');
    expect(w.lines).toEqual([]);
  });

  it('waits for a get too, as long as futureResourceVersionWaitMs says', async () => {
    server = await startServer({ futureResourceVersionWaitMs: 10 });
    server.create(pod('a'));
    const res = await call(server, 'GET', `${podsPath()}/a?resourceVersion=${String(Number(server.resourceVersion) + 1)}`);
    expect(res.status).toBe(504);
    expect(res.json.message).toMatch(/^Timeout: Too large resource version: /);
  });

  it('refuses a negative wait', async () => {
    await expect(startServer({ futureResourceVersionWaitMs: -1 })).rejects.toThrow('futureResourceVersionWaitMs must be a number of 0 or more');
  });
});

describe('metadata.generation', () => {
  it('is set only for kinds whose spec kube-apiserver tracks, and kept as created for the others', async () => {
    server = await startServer();
    const cm = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } });
    expect(cm.metadata.generation).toBeUndefined();
    const stamped = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g', namespace: 'default', generation: 5 }, data: { a: '1' } });
    expect(stamped.metadata.generation).toBe(5);
    const updated = await call(server, 'PUT', '/api/v1/namespaces/default/configmaps/g', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g', generation: 9 }, data: { a: '2' } },
    });
    expect(updated.json.metadata.generation).toBe(5);
    expect(server.create(pod('p')).metadata.generation).toBe(1);
  });
});

describe('a PartialObjectMetadata watch', () => {
  it('sends its bookmarks as PartialObjectMetadata', async () => {
    server = await startServer();
    server.create(pod('a'));
    const w = await openWatch(server, `${podsPath()}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`, {
      headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' },
    });
    expect((await w.next()).object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
    expect(await w.next()).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: server.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
      },
    });
    w.close();
  });
});
