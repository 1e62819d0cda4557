// Defaulting of custom resources from the `default:` values of their CRD version's structural
// schema, as kube-apiserver does it (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting):
// an absent property with a default gets a copy of it, then is walked like any other value, so
// the defaults of nested properties apply only where their parent exists or was defaulted; a
// null in a property that is not nullable is replaced by the default, or dropped when there is
// none. And the checks kube-apiserver makes of those defaults when a CRD is written.
import { validateDefault } from './crd-validation.js';
import { cloneJson, isJsonObject, setOwn, type JsonObject } from './json-value.js';
import type { OpenApiSchema } from './schema/data.js';
import type { FieldCause } from './validation.js';

function schemaOf(value: unknown): OpenApiSchema | undefined {
  return isJsonObject(value) ? value : undefined;
}

function walk(value: unknown, schema: OpenApiSchema): void {
  if (Array.isArray(value)) {
    const items = schemaOf(schema.items);
    if (items === undefined) return;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null && items.nullable !== true && items.default !== undefined) value[i] = cloneJson(items.default);
      walk(value[i], items);
    }
    return;
  }
  if (!isJsonObject(value)) return;
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  for (const [name, sub] of Object.entries(properties)) {
    const s = schemaOf(sub);
    if (s === undefined) continue;
    const has = Object.hasOwn(value, name);
    if (has && value[name] === null && s.nullable !== true) {
      if (s.default === undefined) Reflect.deleteProperty(value, name);
      else setOwn(value, name, cloneJson(s.default));
    } else if (!has && s.default !== undefined) {
      setOwn(value, name, cloneJson(s.default));
    }
    if (Object.hasOwn(value, name)) walk(value[name], s);
  }
  const additional = schemaOf(schema.additionalProperties);
  if (additional !== undefined) {
    for (const [name, v] of Object.entries(value)) {
      if (Object.hasOwn(properties, name)) continue;
      if (v === null && additional.nullable !== true && additional.default !== undefined) setOwn(value, name, cloneJson(additional.default));
      walk(value[name], additional);
    }
  }
}

/** Fills in the schema's defaults in a custom resource, in place. */
export function defaultCustomResource(obj: JsonObject, root: OpenApiSchema): void {
  walk(obj, root);
}

/** Whether a schema declares any default (so objects need walking at all). */
export function hasDefaults(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasDefaults);
  if (!isJsonObject(schema)) return false;
  if (schema.default !== undefined) return true;
  return Object.entries(schema).some(([k, v]) => k !== 'default' && k !== 'enum' && k !== 'example' && hasDefaults(v));
}

/** Whether a value holds fields its schema would prune (kube's "must not have unknown fields"). */
function hasUnknownFields(value: unknown, schema: OpenApiSchema, embedded: boolean): boolean {
  if (Array.isArray(value)) {
    const items = schemaOf(schema.items);
    return items !== undefined && value.some((v) => hasUnknownFields(v, items, false));
  }
  if (!isJsonObject(value)) return false;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return false;
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const additional = schemaOf(schema.additionalProperties);
  const isEmbedded = embedded || schema['x-kubernetes-embedded-resource'] === true;
  for (const [name, v] of Object.entries(value)) {
    const s = schemaOf(properties[name]) ?? additional;
    if (s === undefined) {
      if (isEmbedded && (name === 'apiVersion' || name === 'kind' || name === 'metadata')) continue;
      return true;
    }
    if (hasUnknownFields(v, s, false)) return true;
  }
  return false;
}

function schemaErrors(schema: OpenApiSchema, path: string, out: FieldCause[]): void {
  if (schema.default !== undefined) {
    if (hasUnknownFields(schema.default, schema, false)) {
      out.push({ reason: 'FieldValueInvalid', field: `${path}.default`, message: `Invalid value: ${JSON.stringify(schema.default)}: must not have unknown fields` });
    } else {
      const value = cloneJson(schema.default);
      walk(value, schema);
      out.push(...validateDefault(value, schema, path));
    }
  }
  if (isJsonObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      const s = schemaOf(sub);
      if (s !== undefined) schemaErrors(s, `${path}.properties[${name}]`, out);
    }
  }
  const items = schemaOf(schema.items);
  if (items !== undefined) schemaErrors(items, `${path}.items`, out);
  const additional = schemaOf(schema.additionalProperties);
  if (additional !== undefined) schemaErrors(additional, `${path}.additionalProperties`, out);
}

/**
 * kube-apiserver's 422 causes for the defaults of a CRD version's schema: a default with fields
 * the schema would prune, or one that does not validate against its own schema. `path` is where
 * the schema is reported (`spec.validation.openAPIV3Schema` or `spec.versions[i].schema.openAPIV3Schema`).
 */
export function defaultsErrors(root: OpenApiSchema, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  schemaErrors(root, path, out);
  return out;
}
