import { describe, expect, it } from 'vitest';
import { celErrors, celSyntaxErrors, hasRules } from './crd-cel.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.replicas <= self.max', message: 'replicas must not exceed max' },
        { rule: 'self.max < 100', fieldPath: '.max', reason: 'FieldValueForbidden' },
      ],
      properties: {
        replicas: { type: 'integer' },
        max: { type: 'integer' },
        id: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'id is immutable' }] },
        ratio: { type: 'number', 'x-kubernetes-validations': [{ rule: 'self < 1.0', messageExpression: "'ratio is ' + string(self)" }] },
      },
    },
  },
};

describe('celErrors', () => {
  it('reports false rules with their message, fieldPath and reason, integers as CEL ints', () => {
    expect(celErrors({ spec: { replicas: 1, max: 3 } }, schema)).toEqual([]);
    expect(celErrors({ spec: { replicas: 500, max: 300 } }, schema)).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: replicas must not exceed max' },
      { reason: 'FieldValueForbidden', field: 'spec.max', message: 'Forbidden: failed rule: self.max < 100' },
    ]);
    expect(celErrors({ spec: { replicas: 1, max: 3, ratio: 1.5 } }, schema)).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.ratio', message: 'Invalid value: 1.5: ratio is 1.5' },
    ]);
  });

  it('reports an evaluation error with the schema type and the rule', () => {
    expect(celErrors({ spec: { max: 3 } }, schema)).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: "object": no such key: replicas evaluating rule: replicas must not exceed max' },
    ]);
  });

  it('evaluates transition rules on update only, and does not evaluate unchanged values again', () => {
    expect(celErrors({ spec: { replicas: 1, max: 3, id: 'a' } }, schema)).toEqual([]);
    expect(celErrors({ spec: { replicas: 1, max: 3, id: 'b' } }, schema, { spec: { replicas: 1, max: 3, id: 'a' } })).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.id', message: 'Invalid value: "b": id is immutable' },
    ]);
    const stored = { spec: { replicas: 5, max: 3 } };
    expect(celErrors({ spec: { replicas: 5, max: 3 } }, schema, stored)).toEqual([]);
  });

  it('refuses rules that do not parse when the CRD is written, quoting the rule as kube does', () => {
    expect(celSyntaxErrors(schema, 'p')).toEqual([]);
    const broken = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a +' }] } } };
    const [cause, ...rest] = celSyntaxErrors(broken, 'spec.validation.openAPIV3Schema');
    expect(rest).toEqual([]);
    expect(cause?.field).toBe('spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule');
    expect(cause?.message).toMatch(/^Invalid value: \{"Rule":"self\.a \+","Message":"","MessageExpression":"","Reason":null,"FieldPath":"","OptionalOldSelf":null\}: compilation failed: ERROR: <input>: Syntax error: /);
  });

  it('tells whether a schema has rules', () => {
    expect(hasRules(schema)).toBe(true);
    expect(hasRules({ type: 'object' })).toBe(false);
  });
});
