// OpenAPI documents for kubectl and other clients. kubectl create/apply validate manifests by
// default; they accept a manifest without checking its fields when the kind's PATCH operations
// declare the `fieldValidation` query parameter (the server validates). What kubectl's OpenAPI v3
// reader needs, and what is published here:
// - an index `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}}}`;
// - per group version, operations carrying `x-kubernetes-group-version-kind` as ONE object and
//   every PATCH declaring `fieldValidation` inline (kubectl does not follow
//   `#/components/parameters/…` references and stops at the first PATCH of the kind it finds);
// - schemas named as Kubernetes names them (`io.k8s.api.core.v1.Pod`), with the GVK extension as
//   a list (that is how schema-level GVKs are read), permissive: any field is accepted.
import { createHash } from 'node:crypto';
import { SERVED_KUBERNETES_VERSION } from './discovery.js';
import type { KindInfo } from './kinds.js';
import {
  ADVERTISED_PATCH_TYPES,
  META_SCHEMAS,
  PARAMETERS,
  kindPaths,
  schemaName,
  type OperationSpec,
  type PathSpec,
} from './openapi-operations.js';

const PATH_PARAMETER_TEXT = {
  namespace: 'object name and auth scope, such as for teams and projects',
  name: 'name of the object',
} as const;

const SUCCESS: Record<OperationSpec['method'], [string, string][]> = {
  get: [['200', 'OK']],
  put: [['200', 'OK'], ['201', 'Created']],
  post: [['200', 'OK'], ['201', 'Created'], ['202', 'Accepted']],
  patch: [['200', 'OK'], ['201', 'Created']],
  delete: [['200', 'OK'], ['202', 'Accepted']],
};

