import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import { makeEntry } from '../entry.js';
import { BUILTIN_KINDS } from '../kinds.js';
import { Registry } from '../registry.js';
import { DEFAULT_STRATEGY_CONFIG, type StrategyContext } from '../strategy.js';
import { podDefaulting, qosClass, quantityAmount } from './pod.js';

const context: StrategyContext = {
  now: new Date('2026-01-02T03:04:05.678Z'),
  subresource: undefined,
  registry: new Registry(10),
  random: () => 0.5,
  config: DEFAULT_STRATEGY_CONFIG,
};

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function created(spec: Record<string, unknown>): Record<string, unknown> & { spec: Record<string, unknown>; status: Record<string, unknown> } {
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec, status: { phase: 'Running' } };
  podDefaulting.default?.(obj);
  podDefaulting.prepareForCreate?.(obj, context);
  return obj as ReturnType<typeof created>;
}

function containers(...resources: Record<string, unknown>[]): Record<string, unknown> {
  return { containers: resources.map((r, i) => ({ name: `c${i}`, image: 'a:1', resources: r })) };
}

describe('quantityAmount', () => {
  it('reads decimal, binary and exponent suffixes exactly', () => {
    const same = (a: string, b: string | number): void => {
      const x = quantityAmount(a);
      const y = quantityAmount(b);
      expect(x !== undefined && y !== undefined && x.num * y.den === y.num * x.den, `${a} = ${String(b)}`).toBe(true);
    };
    same('1', '1000m');
    same('0.5', '500m');
    same('1Ki', '1024');
    same('1Gi', '1073741824');
    same('1e3', '1k');
    same('1.5', 1.5);
    same('2E-3', '2m');
    same('100u', '0.0001');
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'abc', '1Q', '1.2.3', '1e', '--1', null, {}]) expect(quantityAmount(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('qosClass', () => {
  it('is BestEffort without cpu or memory requests and limits', () => {
    expect(qosClass(containers({}, {}))).toBe('BestEffort');
    expect(qosClass(containers({ limits: { 'example.com/gpu': '1' } }))).toBe('BestEffort');
    expect(qosClass(containers({ requests: { cpu: '0' } }))).toBe('BestEffort');
  });

  it('is Guaranteed when every container limits cpu and memory at its requests', () => {
    expect(qosClass(containers({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }))).toBe('Guaranteed');
    const spec = { ...containers({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }), initContainers: [{ name: 'i', image: 'a', resources: {} }] };
    expect(qosClass(spec)).toBe('Burstable');
  });

  it('is Burstable otherwise', () => {
    expect(qosClass(containers({ requests: { memory: '64Mi' } }, {}))).toBe('Burstable');
    expect(qosClass(containers({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } }))).toBe('Burstable');
    expect(qosClass(containers({ limits: { cpu: '1' }, requests: { cpu: '1' } }))).toBe('Burstable');
  });

  it('uses the pod-level resources when the spec sets them', () => {
    const spec = { ...containers({}), resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } };
    expect(qosClass(spec)).toBe('Guaranteed');
  });
});

describe('podDefaulting', () => {
  it('creates a pod Pending with its QoS class, the default service account, priority 0 and the default tolerations', () => {
    const pod = created({ containers: [{ name: 'c', image: 'nginx' }] });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(pod.spec).toMatchObject({
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      enableServiceLinks: true,
      tolerations: DEFAULT_TOLERATIONS,
    });
  });

  it('keeps the tolerations that already tolerate the node taints and adds the others after them', () => {
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    expect(created({ containers: [], tolerations: [own] }).spec.tolerations).toEqual([own, DEFAULT_TOLERATIONS[1]]);
    const everything = { operator: 'Exists' };
    expect(created({ containers: [], tolerations: [everything] }).spec.tolerations).toEqual([everything]);
    const otherEffect = { operator: 'Exists', effect: 'NoSchedule' };
    expect(created({ containers: [], tolerations: [otherEffect] }).spec.tolerations).toEqual([otherEffect, ...DEFAULT_TOLERATIONS]);
  });

  it('takes the priority of the system priority classes and keeps a service account that is set', () => {
    const pod = created({ containers: [], priorityClassName: 'system-node-critical', serviceAccountName: 'robot' });
    expect(pod.spec).toMatchObject({ priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority', serviceAccountName: 'robot', serviceAccount: 'robot' });
    const unknown = created({ containers: [], priorityClassName: 'gold' });
    expect(unknown.spec.priority).toBeUndefined();
    expect(unknown.spec.preemptionPolicy).toBeUndefined();
  });

  it('marks a pod with scheduling gates SchedulingGated', () => {
    const pod = created({ containers: [], schedulingGates: [{ name: 'example.com/gate' }] });
    expect(pod.status).toEqual({
      phase: 'Pending',
      conditions: [{
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-02T03:04:05Z',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      }],
      qosClass: 'BestEffort',
    });
  });
});

// Deep reads of the admitted spec, whose shape the assertions check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('pod updates', () => {
  it('get the default tolerations back and keep the admitted priority', () => {
    const old = created({ containers: [{ name: 'c', image: 'a' }] });
    const next = structuredClone(old);
    delete next.spec.tolerations;
    delete next.spec.priority;
    delete next.spec.preemptionPolicy;
    podDefaulting.prepareForUpdate?.(next, old as unknown as KubeObject, context);
    expect(next.spec).toMatchObject({ tolerations: DEFAULT_TOLERATIONS, priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    const unprioritised = { spec: { containers: [] } };
    const kept = { spec: { containers: [] } as Record<string, unknown> };
    podDefaulting.prepareForUpdate?.(kept, unprioritised as unknown as KubeObject, context);
    expect(Object.keys(kept.spec)).toEqual(['containers', 'tolerations']);
  });
});

describe('pod status writes', () => {
  it('keep the stored QoS class when the written status has none', () => {
    const old = created({ containers: [{ name: 'c', image: 'a' }] });
    const write = (status: Record<string, unknown>): unknown => {
      const obj: Record<string, unknown> = { ...structuredClone(old), status };
      podDefaulting.prepareForUpdate?.(obj, old as unknown as KubeObject, { ...context, subresource: 'status' });
      return obj.status;
    };
    expect(write({ phase: 'Running' })).toEqual({ phase: 'Running', qosClass: 'BestEffort' });
    expect(write({ phase: 'Running', qosClass: null })).toEqual({ phase: 'Running', qosClass: 'BestEffort' });
    expect(write({ qosClass: 'Guaranteed' })).toEqual({ qosClass: 'Guaranteed' });
  });
});

describe('the service account token volume', () => {
  const registry = new Registry(10);
  const info = BUILTIN_KINDS.find((k) => k.group === '' && k.plural === 'serviceaccounts');
  if (info === undefined) throw new Error('no serviceaccounts kind');
  const accounts = registry.add(info, 'builtin');
  for (const account of [{ metadata: { name: 'default', namespace: 'ns' } }, { metadata: { name: 'quiet', namespace: 'ns' }, automountServiceAccountToken: false }]) {
    accounts.store.entries.set(`ns/${account.metadata.name}`, makeEntry({ apiVersion: 'v1', kind: 'ServiceAccount', ...account }, 'ns', account.metadata.name, 1));
  }
  const ctx: StrategyContext = { ...context, registry, random: () => 0 };
  const admit = (namespace: string, spec: Record<string, unknown>): Json => {
    const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace }, spec };
    podDefaulting.prepareForCreate?.(obj, ctx);
    return obj.spec as Json;
  };
  const mount = { name: 'kube-api-access-bbbbb', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };

  it('is mounted in every container and init container when the account exists', () => {
    const spec = admit('ns', { initContainers: [{ name: 'i', image: 'a' }], containers: [{ name: 'c', image: 'a', volumeMounts: [{ name: 'x', mountPath: '/x' }] }], ephemeralContainers: [{ name: 'e', image: 'a' }] });
    expect(spec.initContainers[0].volumeMounts).toEqual([mount]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'x', mountPath: '/x' }, mount]);
    expect(spec.ephemeralContainers[0].volumeMounts).toBeUndefined();
    expect(spec.volumes).toEqual([{
      name: 'kube-api-access-bbbbb',
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    }]);
  });

  it('is left out when automounting is off, the account is unknown, or every container mounts the path itself', () => {
    expect(admit('ns', { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'a' }] }).volumes).toBeUndefined();
    expect(admit('ns', { serviceAccountName: 'quiet', containers: [{ name: 'c', image: 'a' }] }).volumes).toBeUndefined();
    expect(admit('ns', { serviceAccountName: 'quiet', automountServiceAccountToken: true, containers: [{ name: 'c', image: 'a' }] }).volumes).toHaveLength(1);
    expect(admit('other', { containers: [{ name: 'c', image: 'a' }] }).volumes).toBeUndefined();
    const own = [{ name: 'c', image: 'a', volumeMounts: [{ name: 'v', mountPath: mount.mountPath }] }];
    expect(admit('ns', { containers: own, volumes: [{ name: 'v', emptyDir: {} }] }).volumes).toEqual([{ name: 'v', emptyDir: {} }]);
  });
});
