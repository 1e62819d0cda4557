// Cases of apimachinery's managedfields tests: entries round-trip through decoding and encoding,
// sort as kube sorts them, and invalid entries are refused.
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { decodeManaged, encodeManaged } from './managed-fields.js';

describe('managedFields decoding and encoding', () => {
  const roundTrips = [
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    v:3:
      f:alsoPi: {}
    v:3.1415:
      f:pi: {}
    v:false:
      f:notTrue: {}
  manager: foo
  operation: Update
  time: "2001-02-03T04:05:06Z"
- apiVersion: v1beta1
  fieldsType: FieldsV1
  fieldsV1:
    i:5:
      f:i: {}
  manager: foo
  operation: Update
  time: "2011-12-13T14:15:16Z"
`,
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:spec:
      f:containers:
        k:{"name":"c"}:
          f:image: {}
          f:name: {}
  manager: foo
  operation: Apply
`,
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:metadata:
      f:labels:
        f:app: {}
      f:name: {}
    f:spec:
      f:template:
        f:spec:
          f:containers:
            k:{"name":"nginx"}:
              .: {}
              f:image: {}
              f:ports:
                i:0:
                  f:containerPort: {}
  manager: foo
  operation: Update
`,
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:spec:
      f:replicas: {}
  manager: foo
  operation: Update
  subresource: scale
`,
  ];
  for (const [i, text] of roundTrips.entries()) {
    test(`round trip ${String(i)}`, () => {
      const entries = parse(text) as unknown[];
      expect(encodeManaged(decodeManaged(entries))).toEqual(entries);
    });
  }

  test('null and [] decode to nothing and encode to no field', () => {
    expect(encodeManaged(decodeManaged(null))).toBeUndefined();
    expect(encodeManaged(decodeManaged([]))).toBeUndefined();
  });

  test('sorted: Apply before Update, then by time (none first), manager, apiVersion, subresource', () => {
    const e = (manager: string, operation: string, time?: string, apiVersion = 'v1') => ({
      manager,
      operation,
      apiVersion,
      ...(time !== undefined ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:x': {} },
    });
    const input = [
      e('c', 'Update', '2001-01-01T01:00:00Z'),
      e('a', 'Apply'),
      e('g', 'Apply'),
      e('f', 'Update', '2002-01-01T01:00:00Z'),
      e('i', 'Apply'),
      e('d', 'Update', '2001-01-01T01:00:00Z'),
      e('b', 'Apply', '2001-01-01T01:00:00Z'),
      e('e', 'Update', '2001-01-01T01:00:00Z', 'v2'),
      e('e', 'Update', '2001-01-01T01:00:00Z', 'v1'),
    ];
    expect(encodeManaged(decodeManaged(input))?.map((x) => `${x.manager ?? ''} ${x.apiVersion ?? ''}`)).toEqual([
      'a v1', 'g v1', 'i v1', 'b v1', 'c v1', 'd v1', 'e v1', 'e v2', 'f v1',
    ]);
  });

  test('invalid entries are refused with kube’s reasons', () => {
    const ok = { manager: 'm', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} };
    expect(() => decodeManaged([{ ...ok, operation: 'Nope' }])).toThrow('operation must be `Apply` or `Update`');
    expect(() => decodeManaged([{ ...ok, apiVersion: '' }])).toThrow('apiVersion must not be empty');
    expect(() => decodeManaged([{ ...ok, fieldsType: undefined }])).toThrow('missing fieldsType in managed fields entry 0');
    expect(() => decodeManaged([{ ...ok, fieldsType: 'FieldsV2' }])).toThrow('invalid fieldsType "FieldsV2" in managed fields entry 0');
    expect(() => decodeManaged([{ ...ok, fieldsV1: { 'k:{': {} } }])).toThrow();
    expect(() => decodeManaged([ok])).not.toThrow();
  });

  test('an Apply entry is one per manager whatever its apiVersion; Update entries are per apiVersion', () => {
    const m = decodeManaged([
      { manager: 'm', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:a': {} } },
      { manager: 'm', operation: 'Apply', apiVersion: 'v2', fieldsType: 'FieldsV1', fieldsV1: { 'f:b': {} } },
      { manager: 'u', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:a': {} } },
      { manager: 'u', operation: 'Update', apiVersion: 'v2', fieldsType: 'FieldsV1', fieldsV1: { 'f:b': {} } },
    ]);
    expect([...m.fields.keys()]).toEqual([
      '{"manager":"m","operation":"Apply"}',
      '{"manager":"u","operation":"Update","apiVersion":"v1"}',
      '{"manager":"u","operation":"Update","apiVersion":"v2"}',
    ]);
  });
});
