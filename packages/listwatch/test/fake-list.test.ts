// list and listPages against @kcache/fake-apiserver: pages, selectors, expiry, faults.
// (Aborting a list mid-body is tested against a local server that never finishes its answer.)
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  createListWatch,
  isExpired,
  isInternalError,
  isResourceVersionTooLarge,
  isTooManyRequests,
  listPages,
  type ListerWatcher,
} from '../src/index.js';
import { closeFakes, createNamespaces, pod, startFake, type Pod } from './support/fake.js';

afterEach(closeFakes);

const names = (items: readonly Pod[]): string[] => items.map((p) => p.metadata.name);

describe('list against the fake API server', () => {
  it('lists a namespace without pages; items are self-describing', async () => {
    const { fake, kc } = await startFake();
    for (const name of ['a', 'b', 'c']) fake.create(pod(name));
    createNamespaces(fake, 'other');
    fake.create(pod('elsewhere', {}, 'other'));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', namespace: 'default' });
    const list = await lw.list();
    expect(names(list.items)).toEqual(['a', 'b', 'c']);
    expect(list.metadata.resourceVersion).toBe(fake.resourceVersion);
    expect(list.metadata.continue ?? '').toBe('');
    for (const item of list.items) expect([item.apiVersion, item.kind]).toEqual(['v1', 'Pod']);
    const all = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }).list();
    expect(names(all.items)).toEqual(['a', 'b', 'c', 'elsewhere']);
  });

  it('lists in pages: continue pages carry no resourceVersion, items join under the first RV', async () => {
    const { fake, kc } = await startFake();
    for (let i = 0; i < 25; i++) fake.create(pod(`p${String(i).padStart(2, '0')}`));
    const rv = fake.resourceVersion;
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', namespace: 'default' });
    const { list, paginated } = await listPages(lw, { resourceVersion: '0' }, { pageSize: 10 });
    expect(paginated).toBe(true);
    expect(list.items).toHaveLength(25);
    expect(new Set(names(list.items)).size).toBe(25);
    expect(list.metadata.resourceVersion).toBe(rv);
    const lists = fake.requests.filter((r) => r.verb === 'list');
    expect(lists).toHaveLength(3);
    expect(lists[0]?.query).toMatchObject({ limit: '10', resourceVersion: '0' });
    for (const page of lists.slice(1)) {
      expect(page.query.limit).toBe('10');
      expect(page.query.continue).toBeTruthy();
      expect(page.query.resourceVersion).toBeUndefined();
      expect(page.query.resourceVersionMatch).toBeUndefined();
    }
  });

  it('a single page is not paginated', async () => {
    const { fake, kc } = await startFake();
    fake.create(pod('only'));
    const { list, paginated } = await listPages(createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' }), {});
    expect(paginated).toBe(false);
    expect(names(list.items)).toEqual(['only']);
  });

  it('applies the descriptor selectors to every page, ANDed with the call ones', async () => {
    const { fake, kc } = await startFake();
    for (let i = 0; i < 6; i++) fake.create(pod(`web-${String(i)}`, { app: 'web', tier: i % 2 === 0 ? 'front' : 'back' }));
    fake.create(pod('db-0', { app: 'db', tier: 'front' }));
    const lw = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', labelSelector: 'app=web' });
    expect(names((await lw.list()).items)).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4', 'web-5']);
    const { list } = await listPages(lw, { labelSelector: 'tier=front' }, { pageSize: 2 });
    expect(names(list.items)).toEqual(['web-0', 'web-2', 'web-4']);
    for (const r of fake.requests.filter((q) => q.verb === 'list').slice(1)) {
      expect(r.query.labelSelector).toBe('app=web,tier=front');
    }
    const byField = await createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods', fieldSelector: 'metadata.namespace=default' }).list({
      fieldSelector: 'metadata.name=db-0',
    });
    expect(names(byField.items)).toEqual(['db-0']);
  });

  it('an expired continue token falls back to one full list', async () => {
    const { fake, kc } = await startFake();
    for (let i = 0; i < 6; i++) fake.create(pod(`p${String(i)}`));
    const inner = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    // Compact (and change the collection) between the first and the second page.
    let calls = 0;
    const lw: ListerWatcher<Pod> = {
      list: async (options, signal) => {
        const page = await inner.list(options, signal);
        if (calls++ === 0) {
          fake.create(pod('late'));
          fake.compact();
        }
        return page;
      },
      watch: (options, signal) => inner.watch(options, signal),
    };
    const { list, paginated } = await listPages(lw, {}, { pageSize: 2 });
    expect(paginated).toBe(true);
    expect(names(list.items)).toEqual(['late', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    const lists = fake.requests.filter((r) => r.verb === 'list');
    expect(lists.map((r) => r.status)).toEqual([200, 410, 200]);
    expect(lists[2]?.query.limit).toBeUndefined();
    expect(lists[2]?.query.continue).toBeUndefined();
  });

  it('an expired continue token is an error when fullListIfExpired is off', async () => {
    const { fake, kc } = await startFake();
    for (let i = 0; i < 4; i++) fake.create(pod(`p${String(i)}`));
    const inner = createListWatch<Pod>(kc, { apiVersion: 'v1', resource: 'pods' });
    const lw: ListerWatcher<Pod> = {
      list: async (options, signal) => {
        const page = await inner.list(options, signal);
        fake.create(pod(`x${String(Math.random()).slice(2, 8)}`));
        fake.compact();
        return page;
      },
      watch: (options, signal) => inner.watch(options, signal),
    };
    const err = await listPages(lw, {}, { pageSize: 2, fullListIfExpired: false }).catch((e: unknown) => e);
    expect(isExpired(err)).toBe(true);
  });

  it('a list at a compacted RV with Exact match is 410 Expired', async () => {
    const { fake, kc } = await startFake();
    fake.create(pod('a'));
    const old = fake.resourceVersion;
    fake.create(pod('b'));
    fake.compact();
    const err = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' })
      .list({ resourceVersion: old, resourceVersionMatch: 'Exact' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(isExpired(err)).toBe(true);
  });

  it('a list at an RV ahead of the server is "too large"', async () => {
    const { kc } = await startFake();
    const err = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' }).list({ resourceVersion: '999999' }).catch((e: unknown) => e);
    expect(isResourceVersionTooLarge(err)).toBe(true);
  });

  it('429 with Retry-After', async () => {
    const { fake, kc } = await startFake();
    fake.fail({ verb: 'list', resource: 'pods', code: 429, retryAfterSeconds: 3, times: 1 });
    const lw = createListWatch(kc, { apiVersion: 'v1', resource: 'pods' });
    const err = await lw.list().catch((e: unknown) => e);
    expect(isTooManyRequests(err)).toBe(true);
    expect((err as ApiError).retryAfterSeconds).toBe(3);
    await expect(lw.list()).resolves.toBeDefined(); // times: 1
  });

  it('500 InternalError', async () => {
    const { fake, kc } = await startFake();
    fake.fail({ verb: 'list', code: 500 });
    const err = await createListWatch(kc, { apiVersion: 'v1', resource: 'pods' }).list().catch((e: unknown) => e);
    expect(isInternalError(err)).toBe(true);
    expect(err).toMatchObject({ code: 500 });
  });
});
