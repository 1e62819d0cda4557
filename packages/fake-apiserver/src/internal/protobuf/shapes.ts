// Kubernetes types whose JSON is another shape of their own message fields: a named slice type
// ('list': a bare array ↔ { items }) and the apiextensions types with hand-written JSON (JSON,
// JSONSchemaPropsOrBool, JSONSchemaPropsOrArray, JSONSchemaPropsOrStringArray). Their messages are
// read and written field by field as usual; these adapters turn the JSON into those fields and back.
import type { ProtoMessage } from '../schema/data.js';
import { invalid, type Path } from './errors-invalid.js';
import { base64ToBytes, bytesToBase64, fromUtf8, goJsonText, utf8 } from './text.js';

/** JSON ↔ the JSON of the message's own fields (Go field names where the field has no JSON name). */
export interface Shape {
  /** The fields to write, or `undefined` to write nothing (a nil value). */
  toFields(json: unknown, path: Path): Record<string, unknown> | undefined;
  fromFields(fields: Record<string, unknown>, path: Path): unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const SHAPES: Readonly<Record<string, Shape>> = {
  list: {
    toFields(json, path) {
      if (json === null || json === undefined) return undefined;
      if (!Array.isArray(json)) throw invalid(path, 'an array', json);
      return { items: json };
    },
    fromFields: (fields) => fields.items ?? [],
  },
  // Any JSON value, kept as its text.
  JSON: {
    toFields: (json) => (json === null || json === undefined ? {} : { raw: bytesToBase64(utf8(goJsonText(json))) }),
    fromFields(fields, path) {
      const raw = typeof fields.raw === 'string' ? base64ToBytes(fields.raw) : undefined;
      if (raw === undefined || raw.length === 0) return null;
      try {
        return JSON.parse(fromUtf8(raw)) as unknown;
      } catch (err) {
        throw invalid(path, 'JSON text', fromUtf8(raw), err);
      }
    },
  },
  // A boolean, or a schema (which allows).
  JSONSchemaPropsOrBool: {
    toFields(json, path) {
      if (json === null || json === undefined) return { Allows: false };
      if (typeof json === 'boolean') return { Allows: json };
      if (!isObject(json)) throw invalid(path, 'a boolean or a schema', json);
      return { Allows: true, Schema: json };
    },
    fromFields: (fields) => (isObject(fields.Schema) ? fields.Schema : fields.Allows === true),
  },
  // A schema, or an array of schemas.
  JSONSchemaPropsOrArray: {
    toFields(json, path) {
      if (json === null || json === undefined) return {};
      if (Array.isArray(json)) return { JSONSchemas: json };
      if (!isObject(json)) throw invalid(path, 'a schema or an array of schemas', json);
      return { Schema: json };
    },
    fromFields: (fields) => (Array.isArray(fields.JSONSchemas) && fields.JSONSchemas.length > 0 ? fields.JSONSchemas : (fields.Schema ?? null)),
  },
  // A schema, or an array of property names.
  JSONSchemaPropsOrStringArray: {
    toFields(json, path) {
      if (json === null || json === undefined) return {};
      if (Array.isArray(json)) return { Property: json };
      if (!isObject(json)) throw invalid(path, 'a schema or an array of strings', json);
      return { Schema: json };
    },
    fromFields: (fields) => (Array.isArray(fields.Property) && fields.Property.length > 0 ? fields.Property : (fields.Schema ?? null)),
  },
};

const APIEXTENSIONS = /^k8s\.io\/apiextensions-apiserver\/pkg\/apis\/apiextensions\/v1(?:beta1)?\.(JSON|JSONSchemaPropsOrBool|JSONSchemaPropsOrArray|JSONSchemaPropsOrStringArray)$/;

const shapes = new WeakMap<ProtoMessage, Shape | null>();

/** The shape adapter of a message, if its JSON is not its fields. */
export function shapeOf(msg: ProtoMessage): Shape | undefined {
  let shape = shapes.get(msg);
  if (shape === undefined) {
    const name = msg.special ?? APIEXTENSIONS.exec(msg.goType)?.[1];
    shape = (name === undefined ? undefined : SHAPES[name]) ?? null;
    shapes.set(msg, shape);
  }
  return shape ?? undefined;
}
