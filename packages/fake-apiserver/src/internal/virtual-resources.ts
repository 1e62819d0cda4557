// Resources that store nothing: kube-apiserver computes their answers (TokenReview,
// SubjectAccessReview and the other reviews, ComponentStatus, Binding). Each kind's descriptor
// says how it answers; this module serves the verbs its discovery lists.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, Verb } from '../types.js';
import type { Backend } from './backend.js';
import { parseObjectBody, readBody } from './body.js';
import { parseDryRun } from './query.js';
import type { ServedKind } from './registry.js';
import { sendJson } from './respond.js';
import type { ResourceRoute } from './route.js';
import { badRequest, notFound } from './status.js';

type Json = Record<string, unknown>;

/** What a computed answer may use. */
interface VirtualContext {
  readonly backend: Backend;
  /** The namespace of the request's path, for namespaced resources. */
  readonly namespace: string | undefined;
  readonly dryRun: boolean;
  /** The bearer token the server requires, when it requires one. */
  readonly token: string | undefined;
}

/** How a resource without storage answers the verbs its discovery lists. */
export interface VirtualResource {
  /** The 201 answer to a POST of `body` (already checked to be an object). */
  create?(body: Json, ctx: VirtualContext): object;
  /** The object a GET of `name` answers; undefined for 404. */
  get?(name: string, ctx: VirtualContext): Json | undefined;
  /** The items a list answers, in order. */
  list?(ctx: VirtualContext): Json[];
}

/** Whether the Accept header asks for a meta.k8s.io Table first (as kubectl get does). */
function wantsTable(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0] ?? '';
  return /;\s*as=Table\b/.test(first);
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Serves a request on a virtual resource (the verb is one its discovery lists). */
export async function handleVirtual(
  backend: Backend,
  token: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  served: ServedKind,
  verb: Verb,
): Promise<void> {
  const { info } = served;
  const virtual = info.virtual;
  if (virtual === undefined) throw new Error(`${info.plural} is not a virtual resource`);
  const ctx: VirtualContext = { backend, namespace: info.namespaced ? route.namespace : undefined, dryRun: parseDryRun(query), token };
  if (verb === 'create' && virtual.create !== undefined) {
    const body = parseObjectBody(req.headers['content-type'], await readBody(req), info.kind);
    if (!isRecord(body)) throw badRequest('the body of the request must be an object');
    sendJson(res, 201, virtual.create(body, ctx));
    return;
  }
  const printer = info.columns?.whole;
  const asTable = printer !== undefined && wantsTable(req.headers.accept);
  const table = (objects: readonly Json[]): object => ({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: printer?.columns ?? [],
    rows: objects.map((obj) => ({
      cells: printer?.cells(obj as KubeObject, backend.now().getTime()) ?? [],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} },
    })),
  });
  if (verb === 'get' && virtual.get !== undefined && route.name !== undefined) {
    const obj = virtual.get(route.name, ctx);
    if (obj === undefined) throw notFound(info, route.name);
    sendJson(res, 200, asTable ? table([obj]) : { kind: info.kind, apiVersion: info.apiVersion, ...obj });
    return;
  }
  if (verb === 'list' && virtual.list !== undefined) {
    const items = virtual.list(ctx);
    sendJson(res, 200, asTable ? table(items) : { kind: info.listKind, apiVersion: info.apiVersion, metadata: {}, items });
    return;
  }
  throw badRequest(`${verb} is not served for ${info.plural}`);
}
