// The strategic-merge metadata of the built-in kinds: which lists merge (and by which key) instead
// of being replaced, read from the generated OpenAPI definitions' `x-kubernetes-patch-strategy` and
// `x-kubernetes-patch-merge-key` (the `patchStrategy`/`patchMergeKey` tags of the k8s.io/api Go
// types, which is what kube-apiserver's strategic merge follows; list types alone do not make a
// list merge). Every list without a merge strategy is replaced by a patch, as in Kubernetes.
import { builtinDefinitions, definitionName } from './kind-schemas.js';
import type { KindInfo } from './kinds.js';
import type { OpenApiSchema } from './schema/data.js';
import { OBJECT_META_SCHEMA, refName, resolveSchema } from './unknown-fields.js';

/** How a strategic merge patch treats one field. */
export interface PatchField {
  /** `'merge'`: a list merges (by `mergeKey` for lists of objects, as a set for scalars). Lists replace otherwise. */
  readonly strategy?: 'merge';
  /** The item field identifying list items, e.g. `name` for containers. */
  readonly mergeKey?: string;
  /** The type of the field's value (or of its items, for a list), for fields inside it. */
  readonly type?: string;
}

/** The type of a kind without a definition: only its `metadata` is known. */
const OBJECT = 'Object';
/** Prefix of the type of a map's values (`map:<definition>`): every key of the map has that type. */
const MAP_PREFIX = 'map:';

/** The type name strategic merge starts from for a kind: its definition name (`Object`, metadata only, when unknown). */
export function rootPatchType(kind: KindInfo): string {
  return definitionName(builtinDefinitions(), kind.group, kind.version, kind.kind) ?? OBJECT;
}

const cache = new WeakMap<object, Map<string, PatchField>>();

function asSchema(value: unknown): OpenApiSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as OpenApiSchema) : undefined;
}

/** The definition a value of `schema` has, for looking into it: its items' for a list, `map:…` for a map. */
function valueType(schema: OpenApiSchema): string | undefined {
  const own = refName(schema);
  if (own !== undefined) return own;
  const items = asSchema(schema.items);
  if (items !== undefined) return refName(items);
  const values = asSchema(schema.additionalProperties);
  const valueName = values === undefined ? undefined : refName(values);
  return valueName === undefined ? undefined : `${MAP_PREFIX}${valueName}`;
}

function computePatchField(type: string, field: string): PatchField {
  if (type === OBJECT) return field === 'metadata' ? { type: OBJECT_META_SCHEMA } : {};
  if (type.startsWith(MAP_PREFIX)) return { type: type.slice(MAP_PREFIX.length) };
  const defs = builtinDefinitions();
  const schema = resolveSchema(defs, { $ref: `#/components/schemas/${type}` });
  const props = asSchema(schema?.properties);
  const prop = props !== undefined && Object.hasOwn(props, field) ? asSchema(props[field]) : undefined;
  if (prop === undefined) return {};
  const strategy = prop['x-kubernetes-patch-strategy'];
  const mergeKey = prop['x-kubernetes-patch-merge-key'];
  const valueOf = valueType(prop);
  return {
    ...(typeof strategy === 'string' && strategy.split(',').includes('merge') ? { strategy: 'merge' as const } : {}),
    ...(typeof mergeKey === 'string' ? { mergeKey } : {}),
    ...(valueOf === undefined ? {} : { type: valueOf }),
  };
}

/** The patch metadata of `field` inside a value of type `type`; `{}` (maps merge, lists replace) when unknown. */
export function patchField(type: string | undefined, field: string): PatchField {
  if (type === undefined) return {};
  const defs = builtinDefinitions();
  let fields = cache.get(defs);
  if (fields === undefined) {
    fields = new Map();
    cache.set(defs, fields);
  }
  const key = `${type}\u0000${field}`;
  let found = fields.get(key);
  if (found === undefined) {
    found = computePatchField(type, field);
    fields.set(key, found);
  }
  return found;
}
