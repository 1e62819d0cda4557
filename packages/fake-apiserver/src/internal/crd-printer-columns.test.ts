import { describe, expect, it } from 'vitest';
import { crdPrinterColumns } from './crd-printer-columns.js';
import type { KubeObject } from '../types.js';

const created = '2024-01-01T00:00:00Z';
const now = Date.parse(created) + 90_000;
const obj = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', creationTimestamp: created },
  spec: { replicas: 2.7, tags: ['a', 'b'], labels: { x: '1' }, conditions: [{ type: 'A', status: 'False' }, { type: 'Ready', status: 'True' }], ok: true },
} as unknown as KubeObject;

describe('crdPrinterColumns', () => {
  it('is Name and Age when the version lists no columns', () => {
    const whole = crdPrinterColumns({ name: 'v1' }).whole;
    expect(whole?.columns.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Age', 'date']]);
    expect(whole?.cells(obj, now)).toEqual(['w', '90s']);
  });

  it('evaluates each column\'s JSONPath and types its cell', () => {
    const column = (name: string, type: string, jsonPath: string, extra: Record<string, unknown> = {}) => ({ name, type, jsonPath, ...extra });
    const whole = crdPrinterColumns({
      name: 'v1',
      additionalPrinterColumns: [
        column('Int', 'integer', '.spec.replicas'),
        column('Num', 'number', '.spec.replicas', { priority: 1, description: 'd' }),
        column('Str', 'string', '.spec.replicas'),
        column('First', 'string', '.spec.tags[0]'),
        column('Last', 'string', '.spec.tags[-1]'),
        column('Tags', 'string', '.spec.tags'),
        column('Labels', 'string', '.spec.labels'),
        column('Quoted', 'string', ".spec.labels['x']"),
        column('Ready', 'string', '.spec.conditions[?(@.type=="Ready")].status'),
        column('Ok', 'boolean', '.spec.ok'),
        column('Created', 'date', '.metadata.creationTimestamp'),
        column('NotDate', 'date', '.spec.tags[0]'),
        column('Missing', 'string', '.spec.nothing'),
        column('Wrong', 'integer', '.spec.tags[0]'),
      ],
    }).whole;
    expect(whole?.columns[2]).toEqual({ name: 'Num', type: 'number', format: '', description: 'd', priority: 1 });
    expect(whole?.columns[1]?.description).toBe('Custom resource definition column (in JSONPath format): .spec.replicas');
    expect(whole?.cells(obj, now)).toEqual(['w', 2, 2.7, '2.7', 'a', 'b', '["a","b"]', '{"x":"1"}', '1', 'True', true, '90s', '<invalid>', null, null]);
  });
});
