// `GET /openapi/v2` in protobuf, for client-go's `OpenAPISchema()` (and `kubectl explain
// --output=plaintext-openapiv2`), which ask for
// `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and read the bytes as the
// `openapi.v2.Document` message of gnostic. kube-apiserver answers with Content-Type
// `application/com.github.proto-openapi.spec.v2.v1.0+protobuf`, no envelope, and 406 to an Accept
// it cannot answer. The Swagger JSON document is turned into that message as gnostic's compiler
// reads a JSON document: named maps become lists of `Named…` pairs, one-of choices become the
// wrapper messages, `x-…` extensions become `NamedAny` entries holding the value as YAML. Field
// numbers come from the generated protobuf data (`openapi.v2.*` messages).
import type { ServerResponse } from 'node:http';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { stringify as toYaml } from 'yaml';
import type { ProtoMessage } from './schema/data.js';
import { generatedProtobuf } from './schema/load.js';
import { sendBytes } from './respond.js';
import { notAcceptable } from './status.js';

/**
 * What client-go sends in its Accept header.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export const OPENAPI_V2_PROTOBUF_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/**
 * What kube-apiserver writes in its Content-Type header.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const PROTOBUF_SUBTYPES = new Set(['com.github.proto-openapi.spec.v2@v1.0+protobuf', 'com.github.proto-openapi.spec.v2.v1.0+protobuf']);

type Json = Record<string, unknown>;

/**
 * Which form of the document an Accept header asks for; undefined when neither (406).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function negotiateOpenApiV2(accept: string | undefined): 'json' | 'protobuf' | undefined {
  if (accept === undefined || accept.trim() === '') return 'json';
  const clauses = accept.split(',').map((part, index) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.map((p) => p.split('=')).find(([k]) => k?.trim() === 'q')?.[1];
    const [type = '', subType = ''] = range.toLowerCase().split('/');
    return { type, subType, q: q === undefined ? 1 : Number(q), index };
  });
  clauses.sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { type, subType, q } of clauses) {
    if (!(q > 0)) continue;
    if ((type === '*' && (subType === '*' || subType === '')) || (type === 'application' && (subType === 'json' || subType === '*'))) return 'json';
    if (type === 'application' && PROTOBUF_SUBTYPES.has(subType)) return 'protobuf';
  }
  return undefined;
}

/** Field numbers of the generated `openapi.v2.*` messages, by message and field name. */
let numbers: Map<string, Map<string, number>> | undefined;

function fieldNumber(message: string, field: string): number {
  numbers ??= new Map();
  let fields = numbers.get(message);
  if (fields === undefined) {
    const described: ProtoMessage | undefined = generatedProtobuf().messages[`openapi.v2.${message}`];
    if (described === undefined) throw new Error(`the generated protobuf data has no message openapi.v2.${message}`);
    fields = new Map(described.fields.map((f) => [f.name, f.number]));
    numbers.set(message, fields);
  }
  const n = fields.get(field);
  if (n === undefined) throw new Error(`openapi.v2.${message} has no field ${field}`);
  return n;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A writer for one message: proto3 rules (zero values are not written). */
class Message {
  constructor(private readonly w: BinaryWriter, private readonly name: string) {}

  string(field: string, value: unknown): void {
    if (typeof value === 'string' && value !== '') this.w.tag(fieldNumber(this.name, field), WireType.LengthDelimited).string(value);
  }

  strings(field: string, value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const v of value) if (typeof v === 'string') this.w.tag(fieldNumber(this.name, field), WireType.LengthDelimited).string(v);
  }

  bool(field: string, value: unknown): void {
    if (value === true) this.w.tag(fieldNumber(this.name, field), WireType.Varint).bool(true);
  }

  int64(field: string, value: unknown): void {
    if (typeof value === 'number' && value !== 0) this.w.tag(fieldNumber(this.name, field), WireType.Varint).int64(value);
  }

  double(field: string, value: unknown): void {
    if (typeof value === 'number' && value !== 0) this.w.tag(fieldNumber(this.name, field), WireType.Bit64).double(value);
  }

  message(field: string, type: string, write: (m: Message) => void): void {
    this.w.tag(fieldNumber(this.name, field), WireType.LengthDelimited).fork();
    write(new Message(this.w, type));
    this.w.join();
  }

  /** `x-…` keys of `json` as `NamedAny` entries. */
  extensions(field: string, json: Json): void {
    for (const [key, value] of Object.entries(json)) {
      if (!key.startsWith('x-')) continue;
      this.message(field, 'NamedAny', (m) => {
        m.string('name', key);
        m.message('value', 'Any', (a) => {
          a.string('yaml', yaml(value));
        });
      });
    }
  }

  any(field: string, value: unknown): void {
    if (value === undefined) return;
    this.message(field, 'Any', (a) => {
      a.string('yaml', yaml(value));
    });
  }
}

