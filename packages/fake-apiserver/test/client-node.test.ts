// @kubernetes/client-node (2.x) against the fake, through the kubeconfig the fake writes: typed
// CRUD and its ApiException codes, Watch, the generic KubernetesObjectApi (which resolves kinds
// through discovery), and makeInformer's cache through dropped watches, compaction and deletes it
// missed while disconnected.
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type KubernetesObject,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeApiServer, KubeObject, ResourceDefinition, Status } from '../src/index.js';
import { createNamespaces, pod, startServer } from './helpers.js';
import { waitUntil } from './helpers/wait.js';

const WIDGET: ResourceDefinition = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, shortNames: ['wd'] };
const GADGET: ResourceDefinition = { group: 'example.com', version: 'v1', kind: 'Gadget', plural: 'gadgets', namespaced: false };

let server: FakeApiServer;
let kc: KubeConfig;

beforeEach(async () => {
  server = await startServer({ resources: [WIDGET, GADGET] });
  createNamespaces(server, 'other');
  kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig());
});
afterEach(async () => {
  await server.close();
});

/** A plain object where client-node's generated classes are expected (they are only shapes on the wire). */
function asPod(obj: unknown): V1Pod {
  return obj as V1Pod;
}

/** The header KubernetesObjectApi needs to find an object. */
function ref(apiVersion: string, kind: string, name: string, namespace?: string): KubernetesObject {
  const header: unknown = { apiVersion, kind, metadata: namespace === undefined ? { name } : { name, namespace } };
  return header as KubernetesObject;
}

/** Runs `fn`, expecting client-node's ApiException; returns its code and the Status body. */
async function apiError(fn: () => Promise<unknown>): Promise<{ code: number; status: Status }> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ApiException)) throw err;
    const body: unknown = err.body;
    return { code: err.code, status: (typeof body === 'string' ? JSON.parse(body) : body) as Status };
  }
  throw new Error('expected the call to fail with an ApiException');
}

