import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer, KubeObject } from '../src/index.js';
import { call, createNamespaces, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const names = (list: { items: { metadata: { name: string } }[] }): string[] => list.items.map((i) => i.metadata.name);

function seed(count: number, namespace = 'default'): void {
  createNamespaces(server, namespace);
  for (let i = 0; i < count; i++) server.create(pod(`p${String(i).padStart(3, '0')}`, namespace, { i: String(i % 3) }));
}

describe('list', () => {
  it('answers a PodList in key order with the snapshot resourceVersion', async () => {
    createNamespaces(server, 'ns1', 'ns2');
    server.create(pod('b', 'ns1'));
    server.create(pod('a', 'ns2'));
    server.create(pod('a', 'ns1'));
    const res = await call(server, 'GET', '/api/v1/pods');
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('PodList');
    expect(res.json.apiVersion).toBe('v1');
    expect(res.json.metadata).toEqual({ resourceVersion: server.resourceVersion });
    expect(res.json.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`))
      .toEqual(['ns1/a', 'ns1/b', 'ns2/a']);
    const ns1 = await call(server, 'GET', podsPath('ns1'));
    expect(names(ns1.json)).toEqual(['a', 'b']);
  });

  it('serves an empty list of a kind nobody created', async () => {
    const res = await call(server, 'GET', '/apis/apps/v1/deployments');
    expect(res.json).toEqual({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: server.resourceVersion }, items: [] });
  });

  it('filters by label and field selectors, and answers 400 for malformed ones', async () => {
    server.create(pod('a', 'default', { app: 'web', tier: 'front' }));
    server.create(pod('b', 'default', { app: 'db' }));
    server.create(pod('c', 'default', {}, { nodeName: 'n1' }));
    const q = async (query: string): Promise<string[]> => names((await call(server, 'GET', `${podsPath()}?${query}`)).json);
    expect(await q('labelSelector=app%3Dweb')).toEqual(['a']);
    expect(await q('labelSelector=app!%3Dweb')).toEqual(['b', 'c']);
    expect(await q('labelSelector=app%20in%20(web,db)')).toEqual(['a', 'b']);
    expect(await q('labelSelector=!app')).toEqual(['c']);
    expect(await q('fieldSelector=spec.nodeName%3Dn1')).toEqual(['c']);
    expect(await q('fieldSelector=metadata.name!%3Da')).toEqual(['b', 'c']);
    const bad = await call(server, 'GET', `${podsPath()}?labelSelector=a%3D%3D%3Db`);
    expect(bad.status).toBe(400);
    expect(bad.json.reason).toBe('BadRequest');
    const unsupported = await call(server, 'GET', `${podsPath()}?fieldSelector=spec.nope%3Dx`);
    expect(unsupported.status).toBe(400);
    expect(unsupported.json.message).toContain('field label not supported: spec.nope');
  });

  it('answers 400 for a non-integer limit and reads a negative one as no limit', async () => {
    for (const limit of ['abc', '1.5']) {
      const res = await call(server, 'GET', `${podsPath()}?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.json.message, limit).toBe(`strconv.ParseInt: parsing "${limit}": invalid syntax`);
    }
    const all = await call(server, 'GET', podsPath());
    const negative = await call(server, 'GET', `${podsPath()}?limit=-1`);
    expect(negative.status).toBe(200);
    expect(negative.json.items).toEqual(all.json.items);
    expect(negative.json.metadata.continue).toBeUndefined();
  });
});

