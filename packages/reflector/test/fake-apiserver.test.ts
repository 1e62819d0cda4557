// The reflector over real HTTP: @kcache/listwatch against @kcache/fake-apiserver.
import { createIndexer, createStore, type KubeObject, type Store } from '@kcache/store';
import { isConnectionRefused, type ListerWatcher } from '@kcache/listwatch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReflector, isReflectorError, type Reflector, type ReflectorEvent, type ReflectorOptions } from '../src/index.js';
import { closeAll, createNamespaces, fakePod, listWatch, snapshot, startFake, storeSnapshot, until, type FakePod } from './support/fake.js';

afterEach(closeAll);

const PODS = { apiVersion: 'v1', kind: 'Pod' } as const;

interface Running {
  reflector: Reflector;
  events: ReflectorEvent[];
  errors: unknown[];
  stop: () => Promise<void>;
}

function start(options: Omit<ReflectorOptions<KubeObject>, 'onWatchError'>): Running {
  const events: ReflectorEvent[] = [];
  const errors: unknown[] = [];
  const reflector = createReflector<KubeObject>({ ...options, onWatchError: (err) => errors.push(err) });
  reflector.on('*', (e) => events.push(e));
  const controller = new AbortController();
  const running = reflector.run(controller.signal);
  return {
    reflector,
    events,
    errors,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

/** A store that logs every write as `op name@rv`, in order. */
function loggingStore(): Store<KubeObject> & { log: string[] } {
  const inner = createStore<KubeObject>();
  const log: string[] = [];
  const id = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}@${o.metadata?.resourceVersion ?? ''}`;
  return {
    log,
    add: (o) => {
      log.push(`add ${id(o)}`);
      inner.add(o);
    },
    update: (o) => {
      log.push(`update ${id(o)}`);
      inner.update(o);
    },
    delete: (o) => {
      log.push(`delete ${id(o)}`);
      inner.delete(o);
    },
    replace: (items, rv) => {
      log.push(`replace ${String(items.length)}@${rv}`);
      inner.replace(items, rv);
    },
    resync: () => {
      inner.resync();
    },
    list: () => inner.list(),
    listKeys: () => inner.listKeys(),
    get: (o) => inner.get(o),
    getByKey: (k) => inner.getByKey(k),
  };
}

describe.each([
  ['streaming list', true],
  ['list and watch', false],
])('a cluster-wide pods reflector (%s)', (_mode, useWatchList) => {
  it('syncs every namespace, then sees creates, updates and deletes in order', async () => {
    const { fake, kc } = await startFake();
    createNamespaces(fake, 'a', 'b', 'c');
    for (const ns of ['a', 'b', 'c']) for (let i = 0; i < 5; i++) fake.create(fakePod(`p${String(i)}`, ns));
    const store = loggingStore();
    const r = start({ listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods' }), store, useWatchList, expectedType: PODS });
    await r.reflector.waitForSync();
    expect(storeSnapshot(store)).toEqual(snapshot(fake.list(PODS)));
    expect(store.log).toEqual([`replace 15@${fake.resourceVersion}`]);

    const expected: string[] = [];
    const created = fake.create(fakePod('new', 'b'));
    expected.push(`add b/new@${created.metadata.resourceVersion}`);
    const updated = fake.update({ ...created, metadata: { ...created.metadata, labels: { v: '2' } } });
    expected.push(`update b/new@${updated.metadata.resourceVersion}`);
    fake.delete({ ...PODS, namespace: 'a', name: 'p0' });
    // A pod no node runs is marked for deletion (grace period 0), then removed.
    expected.push(`update a/p0@${String(Number(fake.resourceVersion) - 1)}`, `delete a/p0@${fake.resourceVersion}`);
    const again = fake.create(fakePod('p0', 'a'));
    expected.push(`add a/p0@${again.metadata.resourceVersion}`);

    await until(() => r.reflector.lastSyncResourceVersion === fake.resourceVersion, 5000, 'the last write');
    expect(store.log.slice(1)).toEqual(expected);
    expect(store.getByKey('b/new')?.metadata?.labels).toEqual({ v: '2' });
    expect(storeSnapshot(store)).toEqual(snapshot(fake.list(PODS)));
    // Objects from the list and from the watch look alike.
    for (const obj of store.list()) expect([obj.apiVersion, obj.kind]).toEqual(['v1', 'Pod']);
    await r.stop();
    expect(r.errors).toEqual([]);
  });

  it('after compact() and closeWatches(), relists and drops objects deleted while it was not watching', async () => {
    const { fake, kc } = await startFake();
    createNamespaces(fake, 'ns');
    for (let i = 0; i < 6; i++) fake.create(fakePod(`p${String(i)}`, 'ns'));
    const store = createStore<KubeObject>();
    const r = start({
      listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods' }),
      store,
      useWatchList,
      backoff: { initialMs: 1, maxMs: 5 },
    });
    await r.reflector.waitForSync();
    // One event, so the watch that closeWatches() ends is not a "very short" one (that would relist at once).
    fake.create(fakePod('trigger', 'ns'));
    await until(() => r.reflector.lastSyncResourceVersion === fake.resourceVersion, 5000, 'the trigger event');
    const syncedAt = r.reflector.lastSyncResourceVersion;

    // Hold the reflector off: its next watch is throttled for a second.
    fake.fail({ verb: 'watch', code: 429, reason: 'TooManyRequests', retryAfterSeconds: 1, times: 1 });
    fake.closeWatches();
    await until(() => r.events.some((e) => e.type === 'backoff' && e.reason === 'too-many-requests'), 5000, 'the throttled watch');
    // Meanwhile: deletes and a create it will never see as events, then the history goes away.
    fake.delete({ ...PODS, namespace: 'ns', name: 'p1' });
    fake.delete({ ...PODS, namespace: 'ns', name: 'p4' });
    fake.create(fakePod('late', 'ns'));
    fake.compact();

    await until(() => r.events.some((e) => e.type === 'relist'), 5000, 'a relist');
    await until(() => r.reflector.lastSyncResourceVersion === fake.resourceVersion, 5000, 'the relist');
    expect(storeSnapshot(store)).toEqual(snapshot(fake.list(PODS)));
    expect(store.getByKey('ns/p1')).toBeUndefined();
    expect(store.getByKey('ns/late')).toBeDefined();
    const relist = r.events.find((e) => e.type === 'relist');
    expect(relist).toMatchObject({ reason: 'expired', resourceVersion: syncedAt });
    await r.stop();
  });
});

describe('selectors', () => {
  it('a label-selector reflector stays exact as objects move in and out of the selection', async () => {
    const { fake, kc } = await startFake();
    const web = (name: string, app: string): FakePod => fakePod(name, 'default', { labels: { app } });
    for (let i = 0; i < 4; i++) fake.create(web(`w${String(i)}`, i % 2 === 0 ? 'web' : 'db'));
    const store = createStore<KubeObject>();
    const r = start({ listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods', labelSelector: 'app=web' }), store });
    await r.reflector.waitForSync();
    const selected = (): string[] =>
      snapshot(fake.list<FakePod>(PODS).filter((p) => p.metadata.labels?.app === 'web'));
    expect(storeSnapshot(store)).toEqual(selected());

    // In, out, in again, and changes outside the selection.
    const w1 = fake.get<FakePod>({ ...PODS, namespace: 'default', name: 'w1' });
    const moved = fake.update({ ...w1, metadata: { ...w1?.metadata, labels: { app: 'web' } } } as FakePod);
    const w0 = fake.get<FakePod>({ ...PODS, namespace: 'default', name: 'w0' });
    fake.update({ ...w0, metadata: { ...w0?.metadata, labels: { app: 'db' } } } as FakePod);
    fake.update({ ...moved, metadata: { ...moved.metadata, labels: { app: 'cache' } } });
    const w3 = fake.get<FakePod>({ ...PODS, namespace: 'default', name: 'w3' });
    fake.update({ ...w3, metadata: { ...w3?.metadata, labels: { app: 'db', tier: 'x' } } } as FakePod);
    fake.create(web('w9', 'web'));
    const w2 = fake.get<FakePod>({ ...PODS, namespace: 'default', name: 'w2' });
    fake.update({ ...w2, metadata: { ...w2?.metadata, labels: { app: 'web', touched: 'yes' } } } as FakePod);

    await until(() => storeSnapshot(store).join() === selected().join(), 5000, 'the selection');
    expect(store.list().map((o) => o.metadata?.name).sort()).toEqual(['w2', 'w9']);
    expect(store.getByKey('default/w2')?.metadata?.labels).toEqual({ app: 'web', touched: 'yes' });
    await r.stop();
    expect(r.errors).toEqual([]);
  });

  it('a field-selector reflector (spec.nodeName) with node and namespace indexes stays exact', async () => {
    const { fake, kc } = await startFake();
    createNamespaces(fake, 'x', 'y');
    for (let i = 0; i < 6; i++) fake.create(fakePod(`p${String(i)}`, i < 3 ? 'x' : 'y', { nodeName: i % 2 === 0 ? 'node-1' : 'node-2' }));
    fake.create(fakePod('unscheduled', 'x'));
    const store = createIndexer<KubeObject>({
      indexers: { namespace: (o) => (o.metadata?.namespace === undefined ? [] : [o.metadata.namespace]) },
    });
    const r = start({
      listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods', fieldSelector: 'spec.nodeName=node-1' }),
      store,
      useWatchList: false,
    });
    await r.reflector.waitForSync();
    const onNode1 = (): string[] => snapshot(fake.list<FakePod>(PODS).filter((p) => p.spec.nodeName === 'node-1'));
    expect(storeSnapshot(store)).toEqual(onNode1());

    const moveTo = (ns: string, name: string, nodeName: string | undefined): void => {
      const current = fake.get<FakePod>({ ...PODS, namespace: ns, name });
      if (current === undefined) throw new Error(`${ns}/${name} is gone`);
      const spec = { ...current.spec };
      if (nodeName === undefined) delete spec.nodeName;
      else spec.nodeName = nodeName;
      fake.update({ ...current, spec });
    };
    moveTo('x', 'p1', 'node-1'); // in
    moveTo('x', 'p0', 'node-2'); // out
    moveTo('x', 'unscheduled', 'node-1'); // in
    moveTo('y', 'p4', 'node-3'); // out
    fake.delete({ ...PODS, namespace: 'x', name: 'p2' }, { gracePeriodSeconds: 0 }); // out by deletion (its kubelet done at once)
    fake.create(fakePod('fresh', 'y', { nodeName: 'node-1' })); // in by creation

    await until(() => storeSnapshot(store).join() === onNode1().join(), 5000, 'the selection');
    expect(store.byIndex('namespace', 'x').map((o) => o.metadata?.name).sort()).toEqual(['p1', 'unscheduled']);
    expect(store.byIndex('namespace', 'y').map((o) => o.metadata?.name).sort()).toEqual(['fresh']);
    await r.stop();
    expect(r.errors).toEqual([]);
  });
});

describe('faults', () => {
  it('destroyConnections() mid-watch: re-watches from the last resourceVersion without a relist', async () => {
    const { fake, kc } = await startFake();
    createNamespaces(fake, 'ns');
    fake.create(fakePod('a', 'ns'));
    const store = createStore<KubeObject>();
    const r = start({ listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods' }), store, useWatchList: false });
    await r.reflector.waitForSync();
    fake.create(fakePod('b', 'ns'));
    await until(() => store.list().length === 2);
    const rv = r.reflector.lastSyncResourceVersion;
    fake.destroyConnections();
    fake.create(fakePod('c', 'ns'));
    await until(() => store.list().length === 3, 5000, 'the event after the reset');
    const watches = fake.requests.filter((q) => q.verb === 'watch');
    expect(watches.at(-1)?.query.resourceVersion).toBe(rv);
    expect(fake.requests.filter((q) => q.verb === 'list')).toHaveLength(1);
    await r.stop();
  });

  it('a 500 on the list is retried with backoff until the server recovers', async () => {
    const { fake, kc } = await startFake();
    createNamespaces(fake, 'ns');
    fake.create(fakePod('a', 'ns'));
    fake.fail({ verb: 'list', code: 500, times: 3 });
    const store = createStore<KubeObject>();
    const r = start({
      listerWatcher: listWatch(kc, { apiVersion: 'v1', resource: 'pods' }),
      store,
      useWatchList: false,
      backoff: { initialMs: 1, maxMs: 10 },
    });
    await r.reflector.waitForSync();
    expect(storeSnapshot(store)).toEqual(snapshot(fake.list(PODS)));
    expect(r.errors).toHaveLength(3);
    expect(r.events.filter((e) => e.type === 'backoff').length).toBeGreaterThanOrEqual(3);
    await r.stop();
  });
});

describe.each([
  ['streaming list', true],
  ['list and watch', false],
])('an unreachable server (%s)', (_mode, useWatchList) => {
  it('is an error the user hears of on every attempt, while the reflector keeps trying', async () => {
    // A port that was just listened on and is closed now: connections to it are refused.
    const { fake, kc } = await startFake();
    await fake.close();
    const inner = listWatch<KubeObject>(kc, { apiVersion: 'v1', resource: 'pods' });
    let attempts = 0;
    const counting: ListerWatcher<KubeObject> = {
      list: (options, signal) => {
        attempts++;
        return inner.list(options, signal);
      },
      watch: (options, signal) => {
        attempts++;
        return inner.watch(options, signal);
      },
    };
    const r = start({ listerWatcher: counting, store: createStore<KubeObject>(), useWatchList, backoff: { initialMs: 1, maxMs: 4, jitter: 0 } });
    let synced = false;
    const stopWaiting = new AbortController();
    r.reflector.waitForSync(stopWaiting.signal).then(() => (synced = true), () => undefined);
    // At each backoff, every failed attempt so far has been reported once, both ways.
    const atBackoff: [number, number, number][] = [];
    r.reflector.on('backoff', () => atBackoff.push([attempts, r.errors.length, r.events.filter((e) => e.type === 'error').length]));
    await vi.waitUntil(() => atBackoff.length >= 4, { timeout: 10_000 });
    await r.stop();
    stopWaiting.abort();
    expect(synced).toBe(false);
    for (const [tried, errors, errorEvents] of atBackoff) expect([errors, errorEvents]).toEqual([tried, tried]);
    expect(r.events.filter((e) => e.type === 'error').map((e) => (e as { error: unknown }).error)).toEqual(r.errors);
    for (const err of r.errors) {
      expect(isReflectorError(err, useWatchList ? 'WatchFailed' : 'ListFailed')).toBe(true);
      expect(isConnectionRefused((err as Error).cause)).toBe(true);
    }
    expect(r.events.filter((e) => e.type === 'backoff').map((e) => (e as { reason: string }).reason)).toContain(useWatchList ? 'connection-refused' : 'cycle');
  });
});
