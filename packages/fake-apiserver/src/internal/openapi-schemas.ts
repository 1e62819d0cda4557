// The `components.schemas` (v3) and `definitions` (v2) of the served OpenAPI documents: the
// generated definitions of built-in kinds with everything they refer to, custom resources'
// schemas completed as apiextensions-apiserver publishes them, permissive schemas otherwise.
import type { KindInfo } from './kinds.js';
import { META_SCHEMAS, schemaName } from './openapi-operations.js';
import type { OpenApiSchema } from './schema/data.js';
import { OBJECT_META_SCHEMA, type SchemaDefinitions } from './unknown-fields.js';

/** Where the schema of a kind comes from. */
export interface PublishedKind {
  /** Every built-in definition (ObjectMeta and the meta types included). */
  readonly defs: SchemaDefinitions;
  /** A built-in kind: the definition names of the kind and of its list. */
  readonly definition?: { readonly kind: string; readonly list: string | undefined } | undefined;
  /** A custom resource: its CRD version's `openAPIV3Schema`. */
  readonly crdSchema?: OpenApiSchema | undefined;
}

/** How the documents find the schema of a kind; undefined publishes a permissive one. */
export type PublishedKindLookup = (kind: KindInfo) => PublishedKind | undefined;

const REF = '#/components/schemas/';
const LIST_META_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const API_CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const TYPE_META_PROPERTIES = {
  apiVersion: {
    description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${API_CONVENTIONS}#resources`,
    type: 'string',
  },
  kind: {
    description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${API_CONVENTIONS}#types-kinds`,
    type: 'string',
  },
} as const;
const EMBEDDED_TYPE_META_PROPERTIES = {
  apiVersion: { description: `apiVersion defines the versioned schema of this representation of an object. More info: ${API_CONVENTIONS}#resources`, type: 'string' },
  kind: { description: `kind is a string value representing the type of this object. In CamelCase. More info: ${API_CONVENTIONS}#types-kinds`, type: 'string' },
} as const;
const OBJECT_META_PROPERTY = {
  description: `Standard object's metadata. More info: ${API_CONVENTIONS}#metadata`,
  allOf: [{ $ref: `${REF}${OBJECT_META_SCHEMA}` }],
};

function isSchema(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A schema permissive about fields, for kinds without a known schema. */
function permissiveSchema(gvk: { group: string; version: string; kind: string }, what: string): object {
  return {
    description: `${what}. The fake API server accepts any fields here and checks only object metadata.`,
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }],
  };
}

/** A CRD schema as apiextensions-apiserver publishes it: type meta and metadata at the root and in embedded resources. */
function publishedCrdSchema(schema: OpenApiSchema, root: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSchema(v) ? publishedCrdSchema(v, false) : v]));
    } else if ((key === 'items' || key === 'additionalProperties') && isSchema(value)) {
      out[key] = publishedCrdSchema(value, false);
    } else {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true && out.anyOf === undefined) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (root || schema['x-kubernetes-embedded-resource'] === true) {
    const props = isSchema(out.properties) ? out.properties : {};
    out.properties = {
      ...(root ? TYPE_META_PROPERTIES : EMBEDDED_TYPE_META_PROPERTIES),
      metadata: OBJECT_META_PROPERTY,
      ...Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata')),
    };
    if (!root) {
      const required = Array.isArray(out.required) ? (out.required as unknown[]).map(String) : [];
      out.required = [...new Set(['kind', 'apiVersion', ...required])];
    }
    out.type ??= 'object';
  }
  return out;
}

const REF_PATTERN = /"\$ref":"#\/components\/schemas\/([^"]+)"/g;

