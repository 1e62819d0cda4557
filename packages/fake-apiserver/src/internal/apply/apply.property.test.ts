// Properties of apply on objects without a schema (granular maps, atomic lists), from random
// configurations. KCACHE_SEED=<seed fast-check prints> replays a failure.
import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EMPTY_DEPLOYMENT, TEST_DEFINITIONS } from '../../../test/helpers/apply-schemas.js';
import { ApplyConflictError } from './errors.js';
import { FieldSet } from './field-set.js';
import { applySchemaFromOpenApi, createFieldManager, DEDUCED_SCHEMA, type ManagedFieldsEntry, type ObjectJson } from './field-manager.js';
import type { Path } from './path.js';

fc.configureGlobal({ seed: testSeed() });

const key = fc.constantFrom('a', 'b', 'c', 'd');
const scalar = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'), fc.boolean());
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(scalar, { maxLength: 3 }), tie('m')),
  m: fc.dictionary(key, tie('v'), { maxKeys: 3 }),
})).v;
const spec = fc.dictionary(key, value, { maxKeys: 4 });

const config = (s: Record<string, unknown>): ObjectJson => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: s });
const withoutManaged = (o: ObjectJson): ObjectJson => {
  const { managedFields: _m, ...meta } = o.metadata as Record<string, unknown>;
  return { ...o, metadata: meta };
};

describe('apply without a schema', () => {
  const fm = createFieldManager({ schema: DEDUCED_SCHEMA });
  const opts = (manager: string, force = false) => ({ manager, apiVersion: 'example.com/v1', force, now: new Date('2026-01-01T00:00:00Z') });

  test('apply to nothing gives the configuration; applying it again changes nothing', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const created = fm.apply(undefined, config(s), opts('m'));
        expect(withoutManaged(created)).toEqual(config(s));
        expect(fm.apply(created, config(s), opts('m'))).toEqual(created);
      }),
    );
  });

  test('a sole applier gets exactly its new configuration: what it stopped applying is removed', () => {
    fc.assert(
      fc.property(spec, spec, (s1, s2) => {
        const first = fm.apply(undefined, config(s1), opts('m'));
        const second = fm.apply(first, config(s2), opts('m'));
        expect(withoutManaged(second)).toEqual(config(s2));
      }),
    );
  });

  test('a forced apply sets every value it applies; the first applier keeps what it alone still owns', () => {
    fc.assert(
      fc.property(spec, spec, (s1, s2) => {
        const first = fm.apply(undefined, config(s1), opts('m1'));
        const second = fm.apply(first, config(s2), opts('m2', true));
        const merged = (second.spec ?? {}) as Record<string, unknown>;
        const covers = (want: unknown, got: unknown): boolean => {
          if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
            return got !== null && typeof got === 'object' && Object.entries(want).every(([k, v]) => covers(v, (got as Record<string, unknown>)[k]));
          }
          return JSON.stringify(want) === JSON.stringify(got);
        };
        expect(covers(s2, merged)).toBe(true);
      }),
    );
  });
});

