// The OpenAPI schema of each served kind: built-in kinds from the definitions generated from the
// Kubernetes API modules (data/openapi.json.gz), custom resources from their CRD version's
// `openAPIV3Schema`. Used by field validation and the served OpenAPI documents.
import type { Backend } from './backend.js';
import { objectKey } from './entry.js';
import type { KindSchema } from './field-validation.js';
import { isJsonObject } from './json-value.js';
import type { KindInfo } from './kinds.js';
import type { ServedKind } from './registry.js';
import type { OpenApiSchema } from './schema/data.js';
import { generatedOpenApi } from './schema/load.js';
import type { SchemaDefinitions } from './unknown-fields.js';

/** Every built-in definition by name (loaded once, on first use). */
export function builtinDefinitions(): SchemaDefinitions {
  return generatedOpenApi().schemas;
}

const byGvk = new WeakMap<SchemaDefinitions, Map<string, string>>();

/** The definition name of a group/version/kind, from the definitions' `x-kubernetes-group-version-kind`. */
export function definitionName(defs: SchemaDefinitions, group: string, version: string, kind: string): string | undefined {
  let index = byGvk.get(defs);
  if (index === undefined) {
    index = new Map();
    for (const [name, schema] of Object.entries(defs)) {
      const gvks = schema['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks)) continue;
      for (const gvk of gvks) {
        if (!isJsonObject(gvk)) continue;
        const text = (v: unknown): string => (typeof v === 'string' ? v : '');
        const key = `${text(gvk.group)}/${text(gvk.version)}/${text(gvk.kind)}`;
        // Several definitions may carry one GVK (DeleteOptions, WatchEvent): the kind's own wins.
        if (!index.has(key) || name.endsWith(`.${version}.${kind}`)) index.set(key, name);
      }
    }
    byGvk.set(defs, index);
  }
  return index.get(`${group}/${version}/${kind}`);
}

/** The `openAPIV3Schema` of a CRD's version, undefined when it has none. */
export function crdVersionSchema(crd: unknown, version: string): OpenApiSchema | undefined {
  if (!isJsonObject(crd) || !isJsonObject(crd.spec) || !Array.isArray(crd.spec.versions)) return undefined;
  for (const v of crd.spec.versions) {
    if (!isJsonObject(v) || v.name !== version) continue;
    const schema = isJsonObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    return isJsonObject(schema) ? schema : undefined;
  }
  return undefined;
}

/** The CRD object serving a kind, when it is a custom resource. */
export function crdOf(backend: Backend, served: ServedKind): unknown {
  if (served.origin !== 'crd' || served.crdName === undefined) return undefined;
  const crds = backend.registry.lookupKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  return crds?.store.entries.get(objectKey('', served.crdName))?.obj;
}

const PRESERVE_ALL: OpenApiSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** How the fields of a served kind are checked; undefined when nothing is known about them. */
export function kindSchema(backend: Backend, info: KindInfo): KindSchema | undefined {
  const served = backend.registry.lookup(info.group, info.version, info.plural);
  const defs = builtinDefinitions();
  if (served?.origin === 'crd') {
    const root = crdVersionSchema(crdOf(backend, served), info.version) ?? PRESERVE_ALL;
    return { defs, mode: 'structural', root };
  }
  if (served?.origin !== 'builtin') return undefined;
  const name = definitionName(defs, info.group, info.version, info.kind);
  if (name === undefined) return undefined;
  return { defs, mode: 'typed', root: { $ref: `#/components/schemas/${name}` } };
}