describe('pagination', () => {
  it('pages in key order with continue tokens and remainingItemCount', async () => {
    seed(7);
    const first = (await call(server, 'GET', `${podsPath()}?limit=3`)).json;
    expect(names(first)).toEqual(['p000', 'p001', 'p002']);
    expect(first.metadata.remainingItemCount).toBe(4);
    expect(typeof first.metadata.continue).toBe('string');
    const second = (await call(server, 'GET', `${podsPath()}?limit=3&continue=${first.metadata.continue}`)).json;
    expect(names(second)).toEqual(['p003', 'p004', 'p005']);
    expect(second.metadata.remainingItemCount).toBe(1);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const last = (await call(server, 'GET', `${podsPath()}?limit=3&continue=${second.metadata.continue}`)).json;
    expect(names(last)).toEqual(['p006']);
    expect(last.metadata.continue).toBeUndefined();
    expect(last.metadata.remainingItemCount).toBeUndefined();
  });

  it('shows every page the snapshot of the first page, whatever changes meanwhile', async () => {
    seed(6);
    const first = (await call(server, 'GET', `${podsPath()}?limit=2`)).json;
    const snapshotRv = first.metadata.resourceVersion;
    // Changes after the first page: delete one not yet listed, add one, modify one, recreate one.
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p003' });
    server.create(pod('p0025'));
    const p004 = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p004' })!;
    server.update({ ...p004, metadata: { ...p004.metadata, labels: { changed: 'yes' } } });
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p005' });
    server.create(pod('p005', 'default', { reborn: 'yes' }));
    let token: string | undefined = first.metadata.continue;
    const seen = names(first);
    const items = [...first.items];
    while (token !== undefined) {
      const page = (await call(server, 'GET', `${podsPath()}?limit=2&continue=${token}`)).json;
      expect(page.metadata.resourceVersion).toBe(snapshotRv);
      seen.push(...names(page));
      items.push(...page.items);
      token = page.metadata.continue;
    }
    expect(seen).toEqual(['p000', 'p001', 'p002', 'p003', 'p004', 'p005']);
    expect(items.find((p) => p.metadata.name === 'p004').metadata.labels).toEqual({ i: '1' });
    expect(items.find((p) => p.metadata.name === 'p005').metadata.labels).toEqual({ i: '2' });
    // A fresh list sees the new state.
    const fresh = (await call(server, 'GET', podsPath())).json;
    expect(names(fresh)).toEqual(['p000', 'p001', 'p002', 'p0025', 'p004', 'p005']);
  });

  it('counts remainingItemCount within the snapshot', async () => {
    seed(5);
    const first = (await call(server, 'GET', `${podsPath()}?limit=1`)).json;
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p004' });
    server.create(pod('p009'));
    createNamespaces(server, 'other');
    server.create(pod('zzz', 'other'));
    const second = (await call(server, 'GET', `${podsPath()}?limit=1&continue=${first.metadata.continue}`)).json;
    expect(second.metadata.remainingItemCount).toBe(3);
  });

  it('omits remainingItemCount with selectors and still pages', async () => {
    seed(9);
    const first = (await call(server, 'GET', `${podsPath()}?limit=2&labelSelector=i%3D0`)).json;
    expect(names(first)).toEqual(['p000', 'p003']);
    expect(first.metadata.remainingItemCount).toBeUndefined();
    const rest = (await call(server, 'GET', `${podsPath()}?limit=2&labelSelector=i%3D0&continue=${first.metadata.continue}`)).json;
    expect(names(rest)).toEqual(['p006']);
  });

  it('pages across namespaces in key order', async () => {
    seed(2, 'a');
    seed(2, 'b');
    const first = (await call(server, 'GET', '/api/v1/pods?limit=3')).json;
    expect(first.items.map((p: { metadata: { namespace: string } }) => p.metadata.namespace)).toEqual(['a', 'a', 'b']);
    const rest = (await call(server, 'GET', `/api/v1/pods?limit=3&continue=${first.metadata.continue}`)).json;
    expect(rest.items).toHaveLength(1);
  });

  it('answers 410 Expired for a continue token compacted away', async () => {
    seed(4);
    const first = (await call(server, 'GET', `${podsPath()}?limit=2`)).json;
    server.create(pod('later'));
    server.compact();
    const res = await call(server, 'GET', `${podsPath()}?limit=2&continue=${first.metadata.continue}`);
    expect(res.status).toBe(410);
    expect(res.json.reason).toBe('Expired');
    expect(res.json.message).toContain('The provided continue parameter is too old');
  });

  it('keeps serving a continue token when nothing changed since, even after compaction', async () => {
    seed(4);
    const first = (await call(server, 'GET', `${podsPath()}?limit=2`)).json;
    server.compact();
    const res = await call(server, 'GET', `${podsPath()}?limit=2&continue=${first.metadata.continue}`);
    expect(res.status).toBe(200);
    expect(names(res.json)).toEqual(['p002', 'p003']);
  });

  it('answers 410 when history beyond historyLimit is needed', async () => {
    await server.close();
    server = await startServer({ historyLimit: 3 });
    seed(4);
    const first = (await call(server, 'GET', `${podsPath()}?limit=2`)).json;
    for (let i = 0; i < 4; i++) server.create(pod(`q${i}`));
    const res = await call(server, 'GET', `${podsPath()}?limit=2&continue=${first.metadata.continue}`);
    expect(res.status).toBe(410);
  });

  it('answers 400 for a malformed continue token and for resourceVersion with continue', async () => {
    seed(3);
    const first = (await call(server, 'GET', `${podsPath()}?limit=1`)).json;
    expect((await call(server, 'GET', `${podsPath()}?continue=garbage`)).status).toBe(400);
    const both = await call(server, 'GET', `${podsPath()}?limit=1&resourceVersion=${first.metadata.resourceVersion}&continue=${first.metadata.continue}`);
    expect(both.status).toBe(400);
    expect(both.json.message).toBe('specifying resource version is not allowed when using continue');
    // resourceVersion=0 with continue is accepted, as kube-apiserver does.
    expect((await call(server, 'GET', `${podsPath()}?limit=1&resourceVersion=0&continue=${first.metadata.continue}`)).status).toBe(200);
  });
});

