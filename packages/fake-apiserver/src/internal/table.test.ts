import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, kindInfoFromDefinition, type KindInfo } from './kinds.js';
import { humanDuration, toTable } from './table.js';
import type { KubeObject } from '../types.js';

interface Table {
  kind: string;
  apiVersion: string;
  metadata: Record<string, string>;
  columnDefinitions: { name: string; priority: number; type: string }[];
  rows: { cells: unknown[]; object: { kind: string; apiVersion: string; metadata: unknown } }[];
}

function kind(name: string): KindInfo {
  const found = BUILTIN_KINDS.find((k) => k.kind === name);
  if (found === undefined) throw new Error(`no built-in ${name}`);
  return found;
}

const NOW = Date.parse('2024-06-01T12:00:00Z');
const created = (msAgo: number): string => new Date(NOW - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
const table = (k: string | KindInfo, objects: KubeObject[], meta: { resourceVersion: string; continue?: string } = { resourceVersion: '7' }): Table =>
  toTable(typeof k === 'string' ? kind(k) : k, objects, meta, NOW) as Table;
const columns = (t: Table): string[] => t.columnDefinitions.map((c) => (c.priority > 0 ? `${c.name}*` : c.name));

describe('humanDuration', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  it.each([
    [-2 * s, '<invalid>'], [-1 * s, '0s'], [0, '0s'], [59 * s, '59s'], [119 * s, '119s'], [2 * m, '2m'], [3 * m + 20 * s, '3m20s'],
    [10 * m, '10m'], [179 * m, '179m'], [3 * h, '3h'], [5 * h + 30 * m, '5h30m'], [8 * h, '8h'], [47 * h, '47h'],
    [2 * d, '2d'], [2 * d + 3 * h, '2d3h'], [8 * d, '8d'], [729 * d, '729d'], [730 * d, '2y'], [830 * d, '2y100d'], [3000 * d, '8y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('toTable', () => {
  it('shapes a meta.k8s.io/v1 Table with list metadata and PartialObjectMetadata rows', () => {
    const cm = { metadata: { name: 'a', namespace: 'd', labels: { x: 'y' }, creationTimestamp: created(90_000) }, data: { k: 'v' }, binaryData: { b: '' } };
    const t = table('ConfigMap', [cm], { resourceVersion: '12', continue: 'tok' });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '12', continue: 'tok' });
    expect(columns(t)).toEqual(['Name', 'Data', 'Age']);
    expect(t.rows).toEqual([{ cells: ['a', 2, '90s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata } }]);
    expect(table('ConfigMap', [], { resourceVersion: '3', continue: '' }).metadata).toEqual({ resourceVersion: '3' });
  });

  it('gives other kinds Name and Age, with <unknown> for a missing timestamp', () => {
    const widget = kindInfoFromDefinition({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true });
    const t = table(widget, [{ metadata: { name: 'w', creationTimestamp: new Date(NOW - 3 * 3600_000) } }, { metadata: { name: 'x' } }]);
    expect(columns(t)).toEqual(['Name', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([['w', '3h'], ['x', '<unknown>']]);
  });

  it('prints pods like kubectl get pods', () => {
    const pod = {
      metadata: { name: 'web-1', creationTimestamp: created(300_000) },
      spec: { nodeName: 'node-a', containers: [{ name: 'a' }, { name: 'b' }], readinessGates: [{ conditionType: 'x/ready' }] },
      status: {
        phase: 'Running',
        podIP: '10.0.0.7',
        conditions: [{ type: 'x/ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 2, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    };
    const t = table('Pod', [pod, { metadata: { name: 'new' }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } } as KubeObject]);
    expect(columns(t)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*']);
    // kubectl 1.37 prints restarts as text, with how long ago the last one was when a container says.
    expect(t.rows[0]?.cells).toEqual(['web-1', '1/2', 'CrashLoopBackOff', '3', '5m', '10.0.0.7', 'node-a', '<none>', '1/1']);
    expect(t.rows[1]?.cells).toEqual(['new', '0/1', 'Pending', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });

  it('says how long ago the last restart of a pod was', () => {
    const pod = {
      metadata: { name: 'flaky', creationTimestamp: created(600_000) },
      spec: { containers: [{ name: 'a' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 4, state: { running: {} }, lastState: { terminated: { finishedAt: created(120_000) } } }] },
    };
    expect(table('Pod', [pod as KubeObject]).rows[0]?.cells.slice(0, 4)).toEqual(['flaky', '1/1', 'Running', '4 (2m ago)']);
  });

  it('shows terminating and completed pods as kubectl does', () => {
    const terminating = { metadata: { name: 't', deletionTimestamp: created(0) }, spec: { containers: [{}] }, status: { phase: 'Running' } };
    const exited = { metadata: { name: 'e' }, spec: { containers: [{}] }, status: { phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 137 } } }] } };
    const t = table('Pod', [terminating, exited] as KubeObject[]);
    expect(t.rows.map((r) => r.cells[2])).toEqual(['Terminating', 'ExitCode:137']);
  });

  it('prints deployments and replica sets with their template columns', () => {
    const deploy = {
      metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        template: { spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    const t = table('Deployment', [deploy]);
    expect(columns(t)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(t.rows[0]?.cells).toEqual(['web', '2/3', 3, 2, '<unknown>', 'a,b', 'nginx,busybox', 'app=web,tier in (a,b)']);
    const rs = table('ReplicaSet', [{ metadata: { name: 'rs' }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 1 } } as KubeObject]);
    expect(rs.rows[0]?.cells.slice(0, 4)).toEqual(['rs', 2, 2, 1]);
  });

  it('prints services, namespaces, secrets and nodes', () => {
    const svc = table('Service', [
      { metadata: { name: 's' }, spec: { type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30080 }, { port: 53, protocol: 'UDP' }], selector: { app: 'dns' } } },
      { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.11' } },
    ] as unknown as KubeObject[]);
    expect(columns(svc)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']);
    expect(svc.rows.map((r) => r.cells)).toEqual([
      ['s', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '<unknown>', 'app=dns'],
      ['lb', 'LoadBalancer', '10.96.0.11', '<pending>', '<none>', '<unknown>', '<none>'],
    ]);
    expect(table('Namespace', [{ metadata: { name: 'n' }, status: { phase: 'Active' } } as KubeObject]).rows[0]?.cells).toEqual(['n', 'Active', '<unknown>']);
    expect(table('Secret', [{ metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { a: '', b: '' } } as KubeObject]).rows[0]?.cells).toEqual([
      's', 'kubernetes.io/tls', 2, '<unknown>',
    ]);
    const node = {
      metadata: { name: 'n1', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/os': 'linux' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } },
    };
    const nodes = table('Node', [node, { metadata: { name: 'n2' } }]);
    expect(columns(nodes)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*']);
    expect(nodes.rows.map((r) => r.cells)).toEqual([
      ['n1', 'Ready,SchedulingDisabled', 'control-plane', '<unknown>', 'v1.32.0', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
      ['n2', 'Unknown', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ]);
  });

  it('prints Jobs\' status, completions and duration as kubectl does', () => {
    const running = { metadata: { name: 'r' }, spec: { parallelism: 3 }, status: { succeeded: 1, startTime: created(90_000) } };
    const done = {
      metadata: { name: 'd' }, spec: { completions: 2 },
      status: { succeeded: 2, startTime: created(600_000), completionTime: created(300_000), conditions: [{ type: 'Complete', status: 'True' }] },
    };
    const failed = { metadata: { name: 'f' }, spec: {}, status: { conditions: [{ type: 'Failed', status: 'True' }] } };
    const rows = table('Job', [running, done, failed] as KubeObject[]).rows.map((r) => r.cells.slice(0, 4));
    expect(rows).toEqual([['r', 'Running', '1/1 of 3', '90s'], ['d', 'Complete', '2/2', '5m'], ['f', 'Failed', '0/1', '']]);
  });

  it('prints ingress hosts, endpoints and CronJobs with their limits and defaults', () => {
    const ingress = { metadata: { name: 'i' }, spec: { rules: ['a', 'b', '', 'c', 'd'].map((host) => ({ host })), tls: [{}] },
      status: { loadBalancer: { ingress: [{ ip: '192.168.100.100' }, { hostname: 'lb.example.com' }] } } };
    expect(table('Ingress', [ingress as KubeObject]).rows[0]?.cells.slice(1, 5))
      .toEqual(['<none>', 'a,b + 2 more...', '192.168.100.1...', '80, 443']);
    const endpoints = { metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: 'fd00::1' }, { ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 443 }] }] };
    expect(table('Endpoints', [endpoints]).rows[0]?.cells[1]).toBe('[fd00::1]:80,10.0.0.1:80,[fd00::1]:443 + 1 more...');
    expect(table('Endpoints', [{ metadata: { name: 'none' } }]).rows[0]?.cells[1]).toBe('<none>');
    const cron = { metadata: { name: 'c' }, spec: { schedule: '@daily', suspend: true, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'x', image: 'y' }] } } } } },
      status: { active: [{}, {}], lastScheduleTime: created(7_200_000) } };
    expect(table('CronJob', [cron as KubeObject]).rows[0]?.cells).toEqual(['c', '@daily', '<none>', 'True', 2, '120m', '<unknown>', 'x', 'y', '<none>']);
  });

  it('tolerates objects of any shape', () => {
    for (const k of BUILTIN_KINDS) {
      const t = table(k, [{}, { metadata: { name: 'x' }, spec: null, status: 'weird' } as unknown as KubeObject]);
      expect(t.rows).toHaveLength(2);
      for (const row of t.rows) expect(row.cells).toHaveLength(t.columnDefinitions.length);
    }
  });
});
