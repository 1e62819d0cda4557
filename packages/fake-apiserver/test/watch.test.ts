import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

/** Watch timeouts and bookmark intervals run on a fake clock; sockets stay real. */
function fakeWatchTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
}

const podRef = (name: string, namespace = 'default') => ({ apiVersion: 'v1', kind: 'Pod', namespace, name });

describe('watch', () => {
  it('answers 200 application/json at once and streams one event per line', async () => {
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`);
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toBe('application/json');
    expect(w.headers['transfer-encoding']).toBe('chunked');
    const created = server.create(pod('a'));
    const added = await w.next();
    expect(added.type).toBe('ADDED');
    expect(added.object).toEqual(created);
    expect(added.object.kind).toBe('Pod');
    expect(added.object.apiVersion).toBe('v1');
    const updated = server.update({ ...created, metadata: { ...created.metadata, labels: { x: 'y' } } });
    expect(await w.next()).toEqual({ type: 'MODIFIED', object: updated });
    server.delete(podRef('a'));
    // A pod no node runs is marked with a grace period of 0, then removed (kube-apiserver's two writes).
    const marked = await w.next();
    expect(marked).toMatchObject({ type: 'MODIFIED', object: { metadata: { deletionGracePeriodSeconds: 0 } } });
    const deleted = await w.next();
    expect(deleted.type).toBe('DELETED');
    // The DELETED event carries the deletion's resourceVersion.
    expect(deleted.object.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(Number(deleted.object.metadata.resourceVersion)).toBeGreaterThan(Number(updated.metadata.resourceVersion));
    expect(w.lines.every((l) => JSON.parse(l) !== undefined)).toBe(true);
    w.close();
  });

  it('starts with synthetic ADDED events for RV unset and RV=0, then changes', async () => {
    server.create(pod('a'));
    server.create(pod('b'));
    for (const q of ['watch=true', 'watch=1&resourceVersion=0']) {
      const w = await openWatch(server, `${podsPath()}?${q}`);
      expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
      expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
      server.create(pod('c'));
      expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'c' } } });
      server.delete(podRef('c'));
      expect((await w.next()).type).toBe('MODIFIED');
      expect((await w.next()).type).toBe('DELETED');
      w.close();
    }
  });

  it('replays only the changes after RV=N', async () => {
    const a = server.create(pod('a'));
    const rv = server.resourceVersion;
    server.update({ ...a, metadata: { ...a.metadata, labels: { v: '2' } } });
    server.create(pod('b'));
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${rv}`);
    const e1 = await w.next();
    expect(e1.type).toBe('MODIFIED');
    expect(e1.object.metadata.labels).toEqual({ v: '2' });
    const e2 = await w.next();
    expect(e2).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    w.close();
  });

  it('sends one ERROR 410 Expired event and closes for a compacted RV', async () => {
    server.create(pod('a'));
    const rv = server.resourceVersion;
    server.create(pod('b'));
    server.compact();
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${Number(rv) - 1}`);
    expect(w.status).toBe(200);
    const events = await w.rest();
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('ERROR');
    expect(events[0]!.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(events[0]!.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    expect(await w.ended).toBe('end');
  });

  it('keeps a watch from an RV ahead of the server open, then streams the changes after it', async () => {
    const from = Number(server.resourceVersion) + 2;
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${String(from)}`);
    expect(w.status).toBe(200);
    server.create(pod('early-1'));
    server.create(pod('early-2'));
    server.create(pod('late'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'late', resourceVersion: String(from + 1) } } });
    expect(w.lines).toHaveLength(1);
    w.close();
  });

  it('ends a watch from an RV ahead of the server cleanly at its timeout when the RV is not reached', async () => {
    fakeWatchTimers();
    const w = await openWatch(server, `${podsPath()}?watch=true&timeoutSeconds=1&resourceVersion=${String(Number(server.resourceVersion) + 5)}`);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await w.rest()).toEqual([]);
    expect(await w.ended).toBe('end');
  });

  it('ends cleanly after timeoutSeconds, with a bookmark first when allowed', async () => {
    fakeWatchTimers();
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}&timeoutSeconds=1&allowWatchBookmarks=true`);
    server.create(pod('a'));
    expect((await w.next()).type).toBe('ADDED');
    await vi.advanceTimersByTimeAsync(999);
    expect(w.lines).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const events = await w.rest();
    expect(await w.ended).toBe('end');
    expect(events.map((e) => e.type)).toEqual(['BOOKMARK']);
    expect(events[0]!.object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: server.resourceVersion } });
  });

  it('sends bookmarks every bookmarkIntervalMs when asked, never otherwise', async () => {
    await server.close();
    server = await startServer({ bookmarkIntervalMs: 50 });
    fakeWatchTimers();
    server.create(pod('a'));
    const rv = server.resourceVersion;
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=True`);
    const plain = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
    await vi.advanceTimersByTimeAsync(49);
    expect(w.lines).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await w.next()).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv } } });
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    await vi.advanceTimersByTimeAsync(50);
    // Bookmarks move with the global resourceVersion, even for changes of other kinds.
    expect(await w.next()).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: server.resourceVersion } } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await plain.rest()).toEqual([]);
    w.close();
  });

  it('streams a list: ADDED for the state, the initial-events-end bookmark, then changes', async () => {
    server.create(pod('a'));
    server.create(pod('b'));
    const rv = server.resourceVersion;
    const w = await openWatch(server, `${podsPath()}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    expect((await w.next()).object.metadata.name).toBe('a');
    expect((await w.next()).object.metadata.name).toBe('b');
    expect(await w.next()).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    server.create(pod('c'));
    expect((await w.next()).object.metadata.name).toBe('c');
    w.close();
  });

  it('answers 422 for sendInitialEvents without resourceVersionMatch=NotOlderThan', async () => {
    const res = await call(server, 'GET', `${podsPath()}?watch=true&sendInitialEvents=true`);
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    const other = await call(server, 'GET', `${podsPath()}?watch=true&resourceVersionMatch=NotOlderThan`);
    expect(other.status).toBe(422);
  });

  it('sendInitialEvents=false starts from now', async () => {
    server.create(pod('a'));
    const w = await openWatch(server, `${podsPath()}?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan`);
    server.create(pod('b'));
    expect((await w.next()).object.metadata.name).toBe('b');
    w.close();
  });

  it('filters by namespace and selectors, turning selector transitions into ADDED and DELETED', async () => {
    const a = server.create(pod('a', 'default', { app: 'web' }));
    const rv = server.resourceVersion;
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${rv}&labelSelector=app%3Dweb`);
    server.create(pod('other-ns', 'kube-system', { app: 'web' }));
    server.create(pod('b', 'default', { app: 'db' }));
    const left = server.update({ ...a, metadata: { ...a.metadata, labels: { app: 'db' } } });
    const e1 = await w.next();
    expect(e1.type).toBe('DELETED');
    // The previous state (which matched), stamped with the change's resourceVersion.
    expect(e1.object.metadata.labels).toEqual({ app: 'web' });
    expect(e1.object.metadata.resourceVersion).toBe(left.metadata.resourceVersion);
    const back = server.update({ ...left, metadata: { ...left.metadata, labels: { app: 'web' } } });
    expect(await w.next()).toEqual({ type: 'ADDED', object: back });
    const b = server.get(podRef('b'))!;
    server.update({ ...b, metadata: { ...b.metadata, labels: { app: 'web' } } });
    expect((await w.next())).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    server.delete(podRef('a'));
    expect(await w.next()).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'a', deletionGracePeriodSeconds: 0 } } });
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'a' } } });
    w.close();
  });

  it('watches one object by fieldSelector=metadata.name', async () => {
    const w = await openWatch(server, `${podsPath()}?watch=true&fieldSelector=metadata.name%3Db&resourceVersion=${server.resourceVersion}`);
    server.create(pod('a'));
    server.create(pod('b'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    w.close();
  });

  it('accepts Go booleans and refuses others with 400', async () => {
    for (const [i, v] of ['t', 'T', 'TRUE', 'True'].entries()) {
      const w = await openWatch(server, `${podsPath()}?watch=${v}&resourceVersion=${server.resourceVersion}`);
      expect(w.status).toBe(200);
      server.create(pod(`p${String(i)}`));
      expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: `p${String(i)}` } } });
      w.close();
    }
    for (const v of ['0', 'f', 'False', '']) {
      const res = await call(server, 'GET', `${podsPath()}?watch=${v}`);
      expect(res.json.kind, v).toBe('PodList');
    }
    expect((await call(server, 'GET', `${podsPath()}?watch=yes`)).status).toBe(400);
    // kube-apiserver reads timeoutSeconds with Go's ParseInt: a negative value means no timeout.
    expect((await call(server, 'GET', `${podsPath()}?watch=true&timeoutSeconds=abc`)).status).toBe(400);
  });

  it('closeWatches ends every stream cleanly', async () => {
    const w1 = await openWatch(server, `${podsPath()}?watch=true`);
    const w2 = await openWatch(server, '/api/v1/configmaps?watch=true');
    server.closeWatches();
    expect(await w1.ended).toBe('end');
    expect(await w2.ended).toBe('end');
  });

  it('destroyConnections resets streams abruptly', async () => {
    const w = await openWatch(server, `${podsPath()}?watch=true`);
    server.destroyConnections();
    expect(await w.ended).toBe('aborted');
    // New connections are served.
    expect((await call(server, 'GET', podsPath())).status).toBe(200);
  });

  it('serves the deprecated /watch/ path form', async () => {
    const w = await openWatch(server, `/api/v1/watch/namespaces/default/pods?resourceVersion=${server.resourceVersion}`);
    server.create(pod('a'));
    expect((await w.next()).object.metadata.name).toBe('a');
    w.close();
  });

  it('cuts off a watcher that stops reading without slowing the others', async () => {
    await server.close();
    server = await startServer({ maxWatchBufferBytes: 256 * 1024 });
    const rv = server.resourceVersion;
    const slow = await openWatch(server, `/api/v1/configmaps?watch=true&resourceVersion=${rv}`);
    slow.pause();
    const fast = await openWatch(server, `/api/v1/configmaps?watch=true&resourceVersion=${rv}`);
    const big = 'x'.repeat(64 * 1024);
    // 25 MB: more than kernel socket buffers absorb before the server's own buffer grows.
    const count = 400;
    for (let i = 0; i < count; i++) {
      server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'default' }, data: { big } });
      expect((await fast.next()).object.metadata.name).toBe(`c${i}`);
    }
    // The slow watcher was cut off: reading again, it finds the stream broken and events missing.
    slow.resume();
    expect(await slow.ended).toBe('aborted');
    expect(slow.lines.length).toBeLessThan(count);
    // The fast watcher keeps getting events.
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after', namespace: 'default' } });
    expect((await fast.next()).object.metadata.name).toBe('after');
    fast.close();
  });

  it('records watches in the request log with their verb', async () => {
    const w = await openWatch(server, `${podsPath()}?watch=true&labelSelector=a%3Db`);
    const record = server.requests.find((r) => r.verb === 'watch');
    expect(record).toMatchObject({ method: 'GET', path: podsPath(), status: 200, query: { watch: 'true', labelSelector: 'a=b' } });
    w.close();
  });
});
