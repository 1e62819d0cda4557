import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiServer, ForbiddenError, NotFoundError, type FakeApiServer, type KubeObject } from '../src/index.js';
import { call, openWatch, pod, podsPath, startServer } from './helpers.js';

let server: FakeApiServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const merge = (path: string, body: unknown) =>
  call(server, 'PATCH', path, { raw: JSON.stringify(body), headers: { 'Content-Type': 'application/merge-patch+json' } });

describe('finalizers', () => {
  it('DELETE marks the object; removing the last finalizer deletes it with DELETED', async () => {
    const created = server.create({ ...pod('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['example.com/a', 'example.com/b'] } });
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`);
    const del = await call(server, 'DELETE', `${podsPath()}/a`);
    expect(del.status).toBe(200);
    expect(del.json.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(del.json.metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);
    expect(await w.next()).toEqual({ type: 'MODIFIED', object: del.json });
    // Deleting again changes nothing.
    const again = await call(server, 'DELETE', `${podsPath()}/a`);
    expect(again.json.metadata.resourceVersion).toBe(del.json.metadata.resourceVersion);

    const one = await merge(`${podsPath()}/a`, { metadata: { finalizers: ['example.com/b'] } });
    expect(one.json.metadata.deletionTimestamp).toBe(del.json.metadata.deletionTimestamp);
    expect((await w.next()).type).toBe('MODIFIED');
    const adding = await merge(`${podsPath()}/a`, { metadata: { finalizers: ['example.com/b', 'example.com/new'] } });
    expect(adding.status).toBe(422);
    const last = await merge(`${podsPath()}/a`, { metadata: { finalizers: null } });
    expect(last.status).toBe(200);
    const deleted = await w.next();
    expect(deleted.type).toBe('DELETED');
    expect(deleted.object.metadata.resourceVersion).toBe(server.resourceVersion);
    expect(deleted.object.metadata.uid).toBe(created.metadata.uid);
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
    w.close();
  });

  it('in-process update removing the last finalizer deletes too', () => {
    server.create({ ...pod('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['x.io/f'] } });
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    const marked = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })!;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    server.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
  });
});

interface NamespaceObject extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: { type: string; status: string; reason: string; message: string }[] };
}

describe('namespaces', () => {
  const nsBody = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const cm = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...extra } });

  it('starts with default, kube-system, kube-public and kube-node-lease, Active', () => {
    const names = server.list({ apiVersion: 'v1', kind: 'Namespace' }).map((n) => [n.metadata.name, (n as { status?: { phase?: string } }).status?.phase]);
    expect(names).toEqual([['default', 'Active'], ['kube-node-lease', 'Active'], ['kube-public', 'Active'], ['kube-system', 'Active']]);
  });

  it('a create in a namespace that does not exist is kube-apiserver\'s 404, over HTTP and in-process', async () => {
    const res = await call(server, 'POST', podsPath('nowhere'), { body: pod('a', 'nowhere') });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "nowhere" not found', reason: 'NotFound',
      details: { name: 'nowhere', kind: 'namespaces' }, code: 404,
    });
    expect(() => server.create(cm('c', 'nowhere'))).toThrow(NotFoundError);
    expect(server.resourceVersion).toBe(server.list({ apiVersion: 'v1', kind: 'Namespace' }).map((n) => n.metadata.resourceVersion).sort().at(-1));
  });

  it('DELETE marks the namespace Terminating; the controller empties it, sets its conditions and removes it', async () => {
    const ns = await call(server, 'POST', '/api/v1/namespaces', { body: nsBody('team') });
    expect(ns.json.status).toEqual({ phase: 'Active' });
    expect(ns.json.metadata.namespace).toBeUndefined();
    server.create(pod('a', 'team'));
    server.create(cm('c', 'team'));
    server.create(pod('keep', 'default'));
    const w = await openWatch(server, `/api/v1/namespaces?watch=true&resourceVersion=${server.resourceVersion}`);
    const del = await call(server, 'DELETE', '/api/v1/namespaces/team');
    expect(del.status).toBe(200);
    expect(del.json.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(del.json.metadata.deletionGracePeriodSeconds).toBeUndefined();
    expect(del.json.status.phase).toBe('Terminating');
    // Clients see Terminating first.
    expect((await w.next()).object.status.phase).toBe('Terminating');
    const events = [await w.next(), await w.next()];
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(events[0]!.object.status.conditions.map((c: { type: string; status: string; reason: string }) => [c.type, c.status, c.reason])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
    ]);
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => p.metadata.name)).toEqual(['keep']);
    expect(server.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team' })).toEqual([]);
    expect((await call(server, 'GET', '/api/v1/namespaces/team')).status).toBe(404);
    w.close();
  });

  it('content held by a finalizer keeps the namespace Terminating, with the conditions saying why', async () => {
    server.create(nsBody('held'));
    server.create(cm('c', 'held', { finalizers: ['example.com/hold'] }));
    server.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'held' });
    const heldRef = { apiVersion: 'v1', kind: 'Namespace', name: 'held' };
    await vi.waitUntil(() => server.get<NamespaceObject>(heldRef)?.status?.conditions !== undefined);
    const held = server.get<NamespaceObject>(heldRef)!;
    expect((held.status?.conditions ?? []).filter((c: { status: string }) => c.status === 'True').map((c: { type: string; message: string }) => [c.type, c.message])).toEqual([
      ['NamespaceContentRemaining', 'Some resources are remaining: configmaps. has 1 resource instances'],
      ['NamespaceFinalizersRemaining', 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'],
    ]);
    expect(held.spec?.finalizers).toEqual(['kubernetes']);
    // Creates in a terminating namespace are refused.
    const refused = await call(server, 'POST', podsPath('held'), { body: pod('late', 'held') });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods "late" is forbidden: unable to create new content in namespace held because it is being terminated',
      reason: 'Forbidden',
      details: { name: 'late', kind: 'pods', causes: [{ reason: 'NamespaceTerminating', message: 'namespace held is being terminated', field: 'metadata.namespace' }] },
      code: 403,
    });
    expect(() => server.create(cm('late', 'held'))).toThrow(ForbiddenError);
    const c = server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'held', name: 'c' })!;
    expect(c.metadata.deletionTimestamp).toBeDefined();
    server.update({ ...c, metadata: { ...c.metadata, finalizers: [] } });
    await vi.waitUntil(() => server.get({ apiVersion: 'v1', kind: 'Namespace', name: 'held' }) === undefined);
  });

  it('with the namespace controller off a deleted namespace stays Terminating, as on a kube-apiserver alone', async () => {
    await using alone = await createFakeApiServer({ controllers: { namespace: false } });
    alone.create(nsBody('stays'));
    alone.create(cm('c', 'stays'));
    alone.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'stays' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(alone.get<NamespaceObject>({ apiVersion: 'v1', kind: 'Namespace', name: 'stays' })?.status).toEqual({ phase: 'Terminating' });
    expect(alone.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'stays', name: 'c' })).toBeDefined();
    // A second DELETE changes nothing while spec.finalizers holds it.
    const again = await call(alone, 'DELETE', '/api/v1/namespaces/stays');
    expect(again.json.metadata.resourceVersion).toBe(alone.get({ apiVersion: 'v1', kind: 'Namespace', name: 'stays' })?.metadata.resourceVersion);
  });

  it('refuses to delete default, kube-system and kube-public (403), not kube-node-lease', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const res = await call(server, 'DELETE', `/api/v1/namespaces/${name}`);
      expect(res.status).toBe(403);
      expect(res.json.message).toBe(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
      expect(res.json.details).toEqual({ name, kind: 'namespaces' });
    }
    expect((await call(server, 'DELETE', '/api/v1/namespaces/kube-node-lease?dryRun=All')).status).toBe(200);
  });

  it('validates namespace names as DNS-1123 labels', async () => {
    const res = await call(server, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'a.b' } } });
    expect(res.status).toBe(422);
  });
});

describe('graceful pod deletion', () => {
  const ref = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name });
  const bound = (name: string, spec: Record<string, unknown> = {}) => pod(name, 'default', {}, { nodeName: 'node-1', ...spec });

  it('a pod a node runs is marked with deletionTimestamp = now + grace; a second DELETE may only shorten it', async () => {
    const created = server.create(bound('web', { terminationGracePeriodSeconds: 100 }));
    const before = Date.now();
    const del = await call(server, 'DELETE', `${podsPath()}/web`);
    expect(del.status).toBe(200);
    expect(del.json.metadata.deletionGracePeriodSeconds).toBe(100);
    const due = Date.parse(del.json.metadata.deletionTimestamp);
    expect(due).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 99_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 100_000);
    expect(del.json.metadata.generation).toBe(Number(created.metadata.generation ?? 1) + 1);
    // A longer (or the same) grace period changes nothing; a shorter one moves the deadline.
    const longer = await call(server, 'DELETE', `${podsPath()}/web`, { body: { gracePeriodSeconds: 200 } });
    expect(longer.json.metadata.resourceVersion).toBe(del.json.metadata.resourceVersion);
    const shorter = await call(server, 'DELETE', `${podsPath()}/web?gracePeriodSeconds=5`);
    expect(shorter.json.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(shorter.json.metadata.generation).toBe(del.json.metadata.generation);
    expect(server.get(ref('web'))).toBeDefined();
    // Grace period 0 removes it: marked, then DELETED.
    const w = await openWatch(server, `${podsPath()}?watch=true&resourceVersion=${server.resourceVersion}`);
    await call(server, 'DELETE', `${podsPath()}/web`, { body: { gracePeriodSeconds: 0 } });
    expect(await w.next()).toMatchObject({ type: 'MODIFIED', object: { metadata: { deletionGracePeriodSeconds: 0 } } });
    expect((await w.next()).type).toBe('DELETED');
    expect(server.get(ref('web'))).toBeUndefined();
    w.close();
  });

  it('uses spec.terminationGracePeriodSeconds, else 30; unbound and finished pods go at once', () => {
    server.create(bound('thirty'));
    server.delete(ref('thirty'));
    expect(server.get(ref('thirty'))?.metadata.deletionGracePeriodSeconds).toBe(30);
    server.create(pod('unbound'));
    server.delete(ref('unbound'));
    expect(server.get(ref('unbound'))).toBeUndefined();
    server.create({ ...bound('done'), status: { phase: 'Succeeded' } });
    server.delete(ref('done'));
    expect(server.get(ref('done'))).toBeUndefined();
    server.create(bound('now'));
    server.delete(ref('now'), { gracePeriodSeconds: 0 });
    expect(server.get(ref('now'))).toBeUndefined();
  });

  it('finishTerminatingPods() does the kubelet\'s part at once; a pod with finalizers then waits for them', async () => {
    server.create(bound('a'));
    server.create({ ...bound('b'), metadata: { name: 'b', namespace: 'default', finalizers: ['example.com/keep'] } });
    server.create(pod('c'));
    server.delete(ref('a'));
    server.delete(ref('b'));
    expect(server.finishTerminatingPods()).toBe(2);
    expect(server.get(ref('a'))).toBeUndefined();
    expect(server.get(ref('b'))?.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(server.get(ref('c'))).toBeDefined();
    expect(server.finishTerminatingPods()).toBe(0);
    // The control API does the same.
    server.create(bound('d'));
    server.delete(ref('d'));
    const res = await call(server, 'POST', '/_kcache/v1/finish-terminating-pods');
    expect(res.json).toEqual({ pods: 1 });
    expect(server.get(ref('d'))).toBeUndefined();
  });

  it('removes a pod when its grace period ends, on a timer the server owns', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await using timed = await createFakeApiServer();
      timed.create(bound('slow', { terminationGracePeriodSeconds: 3 }));
      timed.delete(ref('slow'));
      await vi.advanceTimersByTimeAsync(2_000);
      expect(timed.get(ref('slow'))).toBeDefined();
      await vi.advanceTimersByTimeAsync(1_500);
      expect(timed.get(ref('slow'))).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an eviction of a scheduled pod deletes it gracefully', async () => {
    server.create(bound('ev'));
    const res = await call(server, 'POST', `${podsPath()}/ev/eviction`, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'ev', namespace: 'default' } } });
    expect(res.status).toBe(201);
    expect(server.get(ref('ev'))?.metadata.deletionGracePeriodSeconds).toBe(30);
  });
});

describe('DeleteOptions and garbage collection', () => {
  const cmRef = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name });
  const owned = (name: string, owner: { metadata: { name: string; uid: string } }, block = false) => ({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid, ...(block ? { blockOwnerDeletion: true } : {}) }] },
  });

  it('background (the default): the owner goes at once, then its dependents', async () => {
    const owner = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
    server.create(owned('dep', owner));
    const del = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/owner');
    expect(del.json.kind).toBe('Status');
    await vi.waitUntil(() => server.get(cmRef('dep')) === undefined);
  });

  it('foreground: the owner waits with foregroundDeletion until its blocking dependents are gone', async () => {
    const owner = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
    server.create({ ...owned('blocker', owner, true), metadata: { ...owned('blocker', owner, true).metadata, finalizers: ['example.com/slow'] } });
    const del = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/owner', { body: { propagationPolicy: 'Foreground' } });
    expect(del.json.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionGracePeriodSeconds: 0 });
    await vi.waitUntil(() => server.get(cmRef('blocker'))?.metadata.deletionTimestamp !== undefined);
    expect(server.get(cmRef('owner'))).toBeDefined();
    const blocker = server.get(cmRef('blocker'))!;
    server.update({ ...blocker, metadata: { ...blocker.metadata, finalizers: [] } });
    await vi.waitUntil(() => server.get(cmRef('owner')) === undefined);
  });

  it('orphan: dependents lose the owner reference, then the owner goes; a Job orphans by default', async () => {
    const owner = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
    server.create(owned('dep', owner));
    const del = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/owner?propagationPolicy=Orphan');
    expect(del.json.metadata.finalizers).toEqual(['orphan']);
    await vi.waitUntil(() => server.get(cmRef('owner')) === undefined);
    expect(server.get(cmRef('dep'))?.metadata.ownerReferences).toBeUndefined();

    const jobBody = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } };
    expect((await call(server, 'POST', '/apis/batch/v1/namespaces/default/jobs', { body: jobBody })).status).toBe(201);
    const job = await call(server, 'DELETE', '/apis/batch/v1/namespaces/default/jobs/j');
    expect(job.json.metadata.finalizers).toEqual(['orphan']);
    await vi.waitUntil(() => server.get({ apiVersion: 'batch/v1', kind: 'Job', namespace: 'default', name: 'j' }) === undefined);
  });

  it('collects objects whose owners do not exist; keeps those with a live owner, dropping the dangling reference', async () => {
    const live = server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'live', namespace: 'default' } });
    server.create(owned('orphaned', { metadata: { name: 'ghost', uid: 'no-such-uid' } }));
    server.create({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'both', namespace: 'default', ownerReferences: [...owned('x', live).metadata.ownerReferences, ...owned('x', { metadata: { name: 'ghost', uid: 'no-such-uid' } }).metadata.ownerReferences] },
    });
    await vi.waitUntil(() => server.get(cmRef('orphaned')) === undefined);
    await vi.waitUntil(() => server.get(cmRef('both'))?.metadata.ownerReferences?.length === 1);
    expect(server.get(cmRef('both'))?.metadata.ownerReferences?.[0]?.uid).toBe(live.metadata.uid);
  });

  it('with the garbage collector off the finalizers stay, as on a kube-apiserver alone', async () => {
    await using alone = await createFakeApiServer({ controllers: { garbageCollector: false } });
    const owner = alone.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
    alone.create(owned('dep', owner));
    alone.delete(cmRef('owner'), { propagationPolicy: 'Orphan' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(alone.get(cmRef('owner'))?.metadata.finalizers).toEqual(['orphan']);
    expect(alone.get(cmRef('dep'))?.metadata.ownerReferences).toHaveLength(1);
  });

  it('checks DeleteOptions as kube-apiserver does (422, 400)', async () => {
    server.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    const bogus = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/c', { body: { propagationPolicy: 'Bogus' } });
    expect(bogus.status).toBe(422);
    expect(bogus.json.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"');
    const both = await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/c', { body: { propagationPolicy: 'Orphan', orphanDependents: true } });
    expect(both.json.details.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set', field: 'propagationPolicy' }]);
    expect((await call(server, 'DELETE', '/api/v1/namespaces/default/configmaps/c?gracePeriodSeconds=abc')).json.message).toBe('strconv.ParseInt: parsing "abc": invalid syntax');
    expect(server.get(cmRef('c'))).toBeDefined();
  });
});

describe('serviceaccounts/token', () => {
  const tokenPath = '/api/v1/namespaces/default/serviceaccounts/robot/token';
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

  it('answers a TokenRequest with a JWT carrying kube\'s claims; 404 for a missing service account; 422 under 10 minutes', async () => {
    const sa = server.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'default' } });
    const res = await call(server, 'POST', tokenPath, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['api'], expirationSeconds: 700 } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: 'robot', namespace: 'default', uid: sa.metadata.uid }, spec: { audiences: ['api'], expirationSeconds: 700, boundObjectRef: null } });
    const claims = claimsOf(res.json.status.token);
    expect(Object.keys(claims)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(claims).toMatchObject({ aud: ['api'], iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:default:robot', 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: sa.metadata.uid } } });
    expect(claims.exp - claims.iat).toBe(700);
    expect(Date.parse(res.json.status.expirationTimestamp) / 1000).toBe(claims.exp);
    const defaulted = claimsOf((await call(server, 'POST', tokenPath, { body: { spec: {} } })).json.status.token);
    expect(defaulted.exp - defaulted.iat).toBe(3600);
    expect(defaulted.aud).toEqual(['https://kubernetes.default.svc.cluster.local']);
    expect((await call(server, 'POST', '/api/v1/namespaces/default/serviceaccounts/nope/token', { body: { spec: {} } })).json.message).toBe('serviceaccounts "nope" not found');
    expect((await call(server, 'POST', tokenPath, { body: { spec: { expirationSeconds: 599 } } })).status).toBe(422);
    expect((await call(server, 'GET', tokenPath)).status).toBe(405);
  });

  it('the server accepts tokens it minted while their service account exists', async () => {
    await using secured = await createFakeApiServer({ token: 'admin' });
    const admin = { Authorization: 'Bearer admin' };
    await call(secured, 'POST', '/api/v1/namespaces/default/serviceaccounts', { headers: admin, body: { metadata: { name: 'robot' } } });
    const minted = (await call(secured, 'POST', tokenPath, { headers: admin, body: { spec: {} } })).json.status.token as string;
    const asRobot = { Authorization: `Bearer ${minted}` };
    expect((await call(secured, 'GET', '/api/v1/namespaces/default/pods', { headers: asRobot })).status).toBe(200);
    const forged = `${minted.slice(0, minted.lastIndexOf('.'))}.${Buffer.from('x').toString('base64url')}`;
    expect((await call(secured, 'GET', '/api/v1/namespaces/default/pods', { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(401);
    await call(secured, 'DELETE', '/api/v1/namespaces/default/serviceaccounts/robot', { headers: admin });
    expect((await call(secured, 'GET', '/api/v1/namespaces/default/pods', { headers: asRobot })).status).toBe(401);
  });

  it('is in discovery as kube-apiserver lists it', async () => {
    const core = (await call(server, 'GET', '/api/v1')).json.resources.filter((r: { name: string }) => r.name.startsWith('serviceaccounts'));
    expect(core.map((r: { name: string }) => r.name)).toEqual(['serviceaccounts', 'serviceaccounts/token']);
    expect(core[1]).toEqual({ name: 'serviceaccounts/token', singularName: '', namespaced: true, group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
  });
});

const widgetCrd = (versions: { name: string; served: boolean; storage: boolean }[] = [{ name: 'v1', served: true, storage: true }]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
    versions: versions.map((v) => ({ ...v, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } })),
  },
});

describe('CustomResourceDefinitions', () => {
  const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const widgets = '/apis/example.com/v1/namespaces/default/widgets';

  it('creating a CRD serves its kind, in discovery too; deleting it removes objects and stops serving', async () => {
    expect((await call(server, 'GET', widgets)).status).toBe(404);
    const crd = await call(server, 'POST', crdPath, { body: widgetCrd() });
    expect(crd.status).toBe(201);
    // The create answers the status it stored; kube-apiserver's controllers write the conditions next.
    expect(crd.json.status).toEqual({ conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
    const established = await call(server, 'GET', `${crdPath}/widgets.example.com`);
    expect(established.json.status.conditions.map((c: { type: string; status: string }) => [c.type, c.status]))
      .toEqual([['NamesAccepted', 'True'], ['Established', 'True']]);
    expect(Number(established.json.metadata.resourceVersion)).toBe(Number(crd.json.metadata.resourceVersion) + 2);

    const group = await call(server, 'GET', '/apis/example.com/v1');
    expect(group.status).toBe(200);
    expect(group.json.resources.map((r: { name: string }) => r.name)).toContain('widgets');
    const groups = await call(server, 'GET', '/apis');
    expect(groups.json.groups.map((g: { name: string }) => g.name)).toContain('example.com');

    const created = await call(server, 'POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } } });
    expect(created.status).toBe(201);
    const list = await call(server, 'GET', widgets);
    expect(list.json.kind).toBe('WidgetList');
    expect(list.json.items[0].kind).toBe('Widget');

    const w = await openWatch(server, `${widgets}?watch=true&resourceVersion=${server.resourceVersion}`);
    expect((await call(server, 'DELETE', `${crdPath}/widgets.example.com`)).status).toBe(200);
    expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'w1' } } });
    expect(await w.ended).toBe('end');
    expect((await call(server, 'GET', widgets)).status).toBe(404);
    expect((await call(server, 'GET', '/apis/example.com/v1')).status).toBe(404);

    // Re-creating it serves an empty collection.
    await call(server, 'POST', crdPath, { body: widgetCrd() });
    expect((await call(server, 'GET', widgets)).json.items).toEqual([]);
  });

  it('answers the plain-text 404 of kube-apiserver\'s mux for a version of a CRD that is not served', async () => {
    const crd = widgetCrd([{ name: 'v1', served: true, storage: true }, { name: 'v2', served: false, storage: false }]);
    expect((await call(server, 'POST', crdPath, { body: crd })).status).toBe(201);
    const notServed = await call(server, 'GET', '/apis/example.com/v2/namespaces/default/widgets/x');
    expect([notServed.status, notServed.headers['content-type'], notServed.text]).toEqual([404, 'text/plain; charset=utf-8', '404 page not found\n']);
    // A group of built-in kinds answers a Status for a version it does not serve.
    const builtin = await call(server, 'GET', '/apis/apps/v9/namespaces/default/deployments');
    expect([builtin.status, builtin.headers['content-type']]).toEqual([404, 'application/json']);
    expect((await call(server, 'GET', widgets)).status).toBe(200);
  });

  it('serves every served version from one store', async () => {
    await call(server, 'POST', crdPath, { body: widgetCrd([{ name: 'v1', served: true, storage: true }, { name: 'v1beta1', served: true, storage: false }]) });
    await call(server, 'POST', widgets, { body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' } } });
    const beta = await call(server, 'GET', '/apis/example.com/v1beta1/namespaces/default/widgets/w1');
    expect(beta.status).toBe(200);
    expect(beta.json.apiVersion).toBe('example.com/v1beta1');
    const v1 = await call(server, 'GET', `${widgets}/w1`);
    expect(v1.json.apiVersion).toBe('example.com/v1');
  });

  it('refuses malformed CRDs with 422 and changes nothing', async () => {
    const rv = server.resourceVersion;
    const noGroup = widgetCrd();
    const { group: _dropped, ...specWithoutGroup } = noGroup.spec;
    const res = await call(server, 'POST', crdPath, { body: { ...noGroup, spec: specWithoutGroup } });
    expect(res.status).toBe(422);
    const misnamed = { ...widgetCrd(), metadata: { name: 'wrong' } };
    expect((await call(server, 'POST', crdPath, { body: misnamed })).status).toBe(422);
    const builtin = widgetCrd();
    builtin.metadata.name = 'deployments.apps';
    builtin.spec.group = 'apps';
    builtin.spec.names = { ...builtin.spec.names, plural: 'deployments', kind: 'Deployment' };
    expect((await call(server, 'POST', crdPath, { body: builtin })).status).toBe(422);
    expect(server.resourceVersion).toBe(rv);
  });

  it('refuses changing a CRD group or scope', async () => {
    await call(server, 'POST', crdPath, { body: widgetCrd() });
    const created = (await call(server, 'GET', `${crdPath}/widgets.example.com`)).json;
    const res = await call(server, 'PUT', `${crdPath}/widgets.example.com`, { body: { ...created, spec: { ...created.spec, scope: 'Cluster' } } });
    expect(res.status).toBe(422);
    expect(res.json.details.causes[0].field).toBe('spec.scope');
  });

  it('options.resources serves kinds without a CRD', async () => {
    await server.close();
    server = await startServer({ resources: [{ group: 'example.com', version: 'v2', kind: 'Gadget', plural: 'gadgets', namespaced: false }] });
    const res = await call(server, 'POST', '/apis/example.com/v2/gadgets', { body: { apiVersion: 'example.com/v2', kind: 'Gadget', metadata: { name: 'g' } } });
    expect(res.status).toBe(201);
    expect((await call(server, 'GET', '/apis/example.com/v2')).json.resources[0]).toMatchObject({ name: 'gadgets', kind: 'Gadget', namespaced: false });
  });
});