/**
 * The document path of a group version in the v3 index: `api/v1` or `apis/{group}/{version}`.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function openApiV3GroupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function permissiveSchema(gvk: { group: string; version: string; kind: string }, what: string): object {
  return {
    description: `${what}. The fake API server accepts any fields here and checks only object metadata.`,
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }],
  };
}

/** Schemas for the kinds, their lists and the shared meta types, keyed by Kubernetes' schema names. */
function schemasFor(kinds: readonly KindInfo[]): Record<string, object> {
  const schemas: Record<string, object> = {
    [META_SCHEMAS.status]: { description: 'Status is the result of an operation that does not return an object.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    [META_SCHEMAS.patch]: { description: 'A patch document, in the format given by the request Content-Type.', type: 'object' },
    [META_SCHEMAS.deleteOptions]: { description: 'DeleteOptions may be provided when deleting an API object.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  };
  for (const k of kinds) {
    schemas[schemaName(k.group, k.version, k.kind)] = permissiveSchema(k, `A ${k.kind} (${k.apiVersion})`);
    schemas[schemaName(k.group, k.version, k.listKind)] = permissiveSchema({ ...k, kind: k.listKind }, `A list of ${k.kind} objects`);
  }
  return schemas;
}

function gvkExtension(op: OperationSpec): object {
  return { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
}

function tagOf(op: OperationSpec): string {
  return `${op.gvk.group === '' ? 'core' : op.gvk.group.replace(/\./g, '_')}_${op.gvk.version}`;
}

function v3Operation(op: OperationSpec): object {
  const ref = (name: string): object => ({ $ref: `#/components/schemas/${name}` });
  const responses: Record<string, object> = {};
  for (const [code, text] of SUCCESS[op.method]) {
    responses[code] = { description: text, content: { 'application/json': { schema: ref(op.responseSchema) } } };
  }
  responses['401'] = { description: 'Unauthorized' };
  const out: Record<string, unknown> = {
    tags: [tagOf(op)],
    description: op.description,
    operationId: op.operationId,
    parameters: op.query.map((name) => ({
      name,
      in: 'query',
      description: PARAMETERS[name].description,
      schema: { type: PARAMETERS[name].type, uniqueItems: true },
    })),
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': gvkExtension(op),
  };
  if (op.patch === true) {
    out.requestBody = { content: Object.fromEntries(ADVERTISED_PATCH_TYPES.map((t) => [t, { schema: ref(META_SCHEMAS.patch) }])), required: true };
  } else if (op.requestSchema !== undefined) {
    out.requestBody = { content: { '*/*': { schema: ref(op.requestSchema) } }, required: true };
  }
  return out;
}

function v3PathItem(p: PathSpec): object {
  const item: Record<string, unknown> = {
    parameters: p.pathParams.map((name) => ({
      name,
      in: 'path',
      description: PATH_PARAMETER_TEXT[name],
      required: true,
      schema: { type: 'string', uniqueItems: true },
    })),
  };
  for (const op of p.operations) item[op.method] = v3Operation(op);
  return item;
}

/**
 * `GET /openapi/v3/api/v1` or `/openapi/v3/apis/{group}/{version}`: the operations and permissive
 * schemas of one group version; undefined when no kind has that group and version.
 */
export function openApiV3Document(group: string, version: string, kinds: readonly KindInfo[]): object | undefined {
  const served = kinds.filter((k) => k.group === group && k.version === version);
  if (served.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const k of served) for (const p of kindPaths(k)) paths[p.path] = v3PathItem(p);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVED_KUBERNETES_VERSION.gitVersion },
    paths,
    components: { schemas: schemasFor(served) },
  };
}

/**
 * `GET /openapi/v3`: one entry per group version. The `hash` changes whenever that document
 * changes, so clients that cache documents by URL (kubectl does) refetch after a CRD is added.
 */
export function openApiV3Index(kinds: readonly KindInfo[]): object {
  const groupVersions = new Map<string, [string, string]>();
  for (const k of kinds) groupVersions.set(openApiV3GroupVersionPath(k.group, k.version), [k.group, k.version]);
  const paths: Record<string, object> = {};
  for (const [path, [group, version]] of groupVersions) {
    const hash = createHash('sha512').update(JSON.stringify(openApiV3Document(group, version, kinds))).digest('hex').toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

function v2Operation(op: OperationSpec): object {
  const ref = (name: string): object => ({ $ref: `#/definitions/${name}` });
  const parameters: object[] = op.query.map((name) => ({
    uniqueItems: true,
    type: PARAMETERS[name].type,
    description: PARAMETERS[name].description,
    name,
    in: 'query',
  }));
  if (op.patch === true) parameters.unshift({ name: 'body', in: 'body', required: true, schema: ref(META_SCHEMAS.patch) });
  else if (op.requestSchema !== undefined) parameters.unshift({ name: 'body', in: 'body', required: true, schema: ref(op.requestSchema) });
  const responses: Record<string, object> = {};
  for (const [code, text] of SUCCESS[op.method]) responses[code] = { description: text, schema: ref(op.responseSchema) };
  responses['401'] = { description: 'Unauthorized' };
  return {
    description: op.description,
    consumes: op.patch === true ? [...ADVERTISED_PATCH_TYPES] : ['*/*'],
    produces: ['application/json'],
    schemes: ['https'],
    tags: [tagOf(op)],
    operationId: op.operationId,
    parameters,
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': gvkExtension(op),
  };
}

/** `GET /openapi/v2`: a Swagger 2.0 document for every kind (for clients without OpenAPI v3 support). */
export function openApiV2Document(kinds: readonly KindInfo[]): object {
  const paths: Record<string, object> = {};
  for (const k of kinds) {
    for (const p of kindPaths(k)) {
      const item: Record<string, unknown> = {
        parameters: p.pathParams.map((name) => ({ uniqueItems: true, type: 'string', description: PATH_PARAMETER_TEXT[name], name, in: 'path', required: true })),
      };
      for (const op of p.operations) item[op.method] = v2Operation(op);
      paths[p.path] = item;
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVED_KUBERNETES_VERSION.gitVersion },
    paths,
    definitions: schemasFor(kinds),
  };
}
