import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kcache/store';
import { formatAge, objectAgeMs, objectStatus, objectTable, sortObjects } from './object-columns.js';

const obj = (kind: string, rest: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name: 'x', ...metadata }, ...rest });

describe('objectStatus', () => {
  it('shows the phase of pods, namespaces and volumes', () => {
    expect(objectStatus(obj('Pod', { status: { phase: 'Running' } }))).toBe('Running');
    expect(objectStatus(obj('Namespace', { status: { phase: 'Active' } }))).toBe('Active');
  });

  it('shows Terminating for an object being deleted, whatever its phase', () => {
    expect(objectStatus(obj('Pod', { status: { phase: 'Running' } }, { deletionTimestamp: '2024-01-01T00:00:00Z' }))).toBe('Terminating');
  });

  it('shows ready/desired for workloads', () => {
    expect(objectStatus(obj('Deployment', { spec: { replicas: 3 }, status: { readyReplicas: 2 } }))).toBe('2/3');
    expect(objectStatus(obj('Deployment', { spec: { replicas: 2 }, status: {} }))).toBe('0/2');
    expect(objectStatus(obj('StatefulSet', { spec: {} }))).toBe('0/1'); // spec.replicas defaults to 1
    expect(objectStatus(obj('DaemonSet', { spec: {}, status: { numberReady: 4, desiredNumberScheduled: 5 } }))).toBe('4/5');
    expect(objectStatus(obj('Job', { spec: { completions: 3 }, status: { succeeded: 1 } }))).toBe('1/3');
  });

  it('else shows the last condition, else -', () => {
    const node = obj('Node', { status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }] } });
    expect(objectStatus(node)).toBe('Ready');
    expect(objectStatus(obj('Widget', { status: { conditions: [{ type: 'Synced', status: 'False' }] } }))).toBe('Synced=False');
    expect(objectStatus(obj('ConfigMap', { data: { a: '1' } }))).toBe('-');
    expect(objectStatus(obj('Widget', { status: { conditions: [] } }))).toBe('-');
  });
});

describe('formatAge', () => {
  it('prints ages as kubectl does', () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    const d = 24 * h;
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(-5 * s)).toBe('0s');
    expect(formatAge(45 * s)).toBe('45s');
    expect(formatAge(119 * s)).toBe('119s');
    expect(formatAge(5 * m + 30 * s)).toBe('5m30s');
    expect(formatAge(5 * m)).toBe('5m');
    expect(formatAge(42 * m)).toBe('42m');
    expect(formatAge(3 * h + 15 * m)).toBe('3h15m');
    expect(formatAge(20 * h)).toBe('20h');
    expect(formatAge(4 * d + 3 * h)).toBe('4d3h');
    expect(formatAge(200 * d)).toBe('200d');
    expect(formatAge(2 * 365 * d + 30 * d)).toBe('2y30d');
    expect(formatAge(undefined)).toBe('<unknown>');
  });

  it('measures from creationTimestamp', () => {
    const created = obj('Pod', {}, { creationTimestamp: '2024-01-01T00:00:00Z' });
    expect(objectAgeMs(created, Date.parse('2024-01-01T00:01:00Z'))).toBe(60_000);
    expect(objectAgeMs(obj('Pod'), 0)).toBeUndefined();
  });
});

describe('objectTable', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');
  const pods = sortObjects([
    obj('Pod', { spec: { nodeName: 'n1' }, status: { phase: 'Running', podIP: '10.0.0.2' } }, { namespace: 'b', name: 'web', creationTimestamp: '2024-01-01T00:00:00Z', labels: { app: 'web' } }),
    obj('Pod', { status: { phase: 'Pending' } }, { namespace: 'a', name: 'db', creationTimestamp: '2024-01-01T00:59:30Z' }),
  ]);

  it('lists name, status and age, with the namespace when every namespace is shown', () => {
    expect(objectTable(pods, { namespaceColumn: true, wide: false, now, rule: false }).split('\n')).toEqual([
      'NAMESPACE  NAME  STATUS   AGE',
      'a          db    Pending  30s',
      'b          web   Running  60m',
    ]);
  });

  it('adds kubectl-like wide columns, and a rule for the live view', () => {
    expect(objectTable(pods, { namespaceColumn: false, wide: true, now, rule: true }).split('\n')).toEqual([
      'NAME  STATUS   AGE  IP        NODE    LABELS',
      '────  ───────  ───  ────────  ──────  ───────',
      'db    Pending  30s  <none>    <none>  <none>',
      'web   Running  60m  10.0.0.2  n1      app=web',
    ]);
  });
});