describe('resourceVersion semantics', () => {
  it('RV unset and RV=0 serve the latest state', async () => {
    seed(2);
    for (const q of ['', '?resourceVersion=0']) {
      const res = await call(server, 'GET', `${podsPath()}${q}`);
      expect(res.json.metadata.resourceVersion).toBe(server.resourceVersion);
      expect(res.json.items).toHaveLength(2);
    }
  });

  it('RV=N (not older than) serves the latest state, and 504 Too large when ahead of the server', async () => {
    seed(2);
    const rv = Number(server.resourceVersion);
    server.create(pod('later'));
    const res = await call(server, 'GET', `${podsPath()}?resourceVersion=${rv}`);
    expect(res.json.items).toHaveLength(3);
    expect(res.json.metadata.resourceVersion).toBe(server.resourceVersion);
    const ahead = await call(server, 'GET', `${podsPath()}?resourceVersion=${rv + 100}`);
    expect(ahead.status).toBe(504);
    expect(ahead.json).toMatchObject({
      reason: 'Timeout',
      code: 504,
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] },
    });
    expect(ahead.json.message).toContain('Too large resource version');
  });

  it('resourceVersionMatch=Exact serves that snapshot, and 410 once compacted', async () => {
    seed(2);
    const rv = server.resourceVersion;
    server.create(pod('later'));
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p000' });
    const exact = await call(server, 'GET', `${podsPath()}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(200);
    expect(exact.json.metadata.resourceVersion).toBe(rv);
    expect(names(exact.json)).toEqual(['p000', 'p001']);
    server.compact();
    const gone = await call(server, 'GET', `${podsPath()}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(gone.status).toBe(410);
    expect(gone.json.reason).toBe('Expired');
    expect(gone.json.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('RV=N with a limit reads exactly N (the legacy paginated read)', async () => {
    seed(2);
    const rv = server.resourceVersion;
    server.create(pod('later'));
    const res = await call(server, 'GET', `${podsPath()}?resourceVersion=${rv}&limit=10`);
    expect(res.json.metadata.resourceVersion).toBe(rv);
    expect(res.json.items).toHaveLength(2);
  });

  it('answers 422 for resourceVersionMatch without a resourceVersion and 400 for a malformed one', async () => {
    const noRv = await call(server, 'GET', `${podsPath()}?resourceVersionMatch=NotOlderThan`);
    expect(noRv.status).toBe(422);
    expect(noRv.json.details.causes).toEqual([
      { reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided', field: 'resourceVersionMatch' },
    ]);
    expect((await call(server, 'GET', `${podsPath()}?resourceVersion=abc`)).status).toBe(400);
    expect((await call(server, 'GET', `${podsPath()}?resourceVersion=0&resourceVersionMatch=Exact`)).status).toBe(422);
    expect((await call(server, 'GET', `${podsPath()}?sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=0`)).status).toBe(422);
  });

  it('moves one global counter across kinds', async () => {
    const a = server.create(pod('a'));
    const cm = server.create<KubeObject>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    expect(Number(cm.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
  });
});
