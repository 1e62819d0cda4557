// The field manager on the generated schemas of kube-apiserver v1.37.2's built-in kinds.
import { describe, expect, test } from 'vitest';
import { generatedOpenApi, generatedProtobuf, generatedResources } from '../schema/load.js';
import { applySchemaFromOpenApi, createFieldManager, goShapeNormalizer, type ManagedFieldsEntry, type ObjectJson } from './field-manager.js';
import { toFieldSet } from './typed.js';

function managerFor(group: string, version: string, kind: string) {
  const res = generatedResources().find((r) => r.group === group && r.version === version && r.kind === kind);
  if (res === undefined) throw new Error(`no ${kind}`);
  return createFieldManager({
    schema: applySchemaFromOpenApi(generatedOpenApi().schemas, res.schema),
    kind,
    normalize: goShapeNormalizer(generatedProtobuf(), res.protobuf),
    resetFields: { '': [['status']], status: [['spec']] },
  });
}

const now = new Date('2026-12-06T10:00:00Z');

describe('built-in kinds from the generated data', () => {
  test('every built-in kind: a schema, a Go shape, and the fields of a minimal object', () => {
    const started = performance.now();
    for (const res of generatedResources()) {
      const schema = applySchemaFromOpenApi(generatedOpenApi().schemas, res.schema);
      const apiVersion = res.group === '' ? res.version : `${res.group}/${res.version}`;
      const shaped = goShapeNormalizer(generatedProtobuf(), res.protobuf)({ apiVersion, kind: res.kind, metadata: { name: 'x', labels: { a: 'b' } } });
      const fields = toFieldSet(schema, schema.root, shaped);
      expect(fields.has([{ field: 'metadata' }, { field: 'labels' }, { field: 'a' }]), res.kind).toBe(true);
    }
    // Converting every kind's schema stays cheap (lazily, per definition).
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('kubectl create deployment: managedFields as kube-apiserver records them (before defaulting)', () => {
    const fm = managerFor('apps', 'v1', 'Deployment');
    // The body kubectl v1.32 sends: a Go object serialized, empty structs included.
    const body: ObjectJson = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    };
    const out = fm.update(undefined, body, { manager: 'kubectl-create', apiVersion: 'apps/v1', now });
    const [entry] = (out.metadata as { managedFields: ManagedFieldsEntry[] }).managedFields;
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {} } } },
        },
      },
    });
  });

  test('kubectl apply --server-side of a Service: ports keyed by port and protocol, defaulted TCP', () => {
    const fm = managerFor('', 'v1', 'Service');
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const out = fm.apply(undefined, svc, { manager: 'kubectl', apiVersion: 'v1', force: false, now });
    const [entry] = (out.metadata as { managedFields: ManagedFieldsEntry[] }).managedFields;
    expect(entry?.fieldsV1).toEqual({
      'f:spec': {
        'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } },
        'f:selector': {},
      },
    });
  });

  // The cases below replay recordings of kube-apiserver v1.37.2 (test/conformance/goldens).
  test('a create carrying valid managedFields: the creator takes every field it sets from them', () => {
    const fm = managerFor('', 'v1', 'ConfigMap');
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', managedFields: [{ manager: 'someone', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }] },
      data: { a: '1' },
    };
    const out = fm.update(undefined, body, { manager: 'creator', apiVersion: 'v1', now });
    expect((out.metadata as { managedFields: unknown }).managedFields).toEqual([
      { manager: 'creator', operation: 'Update', apiVersion: 'v1', time: '2026-12-06T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
    ]);
  });

  test('a second applier of the same value: its entry has no time and sorts first', () => {
    const fm = managerFor('', 'v1', 'ConfigMap');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
    const first = fm.apply(undefined, cm, { manager: 'alice', apiVersion: 'v1', force: false, now });
    const live = { ...first, metadata: { ...(first.metadata as ObjectJson), uid: 'u' } };
    const out = fm.apply(live, cm, { manager: 'bob', apiVersion: 'v1', force: false, now: new Date('2026-12-06T10:01:00Z') });
    expect((out.metadata as { managedFields: unknown }).managedFields).toEqual([
      { manager: 'bob', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
      { manager: 'alice', operation: 'Apply', apiVersion: 'v1', time: '2026-12-06T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
  });

  test('an unknown field in an apply: 500 "field not declared in schema", whatever fieldValidation says', () => {
    const fm = managerFor('apps', 'v1', 'Deployment');
    const applied = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1, replicsa: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    expect(() => fm.apply(undefined, applied, { manager: 'alice', apiVersion: 'apps/v1', force: false, now })).toThrow(
      'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.replicsa: field not declared in schema',
    );
  });
});
