import { describe, expect, test } from 'vitest';
import { BadRequestError, FakeApiServerError } from '../../errors.js';
import { ApplyConflictError } from './errors.js';
import {
  applySchemaFromOpenApi,
  createFieldManager,
  DEDUCED_SCHEMA,
  type ManagedFieldsEntry,
  type ObjectJson,
} from './field-manager.js';
import { EMPTY_DEPLOYMENT, TEST_DEFINITIONS } from '../../../test/helpers/apply-schemas.js';

const T0 = new Date('2026-01-02T03:04:05.678Z');
const T1 = new Date('2026-01-02T03:05:00Z');
const T2 = new Date('2026-01-02T03:06:00Z');

const deploymentSchema = applySchemaFromOpenApi(TEST_DEFINITIONS, 'io.k8s.api.apps.v1.Deployment');

function deployments(resetFields?: Record<string, string[][]>) {
  return createFieldManager({ schema: deploymentSchema, kind: 'Deployment', emptyObject: EMPTY_DEPLOYMENT, ...(resetFields ? { resetFields } : {}) });
}

function deployment(spec: ObjectJson, metadata: ObjectJson = {}): ObjectJson {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}

function managed(obj: ObjectJson): ManagedFieldsEntry[] {
  const meta = obj.metadata as { managedFields?: ManagedFieldsEntry[] };
  return meta.managedFields ?? [];
}

/** What the server stores: the object with identity fields a create adds. */
function stored(obj: ObjectJson): ObjectJson {
  const meta = obj.metadata as ObjectJson;
  return { ...obj, metadata: { ...meta, uid: 'u-1', resourceVersion: '1', creationTimestamp: '2026-01-02T03:04:05Z' } };
}

const webSpec = {
  replicas: 1,
  selector: { matchLabels: { app: 'web' } },
  template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } },
};

