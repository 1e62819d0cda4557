import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, kindInfoFromDefinition, type KindInfo } from './kinds.js';
import { openApiV2Document, openApiV3Document, openApiV3GroupVersionPath, openApiV3Index } from './openapi.js';
import { schemaName } from './openapi-operations.js';

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
    expect(Object.keys(index.paths).sort()).toEqual(
      ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/apiextensions.k8s.io/v1', 'apis/example.com/v1'].sort(),
    );
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
