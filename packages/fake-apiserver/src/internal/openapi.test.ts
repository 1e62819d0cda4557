import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, kindInfoFromDefinition, type KindInfo } from './kinds.js';
import { openApiV2Document, openApiV3Document, openApiV3GroupVersionPath, openApiV3Index } from './openapi.js';
import { schemaName } from './openapi-operations.js';
import type { PublishedKindLookup } from './openapi-schemas.js';
import { definitionName } from './kind-schemas.js';
import { generatedOpenApi } from './schema/load.js';
import { Backend } from './backend.js';
import { objectKey } from './entry.js';
import { OpenApiDocuments } from './openapi-cache.js';
import type { KubeObject } from '../types.js';

interface V3Doc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}
interface Operation {
  operationId: string;
  parameters: { name: string; in: string; $ref?: string }[];
  requestBody?: { content: Record<string, unknown> };
  'x-kubernetes-group-version-kind': unknown;
  'x-kubernetes-action': string;
}
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

const widget = kindInfoFromDefinition({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, statusSubresource: true });
const kinds: KindInfo[] = [...BUILTIN_KINDS, widget];
const groupVersions = [...new Set(kinds.map((k) => `${k.group}|${k.version}`))].map((s) => s.split('|') as [string, string]);

function v3(group: string, version: string, from: readonly KindInfo[] = kinds): V3Doc {
  const doc = openApiV3Document(group, version, from);
  if (doc === undefined) throw new Error(`no document for ${group}/${version}`);
  return doc as V3Doc;
}

function operations(doc: { paths: Record<string, Record<string, unknown>> }): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m): [string, string, Operation] => [path, m, item[m] as Operation]),
  );
}

const sameGvk = (ext: unknown, k: KindInfo): boolean => {
  const g = ext as Record<string, unknown>;
  return g.group === k.group && g.version === k.version && g.kind === k.kind;
};

/** kubectl's check that a kind supports server-side field validation (QueryParamVerifierV3). */
function kubectlSeesFieldValidation(doc: V3Doc, k: KindInfo): boolean {
  for (const item of Object.values(doc.paths)) {
    const patch = item.patch as Operation | undefined;
    if (patch === undefined || !sameGvk(patch['x-kubernetes-group-version-kind'], k)) continue;
    // kubectl decides on the first PATCH of the kind it meets, in map order: any of them must do.
    return patch.parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query');
  }
  return false;
}

