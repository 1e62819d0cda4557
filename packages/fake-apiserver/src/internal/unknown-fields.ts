// Unknown fields, found from OpenAPI schemas the way kube-apiserver finds them:
// - built-in kinds decode into Go structs: a field the schema does not declare is reported and
//   dropped, in document order, interleaved with duplicated fields (a repeated object field is
//   decoded into the first one, a repeated scalar or list replaces it); types without declared
//   properties (RawExtension, FieldsV1, int-or-string, Quantity, …) take anything;
// - custom resources are pruned against their CRD's structural schema (sorted paths), after
//   their `metadata` is checked as ObjectMeta; embedded resources' `metadata` is checked last.
import type { OpenApiSchema } from './schema/data.js';
import {
  childPath,
  duplicateField,
  indexPath,
  unknownField,
  type JsonNode,
} from './duplicate-fields.js';
import { isJsonObject, setOwn, type JsonObject } from './json-value.js';

const REF_PREFIX = '#/components/schemas/';

/** Named OpenAPI v3 definitions (`components.schemas`), references `#/components/schemas/<name>`. */
export type SchemaDefinitions = Readonly<Record<string, OpenApiSchema>>;

/** The ObjectMeta definition name in kube's OpenAPI documents. */
export const OBJECT_META_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** The referenced definition's name, for `$ref` and a single-element `allOf` holding one. */
export function refName(schema: OpenApiSchema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const ref = schema.$ref;
  if (typeof ref === 'string') return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1) return refName(record(allOf[0]));
  return undefined;
}

/** A schema with its references followed (kube wraps references in `allOf` to add a description). */
export function resolveSchema(defs: SchemaDefinitions, schema: OpenApiSchema | undefined): OpenApiSchema | undefined {
  let current = schema;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    const name = refName(current);
    if (name === undefined) return current;
    current = Object.hasOwn(defs, name) ? defs[name] : undefined;
  }
  return current;
}

function properties(schema: OpenApiSchema): Readonly<Record<string, OpenApiSchema>> | undefined {
  return record(schema.properties) as Readonly<Record<string, OpenApiSchema>> | undefined;
}

function additional(schema: OpenApiSchema): OpenApiSchema | undefined {
  return record(schema.additionalProperties);
}

function items(schema: OpenApiSchema): OpenApiSchema | undefined {
  return record(schema.items);
}

/** A Go type that takes any JSON: no declared properties, preserved unknown fields, int-or-string. */
function isOpaque(schema: OpenApiSchema): boolean {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-int-or-string'] === true) return true;
  return properties(schema) === undefined && additional(schema) === undefined && items(schema) === undefined;
}

/** A schema prepared for decoding: references resolved on first use. */
interface Compiled {
  readonly opaque: boolean;
  readonly props: Readonly<Record<string, OpenApiSchema>> | undefined;
  /** Items (array) or values (map) schema, resolved. */
  readonly inner: OpenApiSchema | undefined;
}

const compiledSchemas = new WeakMap<SchemaDefinitions, WeakMap<OpenApiSchema, Compiled>>();

function compile(defs: SchemaDefinitions, schema: OpenApiSchema): Compiled {
  let cache = compiledSchemas.get(defs);
  if (cache === undefined) {
    cache = new WeakMap();
    compiledSchemas.set(defs, cache);
  }
  let compiled = cache.get(schema);
  if (compiled === undefined) {
    const opaque = isOpaque(schema);
    const props = properties(schema);
    const inner = resolveSchema(defs, items(schema) ?? additional(schema));
    compiled = { opaque, props, inner };
    cache.set(schema, compiled);
  }
  return compiled;
}

/** A field path built only when a problem needs it. */
interface PathRef {
  readonly parent: PathRef | undefined;
  readonly key: string | number;
}

function pathText(ref: PathRef | undefined, base: string): string {
  if (ref === undefined) return base;
  const parent = pathText(ref.parent, base);
  return typeof ref.key === 'number' ? indexPath(parent, ref.key) : childPath(parent, ref.key);
}

function assign(out: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') setOwn(out, key, value);
  else out[key] = value;
}

/** A node's value as JSON.parse would give it (a repeated key keeps its last value). */
function plainValue(node: JsonNode): unknown {
  if (node.type === 'scalar') return node.value;
  if (node.type === 'array') return node.items.map(plainValue);
  const out: JsonObject = {};
  for (const [key, child] of node.entries) assign(out, key, plainValue(child));
  return out;
}