/** YAML as gnostic writes it (Go's yaml.v3): single quotes where quoting is needed, `""` for empty strings. */
function yaml(value: unknown): string {
  return toYaml(value, { lineWidth: 0, singleQuote: true }).replace(/(^|: |- )''$/gm, '$1""');
}

/** The validation keywords shared by schemas, parameters and primitive items. */
function keywords(m: Message, json: Json): void {
  m.double('maximum', json.maximum);
  m.bool('exclusive_maximum', json.exclusiveMaximum);
  m.double('minimum', json.minimum);
  m.bool('exclusive_minimum', json.exclusiveMinimum);
  m.int64('max_length', json.maxLength);
  m.int64('min_length', json.minLength);
  m.string('pattern', json.pattern);
  m.int64('max_items', json.maxItems);
  m.int64('min_items', json.minItems);
  m.bool('unique_items', json.uniqueItems);
}

function enumValues(m: Message, value: unknown): void {
  if (Array.isArray(value)) for (const v of value) m.any('enum', v);
}

function schema(m: Message, json: Json): void {
  m.string('_ref', json.$ref);
  m.string('format', json.format);
  m.string('title', json.title);
  m.string('description', json.description);
  m.any('default', json.default);
  m.double('multiple_of', json.multipleOf);
  keywords(m, json);
  m.int64('max_properties', json.maxProperties);
  m.int64('min_properties', json.minProperties);
  m.strings('required', json.required);
  enumValues(m, json.enum);
  const extra = json.additionalProperties;
  if (typeof extra === 'boolean') {
    m.message('additional_properties', 'AdditionalPropertiesItem', (a) => {
      a.bool('boolean', extra);
    });
  } else if (isObject(extra)) {
    m.message('additional_properties', 'AdditionalPropertiesItem', (a) => {
      a.message('schema', 'Schema', (s) => {
        schema(s, extra);
      });
    });
  }
  const type = json.type;
  if (type !== undefined) {
    m.message('type', 'TypeItem', (t) => {
      t.strings('value', Array.isArray(type) ? type : [type]);
    });
  }
  const items = json.items;
  if (isObject(items) || Array.isArray(items)) {
    m.message('items', 'ItemsItem', (i) => {
      for (const item of Array.isArray(items) ? items : [items]) {
        if (isObject(item)) {
          i.message('schema', 'Schema', (s) => {
            schema(s, item);
          });
        }
      }
    });
  }
  if (Array.isArray(json.allOf)) {
    for (const part of json.allOf) {
      if (isObject(part)) {
        m.message('all_of', 'Schema', (s) => {
          schema(s, part);
        });
      }
    }
  }
  const properties = json.properties;
  if (isObject(properties)) {
    m.message('properties', 'Properties', (p) => {
      named(p, 'additional_properties', 'NamedSchema', 'Schema', properties, schema);
    });
  }
  m.string('discriminator', json.discriminator);
  m.bool('read_only', json.readOnly);
  m.any('example', json.example);
  m.extensions('vendor_extension', json);
}

/** A JSON object's entries as repeated `Named…` messages `{ name, value }`. */
function named(m: Message, field: string, pair: string, type: string, json: Json, write: (m: Message, value: Json) => void): void {
  for (const [name, value] of Object.entries(json)) {
    if (!isObject(value)) continue;
    m.message(field, pair, (n) => {
      n.string('name', name);
      n.message('value', type, (v) => {
        write(v, value);
      });
    });
  }
}

function primitivesItems(m: Message, json: Json): void {
  m.string('type', json.type);
  m.string('format', json.format);
  if (isObject(json.items)) {
    const items = json.items;
    m.message('items', 'PrimitivesItems', (i) => {
      primitivesItems(i, items);
    });
  }
  m.string('collection_format', json.collectionFormat);
  m.any('default', json.default);
  keywords(m, json);
  enumValues(m, json.enum);
  m.double('multiple_of', json.multipleOf);
  m.extensions('vendor_extension', json);
}