describe('update (create, update)', () => {
  test('a create records one Update entry with the fields set, "." only where a map was absent', () => {
    const fm = deployments();
    const out = fm.update(undefined, deployment(webSpec, { labels: { app: 'web' } }), { manager: 'kubectl-create', apiVersion: 'apps/v1', now: T0 });
    expect(managed(out)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    // Key order of each entry is kube's.
    expect(Object.keys(managed(out)[0] ?? {})).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });

  test('an update takes the fields it changes from their owners and keeps its entry time current', () => {
    const fm = deployments();
    const created = stored(fm.update(undefined, deployment(webSpec), { manager: 'creator', apiVersion: 'apps/v1', now: T0 }));
    const next = deployment({ ...webSpec, replicas: 3 });
    (next.metadata as ObjectJson).managedFields = managed(created);
    const updated = fm.update(created, stored(next), { manager: 'scaler', apiVersion: 'apps/v1', now: T1 });
    const entries = managed(updated);
    expect(entries.map((e) => [e.manager, e.time])).toEqual([
      ['creator', '2026-01-02T03:04:05Z'],
      ['scaler', '2026-01-02T03:05:00Z'],
    ]);
    expect(entries[1]?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(JSON.stringify(entries[0]?.fieldsV1)).not.toContain('replicas');
  });

  test('taking fields over, by update or by forced apply, leaves the previous owner’s time alone', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    const updated = fm.update(live, stored({ ...live, spec: { ...webSpec, replicas: 7 } }), { manager: 'ctl', apiVersion: 'apps/v1', now: T1 });
    expect(managed(updated).find((e) => e.manager === 'alice')?.time).toBe('2026-01-02T03:04:05Z');
    const forced = fm.apply(live, deployment({ replicas: 9 }), { manager: 'bob', apiVersion: 'apps/v1', force: true, now: T2 });
    expect(managed(forced).find((e) => e.manager === 'alice')?.time).toBe('2026-01-02T03:04:05Z');
    expect(managed(forced).find((e) => e.manager === 'bob')?.time).toBe('2026-01-02T03:06:00Z');
  });

  test('an update that changes nothing leaves managedFields as they were', () => {
    const fm = deployments();
    const created = stored(fm.update(undefined, deployment(webSpec), { manager: 'creator', apiVersion: 'apps/v1', now: T0 }));
    const again = fm.update(created, created, { manager: 'other', apiVersion: 'apps/v1', now: T1 });
    expect(managed(again)).toEqual(managed(created));
  });

  test('managedFields sent by the client: valid are taken, [] resets, invalid keep the live ones', () => {
    const fm = deployments();
    const created = stored(fm.update(undefined, deployment(webSpec), { manager: 'creator', apiVersion: 'apps/v1', now: T0 }));
    const custom: ManagedFieldsEntry[] = [
      { manager: 'someone', operation: 'Apply', apiVersion: 'apps/v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    ];
    const taken = fm.update(created, { ...created, metadata: { ...(created.metadata as ObjectJson), managedFields: custom } }, { manager: 'x', apiVersion: 'apps/v1', now: T1 });
    expect(managed(taken)).toEqual(custom);

    const reset = fm.update(created, { ...created, metadata: { ...(created.metadata as ObjectJson), managedFields: [] } }, { manager: 'x', apiVersion: 'apps/v1', now: T1 });
    expect(managed(reset)).toEqual([]);
    expect((reset.metadata as ObjectJson).managedFields).toBeUndefined();

    const invalid = [{ manager: 'bad', operation: 'Sideways', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: {} }];
    const kept = fm.update(created, { ...created, metadata: { ...(created.metadata as ObjectJson), managedFields: invalid } }, { manager: 'x', apiVersion: 'apps/v1', now: T1 });
    expect(managed(kept)).toEqual(managed(created));
  });

  test('a subresource write ignores managedFields in the body and records the subresource', () => {
    const fm = deployments({ '': [['status']], status: [['spec'], ['metadata', 'labels']] });
    const created: ObjectJson = { ...stored(fm.update(undefined, deployment(webSpec), { manager: 'creator', apiVersion: 'apps/v1', now: T0 })), status: {} };
    const withStatus = { ...created, status: { replicas: 1 }, metadata: { ...(created.metadata as ObjectJson), managedFields: [] } };
    const out = fm.update(created, withStatus, { manager: 'controller', apiVersion: 'apps/v1', subresource: 'status', now: T1 });
    expect(managed(out).map((e) => [e.manager, e.subresource, e.fieldsV1])).toEqual([
      ['creator', undefined, managed(created)[0]?.fieldsV1],
      ['controller', 'status', { 'f:status': { 'f:replicas': {} } }],
    ]);
  });

  test('reset fields are never owned: status written through the main resource is not recorded', () => {
    const fm = deployments({ '': [['status']], status: [['spec']] });
    const out = fm.update(undefined, { ...deployment(webSpec), status: { replicas: 5 } }, { manager: 'creator', apiVersion: 'apps/v1', now: T0 });
    expect(JSON.stringify(managed(out)[0]?.fieldsV1)).not.toContain('status');
  });

  test('objects that existed with no managedFields are not tracked by updates', () => {
    const fm = deployments();
    const live = stored(deployment(webSpec));
    const out = fm.update(live, stored(deployment({ ...webSpec, replicas: 2 })), { manager: 'x', apiVersion: 'apps/v1', now: T1 });
    expect((out.metadata as ObjectJson).managedFields).toBeUndefined();
  });

  test('more than ten Update managers: the oldest merge into ancient-changes', () => {
    const fm = deployments();
    let live = stored(fm.update(undefined, deployment(webSpec), { manager: 'creator', apiVersion: 'apps/v1', now: new Date(Date.UTC(2026, 0, 1, 0, 0, 0)) }));
    for (let i = 0; i < 11; i++) {
      const next = stored({ ...live, metadata: { ...(live.metadata as ObjectJson), labels: { ...((live.metadata as { labels?: object }).labels ?? {}), [`l${String(i)}`]: 'x' } } });
      live = fm.update(live, next, { manager: `m${String(i)}`, apiVersion: 'apps/v1', now: new Date(Date.UTC(2026, 0, 1, 0, i + 1, 0)) });
    }
    const names = managed(live).map((e) => e.manager);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('ancient-changes');
    expect(names).not.toContain('creator');
    expect(names).not.toContain('m0');
    expect(names).not.toContain('m1');
    expect(managed(live)[0]?.time).toBe('2026-01-01T00:02:00Z');
    const ancient = JSON.stringify(managed(live)[0]?.fieldsV1);
    expect(ancient).toContain('f:replicas');
    expect(ancient).toContain('f:l0');
    expect(ancient).toContain('f:l1');
  });
});

describe('apply', () => {
  test('apply creates: one Apply entry without "." for maps it created, and the merged object', () => {
    const fm = deployments();
    const out = fm.apply(undefined, deployment(webSpec, { labels: { app: 'web' } }), { manager: 'kubectl', apiVersion: 'apps/v1', force: false, now: T0 });
    expect(out.spec).toEqual(webSpec);
    expect(managed(out)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
  });

  test('a second applier changing a field conflicts with kube-apiserver’s message and causes', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    const apply = () => fm.apply(live, deployment({ replicas: 3 }), { manager: 'bob', apiVersion: 'apps/v1', force: false, now: T1 });
    expect(apply).toThrow(ApplyConflictError);
    try {
      apply();
    } catch (err) {
      const e = err as ApplyConflictError;
      expect(e.code).toBe('Conflict');
      expect(e.status.code).toBe(409);
      expect(e.status.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
      expect(e.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }]);
      expect(e.conflicts).toEqual([{ manager: 'alice', operation: 'Apply', apiVersion: '', subresource: '', path: '.spec.replicas' }]);
    }
  });

  test('conflicts with several managers are grouped by manager, Update managers named with their version', () => {
    const fm = deployments();
    let live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    live = fm.update(live, stored({ ...live, spec: { ...webSpec, paused: true } }), { manager: 'ctl', apiVersion: 'apps/v1', now: T1 });
    const change = {
      replicas: 2,
      paused: false,
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } },
    };
    try {
      fm.apply(live, deployment(change), { manager: 'bob', apiVersion: 'apps/v1', force: false, now: T2 });
      expect.unreachable();
    } catch (err) {
      const e = err as ApplyConflictError;
      expect(e.status.message).toBe(
        'Apply failed with 3 conflicts: conflicts with "alice":\n' +
          '- .spec.replicas\n' +
          '- .spec.template.spec.containers[name="nginx"].image\n' +
          'conflicts with "ctl" using apps/v1:\n' +
          '- .spec.paused',
      );
      expect(e.status.details?.causes?.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image', '.spec.paused']);
    }
  });

  test('force takes the fields over; the previous owner keeps the rest', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    const out = fm.apply(live, deployment({ replicas: 3 }), { manager: 'bob', apiVersion: 'apps/v1', force: true, now: T1 });
    expect((out.spec as ObjectJson).replicas).toBe(3);
    const [alice, bob] = managed(out);
    expect(alice?.manager).toBe('alice');
    expect(JSON.stringify(alice?.fieldsV1)).not.toContain('replicas');
    expect(bob).toMatchObject({ manager: 'bob', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
  });

  test('same value applied by two appliers: no conflict, shared ownership; a no-op apply records no time', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    const out = fm.apply(live, deployment({ replicas: 1 }), { manager: 'bob', apiVersion: 'apps/v1', force: false, now: T1 });
    // The object did not change, so kube sets no time on bob's new entry, which then sorts first.
    expect(managed(out).map((e) => [e.manager, e.time])).toEqual([
      ['bob', undefined],
      ['alice', '2026-01-02T03:04:05Z'],
    ]);
    expect(managed(out)[0]?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(JSON.stringify(managed(out)[1]?.fieldsV1)).toContain('replicas');
  });

  test('fields an applier stops applying are removed unless someone else owns them', () => {
    const fm = deployments();
    const spec = { ...webSpec, template: { ...webSpec.template, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }, { name: 'sidecar', image: 'envoy' }] } } };
    let live = stored(fm.apply(undefined, deployment(spec, { labels: { a: '1', b: '2' } }), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    // bob also applies label b: it survives alice dropping it.
    live = stored(fm.apply(live, deployment({}, { labels: { b: '2' } }), { manager: 'bob', apiVersion: 'apps/v1', force: false, now: T1 }));
    const out = fm.apply(live, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T2 });
    expect((out.metadata as ObjectJson).labels).toEqual({ b: '2' });
    const containers = ((out.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers).map((c) => c.name);
    expect(containers).toEqual(['nginx']);
  });

  test('a struct emptied by pruning is dropped, not left as null', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment({ ...webSpec, selector: undefined, template: undefined, replicas: undefined, paused: true }), { manager: 'a', apiVersion: 'apps/v1', force: false, now: T0 }));
    const out = fm.apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } }, { manager: 'a', apiVersion: 'apps/v1', force: false, now: T1 });
    expect(Object.hasOwn(out, 'spec')).toBe(false);
    const kept = fm.apply(live, deployment({}), { manager: 'a', apiVersion: 'apps/v1', force: false, now: T1 });
    expect(kept.spec).toEqual({});
  });

  test('fields set by an update before the first apply belong to before-first-apply and conflict', () => {
    const fm = deployments();
    const live = stored(deployment(webSpec));
    try {
      fm.apply(live, deployment({ replicas: 5 }), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T1 });
      expect.unreachable();
    } catch (err) {
      expect((err as ApplyConflictError).status.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    }
    const forced = fm.apply(live, deployment({ replicas: 5 }), { manager: 'alice', apiVersion: 'apps/v1', force: true, now: T1 });
    expect(managed(forced).map((e) => [e.manager, e.operation])).toEqual([
      ['alice', 'Apply'],
      ['before-first-apply', 'Update'],
    ]);
  });

  test('reapplying the same configuration changes nothing, not even the time', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    const again = fm.apply(live, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T2 });
    expect(again).toEqual(live);
  });

  test('a change moves the applier’s time', () => {
    const fm = deployments();
    const live = stored(fm.apply(undefined, deployment(webSpec), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 }));
    const out = fm.apply(live, deployment({ ...webSpec, replicas: 4 }), { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T2 });
    expect(managed(out)[0]?.time).toBe('2026-01-02T03:06:00Z');
  });

  test('applying metadata.managedFields, or another kind or version, is a 400', () => {
    const fm = deployments();
    const opts = { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 } as const;
    const withMf = deployment(webSpec, { managedFields: [] });
    expect(() => fm.apply(undefined, withMf, opts)).toThrow(BadRequestError);
    expect(() => fm.apply(undefined, withMf, opts)).toThrow('metadata.managedFields must be nil');
    expect(() => fm.apply(undefined, { ...deployment(webSpec), apiVersion: 'apps/v1beta1' }, opts)).toThrow('invalid object type: apps/v1beta1, Kind=Deployment');
    expect(() => fm.apply(undefined, { ...deployment(webSpec), kind: undefined }, opts)).toThrow('invalid object type: apps/v1, Kind=');
    expect(() => fm.apply(undefined, { ...deployment(webSpec), kind: 'StatefulSet' }, opts)).toThrow('invalid object type: apps/v1, Kind=StatefulSet');
  });

  test('list items without their keys fail as kube fails them (500 naming the object)', () => {
    const fm = deployments();
    const bad = deployment({ template: { spec: { containers: [{ image: 'x' }] } } });
    try {
      fm.apply(undefined, bad, { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FakeApiServerError);
      expect((err as FakeApiServerError).status.code).toBe(500);
      expect((err as FakeApiServerError).status.message).toBe(
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)',
      );
    }
  });

  test('an applied configuration that does not fit the schema fails as kube fails it', () => {
    const fm = deployments();
    const opts = { manager: 'alice', apiVersion: 'apps/v1', force: false, now: T0 } as const;
    const message = (obj: ObjectJson): string => {
      try {
        fm.apply(undefined, obj, opts);
      } catch (err) {
        return (err as FakeApiServerError).status.message;
      }
      return 'no error';
    };
    const prefix = 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): ';
    expect(message(deployment({ replicsa: 2 }))).toBe(`${prefix}.spec.replicsa: field not declared in schema`);
    expect(message(deployment({ replicas: '3' }))).toBe(`${prefix}.spec.replicas: expected numeric (int or float), got string`);
    expect(message(deployment({ paused: 'yes', replicas: true }))).toBe(
      `${prefix}errors:\n  .spec.paused: expected boolean, got &{yes}\n  .spec.replicas: expected numeric (int or float), got bool`,
    );
    expect(message(deployment({ template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } }))).toBe(
      `${prefix}.spec.template.spec.containers: duplicate entries for key [name="a"]`,
    );
    expect(message(deployment({ template: { spec: { containers: { name: 'a' } } } }))).toBe(`${prefix}.spec.template.spec.containers: expected list, got &{map[name:a]}`);
  });

  test('defaulted list map keys: a port without protocol is keyed with the default TCP', () => {
    const fm = deployments();
    const spec = { template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } } };
    const out = fm.apply(undefined, deployment(spec), { manager: 'a', apiVersion: 'apps/v1', force: false, now: T0 });
    expect(JSON.stringify(managed(out)[0]?.fieldsV1)).toContain('"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}"');
  });

  test('kubectl taking over from client-side apply: conflicts on fields its last-applied annotation still describes are allowed', () => {
    const fm = deployments();
    const lastApplied = JSON.stringify(deployment({ replicas: 1 }));
    const live = stored(
      fm.update(undefined, deployment({ ...webSpec }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } }), {
        manager: 'kubectl-client-side-apply',
        apiVersion: 'apps/v1',
        now: T0,
      }),
    );
    const out = fm.apply(live, deployment({ replicas: 2 }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } }), {
      manager: 'kubectl',
      apiVersion: 'apps/v1',
      force: false,
      now: T1,
    });
    expect((out.spec as ObjectJson).replicas).toBe(2);
    const annotation = ((out.metadata as ObjectJson).annotations as Record<string, string>)['kubectl.kubernetes.io/last-applied-configuration'];
    expect(JSON.parse(annotation ?? '')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { annotations: {}, name: 'web', namespace: 'default' }, spec: { replicas: 2 } });
    // Another manager gets no such allowance.
    expect(() => fm.apply(live, deployment({ replicas: 2 }), { manager: 'other', apiVersion: 'apps/v1', force: false, now: T1 })).toThrow(ApplyConflictError);
  });

  test('custom resources without a schema: maps granular, lists atomic', () => {
    const fm = createFieldManager({ schema: DEDUCED_SCHEMA });
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, tags: ['a', 'b'], nested: { x: 1 } } };
    const out = fm.apply(undefined, cr, { manager: 'm', apiVersion: 'example.com/v1', force: false, now: T0 });
    expect(managed(out)[0]?.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:x': {} }, 'f:size': {}, 'f:tags': {} } });
    const created = fm.update(undefined, cr, { manager: 'm', apiVersion: 'example.com/v1', now: T0 });
    expect(managed(created)[0]?.fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:x': {} }, 'f:size': {}, 'f:tags': {} } });
  });
});
