import { describe, expect, it } from 'vitest';
import { Backend } from './backend.js';
import type { Entry } from './entry.js';
import type { ObjectView } from './object-view.js';
import { toTable } from './table.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const T0 = Date.parse('2024-06-01T12:00:00Z');

function backendWithClock(): { backend: Backend; clock: { ms: number } } {
  const clock = { ms: T0 };
  return { backend: new Backend({ historyLimit: 100, resources: [], now: () => new Date(clock.ms) }), clock };
}

function createPod(backend: Backend, name: string): Entry {
  const served = backend.servedKind('v1', 'Pod');
  return backend.writes.create(served, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'x' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] } });
}

function age(view: ObjectView, entry: Entry): unknown {
  const table = JSON.parse(view.encode(entry).toString('utf8')) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
  return table.rows[0]?.cells[table.columnDefinitions.findIndex((c) => c.name === 'Age')];
}

describe('views', () => {
  it('are kept per server: each server caches its own and measures ages on its own clock', () => {
    const a = backendWithClock();
    const b = backendWithClock();
    const podA = createPod(a.backend, 'p');
    const podB = createPod(b.backend, 'p');
    const info = a.backend.servedKind('v1', 'Pod').info;
    const tableA = a.backend.views.negotiate(TABLE_ACCEPT, info);
    const tableB = b.backend.views.negotiate(TABLE_ACCEPT, info);
    expect(tableA).not.toBe(tableB);
    expect(a.backend.views.negotiate(TABLE_ACCEPT, info)).toBe(tableA);
    expect(a.backend.views.json('v1')).not.toBe(b.backend.views.json('v1'));

    expect(age(tableA, podA)).toBe('0s');
    expect(age(tableB, podB)).toBe('0s');
    a.clock.ms += 90_000;
    b.clock.ms += 5 * 3600_000;
    expect(age(tableA, podA)).toBe('90s');
    expect(age(tableB, podB)).toBe('5h');
  });

  it('encode a one-row Table exactly as toTable does, with the age at encoding time', () => {
    const { backend, clock } = backendWithClock();
    const entry = createPod(backend, 'p');
    const info = backend.servedKind('v1', 'Pod').info;
    const view = backend.views.negotiate(TABLE_ACCEPT, info);
    for (const later of [0, 59_000, 3 * 60_000 + 20_000, 26 * 3600_000]) {
      clock.ms = T0 + later;
      expect(view.encode(entry).toString('utf8')).toBe(JSON.stringify(toTable(info, [entry.obj], { resourceVersion: String(entry.rv) }, clock.ms)));
    }
  });
});