const container = fc.record(
  {
    name: fc.constantFrom('a', 'b', 'c'),
    image: fc.constantFrom('img:1', 'img:2'),
    args: fc.array(fc.constantFrom('-v', '-q'), { maxLength: 2 }),
    ports: fc.uniqueArray(fc.record({ containerPort: fc.constantFrom(80, 443), protocol: fc.constantFrom('TCP', 'UDP') }), {
      maxLength: 3,
      selector: (p) => `${String(p.containerPort)}/${p.protocol}`,
    }),
  },
  { requiredKeys: ['name'] },
);
const deploymentSpec = fc.record(
  {
    replicas: fc.integer({ min: 0, max: 3 }),
    paused: fc.boolean(),
    template: fc.record(
      {
        metadata: fc.record({ labels: fc.dictionary(key, fc.constantFrom('x', 'y'), { maxKeys: 3 }) }),
        spec: fc.record(
          {
            containers: fc.uniqueArray(container, { maxLength: 3, selector: (c) => c.name }),
            tolerations: fc.array(fc.record({ key: fc.constantFrom('k1', 'k2') }), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe('apply with list and map semantics', () => {
  const fm = createFieldManager({ schema: applySchemaFromOpenApi(TEST_DEFINITIONS, 'io.k8s.api.apps.v1.Deployment'), emptyObject: EMPTY_DEPLOYMENT });
  const deployment = (s: Record<string, unknown>): ObjectJson => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: s });
  const opts = (manager: string, force = false) => ({ manager, apiVersion: 'apps/v1', force, now: new Date('2026-01-01T00:00:00Z') });

  // An empty list sets no field (structured-merge-diff owns list items, not the empty list), so
  // it may vanish; compare with empty lists and the maps left empty by that dropped.
  const dropEmpty = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(dropEmpty);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const y = dropEmpty(x);
        if (y !== undefined) out[k] = y;
      }
      return Object.keys(out).length === 0 ? undefined : out;
    }
    return v;
  };

  test('a sole applier gets exactly its new configuration, items in its order', () => {
    fc.assert(
      fc.property(deploymentSpec, deploymentSpec, (s1, s2) => {
        const first = fm.apply(undefined, deployment(s1), opts('m'));
        expect(withoutManaged(first)).toEqual(deployment(s1));
        const second = fm.apply(first, deployment(s2), opts('m'));
        expect(dropEmpty(withoutManaged(second))).toEqual(dropEmpty(deployment(s2)));
      }),
    );
  });

  test('applying an empty list claims nothing', () => {
    const first = fm.apply(undefined, deployment({ template: { spec: { containers: [{ name: 'a' }] } } }), opts('m'));
    const second = fm.apply(first, deployment({ template: { spec: { containers: [] } } }), opts('m'));
    expect(second.spec).toBeUndefined();
    expect((second.metadata as { managedFields?: unknown }).managedFields).toBeUndefined();
  });

  /** Whether the object has something at `path` (list map keys defaulted as the schema says: protocol TCP). */
  const exists = (obj: unknown, path: Path): boolean => {
    let cur: unknown = obj;
    for (const pe of path) {
      if ('field' in pe) {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, pe.field)) return false;
        cur = (cur as Record<string, unknown>)[pe.field];
      } else if ('key' in pe) {
        if (!Array.isArray(cur)) return false;
        cur = cur.find((item: Record<string, unknown>) => pe.key.every(([k, v]) => (item[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v));
        if (cur === undefined) return false;
      } else if ('value' in pe) {
        if (!Array.isArray(cur) || !cur.includes(pe.value)) return false;
      } else {
        if (!Array.isArray(cur) || pe.index >= cur.length) return false;
        cur = cur[pe.index];
      }
    }
    return true;
  };

  // Without empty lists and maps: structured-merge-diff lets a manager keep owning an empty map
  // or list that pruning has removed (so does kube), which the check below would report.
  const denseSpec = deploymentSpec.map((s) => (dropEmpty(s) ?? { replicas: 1 }) as Record<string, unknown>);
  const GRANULAR_MAPS = new Set(['spec', 'template', 'metadata', 'labels']);
  const op = fc.oneof(
    fc.record({ kind: fc.constant('apply' as const), manager: fc.constantFrom('m1', 'm2'), force: fc.boolean(), spec: denseSpec }),
    fc.record({ kind: fc.constant('update' as const), manager: fc.constantFrom('u1', 'u2'), spec: denseSpec }),
  );

  test('whatever the sequence of applies and updates, every owned field exists and entries are never empty', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        let live: ObjectJson | undefined;
        for (const o of ops) {
          if (o.kind === 'apply') {
            try {
              live = fm.apply(live, deployment(o.spec), opts(o.manager, o.force));
            } catch (err) {
              if (!(err instanceof ApplyConflictError) || o.force) throw err;
            }
          } else {
            const next = { ...deployment(o.spec), metadata: { ...((live?.metadata as object | undefined) ?? { name: 'd' }) } };
            live = fm.update(live, next, { manager: o.manager, apiVersion: 'apps/v1', now: new Date('2026-01-01T00:00:00Z') });
          }
          const entries = ((live?.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields ?? []);
          for (const e of entries) {
            const set = FieldSet.fromFieldsV1(e.fieldsV1);
            expect(set.empty()).toBe(false);
            for (const p of set.paths()) {
              // A granular map a manager created stays its (".") after others' entries in it are
              // pruned and the map with them, in kube as here; only leaves and items must exist.
              const last = p[p.length - 1];
              if (last !== undefined && 'field' in last && GRANULAR_MAPS.has(last.field)) continue;
              expect(exists(live, p), `${e.manager ?? ''} owns a missing ${JSON.stringify(p)}`).toBe(true);
            }
          }
          const ids = entries.map((e) => `${e.manager ?? ''}/${e.operation ?? ''}`);
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
    );
  });
});