const SUB_SCHEMAS: Record<string, [field: string, message: string]> = {
  header: ['header_parameter_sub_schema', 'HeaderParameterSubSchema'],
  formData: ['form_data_parameter_sub_schema', 'FormDataParameterSubSchema'],
  query: ['query_parameter_sub_schema', 'QueryParameterSubSchema'],
  path: ['path_parameter_sub_schema', 'PathParameterSubSchema'],
};

function parameter(m: Message, json: Json): void {
  if (json.in === 'body') {
    m.message('body_parameter', 'BodyParameter', (b) => {
      b.string('description', json.description);
      b.string('name', json.name);
      b.string('in', json.in);
      b.bool('required', json.required);
      if (isObject(json.schema)) {
        const s = json.schema;
        b.message('schema', 'Schema', (w) => {
          schema(w, s);
        });
      }
      b.extensions('vendor_extension', json);
    });
    return;
  }
  const sub = SUB_SCHEMAS[typeof json.in === 'string' ? json.in : ''];
  if (sub === undefined) return;
  m.message('non_body_parameter', 'NonBodyParameter', (n) => {
    n.message(sub[0], sub[1], (p) => {
      p.bool('required', json.required);
      p.string('in', json.in);
      p.string('description', json.description);
      p.string('name', json.name);
      if (json.in === 'query' || json.in === 'formData') p.bool('allow_empty_value', json.allowEmptyValue);
      p.string('type', json.type);
      p.string('format', json.format);
      if (isObject(json.items)) {
        const items = json.items;
        p.message('items', 'PrimitivesItems', (i) => {
          primitivesItems(i, items);
        });
      }
      p.string('collection_format', json.collectionFormat);
      p.any('default', json.default);
      keywords(p, json);
      enumValues(p, json.enum);
      p.double('multiple_of', json.multipleOf);
      p.extensions('vendor_extension', json);
    });
  });
}

function parametersItem(m: Message, json: Json): void {
  if (typeof json.$ref === 'string') {
    m.message('json_reference', 'JsonReference', (r) => {
      r.string('_ref', json.$ref);
      r.string('description', json.description);
    });
    return;
  }
  m.message('parameter', 'Parameter', (p) => {
    parameter(p, json);
  });
}

function parameters(m: Message, field: string, value: unknown): void {
  if (!Array.isArray(value)) return;
  for (const p of value) {
    if (isObject(p)) {
      m.message(field, 'ParametersItem', (i) => {
        parametersItem(i, p);
      });
    }
  }
}

function response(m: Message, json: Json): void {
  m.string('description', json.description);
  if (isObject(json.schema)) {
    const s = json.schema;
    m.message('schema', 'SchemaItem', (i) => {
      i.message('schema', 'Schema', (w) => {
        schema(w, s);
      });
    });
  }
  m.extensions('vendor_extension', json);
}

