// For every built-in kind, objects generated from its OpenAPI schema go JSON → protobuf → JSON
// without losing anything: every non-empty value comes back as it was; what changes is only Go's
// treatment of empty values (omitempty leaves them out, a nil slice is written as null, a struct
// is written even when empty). The JSON that comes back is a fixed point: it decodes to itself
// and re-encodes to the same bytes. (The first bytes may differ from the second where Go's JSON
// does not tell empty from nil, e.g. an omitempty `[]byte` sent as "": Go writes it, then reads
// it back to JSON without it.)
import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openApiArbitraries } from '../../../test/protobuf/openapi-arbitrary.js';
import { generatedOpenApi, generatedResources } from '../schema/load.js';
import { defaultCodec } from './codec.js';

fc.configureGlobal({ seed: testSeed() });

const RUNS_PER_KIND = Number(process.env.KCACHE_PROTOBUF_RUNS ?? 8);
const codec = defaultCodec();
const arbitrary = openApiArbitraries(generatedOpenApi().schemas);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const kinds = new Map<string, { apiVersion: string; kind: string; schema: string }>();
for (const r of generatedResources()) {
  const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
  if (codec.hasProtobuf(apiVersion, r.kind)) kinds.set(`${apiVersion} ${r.kind}`, { apiVersion, kind: r.kind, schema: r.schema });
}

/** Empty in Go's sense: what omitempty may drop and what a nil slice, map or zero struct becomes. */
function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v).every(isEmpty);
  return false;
}

/** Paths where `after` differs from `before` other than by empty values. */
function lost(before: unknown, after: unknown, path = '$'): string[] {
  if (isEmpty(before) && isEmpty(after)) return [];
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => lost(item, after[i], `${path}[${i}]`));
  }
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((k) => lost(before[k], after[k], `${path}.${k}`));
  }
  return Object.is(before, after) ? [] : [`${path}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`];
}

describe('JSON → protobuf → JSON for every built-in kind', () => {
  it('covers the built-in kinds', () => {
    expect(kinds.size).toBeGreaterThan(50);
  });

  for (const { apiVersion, kind, schema } of kinds.values()) {
    it(`${apiVersion} ${kind}`, () => {
      fc.assert(
        fc.property(arbitrary(schema), (generated) => {
          const obj = { ...generated, apiVersion, kind };
          const bytes = codec.encodeObject(obj);
          const back = codec.decodeObject(bytes).object;
          expect(lost(obj, back)).toEqual([]);
          const again = codec.encodeObject(back);
          const backAgain = codec.decodeObject(again).object;
          expect(backAgain).toStrictEqual(back);
          expect(hex(codec.encodeObject(backAgain))).toBe(hex(again));
        }),
        { numRuns: RUNS_PER_KIND },
      );
    });
  }
});