/** Adds `name` and every definition it refers to (transitively) to `into`. */
function addWithReferences(defs: SchemaDefinitions, name: string, into: Record<string, object>): void {
  const pending = [name];
  while (pending.length > 0) {
    const next = pending.pop() ?? '';
    if (Object.hasOwn(into, next) || !Object.hasOwn(defs, next)) continue;
    const schema = defs[next] ?? {};
    into[next] = schema;
    for (const m of JSON.stringify(schema).matchAll(REF_PATTERN)) pending.push(m[1] ?? '');
  }
}

/** Schemas for the kinds, their lists and the shared meta types, keyed by Kubernetes' schema names. */
export function schemasFor(kinds: readonly KindInfo[], lookup: PublishedKindLookup | undefined): Record<string, object> {
  const schemas: Record<string, object> = {};
  const published = kinds.map((k) => [k, lookup?.(k)] as const);
  const defs = published.find(([, p]) => p !== undefined)?.[1]?.defs;
  for (const name of Object.values(META_SCHEMAS)) {
    if (defs !== undefined) addWithReferences(defs, name, schemas);
  }
  schemas[META_SCHEMAS.status] ??= { description: 'Status is the result of an operation that does not return an object.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  schemas[META_SCHEMAS.patch] ??= { description: 'A patch document, in the format given by the request Content-Type.', type: 'object' };
  schemas[META_SCHEMAS.deleteOptions] ??= { description: 'DeleteOptions may be provided when deleting an API object.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  for (const [k, p] of published) {
    const kindName = schemaName(k.group, k.version, k.kind);
    const listName = schemaName(k.group, k.version, k.listKind);
    const gvk = (kind: string): object[] => [{ group: k.group, kind, version: k.version }];
    if (p?.definition !== undefined) {
      addWithReferences(p.defs, p.definition.kind, schemas);
      if (p.definition.list !== undefined) addWithReferences(p.defs, p.definition.list, schemas);
    } else if (p?.crdSchema !== undefined && Object.hasOwn(p.defs, OBJECT_META_SCHEMA)) {
      addWithReferences(p.defs, OBJECT_META_SCHEMA, schemas);
      addWithReferences(p.defs, LIST_META_SCHEMA, schemas);
      schemas[kindName] = { ...publishedCrdSchema(p.crdSchema, true), 'x-kubernetes-group-version-kind': gvk(k.kind) };
      schemas[listName] = {
        description: `${k.listKind} is a list of ${k.kind}`,
        type: 'object',
        required: ['items'],
        properties: {
          apiVersion: TYPE_META_PROPERTIES.apiVersion,
          items: { description: `List of ${k.plural}. More info: ${API_CONVENTIONS}`, type: 'array', items: { $ref: `${REF}${kindName}` } },
          kind: TYPE_META_PROPERTIES.kind,
          metadata: { description: `Standard list metadata. More info: ${API_CONVENTIONS}#types-kinds`, allOf: [{ $ref: `${REF}${LIST_META_SCHEMA}` }] },
        },
        'x-kubernetes-group-version-kind': gvk(k.listKind),
      };
    }
    schemas[kindName] ??= permissiveSchema(k, `A ${k.kind} (${k.apiVersion})`);
    schemas[listName] ??= permissiveSchema({ ...k, kind: k.listKind }, `A list of ${k.kind} objects`);
  }
  return schemas;
}

/**
 * The v3 schemas in Swagger 2.0 form: references to `#/definitions/`, a reference wrapped in
 * `allOf` as a plain `$ref` beside its description, no `anyOf` (int-or-string keeps its extension).
 */
export function toSwaggerDefinitions(schemas: Record<string, object>): Record<string, object> {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (!isSchema(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(REF, '#/definitions/');
      else if (k === 'allOf' && Array.isArray(v) && v.length === 1 && isSchema(v[0]) && typeof v[0].$ref === 'string') {
        out.$ref = v[0].$ref.replace(REF, '#/definitions/');
      } else if (k === 'anyOf' || k === 'oneOf' || k === 'nullable') continue;
      else out[k] = convert(v);
    }
    return out;
  };
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, convert(schema) as object]));
}
