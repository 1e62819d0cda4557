import { describe, expect, it } from 'vitest';
import { defaultCustomResource, defaultsErrors, hasDefaults } from './crd-defaults.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        note: { type: 'string' },
        limits: { type: 'object', properties: { cpu: { type: 'string', default: '100m' } } },
        policy: { type: 'object', default: { kind: 'Retry' }, properties: { kind: { type: 'string' }, attempts: { type: 'integer', default: 3 } } },
        ports: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } } },
        labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string', default: 'x' } } } },
      },
    },
  },
};

describe('defaultCustomResource', () => {
  it('fills in defaults, nested ones only under a parent that exists or was defaulted', () => {
    const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'K' };
    defaultCustomResource(obj, schema);
    expect(obj.spec).toEqual({ replicas: 1, policy: { kind: 'Retry', attempts: 3 } });
    const other: Record<string, unknown> = { spec: { limits: {}, ports: [{}, { protocol: 'UDP' }], labels: { a: {} } } };
    defaultCustomResource(other, schema);
    expect(other.spec).toEqual({
      replicas: 1,
      limits: { cpu: '100m' },
      policy: { kind: 'Retry', attempts: 3 },
      ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }],
      labels: { a: { v: 'x' } },
    });
  });

  it('replaces a null by the default, drops it when there is none, and never shares the default', () => {
    const a: Record<string, unknown> = { spec: { replicas: null, note: null } };
    const b: Record<string, unknown> = {};
    defaultCustomResource(a, schema);
    defaultCustomResource(b, schema);
    expect(a.spec).toEqual({ replicas: 1, policy: { kind: 'Retry', attempts: 3 } });
    (a.spec as { policy: { kind: string } }).policy.kind = 'changed';
    expect((b.spec as { policy: { kind: string } }).policy.kind).toBe('Retry');
  });

  it('tells whether a schema has defaults at all', () => {
    expect(hasDefaults(schema)).toBe(true);
    expect(hasDefaults({ type: 'object', properties: { a: { type: 'string', enum: ['x'] } } })).toBe(false);
  });
});

describe('defaultsErrors', () => {
  it('refuses defaults that do not validate or would be pruned, with kube-apiserver\'s paths', () => {
    const bad = { type: 'object', properties: { a: { type: 'integer', minimum: 0, default: -1 }, b: { type: 'object', properties: {}, default: { x: 1 } } } };
    expect(defaultsErrors(bad, 'spec.validation.openAPIV3Schema')).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.validation.openAPIV3Schema.properties[a].default', message: 'Invalid value: -1:  in body should be greater than or equal to 0' },
      { reason: 'FieldValueInvalid', field: 'spec.validation.openAPIV3Schema.properties[b].default', message: 'Invalid value: {"x":1}: must not have unknown fields' },
    ]);
    expect(defaultsErrors(schema, 'p')).toEqual([]);
  });
});