/**
 * Decodes a scanned JSON document as a Go struct of `schema` would be decoded by kube's strict
 * decoder: returns the value without unknown fields, and appends `unknown field "…"` and
 * `duplicate field "…"` to `problems` in document order.
 */
export function decodeTyped(defs: SchemaDefinitions, node: JsonNode, schema: OpenApiSchema | undefined, problems: string[], path = ''): unknown {
  const decoder = new TypedDecoder(defs, problems, path);
  return decoder.decode(node, resolveSchema(defs, schema), undefined, undefined);
}

class TypedDecoder {
  constructor(
    private readonly defs: SchemaDefinitions,
    private readonly problems: string[],
    private readonly base: string,
  ) {}

  decode(node: JsonNode, schema: OpenApiSchema | undefined, path: PathRef | undefined, into: unknown): unknown {
    if (schema === undefined) return plainValue(node);
    const c = compile(this.defs, schema);
    if (c.opaque || node.type === 'scalar') return plainValue(node);
    if (node.type === 'array') {
      const inner = c.inner;
      return node.items.map((item, i) => this.decode(item, inner, { parent: path, key: i }, undefined));
    }
    const merging = isJsonObject(into);
    const out: JsonObject = merging ? into : {};
    // Keys seen in this object literal (a merge target already holds keys of an earlier one).
    const seen = merging ? new Set<string>() : undefined;
    const repeated = (key: string): boolean => {
      if (seen === undefined) return Object.hasOwn(out, key);
      const had = seen.has(key);
      seen.add(key);
      return had;
    };
    if (c.props !== undefined) {
      // A struct: declared fields only; a repeated object field decodes into the first one.
      for (const [key, child] of node.entries) {
        const prop = Object.hasOwn(c.props, key) ? c.props[key] : undefined;
        const at: PathRef = { parent: path, key };
        if (prop === undefined) {
          this.problems.push(unknownField(pathText(at, this.base)));
          continue;
        }
        const dup = repeated(key);
        if (dup) this.problems.push(duplicateField(pathText(at, this.base)));
        const existing = Object.hasOwn(out, key) ? out[key] : undefined;
        assign(out, key, this.decode(child, resolveSchema(this.defs, prop), at, existing));
      }
      return out;
    }
    // A map: every key is allowed; a repeated key replaces the value.
    for (const [key, child] of node.entries) {
      const at: PathRef = { parent: path, key };
      if (repeated(key)) this.problems.push(duplicateField(pathText(at, this.base)));
      assign(out, key, this.decode(child, c.inner, at, undefined));
    }
    return out;
  }
}

/** A JSON value as a node whose object keys are sorted, as Go writes a `map[string]interface{}`. */
export function sortedNode(value: unknown): JsonNode {
  if (Array.isArray(value)) return { type: 'array', items: value.map(sortedNode) };
  if (isJsonObject(value)) {
    return { type: 'object', entries: Object.keys(value).sort().map((k) => [k, sortedNode(value[k])] as const) };
  }
  if (value === undefined) return { type: 'scalar', value: null };
  return { type: 'scalar', value: value as string | number | boolean | null };
}

/** A JSON value as a node keeping its own key order. */
export function valueNode(value: unknown): JsonNode {
  if (Array.isArray(value)) return { type: 'array', items: value.map(valueNode) };
  if (isJsonObject(value)) return { type: 'object', entries: Object.entries(value).map(([k, v]) => [k, valueNode(v)] as const) };
  if (value === undefined) return { type: 'scalar', value: null };
  return { type: 'scalar', value: value as string | number | boolean | null };
}

/**
 * Checks an object's `metadata` as ObjectMeta (as apiextensions-apiserver does for custom
 * resources: the metadata is re-encoded with sorted keys and strictly decoded). Unknown fields
 * are dropped from `obj.metadata` and reported as `<prefix>metadata.<field>`.
 */
export function checkObjectMeta(defs: SchemaDefinitions, obj: JsonObject, prefix: string, problems: string[]): void {
  if (!Object.hasOwn(obj, 'metadata') || !isJsonObject(obj.metadata)) return;
  const meta = Object.hasOwn(defs, OBJECT_META_SCHEMA) ? defs[OBJECT_META_SCHEMA] : undefined;
  if (meta === undefined) return;
  const found: string[] = [];
  const cleaned = decodeTyped(defs, sortedNode(obj.metadata), meta, found, childPath(prefix, 'metadata'));
  if (found.length === 0) return;
  problems.push(...found);
  // Keep the client's key order; only the unknown fields go.
  setOwn(obj, 'metadata', keepKnown(obj.metadata, cleaned));
}

