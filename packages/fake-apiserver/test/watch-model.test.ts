// Model-based check of watches: random writes while watches of every starting mode (from an
// older resourceVersion, RV=0, streaming list) and filter run; replaying each watch's events onto
// the state it started from must give exactly the server's filtered state at the end.
import { printSeedOnFailure, seededRandom, testSeed } from '@kcache/vitest-config/seed';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FakeApiServer } from '../src/index.js';
import { createNamespaces, openWatch, pod, startServer, type WatchReader } from './helpers.js';

const SEED = testSeed();

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer({ historyLimit: 100_000 });
});
afterEach(async () => {
  await server.close();
});

interface Item { key: string; rv: string; color: string | undefined }
interface Started { reader: WatchReader; ns: string | undefined; red: boolean; from: Map<string, Item>; mode: string }

it(`watch events replayed on their starting state give the final filtered state (seed ${SEED})`, async () => {
  printSeedOnFailure(SEED);
  const random = seededRandom(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const namespaces = ['a', 'b'];
  createNamespaces(server, ...namespaces);
  const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
  const states = new Map<string, Item[]>();
  const state = (): Item[] => server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => ({
    key: `${p.metadata.namespace ?? ''}/${p.metadata.name}`,
    rv: p.metadata.resourceVersion,
    color: p.metadata.labels?.color,
  }));
  const write = (): void => {
    const ns = pick(namespaces);
    const name = pick(names);
    const ref = { apiVersion: 'v1', kind: 'Pod', namespace: ns, name };
    const current = server.get(ref);
    if (current === undefined) server.create(pod(name, ns, { color: pick(['red', 'blue']) }));
    else if (random() < 0.3) server.delete(ref);
    else server.update({ ...current, metadata: { ...current.metadata, labels: { color: pick(['red', 'blue']) } } });
    states.set(server.resourceVersion, state());
  };
  const matches = (w: { ns: string | undefined; red: boolean }, item: Item): boolean =>
    (w.ns === undefined || item.key.startsWith(`${w.ns}/`)) && (!w.red || item.color === 'red');

  for (let i = 0; i < 20; i++) write();
  const watches: Started[] = [];
  for (let round = 0; round < 30; round++) {
    const ns = random() < 0.5 ? undefined : pick(namespaces);
    const red = random() < 0.5;
    const base = `${ns === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${ns}/pods`}?watch=true${red ? '&labelSelector=color%3Dred' : ''}`;
    const rvs = [...states.keys()];
    const mode = pick(['old', 'zero', 'stream']);
    let query: string;
    let from = new Map<string, Item>();
    if (mode === 'old') {
      const rv = pick(rvs.slice(-15));
      query = `${base}&resourceVersion=${rv}`;
      from = new Map((states.get(rv) ?? []).filter((it) => matches({ ns, red }, it)).map((it) => [it.key, it]));
    } else if (mode === 'zero') {
      query = `${base}&resourceVersion=0`;
    } else {
      query = `${base}&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`;
    }
    watches.push({ reader: await openWatch(server, query), ns, red, from, mode });
    for (let w = Math.floor(random() * 5); w > 0; w--) write();
  }
  server.closeWatches();
  const final = state();
  for (const [i, w] of watches.entries()) {
    const events = await w.reader.rest();
    const seen = new Map(w.from);
    let lastRv = 0;
    for (const e of events) {
      const item: Item = { key: `${e.object.metadata.namespace}/${e.object.metadata.name}`, rv: e.object.metadata.resourceVersion, color: e.object.metadata.labels?.color };
      const label = `seed ${SEED} watch ${i} (${w.mode}, ns ${w.ns ?? '*'}, red ${w.red}) ${e.type} ${item.key}`;
      if (e.type === 'BOOKMARK') continue;
      if (w.mode !== 'zero' && w.mode !== 'stream') expect(Number(item.rv), label).toBeGreaterThan(lastRv);
      lastRv = Math.max(lastRv, Number(item.rv));
      if (e.type === 'ADDED') {
        expect(seen.has(item.key), label).toBe(false);
        expect(matches(w, item), label).toBe(true);
        seen.set(item.key, item);
      } else if (e.type === 'MODIFIED') {
        expect(seen.has(item.key), label).toBe(true);
        expect(matches(w, item), label).toBe(true);
        seen.set(item.key, item);
      } else {
        expect(e.type, label).toBe('DELETED');
        expect(seen.has(item.key), label).toBe(true);
        seen.delete(item.key);
      }
    }
    const expected = final.filter((it) => matches(w, it));
    expect([...seen.values()].sort((a, b) => (a.key < b.key ? -1 : 1)), `seed ${SEED} watch ${i} (${w.mode})`).toEqual(expected);
  }
});