describe('CoreV1Api', () => {
  it('creates, reads, lists, replaces, patches and deletes pods', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedPod({ namespace: 'default', body: pod('a', 'default', { app: 'x' }) as V1Pod });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.resourceVersion).toBe(server.resourceVersion);
    await core.createNamespacedPod({ namespace: 'default', body: pod('b', 'default', { app: 'y' }) as V1Pod });
    await core.createNamespacedPod({ namespace: 'other', body: pod('c', 'other', { app: 'x' }) as V1Pod });

    const read = await core.readNamespacedPod({ name: 'a', namespace: 'default' });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    expect(read.spec?.containers[0]?.image).toBe('busybox');

    const selected = await core.listPodForAllNamespaces({ labelSelector: 'app=x' });
    expect(selected.items.map((p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`)).toEqual(['default/a', 'other/c']);
    const page1 = await core.listPodForAllNamespaces({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata?.remainingItemCount).toBe(1);
    const page2 = await core.listPodForAllNamespaces({ limit: 2, _continue: page1.metadata?._continue ?? '' });
    expect(page2.items.map((p) => p.metadata?.name)).toEqual(['c']);
    expect(page2.metadata?.resourceVersion).toBe(page1.metadata?.resourceVersion);
    expect(page2.metadata?._continue ?? '').toBe('');

    const relabelled = structuredClone(read);
    relabelled.metadata!.labels = { app: 'z' };
    const replaced = await core.replaceNamespacedPod({ name: 'a', namespace: 'default', body: relabelled });
    expect(replaced.metadata?.labels).toEqual({ app: 'z' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));

    const merged = await core.patchNamespacedPod(
      { name: 'a', namespace: 'default', body: { metadata: { annotations: { note: 'hi' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.annotations).toEqual({ note: 'hi' });
    const strategic = await core.patchNamespacedPod(
      { name: 'a', namespace: 'default', body: { spec: { containers: [{ name: 'c', image: 'envoy' }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    // Containers merge by name (a pod may change its images, not add containers).
    expect(strategic.spec?.containers.map((c) => [c.name, c.image, c.terminationMessagePolicy])).toEqual([['c', 'envoy', 'File']]);
    const jsonPatched = await core.patchNamespacedPod(
      { name: 'a', namespace: 'default', body: [{ op: 'replace', path: '/metadata/labels/app', value: 'w' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.metadata?.labels).toEqual({ app: 'w' });

    const deleted = await core.deleteNamespacedPod({ name: 'a', namespace: 'default' });
    expect(deleted.metadata?.name).toBe('a');
    expect(server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => p.metadata.name)).toEqual(['b', 'c']);
  });

  it('fails with ApiException 404, 409 and 422 carrying the Status', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const notFound = await apiError(() => core.readNamespacedPod({ name: 'nope', namespace: 'default' }));
    expect(notFound.code).toBe(404);
    expect(notFound.status).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });

    const first = await core.createNamespacedPod({ namespace: 'default', body: pod('a') as V1Pod });
    const exists = await apiError(() => core.createNamespacedPod({ namespace: 'default', body: pod('a') as V1Pod }));
    expect(exists.code).toBe(409);
    expect(exists.status).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'pods "a" already exists' });

    await core.patchNamespacedPod({ name: 'a', namespace: 'default', body: { metadata: { labels: { v: '2' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const conflict = await apiError(() => core.replaceNamespacedPod({ name: 'a', namespace: 'default', body: first }));
    expect(conflict.code).toBe(409);
    expect(conflict.status.reason).toBe('Conflict');
    expect(conflict.status.message).toContain('the object has been modified');

    const invalid = await apiError(() => core.createNamespacedPod({ namespace: 'default', body: pod('Not_Valid') as V1Pod }));
    expect(invalid.code).toBe(422);
    expect(invalid.status).toMatchObject({ reason: 'Invalid', code: 422, details: { kind: 'Pod', name: 'Not_Valid' } });
    expect(invalid.status.details?.causes?.[0]?.field).toBe('metadata.name');

    const unnamed = await apiError(() => core.createNamespacedPod({ namespace: 'default', body: asPod({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [] } }) }));
    expect(unnamed.code).toBe(422);
    expect(unnamed.status.message).toContain('metadata.name: Required value');
    // Failed writes changed nothing.
    expect(server.list({ apiVersion: 'v1', kind: 'Pod' }).map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)).toEqual([`a@${server.resourceVersion}`]);
  });
});

describe('Watch', () => {
  interface Seen {
    type: string;
    name: string;
    rv: string;
  }
  interface WatchObject {
    kind?: string;
    apiVersion?: string;
    metadata?: { name?: string; resourceVersion?: string };
    code?: number;
    reason?: string;
  }

  async function startWatch(path: string, query: Record<string, string | number | boolean>): Promise<{ events: Seen[]; raw: { type: string; object: WatchObject }[]; done: Promise<unknown>; stop: () => void }> {
    const events: Seen[] = [];
    const raw: { type: string; object: WatchObject }[] = [];
    let finish: (err: unknown) => void = () => {};
    const done = new Promise<unknown>((resolve) => (finish = resolve));
    const controller = await new Watch(kc).watch(
      path,
      query,
      (type: string, object: WatchObject) => {
        raw.push({ type, object });
        events.push({ type, name: object.metadata?.name ?? '', rv: object.metadata?.resourceVersion ?? '' });
      },
      (err: unknown) => {
        finish(err ?? null);
      },
    );
    return { events, raw, done, stop: () => { controller.abort(); } };
  }

  it('delivers ADDED, MODIFIED and DELETED events with kind, apiVersion and each change’s resourceVersion', async () => {
    server.create(pod('before'));
    const from = server.resourceVersion;
    const w = await startWatch('/api/v1/namespaces/default/pods', { resourceVersion: from });
    const a = server.create(pod('a'));
    const a2 = server.update({ ...a, metadata: { ...a.metadata, labels: { x: 'y' } } });
    server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' });
    const deletedAt = server.resourceVersion;
    server.create(pod('elsewhere', 'other'));
    await waitUntil(() => w.events.length >= 4, () => JSON.stringify(w.events));
    expect(w.events).toEqual([
      { type: 'ADDED', name: 'a', rv: a.metadata.resourceVersion },
      { type: 'MODIFIED', name: 'a', rv: a2.metadata.resourceVersion },
      // The pod is marked for deletion (no node runs it: a grace period of 0), then removed.
      { type: 'MODIFIED', name: 'a', rv: String(Number(deletedAt) - 1) },
      { type: 'DELETED', name: 'a', rv: deletedAt },
    ]);
    expect(w.raw.every((e) => e.object.kind === 'Pod' && e.object.apiVersion === 'v1')).toBe(true);

    // A clean end of the stream reaches `done` without an error.
    server.closeWatches();
    expect(await w.done).toBeNull();
  });

  it('filters by label selector, sending DELETED/ADDED on transitions; an expired resourceVersion is one ERROR 410', async () => {
    const w = await startWatch('/api/v1/pods', { labelSelector: 'team=a' });
    const p = server.create(pod('p', 'default', { team: 'a' }));
    server.create(pod('q', 'default', { team: 'b' }));
    const moved = server.update({ ...p, metadata: { ...p.metadata, labels: { team: 'b' } } });
    server.update({ ...moved, metadata: { ...moved.metadata, labels: { team: 'a' } } });
    await waitUntil(() => w.events.length >= 3, () => JSON.stringify(w.events));
    expect(w.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED p', 'DELETED p', 'ADDED p']);
    w.stop();

    const old = server.resourceVersion;
    server.create(pod('r'));
    server.compact();
    const expired = await startWatch('/api/v1/pods', { resourceVersion: old });
    expect(await expired.done).toBeNull();
    expect(expired.raw).toHaveLength(1);
    expect(expired.raw[0]?.type).toBe('ERROR');
    expect(expired.raw[0]?.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });
});

describe('KubernetesObjectApi', () => {
  it('creates, reads, lists, patches, replaces and deletes a Deployment found through discovery', async () => {
    const client = KubernetesObjectApi.makeApiClient(kc);
    const spec = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1', env: [{ name: 'A', value: '1' }] }] } },
      },
    };
    const created: KubernetesObject = await client.create(spec);
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests.some((r) => r.path === '/apis/apps/v1' && r.status === 200)).toBe(true);

    const read = await client.read<typeof spec>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } });
    expect(read.spec.template.spec.containers[0]?.image).toBe('web:1');

    // The default patch is a strategic merge patch: env merges by name.
    const patched = await client.patch({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } } },
    });
    expect((patched as typeof spec).spec.template.spec.containers[0]?.env).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    expect(server.requests.at(-1)).toMatchObject({ method: 'PATCH', status: 200, contentType: PatchStrategy.StrategicMergePatch });

    const scaled = structuredClone(read);
    (scaled.metadata as { resourceVersion?: string }).resourceVersion = (patched as KubernetesObject).metadata?.resourceVersion ?? '';
    scaled.spec.replicas = 3;
    const replaced = await client.replace(scaled);
    expect(replaced.spec.replicas).toBe(3);
    const stale = await apiError(() => client.replace(read));
    expect(stale.code).toBe(409);

    const list = await client.list('apps/v1', 'Deployment', 'default');
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['web']);

    await client.delete(ref('apps/v1', 'Deployment', 'web', 'default'));
    expect(server.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' })).toBeUndefined();
    const gone = await apiError(() => client.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } }));
    expect(gone.code).toBe(404);
    expect(gone.status.details).toMatchObject({ name: 'web', kind: 'deployments', group: 'apps' });
  });

  it('handles custom kinds from `resources`: namespaced and cluster-scoped, merge patch, 415 for strategic merge', async () => {
    const client = KubernetesObjectApi.makeApiClient(kc);
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 1, parts: ['a'] } };
    await client.create(widget);
    const gadget: KubernetesObject = await client.create({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: {} });
    expect(gadget.metadata?.namespace).toBeUndefined();
    expect(server.get({ apiVersion: 'example.com/v1', kind: 'Gadget', name: 'g1' })?.metadata.uid).toBe(gadget.metadata?.uid);

    const merged = await client.patch(
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { parts: ['b'] } },
      undefined, undefined, undefined, undefined, PatchStrategy.MergePatch,
    );
    expect((merged as typeof widget).spec).toEqual({ size: 1, parts: ['b'] });
    const strategic = await apiError(() => client.patch({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 2 } }));
    expect(strategic.code).toBe(415);
    expect(strategic.status.reason).toBe('UnsupportedMediaType');
    const read = await client.read<typeof widget>({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' } });
    expect(read.spec).toEqual({ size: 1, parts: ['b'] });

    // client-node resolves kinds through discovery and fails on its own for a kind the server does not list.
    await expect(client.create({ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'x', namespace: 'default' } })).rejects.toThrow('Unrecognized API version and kind: example.com/v1 Gizmo');

    await client.delete(ref('example.com/v1', 'Widget', 'w1', 'default'));
    await client.delete(ref('example.com/v1', 'Gadget', 'g1'));
    expect(server.list({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([]);
    expect(server.list({ apiVersion: 'example.com/v1', kind: 'Gadget' })).toEqual([]);
  });
});

describe('makeInformer', () => {
  const key = (o: KubeObject | KubernetesObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}@${o.metadata?.resourceVersion ?? ''}`;

  it('keeps its cache equal to the server through closed watches, compaction with a relist, and deletes it missed', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    createNamespaces(server, 'even', 'odd', 'third');
    for (let i = 0; i < 20; i++) server.create(pod(`p${String(i)}`, i % 2 === 0 ? 'even' : 'odd', { i: String(i) }));
    const informer = makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
    const deletedByInformer: string[] = [];
    const errors: unknown[] = [];
    let stopped = false;
    informer.on('delete', (obj) => deletedByInformer.push(obj.metadata?.name ?? ''));
    // client-node's informer stops on any error other than 410 and a client timeout; its
    // documented remedy is to start it again, which is what an application does.
    informer.on('error', (err: unknown) => {
      errors.push(err);
      setTimeout(() => {
        if (!stopped) void informer.start();
      }, 20);
    });
    const serverState = (): string[] => server.list({ apiVersion: 'v1', kind: 'Pod' }).map(key).sort();
    const cacheState = (): string[] => informer.list().map(key).sort();
    const converged = (): Promise<void> => waitUntil(() => JSON.stringify(cacheState()) === JSON.stringify(serverState()), () => `cache ${JSON.stringify(cacheState())}\nserver ${JSON.stringify(serverState())}`);
    const lists = (): number => server.requests.filter((r) => r.verb === 'list' && r.path === '/api/v1/pods').length;

    try {
      await informer.start();
      await converged();
      expect(cacheState()).toHaveLength(20);

      // Live changes.
      const p0 = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'even', name: 'p0' })!;
      server.update({ ...p0, metadata: { ...p0.metadata, labels: { changed: 'yes' } } });
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'odd', name: 'p1' });
      server.create(pod('new-1', 'even'));
      await converged();

      // Watches closed cleanly: the informer re-watches from its resourceVersion and the changes
      // made before it is back come from the server's history, without a relist.
      const listsBefore = lists();
      server.closeWatches();
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'odd', name: 'p3' });
      server.create(pod('new-2', 'odd'));
      const p2 = server.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'even', name: 'p2' })!;
      server.update({ ...p2, metadata: { ...p2.metadata, labels: { changed: 'too' } } });
      await converged();
      expect(lists()).toBe(listsBefore);

      // Closed again, with a delete and a compaction before it is back: its re-watch from the
      // compacted resourceVersion gets ERROR 410, and it relists.
      const listsBeforeCompaction = lists();
      server.closeWatches();
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'odd', name: 'p11' });
      server.compact();
      await converged();
      expect(lists()).toBeGreaterThan(listsBeforeCompaction);
      expect(informer.get('p11', 'odd')).toBeUndefined();

      // Connections reset, deletes and writes it cannot see, then history compacted: its
      // resourceVersion is gone, the watch answers ERROR 410, and only a relist can catch up.
      const watchesBefore = server.requests.filter((r) => r.verb === 'watch').length;
      server.destroyConnections();
      for (const name of ['p5', 'p7', 'p9']) server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'odd', name });
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'even', name: 'p4' });
      server.create(pod('new-3', 'third'));
      server.compact();
      await converged();
      expect(lists()).toBeGreaterThan(listsBefore + 1);
      expect(server.requests.filter((r) => r.verb === 'watch').length).toBeGreaterThan(watchesBefore);
      expect(deletedByInformer).toEqual(expect.arrayContaining(['p1', 'p3', 'p4', 'p5', 'p7', 'p9', 'p11']));
      expect(informer.get('p5', 'odd')).toBeUndefined();
      expect(informer.get('new-3', 'third')?.metadata?.name).toBe('new-3');

      // Watches refused for a while (429): it errors, is restarted, and catches up once they are served again.
      const errorsBefore = errors.length;
      const refusal = server.fail({ verb: 'watch', resource: 'pods', code: 429, retryAfterSeconds: 1 });
      server.closeWatches();
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'even', name: 'p6' });
      await waitUntil(() => errors.length > errorsBefore, () => 'no error reported while watches were refused');
      expect(errors.slice(errorsBefore)).toContainEqual(expect.objectContaining({ statusCode: 429 }));
      server.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'even', name: 'p8' });
      refusal.remove();
      await converged();
      expect(informer.get('p8', 'even')).toBeUndefined();
      expect(cacheState()).toEqual(serverState());
    } finally {
      stopped = true;
      await informer.stop();
    }
  });
});