function operation(m: Message, json: Json): void {
  m.strings('tags', json.tags);
  m.string('summary', json.summary);
  m.string('description', json.description);
  m.string('operation_id', json.operationId);
  m.strings('produces', json.produces);
  m.strings('consumes', json.consumes);
  parameters(m, 'parameters', json.parameters);
  const responses = json.responses;
  if (isObject(responses)) {
    m.message('responses', 'Responses', (r) => {
      for (const [code, value] of Object.entries(responses)) {
        if (code.startsWith('x-') || !isObject(value)) continue;
        r.message('response_code', 'NamedResponseValue', (n) => {
          n.string('name', code);
          n.message('value', 'ResponseValue', (v) => {
            if (typeof value.$ref === 'string') {
              v.message('json_reference', 'JsonReference', (j) => {
                j.string('_ref', value.$ref);
              });
            } else {
              v.message('response', 'Response', (w) => {
                response(w, value);
              });
            }
          });
        });
      }
      r.extensions('vendor_extension', responses);
    });
  }
  m.strings('schemes', json.schemes);
  m.bool('deprecated', json.deprecated);
  m.extensions('vendor_extension', json);
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

function pathItem(m: Message, json: Json): void {
  m.string('_ref', json.$ref);
  for (const method of METHODS) {
    const op = json[method];
    if (isObject(op)) {
      m.message(method, 'Operation', (o) => {
        operation(o, op);
      });
    }
  }
  parameters(m, 'parameters', json.parameters);
  m.extensions('vendor_extension', json);
}

function securityDefinition(m: Message, json: Json): void {
  // Kubernetes publishes one kind of scheme: a bearer token in a header (apiKey).
  if (json.type !== 'apiKey') return;
  m.message('api_key_security', 'ApiKeySecurity', (k) => {
    k.string('type', json.type);
    k.string('name', json.name);
    k.string('in', json.in);
    k.string('description', json.description);
    k.extensions('vendor_extension', json);
  });
}

/**
 * A Swagger 2.0 JSON document as the bytes of gnostic's `openapi.v2.Document`.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function encodeOpenApiV2(doc: Json): Uint8Array {
  const w = new BinaryWriter();
  const m = new Message(w, 'Document');
  m.string('swagger', doc.swagger);
  if (isObject(doc.info)) {
    const info = doc.info;
    m.message('info', 'Info', (i) => {
      i.string('title', info.title);
      i.string('version', info.version);
      i.string('description', info.description);
      i.string('terms_of_service', info.termsOfService);
      i.extensions('vendor_extension', info);
    });
  }
  m.string('host', doc.host);
  m.string('base_path', doc.basePath);
  m.strings('schemes', doc.schemes);
  m.strings('consumes', doc.consumes);
  m.strings('produces', doc.produces);
  if (isObject(doc.paths)) {
    const paths = doc.paths;
    m.message('paths', 'Paths', (p) => {
      p.extensions('vendor_extension', paths);
      named(p, 'path', 'NamedPathItem', 'PathItem', Object.fromEntries(Object.entries(paths).filter(([k]) => !k.startsWith('x-'))), pathItem);
    });
  }
  if (isObject(doc.definitions)) {
    const definitions = doc.definitions;
    m.message('definitions', 'Definitions', (d) => {
      named(d, 'additional_properties', 'NamedSchema', 'Schema', definitions, schema);
    });
  }
  if (isObject(doc.parameters)) {
    const defined = doc.parameters;
    m.message('parameters', 'ParameterDefinitions', (d) => {
      named(d, 'additional_properties', 'NamedParameter', 'Parameter', defined, parameter);
    });
  }
  if (isObject(doc.responses)) {
    const defined = doc.responses;
    m.message('responses', 'ResponseDefinitions', (d) => {
      named(d, 'additional_properties', 'NamedResponse', 'Response', defined, response);
    });
  }
  if (Array.isArray(doc.security)) {
    for (const requirement of doc.security) {
      if (!isObject(requirement)) continue;
      m.message('security', 'SecurityRequirement', (s) => {
        for (const [name, scopes] of Object.entries(requirement)) {
          s.message('additional_properties', 'NamedStringArray', (n) => {
            n.string('name', name);
            n.message('value', 'StringArray', (a) => {
              a.strings('value', scopes);
            });
          });
        }
      });
    }
  }
  if (isObject(doc.securityDefinitions)) {
    const defined = doc.securityDefinitions;
    m.message('security_definitions', 'SecurityDefinitions', (d) => {
      named(d, 'additional_properties', 'NamedSecurityDefinitionsItem', 'SecurityDefinitionsItem', defined, securityDefinition);
    });
  }
  m.extensions('vendor_extension', doc);
  return w.finish();
}

/** The protobuf made of each served JSON document (the JSON Buffer changes when the document does). */
const encoded = new WeakMap<Buffer, Buffer>();

/**
 * Answers `GET /openapi/v2` when the client asks for protobuf (or for nothing the server has:
 * 406); returns false when the JSON document is to be written.
 */
export function serveOpenApiV2(accept: string | undefined, res: ServerResponse, jsonDocument: () => Buffer): boolean {
  const wanted = negotiateOpenApiV2(accept);
  if (wanted === 'json') return false;
  if (wanted === undefined) throw notAcceptable(`only the following media types are accepted: application/json, ${OPENAPI_V2_PROTOBUF_ACCEPT}`);
  const json = jsonDocument();
  let bytes = encoded.get(json);
  if (bytes === undefined) {
    const made = encodeOpenApiV2(JSON.parse(json.toString('utf8')) as Json);
    bytes = Buffer.from(made.buffer, made.byteOffset, made.byteLength);
    encoded.set(json, bytes);
  }
  sendBytes(res, 200, bytes, OPENAPI_V2_PROTOBUF_CONTENT_TYPE, { Vary: 'Accept' });
  return true;
}
