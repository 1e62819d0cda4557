import { describe, expect, test } from 'vitest';
import { applySchemaFromCrd, applySchemaFromOpenApi } from './openapi-schema.js';
import { resolve, type ApplySchema, type Atom, type TypeRef } from './schema.js';
import { TEST_DEFINITIONS } from '../../../test/helpers/apply-schemas.js';
import { toFieldSet } from './typed.js';

function at(schema: ApplySchema, ...fields: string[]): Atom {
  let ref: TypeRef = schema.root;
  for (const f of fields) {
    let atom = resolve(schema, ref);
    // Step through a list to its items.
    if (atom.list !== undefined) atom = resolve(schema, atom.list.element);
    const next = atom.map?.fields.get(f) ?? atom.map?.element;
    if (next === undefined) throw new Error(`no field ${f}`);
    ref = next;
  }
  return resolve(schema, ref);
}

describe('built-in schemas', () => {
  const s = applySchemaFromOpenApi(TEST_DEFINITIONS, 'io.k8s.api.apps.v1.Deployment');

  test('list-type map with its keys; patch-merge-key lists are associative; list-type atomic stays atomic', () => {
    expect(at(s, 'spec', 'template', 'spec', 'containers').list).toMatchObject({ relationship: 'associative', keys: ['name'] });
    expect(at(s, 'spec', 'template', 'spec', 'hostAliases').list).toMatchObject({ relationship: 'associative', keys: ['ip'] });
    expect(at(s, 'spec', 'template', 'spec', 'tolerations').list?.relationship).toBe('atomic');
    expect(at(s, 'metadata', 'finalizers').list).toMatchObject({ relationship: 'associative', keys: [] });
    expect(at(s, 'spec', 'template', 'spec', 'containers', 'args').list?.relationship).toBe('atomic');
  });

  test('map-type atomic on a definition and beside a $ref; granular by default', () => {
    expect(at(s, 'spec', 'selector').map?.relationship).toBe('atomic');
    expect(at(s, 'spec', 'template', 'spec', 'nodeSelector').map?.relationship).toBe('atomic');
    expect(at(s, 'metadata', 'labels').map?.relationship).toBe('separable');
  });

  test('int-or-string and Quantity are scalars; defaults of key fields are kept', () => {
    expect(at(s, 'spec', 'template', 'spec', 'containers', 'resources', 'limits', 'cpu')).toEqual({ scalar: 'untyped' });
    expect(applySchemaFromCrd({ type: 'object', properties: { p: { 'x-kubernetes-int-or-string': true } } }).root.inlined?.map?.fields.get('p')).toEqual({ inlined: { scalar: 'untyped' } });
    const ports = at(s, 'spec', 'template', 'spec', 'containers', 'ports');
    expect(resolve(s, ports.list?.element ?? {}).map?.defaults?.get('protocol')).toBe('TCP');
  });
});

describe('custom resource schemas', () => {
  const crd = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, v: { type: 'integer' } } }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'] },
          tags: { type: 'array', items: { type: 'string' } },
          port: { 'x-kubernetes-int-or-string': true },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        },
      },
    },
  };
  const s = applySchemaFromCrd(crd);

  test('apiVersion, kind and ObjectMeta are added at the root and in embedded resources', () => {
    expect(at(s, 'metadata', 'labels').map?.relationship).toBe('separable');
    expect(at(s, 'metadata', 'ownerReferences').list?.keys).toEqual(['uid']);
    expect(at(s, 'spec', 'template', 'metadata', 'finalizers').list?.relationship).toBe('associative');
    expect(at(s, 'spec', 'template').map?.fields.has('apiVersion')).toBe(true);
  });

  test('owned fields follow the schema: keyed items, atomic lists by default, preserved unknown fields deduced', () => {
    const obj = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { a: 'b' } },
      spec: { items: [{ id: 'x', v: 1 }], tags: ['a'], port: 80, free: { deep: { er: 1 } } },
    };
    expect(toFieldSet(s, s.root, obj).toFieldsV1()).toEqual({
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:labels': { 'f:a': {} }, 'f:name': {} },
      'f:spec': {
        'f:free': { 'f:deep': { '.': {}, 'f:er': {} } },
        'f:items': { 'k:{"id":"x"}': { '.': {}, 'f:id': {}, 'f:v': {} } },
        'f:port': {},
        'f:tags': {},
      },
    });
  });
});
