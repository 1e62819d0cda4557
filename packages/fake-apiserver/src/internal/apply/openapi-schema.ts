// Conversion of OpenAPI v3 schemas into apply types, following kube-openapi's schemaconv: list
// and map semantics from the `x-kubernetes-*` extensions, untyped scalars for int-or-string and
// formats, deduced maps where unknown fields are preserved, atomic lists by default.
import { commonTypes, DEDUCED, UNTYPED, type ApplySchema, type Atom, type ListType, type MapType, type ScalarType, type TypeLookup, type TypeRef } from './schema.js';
import type { OpenApiSchema } from '../schema/data.js';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
/** The definition name of ObjectMeta in kube's OpenAPI. */
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Named OpenAPI definitions, as in `components.schemas`. */
export type OpenApiDefinitions = Readonly<Record<string, OpenApiSchema>>;

/** Types converted from a set of OpenAPI definitions on first use, plus the two untyped helpers. */
class DefinitionTypes implements TypeLookup {
  readonly #defs: OpenApiDefinitions;
  readonly #done = commonTypes();

  constructor(defs: OpenApiDefinitions) {
    this.#defs = defs;
  }

  get(name: string): Atom | undefined {
    const done = this.#done.get(name);
    if (done !== undefined) return done;
    const def = Object.hasOwn(this.#defs, name) ? this.#defs[name] : undefined;
    if (def === undefined) return undefined;
    let atom: Atom;
    if (name === QUANTITY) atom = { scalar: 'untyped' };
    else if (name === RAW_EXTENSION) atom = this.#done.get(UNTYPED.named ?? '') ?? { scalar: 'untyped' };
    else {
      // Register a shell first: recursive definitions resolve to it by name while it is filled in.
      const shell: { scalar?: ScalarType; list?: ListType; map?: MapType } = {};
      this.#done.set(name, shell);
      Object.assign(shell, parseSchema(def, preserves(def, false)));
      return shell;
    }
    this.#done.set(name, atom);
    return atom;
  }
}

/**
 * The apply schema of a built-in kind from kube's OpenAPI v3 definitions.
 *
 * @param definitions every definition (`components.schemas` of the generated `openapi.json.gz`).
 * @param name the kind's definition, e.g. `'io.k8s.api.apps.v1.Deployment'`.
 */
export function applySchemaFromOpenApi(definitions: OpenApiDefinitions, name: string): ApplySchema {
  return { types: typesOf(definitions), root: { named: name } };
}

const typesCache = new WeakMap<OpenApiDefinitions, DefinitionTypes>();
function typesOf(definitions: OpenApiDefinitions): DefinitionTypes {
  let t = typesCache.get(definitions);
  if (t === undefined) {
    t = new DefinitionTypes(definitions);
    typesCache.set(definitions, t);
  }
  return t;
}

/**
 * The apply schema of a custom resource from its CRD version's structural `openAPIV3Schema`, as
 * apiextensions-apiserver builds it: `apiVersion` and `kind` strings and `metadata` as ObjectMeta
 * are added at the root and in embedded resources (`x-kubernetes-embedded-resource`).
 *
 * @param definitions built-in definitions, for ObjectMeta; when absent, a minimal ObjectMeta
 *   with kube's list and map semantics is used.
 */
export function applySchemaFromCrd(openAPIV3Schema: OpenApiSchema | undefined, definitions?: OpenApiDefinitions): ApplySchema {
  const defs = definitions !== undefined && Object.hasOwn(definitions, OBJECT_META) ? definitions : MINIMAL_META_DEFS;
  const root = withResourceFields(openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  return { types: typesOf(defs), root: makeRef(root, preserves(root, false)) };
}

function withResourceFields(schema: OpenApiSchema): OpenApiSchema {
  const props = isRecord(schema.properties) ? schema.properties : {};
  return {
    ...schema,
    type: 'object',
    properties: {
      ...props,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: `#/components/schemas/${OBJECT_META}` },
    },
  };
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function preserves(schema: OpenApiSchema, inherited: boolean): boolean {
  return inherited || schema['x-kubernetes-preserve-unknown-fields'] === true;
}

function refName(schema: OpenApiSchema): string | undefined {
  let ref = schema.$ref;
  const allOf = schema.allOf;
  if (typeof ref !== 'string' && Array.isArray(allOf) && allOf.length === 1 && isRecord(allOf[0])) ref = allOf[0].$ref;
  if (typeof ref !== 'string' || ref === '') return undefined;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return name === '' ? undefined : name;
}

function mapRelationship(schema: OpenApiSchema): 'atomic' | 'separable' | undefined {
  const t = schema['x-kubernetes-map-type'];
  return t === 'atomic' ? 'atomic' : t === 'granular' ? 'separable' : undefined;
}

function makeRef(schema: OpenApiSchema, preserve: boolean): TypeRef {
  const name = refName(schema);
  if (name !== undefined) {
    const rel = mapRelationship(schema);
    return rel !== undefined ? { named: name, relationship: rel } : { named: name };
  }
  const embedded = schema['x-kubernetes-embedded-resource'] === true ? withResourceFields(schema) : schema;
  return { inlined: parseSchema(embedded, preserves(embedded, preserve)) };
}

function parseSchema(schema: OpenApiSchema, preserve: boolean): Atom {
  const raw: unknown = schema.type;
  const type: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (schema['x-kubernetes-int-or-string'] === true) return { scalar: 'untyped' };
  switch (type) {
    case undefined:
    case '':
      return { scalar: 'untyped', list: parseList(schema, preserve), map: parseObject(schema, preserve) };
    case 'object':
      return { map: parseObject(schema, preserve) };
    case 'array':
      return { list: parseList(schema, preserve) };
    case 'integer':
    case 'number':
      return { scalar: 'numeric' };
    case 'boolean':
      return { scalar: 'boolean' };
    case 'string':
      // Formats (date-time, int-or-string, …) make a string untyped, as kube-openapi converts them.
      return { scalar: schema.format === undefined || schema.format === '' || schema.format === 'byte' ? 'string' : 'untyped' };
    default:
      return { scalar: 'untyped' };
  }
}

function parseObject(schema: OpenApiSchema, preserve: boolean): MapType {
  const fields = new Map<string, TypeRef>();
  const defaults = new Map<string, unknown>();
  const props = isRecord(schema.properties) ? schema.properties : {};
  for (const [name, member] of Object.entries(props)) {
    if (!isRecord(member)) continue;
    fields.set(name, makeRef(member, preserve));
    if (member.default !== undefined) defaults.set(name, member.default);
  }
  const additional = schema.additionalProperties;
  let element: TypeRef | undefined;
  if (additional === undefined) element = preserve || fields.size === 0 ? DEDUCED : undefined;
  else if (isRecord(additional)) element = makeRef(additional, preserve);
  else element = additional === true ? DEDUCED : undefined;
  const relationship = mapRelationship(schema) ?? 'separable';
  return defaults.size > 0 ? { fields, element, relationship, defaults } : { fields, element, relationship };
}

function parseList(schema: OpenApiSchema, preserve: boolean): ListType {
  const items = schema.items;
  const element: TypeRef = isRecord(items) ? makeRef(items, preserve) : UNTYPED;
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') return { relationship: 'associative', keys: [], element };
  if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'];
    return { relationship: 'associative', keys: Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [], element };
  }
  if (listType === undefined) {
    const strategy = schema['x-kubernetes-patch-strategy'];
    if (strategy === 'merge' || strategy === 'merge,retainKeys') {
      const key = schema['x-kubernetes-patch-merge-key'];
      return { relationship: 'associative', keys: typeof key === 'string' ? [key] : [], element };
    }
  }
  return { relationship: 'atomic', keys: [], element };
}

const REF = (name: string): OpenApiSchema => ({ $ref: `#/components/schemas/${name}` });
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };

/** ObjectMeta with kube's list and map semantics, for custom resources when the built-in definitions are not loaded. */
const MINIMAL_META_DEFS: OpenApiDefinitions = {
  [OBJECT_META]: {
    type: 'object',
    properties: {
      annotations: STRING_MAP,
      creationTimestamp: REF('io.k8s.apimachinery.pkg.apis.meta.v1.Time'),
      deletionGracePeriodSeconds: { type: 'integer' },
      deletionTimestamp: REF('io.k8s.apimachinery.pkg.apis.meta.v1.Time'),
      finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      generateName: { type: 'string' },
      generation: { type: 'integer' },
      labels: STRING_MAP,
      managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, 'x-kubernetes-list-type': 'atomic' },
      name: { type: 'string' },
      namespace: { type: 'string' },
      ownerReferences: {
        type: 'array',
        items: REF('io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resourceVersion: { type: 'string' },
      selfLink: { type: 'string' },
      uid: { type: 'string' },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      blockOwnerDeletion: { type: 'boolean' },
      controller: { type: 'boolean' },
      kind: { type: 'string' },
      name: { type: 'string' },
      uid: { type: 'string' },
    },
    'x-kubernetes-map-type': 'atomic',
  },
};
