import { describe, expect, it } from 'vitest';
import { validateCustomResource, validateCustomResourceStatus } from './crd-validation.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['color'],
      properties: {
        color: { type: 'string', enum: ['red', 'blue'] },
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        ratio: { type: 'number', multipleOf: 0.5 },
        n32: { type: 'integer', format: 'int32' },
        when: { type: 'string', format: 'date-time' },
        address: { type: 'string', format: 'ipv6' },
        name: { type: 'string', maxLength: 1 },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', maximum: 100 } } } },
        labels: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
        note: { type: 'string', nullable: true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { count: { type: 'integer', minimum: 0 } } },
  },
};

const check = (spec: Record<string, unknown>, old?: Record<string, unknown>) =>
  validateCustomResource({ spec: { color: 'red', ...spec } }, schema, old === undefined ? undefined : { spec: { color: 'red', ...old } });

describe('validateCustomResource', () => {
  it('accepts a valid object, and nulls only where the schema is nullable', () => {
    expect(check({ replicas: 3, ratio: 1.5, when: '2024-02-29T23:59:59.5+02:00', address: '::1', port: 'http', note: null, tags: ['a'] })).toEqual([]);
    expect(check({ replicas: null })).toEqual([
      { reason: 'FieldValueTypeInvalid', field: 'spec.replicas', message: 'Invalid value: "null": spec.replicas in body must be of type integer: "null"' },
    ]);
  });

  it('words bounds, enums, lengths and required fields as go-openapi does', () => {
    expect(check({ replicas: -1 })).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0' }]);
    expect(check({ color: 'green' })).toEqual([{ reason: 'FieldValueNotSupported', field: 'spec.color', message: 'Unsupported value: "green": supported values: "red", "blue"' }]);
    expect(check({ name: 'ab' })).toEqual([{ reason: 'FieldValueTooLong', field: 'spec.name', message: 'Too long: may not be more than 1 byte' }]);
    expect(validateCustomResource({ spec: {} }, schema)).toEqual([{ reason: 'FieldValueRequired', field: 'spec.color', message: 'Required value' }]);
    expect(check({ labels: { a: 'x', b: 'y' } })).toEqual([{ reason: 'FieldValueTooMany', field: 'spec.labels', message: 'Too many: 2: must have at most 1 item' }]);
  });

  it('keeps go-openapi\'s number quirks: an integer against a fractional factor, a fraction for an integer, int32 range', () => {
    expect(check({ ratio: 2 })).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.ratio', message: 'Invalid value: 0: factor MultipleOf declared for spec.ratio must be positive: 0' }]);
    expect(check({ ratio: 0.7 })).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.ratio', message: 'Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5' }]);
    expect(check({ replicas: 1.5 }).map((c) => c.message)).toEqual([
      'Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      'Invalid value: "": Checked value must be of type integer (default format) in spec.replicas',
    ]);
    expect(check({ n32: 3000000000 })).toEqual([{ reason: 'FieldValueInvalid', field: '<nil>', message: 'Invalid value: "": Checked value must be of type integer with format int32 in spec.n32' }]);
  });

  it('checks formats and int-or-string', () => {
    expect(check({ when: '2023-02-29T00:00:00Z' })[0]?.message).toBe('Invalid value: "2023-02-29T00:00:00Z": spec.when in body must be of type date-time: "2023-02-29T00:00:00Z"');
    expect(check({ when: 5 })[0]?.message).toBe('Invalid value: "int64": spec.when in body must be of type date-time: "int64"');
    expect(check({ address: '1::2::3' })[0]?.field).toBe('spec.address');
    expect(check({ port: true })[0]?.message).toBe('Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"');
  });

  it('reports duplicates in set and map lists after the schema, and embedded resources without apiVersion or kind', () => {
    expect(check({ tags: ['a', 'b', 'a'], ports: [{ name: 'x', port: 1 }, { name: 'x', port: 2 }], template: { metadata: {} } })).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.template.apiVersion', message: 'Required value' },
      { reason: 'FieldValueRequired', field: 'spec.template.kind', message: 'Required value' },
      { reason: 'FieldValueDuplicate', field: 'spec.tags[2]', message: 'Duplicate value: "a"' },
      { reason: 'FieldValueDuplicate', field: 'spec.ports[1]', message: 'Duplicate value: {"name":"x"}' },
    ]);
  });

  it('ratchets on update: values that did not change are not validated again (map list items by key)', () => {
    expect(check({ replicas: 20, ports: [{ name: 'a', port: 200 }] }, { replicas: 20, ports: [{ name: 'a', port: 200 }] })).toEqual([]);
    expect(check({ replicas: 20, ports: [{ name: 'b' }, { name: 'a', port: 200 }] }, { replicas: 20, ports: [{ name: 'a', port: 200 }] })).toEqual([]);
    expect(check({ replicas: 21 }, { replicas: 20 })).toHaveLength(1);
  });

  it('validates a status write against the status schema, naming fields from there', () => {
    expect(validateCustomResourceStatus({ spec: {}, status: { count: -1 } }, schema, { spec: {} })).toEqual([
      { reason: 'FieldValueInvalid', field: 'status.count', message: 'Invalid value: -1: count in body should be greater than or equal to 0' },
    ]);
  });
});
