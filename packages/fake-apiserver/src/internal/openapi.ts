// OpenAPI documents for kubectl and other clients, built from the schemas kube-apiserver
// publishes (openapi-schemas.ts): built-in kinds from the definitions generated from the
// Kubernetes API modules, with their descriptions (`kubectl explain` prints them), custom
// resources from their CRD version's schema, permissive schemas for kinds nothing is known about.
// What kubectl's OpenAPI v3 reader needs, and what is published here:
// - an index `{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}}}`;
// - per group version, operations carrying `x-kubernetes-group-version-kind` as ONE object and
//   every PATCH declaring `fieldValidation` inline (kubectl does not follow
//   `#/components/parameters/…` references and stops at the first PATCH of the kind it finds);
//   with it, `kubectl create/apply --validate=strict` leaves the checking to the server;
// - schemas named as Kubernetes names them (`io.k8s.api.core.v1.Pod`), with the GVK extension as
//   a list (that is how schema-level GVKs are read), every reference resolvable.
import { createHash } from 'node:crypto';
import { SERVED_KUBERNETES_VERSION } from './discovery.js';
import type { KindInfo } from './kinds.js';
import { schemasFor, toSwaggerDefinitions, type PublishedKindLookup } from './openapi-schemas.js';
import {
  ADVERTISED_PATCH_TYPES,
  META_SCHEMAS,
  PARAMETERS,
  STRATEGIC_MERGE_PATCH_TYPE,
  kindPaths,
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
 */
export function openApiV3GroupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The patch types a kind's PATCH operations accept: strategic merge too for a built-in kind whose
 * schema is published (kubectl then computes strategic merge patches from it, as against a cluster).
 */
function patchTypes(k: KindInfo, lookup: PublishedKindLookup | undefined): readonly string[] {
  if (!k.strategicMerge || lookup?.(k)?.definition === undefined) return ADVERTISED_PATCH_TYPES;
  return [...ADVERTISED_PATCH_TYPES, STRATEGIC_MERGE_PATCH_TYPE].sort();
}

function gvkExtension(op: OperationSpec): object {
  return { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
}

function tagOf(op: OperationSpec): string {
  return `${op.gvk.group === '' ? 'core' : op.gvk.group.replace(/\./g, '_')}_${op.gvk.version}`;
}

function v3Operation(op: OperationSpec, patchTypesOfKind: readonly string[]): object {
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
    out.requestBody = { content: Object.fromEntries(patchTypesOfKind.map((t) => [t, { schema: ref(META_SCHEMAS.patch) }])), required: true };
  } else if (op.requestSchema !== undefined) {
    out.requestBody = { content: { '*/*': { schema: ref(op.requestSchema) } }, required: true };
  }
  return out;
}

function v3PathItem(p: PathSpec, patchTypesOfKind: readonly string[]): object {
  const item: Record<string, unknown> = {
    parameters: p.pathParams.map((name) => ({
      name,
      in: 'path',
      description: PATH_PARAMETER_TEXT[name],
      required: true,
      schema: { type: 'string', uniqueItems: true },
    })),
  };
  for (const op of p.operations) item[op.method] = v3Operation(op, patchTypesOfKind);
  return item;
}

/**
 * `GET /openapi/v3/api/v1` or `/openapi/v3/apis/{group}/{version}`: the operations and schemas of
 * one group version; undefined when no kind has that group and version.
 *
 * @param lookup where the kinds' schemas come from; without it every schema is permissive.
 */
export function openApiV3Document(group: string, version: string, kinds: readonly KindInfo[], lookup?: PublishedKindLookup): object | undefined {
  const served = kinds.filter((k) => k.group === group && k.version === version);
  if (served.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const k of served) for (const p of kindPaths(k)) paths[p.path] = v3PathItem(p, patchTypes(k, lookup));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVED_KUBERNETES_VERSION.gitVersion },
    paths,
    components: { schemas: schemasFor(served, lookup) },
  };
}

/**
 * `GET /openapi/v3`: one entry per group version. The `hash` changes whenever that document
 * changes, so clients that cache documents by URL (kubectl does) refetch after a CRD is added.
 */
export function openApiV3Index(
  kinds: readonly KindInfo[],
  lookup?: PublishedKindLookup,
  hashOf?: (group: string, version: string) => string,
): object {
  const groupVersions = new Map<string, [string, string]>();
  for (const k of kinds) groupVersions.set(openApiV3GroupVersionPath(k.group, k.version), [k.group, k.version]);
  const hash = hashOf ?? ((group: string, version: string): string => documentHash(JSON.stringify(openApiV3Document(group, version, kinds, lookup))));
  const paths: Record<string, object> = {};
  for (const [path, [group, version]] of groupVersions) {
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash(group, version)}` };
  }
  return { paths };
}

/** The `hash` of a document in the v3 index: SHA-512 of its text, upper-case hex, as kube-apiserver writes it. */
export function documentHash(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

function v2Operation(op: OperationSpec, patchTypesOfKind: readonly string[]): object {
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
    consumes: op.patch === true ? [...patchTypesOfKind] : ['*/*'],
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

/**
 * `GET /openapi/v2`: a Swagger 2.0 document for every kind (for clients without OpenAPI v3 support).
 *
 * @param lookup where the kinds' schemas come from; without it every schema is permissive.
 */
export function openApiV2Document(kinds: readonly KindInfo[], lookup?: PublishedKindLookup): object {
  const paths: Record<string, object> = {};
  for (const k of kinds) {
    for (const p of kindPaths(k)) {
      const item: Record<string, unknown> = {
        parameters: p.pathParams.map((name) => ({ uniqueItems: true, type: 'string', description: PATH_PARAMETER_TEXT[name], name, in: 'path', required: true })),
      };
      const types = patchTypes(k, lookup);
      for (const op of p.operations) item[op.method] = v2Operation(op, types);
      paths[p.path] = item;
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVED_KUBERNETES_VERSION.gitVersion },
    paths,
    definitions: toSwaggerDefinitions(schemasFor(kinds, lookup)),
  };
}