describe('openApiV3Index', () => {
  it('points at one document per group version, with a content hash', () => {
    const index = openApiV3Index(kinds) as { paths: Record<string, { serverRelativeURL: string }> };
    const groupVersions = new Set(kinds.map((k) => (k.group === '' ? `api/${k.version}` : `apis/${k.group}/${k.version}`)));
    expect(Object.keys(index.paths).sort()).toEqual([...groupVersions].sort());
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/autoscaling/v1', 'apis/example.com/v1']));
    for (const [path, entry] of Object.entries(index.paths)) {
      expect(entry.serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${path.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`));
    }
  });

  it('changes the hash of a group version when its kinds change, and only then', () => {
    const before = openApiV3Index(kinds) as { paths: Record<string, { serverRelativeURL: string }> };
    const gadget = kindInfoFromDefinition({ group: 'example.com', version: 'v1', kind: 'Gadget', plural: 'gadgets', namespaced: false });
    const after = openApiV3Index([...kinds, gadget]) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(after.paths['apis/example.com/v1']?.serverRelativeURL).not.toBe(before.paths['apis/example.com/v1']?.serverRelativeURL);
    expect(after.paths['api/v1']?.serverRelativeURL).toBe(before.paths['api/v1']?.serverRelativeURL);
    expect(openApiV3Index(kinds)).toEqual(before);
  });

  it('names document paths as the index does', () => {
    expect(openApiV3GroupVersionPath('', 'v1')).toBe('api/v1');
    expect(openApiV3GroupVersionPath('apps', 'v1')).toBe('apis/apps/v1');
  });
});

describe('openApiV3Document', () => {
  it('is undefined for a group version nobody serves', () => {
    expect(openApiV3Document('apps', 'v2', kinds)).toBeUndefined();
  });

  it.each(groupVersions)('lets kubectl see fieldValidation for every kind of %s/%s', (group, version) => {
    const doc = v3(group, version);
    expect(doc.openapi).toBe('3.0.0');
    for (const k of kinds.filter((x) => x.group === group && x.version === version)) {
      expect(kubectlSeesFieldValidation(doc, k), k.kind).toBe(true);
    }
  });

  it.each(groupVersions)('declares fieldValidation inline on every PATCH of %s/%s, and the GVK as one object', (group, version) => {
    const doc = v3(group, version);
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(0);
    for (const [path, method, op] of ops) {
      const gvk = op['x-kubernetes-group-version-kind'];
      expect(Array.isArray(gvk), `${method} ${path}`).toBe(false);
      expect(gvk).toEqual({ group, version, kind: expect.any(String) });
      for (const p of op.parameters) expect(p.$ref).toBeUndefined();
      if (method === 'patch') {
        expect(op.parameters.filter((p) => p.name === 'fieldValidation' && p.in === 'query'), path).toHaveLength(1);
        // Strategic merge is served but not advertised: see ADVERTISED_PATCH_TYPES.
        expect(Object.keys(op.requestBody?.content ?? {})).toEqual([
          'application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml',
        ]);
      }
    }
  });

  it('serves every operation of a namespaced kind with a status subresource', () => {
    const doc = v3('', 'v1');
    const pods = Object.fromEntries(
      operations(doc)
        .filter(([, , op]) => sameGvk(op['x-kubernetes-group-version-kind'], BUILTIN_KINDS.find((k) => k.kind === 'Pod')!))
        .map(([path, method, op]) => [`${method} ${path}`, [op.operationId, op['x-kubernetes-action']]]),
    );
    expect(pods).toEqual({
      'get /api/v1/namespaces/{namespace}/pods': ['listCoreV1NamespacedPod', 'list'],
      'post /api/v1/namespaces/{namespace}/pods': ['createCoreV1NamespacedPod', 'post'],
      'delete /api/v1/namespaces/{namespace}/pods': ['deletecollectionCoreV1NamespacedPod', 'deletecollection'],
      'get /api/v1/namespaces/{namespace}/pods/{name}': ['readCoreV1NamespacedPod', 'get'],
      'put /api/v1/namespaces/{namespace}/pods/{name}': ['replaceCoreV1NamespacedPod', 'put'],
      'patch /api/v1/namespaces/{namespace}/pods/{name}': ['patchCoreV1NamespacedPod', 'patch'],
      'delete /api/v1/namespaces/{namespace}/pods/{name}': ['deleteCoreV1NamespacedPod', 'delete'],
      'get /api/v1/namespaces/{namespace}/pods/{name}/status': ['readCoreV1NamespacedPodStatus', 'get'],
      'put /api/v1/namespaces/{namespace}/pods/{name}/status': ['replaceCoreV1NamespacedPodStatus', 'put'],
      'patch /api/v1/namespaces/{namespace}/pods/{name}/status': ['patchCoreV1NamespacedPodStatus', 'patch'],
      'get /api/v1/pods': ['listCoreV1PodForAllNamespaces', 'list'],
    });
    expect(doc.paths['/api/v1/nodes/{name}']).toBeDefined();
    expect(doc.paths['/api/v1/namespaces/{namespace}/nodes']).toBeUndefined();
  });

  it('names operations and schemas as Kubernetes does', () => {
    expect(Object.keys(v3('coordination.k8s.io', 'v1').components.schemas)).toContain('io.k8s.api.coordination.v1.Lease');
    const ids = operations(v3('example.com', 'v1')).map(([, , op]) => op.operationId);
    expect(ids).toContain('patchExampleComV1NamespacedWidgetStatus');
    expect(schemaName('', 'v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
    expect(schemaName('apps', 'v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(schemaName('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')).toBe(
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    );
    expect(schemaName('example.com', 'v1', 'Widget')).toBe('com.example.v1.Widget');
  });

  it.each(groupVersions)('has permissive schemas carrying their GVK, and resolvable references, in %s/%s', (group, version) => {
    const doc = v3(group, version);
    for (const k of kinds.filter((x) => x.group === group && x.version === version)) {
      const schema = doc.components.schemas[schemaName(group, version, k.kind)];
      expect(schema).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
      expect(schema?.['x-kubernetes-group-version-kind']).toEqual([{ group, kind: k.kind, version }]);
      expect(doc.components.schemas[schemaName(group, version, k.listKind)]?.['x-kubernetes-group-version-kind']).toEqual([
        { group, kind: k.listKind, version },
      ]);
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
  });
});

describe('openApiV2Document', () => {
  it('describes every kind in Swagger 2.0 with resolvable definitions', () => {
    const doc = openApiV2Document(kinds) as { swagger: string; paths: Record<string, Record<string, unknown>>; definitions: Record<string, unknown> };
    expect(doc.swagger).toBe('2.0');
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch as Operation & { consumes: string[] };
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(patch.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['body', 'fieldValidation']));
    expect(patch.consumes).toContain('application/merge-patch+json');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1] ?? '');
    for (const ref of refs) expect(doc.definitions[ref], ref).toBeDefined();
    expect(Object.keys(doc.definitions)).toContain('com.example.v1.Widget');
  });
});

describe('documents with the generated schemas', () => {
  const defs = generatedOpenApi().schemas;
  const lookup: PublishedKindLookup = (k) => {
    if (k.group === 'example.com') {
      return {
        defs,
        crdSchema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              description: 'Desired state.',
              properties: {
                port: { 'x-kubernetes-int-or-string': true },
                child: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
              },
            },
          },
        },
      };
    }
    const kind = definitionName(defs, k.group, k.version, k.kind);
    return kind === undefined ? undefined : { defs, definition: { kind, list: definitionName(defs, k.group, k.version, k.listKind) } };
  };
  const refsOf = (doc: unknown, prefix: string): string[] =>
    [...JSON.stringify(doc).matchAll(new RegExp(`"\\$ref":"${prefix}([^"]+)"`, 'g'))].map((m) => m[1] ?? '');

  it('publishes built-in schemas with their descriptions, list semantics and every definition they refer to', () => {
    const doc = openApiV3Document('apps', 'v1', kinds, lookup) as V3Doc;
    const schemas = doc.components.schemas;
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'] as { properties: Record<string, { description?: string }> };
    expect(spec.properties.replicas?.description).toBe(
      'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    );
    expect((schemas['io.k8s.api.core.v1.PodSpec'] as { properties: Record<string, unknown> }).properties.containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
    });
    expect(schemas['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    for (const ref of refsOf(doc, '#/components/schemas/')) expect(schemas[ref], ref).toBeDefined();
    // As kube-apiserver does for built-in kinds: strategic merge is advertised with the real schema.
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch as Operation;
    expect(Object.keys(patch.requestBody?.content ?? {})).toEqual([
      'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json',
    ]);
  });

  it('publishes a CRD schema as apiextensions-apiserver does: type meta and metadata at the root and in embedded resources', () => {
    const doc = openApiV3Document('example.com', 'v1', kinds, lookup) as V3Doc;
    const widget = doc.components.schemas['com.example.v1.Widget'] as { properties: Record<string, Record<string, unknown>> };
    expect(Object.keys(widget.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(widget.properties.metadata).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] });
    const spec = widget.properties.spec as { properties: Record<string, Record<string, unknown>> };
    expect(spec.properties.port).toEqual({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(spec.properties.child).toMatchObject({ required: ['kind', 'apiVersion'] });
    expect(Object.keys((spec.properties.child as { properties: object }).properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(doc.components.schemas['com.example.v1.WidgetList']).toMatchObject({ required: ['items'] });
    for (const ref of refsOf(doc, '#/components/schemas/')) expect(doc.components.schemas[ref], ref).toBeDefined();
    const patch = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']?.patch as Operation;
    expect(Object.keys(patch.requestBody?.content ?? {})).not.toContain('application/strategic-merge-patch+json');
  });

  it('writes the same schemas in Swagger 2.0 form for /openapi/v2', () => {
    const doc = openApiV2Document(kinds, lookup) as { definitions: Record<string, Record<string, unknown>> };
    expect(refsOf(doc, '#/components/schemas/')).toEqual([]);
    const refs = refsOf(doc, '#/definitions/');
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of refs) expect(doc.definitions[ref], ref).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('"allOf":[{"$ref"');
    const meta = (doc.definitions['io.k8s.api.apps.v1.Deployment'] as { properties: Record<string, unknown> }).properties.metadata;
    expect(meta).toMatchObject({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
  });
});

describe('OpenApiDocuments (what the server serves)', () => {
  it('builds each document once, and again only when a CRD it publishes changes', () => {
    const backend = new Backend({ historyLimit: 100, resources: [] });
    const docs = new OpenApiDocuments(backend);
    const apps = docs.v3Document('apps', 'v1');
    expect(apps).toBeDefined();
    expect(docs.v3Document('apps', 'v1')).toBe(apps);
    expect(docs.v2Document()).toBe(docs.v2Document());
    expect(docs.v3Document('example.com', 'v1')).toBeUndefined();

    const crds = backend.servedKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    const crd = (description: string): KubeObject => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Cluster',
        names: { kind: 'Gadget', plural: 'gadgets' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', description } } }],
      },
    } as KubeObject);
    backend.writes.create(crds, undefined, crd('First.'));
    const index = (): Record<string, { serverRelativeURL: string }> => (docs.v3Index() as { paths: Record<string, { serverRelativeURL: string }> }).paths;
    const before = index();
    const first = docs.v3Document('example.com', 'v1')?.toString('utf8') ?? '';
    expect(first).toContain('"description":"First."');
    const stored = backend.registry.lookupKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition')?.store.entries.get(objectKey('', 'gadgets.example.com'));
    backend.writes.update(crds, undefined, 'gadgets.example.com', { ...crd('Second.'), metadata: { name: 'gadgets.example.com', resourceVersion: stored?.obj.metadata?.resourceVersion } });
    expect(docs.v3Document('example.com', 'v1')?.toString('utf8')).toContain('"description":"Second."');
    const after = index();
    expect(after['apis/example.com/v1']?.serverRelativeURL).not.toBe(before['apis/example.com/v1']?.serverRelativeURL);
    expect(after['apis/apps/v1']).toEqual(before['apis/apps/v1']);
    expect(docs.v3Document('apps', 'v1')).toBe(apps);
  });
});