// Server-side apply as client-node sends it; the expected answers are kube-apiserver v1.37.2's.
describe('server-side apply', () => {
  interface Entry { manager: string; operation: string; apiVersion: string; fieldsV1: unknown; subresource?: string }
  const managed = (obj: KubernetesObject): Omit<Entry, 'time'>[] =>
    ((obj.metadata?.managedFields ?? []) as unknown as Entry[]).map(({ manager, operation, apiVersion, fieldsV1, subresource }) => ({
      manager, operation, apiVersion, fieldsV1, ...(subresource === undefined ? {} : { subresource }),
    }));

  it('KubernetesObjectApi.patch with PatchStrategy.ServerSideApply creates, conflicts with another manager, and forces', async () => {
    const client = KubernetesObjectApi.makeApiClient(kc);
    const config = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1' }] } },
      },
    };
    const created = await client.patch(config, undefined, undefined, 'deployer', false, PatchStrategy.ServerSideApply);
    expect(server.requests.at(-1)).toMatchObject({ method: 'PATCH', status: 201, contentType: PatchStrategy.ServerSideApply, query: { fieldManager: 'deployer', force: 'false' } });
    expect((created as KubernetesObject).metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(managed(created)).toEqual([{
      manager: 'deployer',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsV1: {
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      },
    }]);

    // A second manager adds a container (lists of containers merge by name) and co-owns nothing.
    const sidecar = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: config.spec.selector, template: { metadata: config.spec.template.metadata, spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } } },
    };
    const merged = await client.patch(sidecar, undefined, undefined, 'mesh', false, PatchStrategy.ServerSideApply);
    expect(merged.spec.template.spec.containers.map((c) => c.name)).toEqual(['app', 'sidecar']);

    const scale = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 5 } };
    const conflict = await apiError(() => client.patch(scale, undefined, undefined, 'autoscaler', false, PatchStrategy.ServerSideApply));
    expect(conflict.code).toBe(409);
    expect(conflict.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "deployer": .spec.replicas',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "deployer"', field: '.spec.replicas' }] },
      code: 409,
    });
    const forced = await client.patch(scale, undefined, undefined, 'autoscaler', true, PatchStrategy.ServerSideApply);
    expect((forced as typeof config).spec.replicas).toBe(5);
    // Entries are ordered by time, then manager: compare them by manager.
    const byManager = Object.fromEntries(managed(forced).map((e) => [e.manager, e.fieldsV1]));
    expect(Object.keys(byManager).sort()).toEqual(['autoscaler', 'deployer', 'mesh']);
    expect(byManager.autoscaler).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(byManager.deployer).not.toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('CoreV1Api patches with the apply content type, dryRun=All included; a missing fieldManager is kube-apiserver\'s 422', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } };
    const dry = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'default', body, fieldManager: 'cfg', dryRun: 'All' },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(dry.data).toEqual({ mode: 'fast' });
    expect(server.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' })).toBeUndefined();
    const applied = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'default', body, fieldManager: 'cfg' },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(managed(applied as KubernetesObject)).toEqual([{ manager: 'cfg', operation: 'Apply', apiVersion: 'v1', fieldsV1: { 'f:data': { 'f:mode': {} } } }]);
    const unnamed = await apiError(() => core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'default', body },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    ));
    expect(unnamed.code).toBe(422);
    expect(unnamed.status.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('records client-node\'s own writes under its User-Agent\'s name', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'plain' }, data: { a: '1' } } });
    expect(managed(created as KubernetesObject)).toEqual([
      { manager: 'kubernetes-client-javascript', operation: 'Update', apiVersion: 'v1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
    ]);
  });
});
