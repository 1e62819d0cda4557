// Model-based check of paginated snapshots: random writes interleaved with the pages of random
// lists; every completed list must equal the state at its first page's resourceVersion.
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { call, createNamespaces, pod, startServer } from './helpers.js';

const SEED = testSeed();

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer({ historyLimit: 100_000 });
});
afterEach(async () => {
  await server.close();
});

interface Seen { key: string; rv: string; labels: Record<string, string> }

it(`every page of a list shows the first page's snapshot (seed ${SEED})`, async () => {
  printSeedOnFailure(SEED);
  const random = seededRandom(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const namespaces = ['a', 'b', 'c'];
  createNamespaces(server, ...namespaces);
  const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
  const states = new Map<string, Seen[]>();
  const snapshot = (): void => {
    states.set(server.resourceVersion, server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => ({
      key: `${p.metadata.namespace ?? ''}/${p.metadata.name}`,
      rv: p.metadata.resourceVersion,
      labels: p.metadata.labels ?? {},
    })));
  };
  const write = (): void => {
    const ns = pick(namespaces);
    const name = pick(names);
    const ref = { apiVersion: 'v1', kind: 'Pod', namespace: ns, name };
    const current = server.get(ref);
    if (current === undefined) server.create(pod(name, ns, { color: pick(['red', 'blue']) }));
    else if (random() < 0.5) server.delete(ref);
    else server.update({ ...current, metadata: { ...current.metadata, labels: { color: pick(['red', 'blue']) } } });
    snapshot();
  };
  for (let i = 0; i < 40; i++) write();

  for (let round = 0; round < 60; round++) {
    const ns = random() < 0.5 ? undefined : pick(namespaces);
    const selector = random() < 0.3 ? 'color=red' : undefined;
    const limit = 1 + Math.floor(random() * 5);
    const base = ns === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${ns}/pods`;
    const query = (token?: string): string =>
      `${base}?limit=${limit}${selector === undefined ? '' : `&labelSelector=${encodeURIComponent(selector)}`}${token === undefined ? '' : `&continue=${token}`}`;
    let page = (await call(server, 'GET', query())).json;
    const rv: string = page.metadata.resourceVersion;
    const got: Seen[] = [];
    for (;;) {
      got.push(...page.items.map((p: { metadata: { namespace: string; name: string; resourceVersion: string; labels?: Record<string, string> } }) => ({
        key: `${p.metadata.namespace}/${p.metadata.name}`,
        rv: p.metadata.resourceVersion,
        labels: p.metadata.labels ?? {},
      })));
      expect(page.metadata.resourceVersion, `seed ${SEED} round ${round}`).toBe(rv);
      if (selector === undefined && page.metadata.continue !== undefined) {
        const remaining = (states.get(rv) ?? []).filter((s) => (ns === undefined || s.key.startsWith(`${ns}/`))).length - got.length;
        expect(page.metadata.remainingItemCount, `seed ${SEED} round ${round}`).toBe(remaining);
      }
      const token: string | undefined = page.metadata.continue;
      if (token === undefined) break;
      for (let w = Math.floor(random() * 4); w > 0; w--) write();
      page = (await call(server, 'GET', query(token))).json;
    }
    const expected = (states.get(rv) ?? [])
      .filter((s) => ns === undefined || s.key.startsWith(`${ns}/`))
      .filter((s) => selector === undefined || s.labels.color === 'red');
    expect(got, `seed ${SEED} round ${round} ns ${ns ?? '*'} limit ${limit} selector ${selector ?? '-'}`).toEqual(expected);
  }
});