function keepKnown(original: unknown, cleaned: unknown): unknown {
  if (Array.isArray(original) && Array.isArray(cleaned)) return original.map((v, i) => keepKnown(v, cleaned[i]));
  if (isJsonObject(original) && isJsonObject(cleaned)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(original)) if (Object.hasOwn(cleaned, k)) setOwn(out, k, keepKnown(v, cleaned[k]));
    return out;
  }
  return original;
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Prunes a custom resource against its CRD version's structural schema, in place, as
 * apiextensions-apiserver does: fields the schema does not specify go (unless
 * `x-kubernetes-preserve-unknown-fields`), `apiVersion`/`kind`/`metadata` stay at the root and in
 * embedded resources. Returns the pruned paths, sorted.
 */
export function pruneStructural(obj: unknown, schema: OpenApiSchema | undefined): string[] {
  const pruned: string[] = [];
  const root: OpenApiSchema = { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true };
  prune(obj, root, '', pruned);
  return pruned.sort();
}

function prune(x: unknown, s: OpenApiSchema | undefined, path: string, pruned: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
    skipPrune(x, s, path, pruned);
    return;
  }
  if (isJsonObject(x)) {
    if (s === undefined) {
      for (const k of Object.keys(x)) {
        pruned.push(childPath(path, k));
        Reflect.deleteProperty(x, k);
      }
      return;
    }
    const props = properties(s);
    const extra = additional(s);
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    for (const [k, v] of Object.entries(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const prop = props !== undefined && Object.hasOwn(props, k) ? props[k] : undefined;
      if (prop !== undefined) prune(v, prop, childPath(path, k), pruned);
      else if (extra !== undefined) prune(v, extra, childPath(path, k), pruned);
      else {
        if (!META_FIELDS.has(k) || path !== '') pruned.push(childPath(path, k));
        Reflect.deleteProperty(x, k);
      }
    }
  } else if (Array.isArray(x)) {
    const itemSchema = s === undefined ? undefined : items(s);
    x.forEach((v, i) => {
      prune(v, itemSchema, indexPath(path, i), pruned);
    });
  }
}

function skipPrune(x: unknown, s: OpenApiSchema, path: string, pruned: string[]): void {
  if (isJsonObject(x)) {
    const props = properties(s);
    const extra = additional(s);
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    for (const [k, v] of Object.entries(x)) {
      if (embedded && META_FIELDS.has(k)) continue;
      const prop = props !== undefined && Object.hasOwn(props, k) ? props[k] : undefined;
      if (prop !== undefined) prune(v, prop, childPath(path, k), pruned);
      else if (extra !== undefined) prune(v, extra, childPath(path, k), pruned);
    }
  } else if (Array.isArray(x)) {
    const itemSchema = items(s);
    x.forEach((v, i) => {
      if (itemSchema !== undefined) skipPrune(v, itemSchema, indexPath(path, i), pruned);
    });
  }
}

/**
 * Checks the `metadata` of every embedded resource (`x-kubernetes-embedded-resource`) inside a
 * custom resource as ObjectMeta, dropping unknown fields. Returns the unknown paths, sorted.
 */
export function checkEmbeddedObjectMeta(defs: SchemaDefinitions, obj: unknown, schema: OpenApiSchema | undefined): string[] {
  const found: string[] = [];
  const visit = (x: unknown, s: OpenApiSchema | undefined, path: string, root: boolean): void => {
    if (s === undefined) return;
    if (isJsonObject(x)) {
      if (!root && s['x-kubernetes-embedded-resource'] === true) checkObjectMeta(defs, x, path, found);
      const props = properties(s);
      const extra = additional(s);
      for (const [k, v] of Object.entries(x)) {
        if (root && META_FIELDS.has(k)) continue;
        const prop = props !== undefined && Object.hasOwn(props, k) ? props[k] : undefined;
        if (prop !== undefined) visit(v, prop, childPath(path, k), false);
        else if (extra !== undefined) visit(v, extra, childPath(path, k), false);
      }
    } else if (Array.isArray(x)) {
      const itemSchema = items(s);
      x.forEach((v, i) => {
        visit(v, itemSchema, indexPath(path, i), false);
      });
    }
  };
  visit(obj, schema, '', true);
  return found.sort();
}
