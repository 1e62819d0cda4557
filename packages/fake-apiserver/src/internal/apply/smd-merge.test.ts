// The behaviour cases of structured-merge-diff's merge tests (multiple appliers, conflicts,
// force, leaves, sets, associative and nested lists, maps, deduced types, duplicates, default
// keys, ignored fields), run against this implementation. testdata/smd-merge-cases.json holds
// them as data: operations, the expected object, the expected owners and conflicts.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { jsonEqual } from '../json-value.js';
import { FieldSet } from './field-set.js';
import { pathToString, type Path, type PathElement } from './path.js';
import { DEDUCED_SCHEMA, type ApplySchema } from './schema.js';
import { parseSmdSchema } from '../../../test/helpers/apply-smd-schema.js';
import { ConflictsError, Updater, type ManagedSets } from './updater.js';

type RawElement = { f: string } | { k: [string, unknown][] } | { v: unknown } | { i: number };
interface RawOp {
  op: 'apply' | 'forceApply' | 'update' | 'extractApply';
  manager: string;
  version: string;
  object: string;
  conflicts?: { manager: string; path: RawElement[] }[];
}
interface RawCase {
  file: string;
  test: string;
  name: string;
  schema: string;
  expectError: boolean;
  ops: RawOp[];
  object?: string;
  version?: string;
  managed?: Record<string, { version: string; paths: RawElement[][] }>;
  ignored?: Record<string, RawElement[][]>;
}
interface Data {
  schemas: Record<string, 'deduced' | { yaml: string; root: string | null }>;
  cases: RawCase[];
}

const data = JSON.parse(readFileSync(new URL('testdata/smd-merge-cases.json', import.meta.url), 'utf8')) as Data;

/** Cases this implementation does not run: extract-then-apply is a client feature, not the server's. */
const NOT_PORTED = new Set(data.cases.filter((c) => c.ops.some((o) => o.op === 'extractApply')).map((c) => `${c.test}/${c.name}`));

function element(raw: RawElement): PathElement {
  if ('f' in raw) return { field: raw.f };
  if ('k' in raw) return { key: raw.k.map(([k, v]) => [k, v] as const) };
  if ('v' in raw) return { value: raw.v };
  return { index: raw.i };
}

function path(raw: RawElement[]): Path {
  return raw.map(element);
}

function schemaFor(name: string, version: string): ApplySchema {
  const s = data.schemas[name];
  if (s === undefined || s === 'deduced') return DEDUCED_SCHEMA;
  return parseSmdSchema(s.yaml, s.root ?? version);
}

function yamlValue(text: string): unknown {
  return parse(text) ?? null;
}

function run(c: RawCase): { live: unknown; managers: ManagedSets } {
  let live: unknown = null;
  let managers: ManagedSets = new Map();
  for (const [i, op] of c.ops.entries()) {
    const schema = schemaFor(c.schema, op.version);
    const ignored = new Map(Object.entries(c.ignored ?? {}).map(([v, paths]) => [v, FieldSet.of(...paths.map(path))]));
    const updater = new Updater(schema, ignored);
    const obj = yamlValue(op.object);
    if (op.op === 'update') {
      managers = updater.update(live, obj, op.version, managers, op.manager);
      live = obj;
      continue;
    }
    try {
      const r = updater.apply(live, obj, op.version, managers, op.manager, op.op === 'forceApply');
      if (op.conflicts !== undefined && op.conflicts.length > 0) throw new Error(`operation ${String(i)}: expected conflicts, got none`);
      managers = r.managers;
      if (r.object !== undefined) live = r.object;
    } catch (err) {
      if (!(err instanceof ConflictsError) || op.conflicts === undefined) throw err;
      const got = err.conflicts.map((x) => `${x.manager} ${pathToString(x.path)}`).sort();
      const want = op.conflicts.map((x) => `${x.manager} ${pathToString(path(x.path))}`).sort();
      expect(got, `operation ${String(i)} conflicts`).toEqual(want);
    }
  }
  return { live, managers };
}

describe('structured-merge-diff merge cases', () => {
  const byTest = new Map<string, RawCase[]>();
  for (const c of data.cases) byTest.set(`${c.file} ${c.test}`, [...(byTest.get(`${c.file} ${c.test}`) ?? []), c]);
  for (const [group, cases] of byTest) {
    describe(group, () => {
      for (const c of cases) {
        const id = `${c.test}/${c.name}`;
        test.skipIf(NOT_PORTED.has(id))(c.name, () => {
          if (c.expectError) {
            expect(() => run(c)).toThrow();
            return;
          }
          const { live, managers } = run(c);
          if (c.object !== undefined && c.object !== '') {
            const want = yamlValue(c.object);
            if (!jsonEqual(live, want)) expect(live).toEqual(want);
          }
          if (c.managed !== undefined) {
            const got = Object.fromEntries([...managers].map(([m, vs]) => [m, { version: vs.apiVersion, fields: vs.set.toString() }]));
            const want = Object.fromEntries(
              Object.entries(c.managed).map(([m, vs]) => [m, { version: vs.version, fields: FieldSet.of(...vs.paths.map(path)).toString() }]),
            );
            expect(got).toEqual(want);
          }
          for (const [m, vs] of managers) expect(vs.set.empty(), `manager ${m} has an empty set`).toBe(false);
        });
      }
    });
  }
});
