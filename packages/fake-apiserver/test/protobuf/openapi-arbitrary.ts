// fast-check arbitraries of Kubernetes objects from their OpenAPI v3 schemas (data/openapi.json.gz),
// in the forms Go writes: times in whole seconds (MicroTime with six digits), canonical
// quantities, Go duration strings, base64 bytes, int-or-string both ways, embedded JSON objects.
// Nesting is capped so that objects stay small.
import fc from 'fast-check';
import type { OpenApiSchema } from '../../src/internal/schema/data.js';
import { formatGoDuration } from '../../src/internal/protobuf/go-time.js';

type Schemas = Readonly<Record<string, OpenApiSchema>>;

const REF = '#/components/schemas/';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const shortString = fc.string({ maxLength: 6 });
const key = fc.string({ maxLength: 5 });
// Unix seconds between 1900 and 2200.
const seconds = fc.integer({ min: -2_208_988_800, max: 7_258_118_400 });
const isoSeconds = (s: number): string => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const time = seconds.map(isoSeconds);
const microTime = fc
  .tuple(seconds, fc.integer({ min: 0, max: 999_999 }))
  .map(([s, us]) => isoSeconds(s).replace('Z', `.${String(us).padStart(6, '0')}Z`));
// Quantities in canonical form (what Go writes back for them).
const quantity = fc.constantFrom('0', '1', '100m', '1500m', '2', '128Mi', '1Gi', '3Ki', '10G', '5k', '1e3', '250u');
const intOrString = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), shortString);
const duration = fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }).map(formatGoDuration);
const base64 = fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString('base64'));
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    shortString,
    fc.array(tie('value'), { maxLength: 2 }),
    fc.dictionary(key, tie('value'), { maxKeys: 2 }),
  ),
})).value;
const jsonObject = fc.dictionary(key, json, { maxKeys: 3 });
// A FieldsV1 set: nested objects of field names.
const fieldsV1 = fc.dictionary(fc.constantFrom('f:a', 'f:b', 'k:{"x":"1"}', '.'), fc.constant({}), { maxKeys: 3 });

/** Builds arbitraries for the definitions of one OpenAPI document. */
export function openApiArbitraries(schemas: Schemas, maxDepth = 4): (definition: string) => fc.Arbitrary<Record<string, unknown>> {
  const cache = new Map<string, fc.Arbitrary<unknown>>();

  const byName = (name: string, depth: number): fc.Arbitrary<unknown> => {
    switch (name) {
      case `${META}.Time`:
        return time;
      case `${META}.MicroTime`:
        return microTime;
      case `${META}.Duration`:
        return duration;
      case `${META}.FieldsV1`:
        return fieldsV1;
      case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
        return quantity;
      case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
        return intOrString;
      case 'io.k8s.apimachinery.pkg.runtime.RawExtension':
        return jsonObject;
      case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON':
        return json;
      default:
        break;
    }
    const cacheKey = `${name}@${depth}`;
    let arb = cache.get(cacheKey);
    if (arb === undefined) {
      const schema = schemas[name];
      if (schema === undefined) throw new Error(`no OpenAPI schema ${name}`);
      // A placeholder breaks cycles (JSONSchemaProps refers to itself).
      cache.set(cacheKey, fc.constant({}));
      arb = fromSchema(schema, depth, true);
      cache.set(cacheKey, arb);
    }
    return arb;
  };

  const fromSchema = (schema: OpenApiSchema, depth: number, topOfDefinition = false): fc.Arbitrary<unknown> => {
    const ref = refOf(schema);
    if (ref !== undefined) return byName(ref, depth);
    const type = schema.type;
    switch (type) {
      case 'string':
        if (schema.format === 'byte') return base64;
        if (schema.format === 'date-time') return time;
        return shortString;
      case 'integer':
        return schema.format === 'int32' ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) : fc.maxSafeInteger();
      case 'number':
        return schema.format === 'float' ? fc.float({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)) : number;
      case 'boolean':
        return fc.boolean();
      case 'array':
        if (depth >= maxDepth) return fc.constant([]);
        return fc.array(fromSchema(schema.items as OpenApiSchema, depth + 1), { maxLength: 2 });
      default:
        break;
    }
    const properties = schema.properties as Record<string, OpenApiSchema> | undefined;
    const additional = schema.additionalProperties;
    if (properties !== undefined) {
      if (depth >= maxDepth) return fc.constant({});
      const hasTypeMeta = Array.isArray(schema['x-kubernetes-group-version-kind']);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [prop, propSchema] of Object.entries(properties)) {
        // Type meta of an object is in the envelope, not in its message.
        if (hasTypeMeta && (prop === 'kind' || prop === 'apiVersion')) continue;
        if (topOfDefinition && hasTypeMeta && prop === 'metadata' && depth > 0) continue;
        record[prop] = fromSchema(propSchema, depth + 1);
      }
      return fc.record(record, { requiredKeys: [] });
    }
    if (additional !== undefined && additional !== false && typeof additional === 'object') {
      if (depth >= maxDepth) return fc.constant({});
      return fc.dictionary(key, fromSchema(additional as OpenApiSchema, depth + 1), { maxKeys: 2 });
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === true) return jsonObject;
    return fc.constant({});
  };

  return (definition) => byName(definition, 0) as fc.Arbitrary<Record<string, unknown>>;
}

function refOf(schema: OpenApiSchema): string | undefined {
  const direct = schema.$ref;
  if (typeof direct === 'string') return direct.slice(REF.length);
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 1) {
    const inner = (allOf[0] as OpenApiSchema).$ref;
    if (typeof inner === 'string') return inner.slice(REF.length);
  }
  return undefined;
}
