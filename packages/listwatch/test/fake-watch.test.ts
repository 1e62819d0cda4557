// watch against @kcache/fake-apiserver: from a resourceVersion, selectors, bookmarks, streaming
// list, 410 both ways, dropped and closed watches, abort.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ConnectionError, createListWatch, isExpired, isGone, type WatchEvent } from '../src/index.js';
import { closeFakes, createNamespaces, nameOf, openSockets, pod, startFake, take, until, type Pod } from './support/fake.js';

afterEach(closeFakes);

const kinds = (events: readonly WatchEvent<Pod>[]): [string, string | undefined][] => events.map((e) => [e.type, nameOf(e)]);

describe('watch against the fake API server', () => {
  it('from a list RV: only later changes, each with its own RV', async () => {
    const { fake, kc } = await startFake();
    fake.create(pod('before'));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', namespace: 'default' });
    const list = await lw.list();
    const stream = await lw.watch({ resourceVersion: list.metadata.resourceVersion });
    const created = fake.create(pod('after'));
    fake.update({ ...created, metadata: { ...created.metadata, labels: { changed: 'yes' } } });
    fake.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'after' });
    const events = await take(stream, (_e, all) => all.length === 4);
    // A pod no node runs is marked for deletion (grace period 0), then removed.
    expect(kinds(events)).toEqual([['ADDED', 'after'], ['MODIFIED', 'after'], ['MODIFIED', 'after'], ['DELETED', 'after']]);
    const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
    expect(rvs[0]).toBeGreaterThan(Number(list.metadata.resourceVersion));
    expect(rvs[1]).toBeGreaterThan(rvs[0] ?? 0);
    expect(rvs[2]).toBeGreaterThan(rvs[1] ?? 0);
    expect(rvs[3]).toBeGreaterThan(rvs[2] ?? 0); // a DELETED event carries the deletion's RV
    expect(rvs[3]).toBe(Number(fake.resourceVersion));
    for (const event of events) expect([event.object.apiVersion, event.object.kind]).toEqual(['v1', 'Pod']);
    stream.close();
  });

  it('without an RV: synthetic ADDED for the current state first', async () => {
    const { fake, kc } = await startFake();
    fake.create(pod('x'));
    fake.create(pod('y'));
    const stream = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).watch();
    expect(kinds(await take(stream, (_e, all) => all.length === 2))).toEqual([['ADDED', 'x'], ['ADDED', 'y']]);
    stream.close();
  });

  it('the descriptor selectors filter the watch too, ANDed with the call ones', async () => {
    const { fake, kc } = await startFake();
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', labelSelector: 'app=web' });
    const rv = fake.resourceVersion;
    const stream = await lw.watch({ resourceVersion: rv, fieldSelector: 'metadata.namespace=default' });
    fake.create(pod('db', { app: 'db' }));
    createNamespaces(fake, 'other');
    fake.create(pod('web-other-ns', { app: 'web' }, 'other'));
    fake.create(pod('web', { app: 'web' }));
    const [first] = await take(stream, () => true);
    expect(first && kinds([first])).toEqual([['ADDED', 'web']]);
    const watchRequest = fake.requests.find((r) => r.verb === 'watch');
    expect(watchRequest?.query).toMatchObject({ labelSelector: 'app=web', fieldSelector: 'metadata.namespace=default', resourceVersion: rv });
    stream.close();
  });

  it('an object that stops matching is sent as DELETED', async () => {
    const { fake, kc } = await startFake();
    const web = fake.create(pod('w', { app: 'web' }));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', labelSelector: 'app=web' });
    const stream = await lw.watch({ resourceVersion: fake.resourceVersion });
    fake.update({ ...web, metadata: { ...web.metadata, labels: { app: 'db' } } });
    expect(kinds(await take(stream, () => true))).toEqual([['DELETED', 'w']]);
    stream.close();
  });

  it('bookmarks carry the kind and an RV', async () => {
    const { fake, kc } = await startFake({ bookmarkIntervalMs: 50 });
    fake.create(pod('a'));
    const stream = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).watch({
      resourceVersion: fake.resourceVersion,
      allowWatchBookmarks: true,
    });
    const [bookmark] = await take(stream, (e) => e.type === 'BOOKMARK');
    expect(bookmark?.type).toBe('BOOKMARK');
    expect(bookmark?.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: fake.resourceVersion } });
    stream.close();
  });

  it('streaming list: the state as ADDED, then the initial-events-end bookmark, then changes', async () => {
    const { fake, kc } = await startFake();
    for (const name of ['a', 'b', 'c']) fake.create(pod(name));
    const snapshot = fake.resourceVersion;
    const stream = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).watch({
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      resourceVersion: '',
      allowWatchBookmarks: true,
      timeoutSeconds: 60,
    });
    const initial = await take(stream, (e) => e.type === 'BOOKMARK');
    expect(kinds(initial.slice(0, 3))).toEqual([['ADDED', 'a'], ['ADDED', 'b'], ['ADDED', 'c']]);
    const end = initial[3];
    if (end?.type !== 'BOOKMARK') throw new Error(`expected the initial-events-end bookmark, got ${JSON.stringify(end)}`);
    expect(initial).toHaveLength(4);
    expect(end.object.metadata.annotations).toMatchObject({ 'k8s.io/initial-events-end': 'true' });
    expect(end.object.metadata.resourceVersion).toBe(snapshot);
    fake.create(pod('d'));
    expect(kinds(await take(stream, () => true))).toEqual([['ADDED', 'd']]);
    stream.close();
  });

  it('a compacted RV: one ERROR event with 410 Expired, then the stream ends', async () => {
    const { fake, kc } = await startFake();
    fake.create(pod('a'));
    const old = fake.resourceVersion;
    fake.create(pod('b'));
    fake.compact();
    const events = [];
    for await (const event of await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).watch({ resourceVersion: old })) events.push(event);
    expect(events).toHaveLength(1);
    const [only] = events;
    expect(only?.type).toBe('ERROR');
    const error = new ApiError(only?.object as never);
    expect(isExpired(error)).toBe(true);
    expect(error.code).toBe(410);
  });

  it('aborting a watch whose response already ended leaves the pooled connection alone', async () => {
    // The 410 ERROR response ends at once; its keep-alive socket goes back to the pool before the
    // caller reads the end. An abort then must not destroy that socket (it would crash the process
    // with an unhandled 'error', or break the next request that reuses it).
    const { fake, kc } = await startFake();
    fake.create(pod('a'));
    const old = fake.resourceVersion;
    fake.create(pod('b'));
    fake.compact();
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    await lw.list(); // a pooled connection for the watch to reuse
    const controller = new AbortController();
    const iterator = (await lw.watch({ resourceVersion: old }, controller.signal))[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.type).toBe('ERROR');
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => {
      uncaught.push(err);
    };
    process.on('uncaughtException', onUncaught);
    try {
      controller.abort();
      await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' });
      const list = await lw.list();
      expect(list.items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
      // Let whatever socket events are pending run: an error nobody listens to would surface now.
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it('a watch answered 410 rejects with an ApiError', async () => {
    const { fake, kc } = await startFake();
    fake.fail({ verb: 'watch', code: 410, reason: 'Expired' });
    const err = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' }).watch({ resourceVersion: '1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(isExpired(err)).toBe(true);
    expect(isGone(err)).toBe(true);
  });

  it('destroyConnections() mid-stream: the iterable throws a ConnectionError', async () => {
    const { fake, kc } = await startFake();
    const stream = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).watch({ resourceVersion: fake.resourceVersion });
    fake.create(pod('a'));
    expect(kinds(await take(stream, () => true))).toEqual([['ADDED', 'a']]);
    const pending = stream.next();
    fake.destroyConnections();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('closeWatches(): the iterable ends normally', async () => {
    const { fake, kc } = await startFake();
    const stream = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).watch({ resourceVersion: fake.resourceVersion });
    fake.create(pod('a'));
    const seen: string[] = [];
    let firstSeen: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      firstSeen = resolve;
    });
    const done = (async () => {
      for await (const event of stream) {
        seen.push(nameOf(event) ?? '');
        firstSeen();
      }
    })();
    await first;
    fake.closeWatches();
    await done; // no throw
    expect(seen).toEqual(['a']);
  });

  it('timeoutSeconds: the server ends the stream cleanly', async () => {
    const { fake, kc } = await startFake();
    // The fake's watch timeout runs on a fake clock; sockets stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stream = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' }).watch({ resourceVersion: fake.resourceVersion, timeoutSeconds: 1 });
      const pending = stream.next();
      await vi.advanceTimersByTimeAsync(1000);
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborting a watch closes the connection at once and ends with an AbortError', async () => {
    const { fake, kc } = await startFake();
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    await until(() => openSockets() === 0); // earlier tests' connections are gone
    const controller = new AbortController();
    const stream = await lw.watch({ resourceVersion: fake.resourceVersion }, controller.signal);
    expect(openSockets()).toBe(2); // this watch: the client's socket and the fake's
    const pending = stream.next();
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect((err as DOMException).name).toBe('AbortError');
    // Both ends gone: the client's socket and the fake's (both live in this process).
    await until(() => openSockets() === 0);
    fake.create(pod('after-abort')); // the fake has no watcher left to write to
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('breaking out of for-await closes the connection', async () => {
    const { fake, kc } = await startFake();
    fake.create(pod('a'));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    await until(() => openSockets() === 0); // earlier tests' connections are gone
    for await (const _event of await lw.watch()) {
      expect(openSockets()).toBe(2); // this watch: the client's socket and the fake's
      break;
    }
    await until(() => openSockets() === 0);
  });
});
