// Two replicas of the controller (leader election on a Lease) against the fake API server while
// ConfigMaps are edited, created and deleted, Deployments come and go and change what they use,
// watches are closed, history is compacted, connections are reset, Deployment patches fail with
// 500 and 409, and the leader is stopped half way. Once the churn stops, every Deployment's
// annotation must equal the hash of its ConfigMaps. KCACHE_SEED=<n> replays a run (the seed is
// printed when one fails); KCACHE_CHURN_OPS=<n> makes it longer.
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { KubeConfig } from '@kubernetes/client-node';
import { createFakeApiServer, type FakeApiServer } from '@kcache/fake-apiserver';
import { afterEach, expect, it, vi } from 'vitest';
import { CONFIG_HASH_ANNOTATION, configHash, configMapNames, startConfigHashController, type ConfigHashController, type ConfigHashEvent } from '../src/index.js';

const SEED = Number(process.env.KCACHE_SEED ?? 20_261_206);
const OPS = Number(process.env.KCACHE_CHURN_OPS ?? 300);
const NAMESPACES = ['default', 'team'];
const CONFIG_MAPS = ['app', 'db', 'feature-flags', 'logging', 'never-created'];
const DEPLOYMENTS = Array.from({ length: 10 }, (_, i) => `web-${String(i)}`);

let fake: FakeApiServer | undefined;
const stops: AbortController[] = [];
const replicas: ConfigHashController[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) stop.abort();
  await Promise.all(replicas.splice(0).map((r) => r.stopped));
  await fake?.close();
  fake = undefined;
});

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function configMap(namespace: string, name: string, value: string): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { 'config.yaml': `value: ${value}\n` } };
}

/** A Deployment using 0–3 ConfigMaps, each through one of the four ways a pod can use one. */
function deployment(namespace: string, name: string, random: () => number): V1Deployment {
  const used = CONFIG_MAPS.filter(() => random() < 0.35).slice(0, 3);
  const volumes: NonNullable<NonNullable<V1Deployment['spec']>['template']['spec']>['volumes'] = [];
  const container: NonNullable<NonNullable<V1Deployment['spec']>['template']['spec']>['containers'][number] = { name: 'app', image: 'nginx:1.27' };
  used.forEach((cm, i) => {
    const way = Math.floor(random() * 4);
    if (way === 0) volumes.push({ name: `v${String(i)}`, configMap: { name: cm } });
    else if (way === 1) volumes.push({ name: `v${String(i)}`, projected: { sources: [{ configMap: { name: cm } }] } });
    else if (way === 2) (container.envFrom ??= []).push({ configMapRef: { name: cm } });
    else (container.env ??= []).push({ name: `E${String(i)}`, valueFrom: { configMapKeyRef: { name: cm, key: 'config.yaml' } } });
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container], ...(volumes.length === 0 ? {} : { volumes }) } },
    },
  };
}

/** Deployments whose annotation differs from the hash of their ConfigMaps, as the server has them. */
function divergent(server: FakeApiServer): string[] {
  const wrong: string[] = [];
  for (const d of server.list<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment' })) {
    const namespace = d.metadata.namespace ?? '';
    const expected = configHash(configMapNames(d), (name) => server.get<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name }));
    const actual = d.spec?.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];
    if (actual !== expected) wrong.push(`${namespace}/${d.metadata.name}`);
  }
  return wrong;
}

it('every Deployment ends up annotated with the hash of its ConfigMaps, through churn, faults and a leader handover', async () => {
  const random = seeded(SEED);
  const server = await createFakeApiServer();
  fake = server;
  try {
    for (const namespace of NAMESPACES) {
      if (server.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace }) === undefined) server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      for (const cm of CONFIG_MAPS.slice(0, -1)) server.create(configMap(namespace, cm, '0'));
      for (const name of DEPLOYMENTS.slice(0, 6)) server.create(deployment(namespace, name, random));
    }
    const leaders: string[] = [];
    const patched = { count: 0 };
    const startReplica = (identity: string): void => {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromString(server.kubeconfig());
      const stop = new AbortController();
      stops.push(stop);
      replicas.push(
        startConfigHashController({
          kubeConfig,
          signal: stop.signal,
          identity,
          leaderElection: { namespace: 'kube-system', leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 100 },
          onEvent: (event: ConfigHashEvent) => {
            if (event.type === 'leading') leaders.push(event.identity);
            if (event.type === 'patched') patched.count++;
          },
        }),
      );
    };
    startReplica('replica-a');
    startReplica('replica-b');
    await vi.waitUntil(() => divergent(server).length === 0, { timeout: 10_000, interval: 20 });
    const firstLeader = leaders[0];
    expect(firstLeader).toBeDefined();

    for (let op = 0; op < OPS; op++) {
      const namespace = NAMESPACES[Math.floor(random() * NAMESPACES.length)] ?? 'default';
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
      const r = random();
      const ref = { namespace, name: pick(CONFIG_MAPS) };
      const cmRef = { apiVersion: 'v1', kind: 'ConfigMap', ...ref };
      const dRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: pick(DEPLOYMENTS) };
      try {
        if (r < 0.3) {
          const value = String(Math.floor(random() * 1e6));
          if (server.get(cmRef) === undefined) server.create(configMap(namespace, ref.name, value));
          else server.update(configMap(namespace, ref.name, value));
        } else if (r < 0.36) {
          if (server.get(cmRef) !== undefined) server.delete(cmRef);
        } else if (r < 0.48) {
          if (server.get(dRef) === undefined) server.create(deployment(namespace, dRef.name, random));
        } else if (r < 0.54) {
          if (server.get(dRef) !== undefined) server.delete(dRef);
        } else if (r < 0.66) {
          // Changes what it uses; the write replaces the whole object, the annotation included.
          if (server.get(dRef) !== undefined) server.update(deployment(namespace, dRef.name, random));
        } else if (r < 0.71) {
          server.closeWatches();
        } else if (r < 0.74) {
          server.compact();
        } else if (r < 0.77) {
          server.destroyConnections();
        } else if (r < 0.85) {
          server.fail({ verb: 'patch', resource: 'deployments', code: 500, times: 1 + Math.floor(random() * 3) });
        } else if (r < 0.92) {
          server.fail({ verb: 'patch', resource: 'deployments', code: 409, reason: 'Conflict', times: 1 + Math.floor(random() * 3) });
        }
      } catch (err) {
        throw new Error(`churn op ${String(op)} failed: ${String(err)}`, { cause: err });
      }
      if (op === Math.floor(OPS / 2)) {
        // Stop the leader: the other replica takes over (the Lease is released on stop).
        // (A renewal may just have failed under the faults: wait for a leader first.)
        await vi.waitUntil(() => replicas.some((rep) => rep.isLeader()), { timeout: 10_000, interval: 10 });
        stops[replicas.findIndex((rep) => rep.isLeader())]?.abort();
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 8)));
    }
    server.clearFaults();
    await vi.waitUntil(() => divergent(server).length === 0, { timeout: 20_000, interval: 50 });
    // The leader was stopped half way, so the other replica led afterwards.
    expect(new Set(leaders).size).toBe(2);
    expect(patched.count).toBeGreaterThan(0);
    expect(server.list({ apiVersion: 'apps/v1', kind: 'Deployment' }).length).toBeGreaterThan(0);
  } catch (err) {
    console.error(`converge test failed: replay with KCACHE_SEED=${String(SEED)} KCACHE_CHURN_OPS=${String(OPS)}; divergent: ${divergent(server).join(', ')}`);
    throw err;
  }
}, 60_000);
