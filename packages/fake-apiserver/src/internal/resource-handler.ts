// Requests on resource paths: get, list, watch, create, update, patch, delete, deletecollection,
// and the /status subresource.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, Verb } from '../types.js';
import type { Backend } from './backend.js';
import { mediaType, parseJson, parseObjectBody, readBody } from './body.js';
import { objectKey, type Entry } from './entry.js';
import { listPage } from './list.js';
import { sendList } from './list-response.js';
import { parseObjectFilter, withName } from './object-filter.js';
import type { ObjectView } from './object-view.js';
import { patchFunction } from './patch-dispatch.js';
import { deleteOptionsBody, refuseProtobufBody } from './protobuf-wire.js';
import { patchValidation, validateApplyBody, validatedBody } from './field-validation-hook.js';
import { parseBool, parseCollectionParams, parseDryRun } from './query.js';
import type { ServedKind } from './registry.js';
import type { ResourceRoute } from './route.js';
import { addWarnings, sendBytes } from './respond.js';
import { handleApply, type ApplyTarget } from './apply-handler.js';
import { APPLY_PATCH_TYPE, managerOptions } from './manager-options.js';
import { badRequest, failure, invalidOptions, methodNotAllowed, notFound, routeMethodNotAllowed, unknownResource } from './status.js';
import { InvalidError } from '../errors.js';
import type { StatusCause } from '../types.js';
import type { PropagationPolicy } from './garbage-collector.js';
import { finalizeVerb, handleNamespaceFinalize, isNamespaceFinalize } from './namespace-finalize.js';
import { handlePodSubresource, podSubresourceOf, podSubresourceVerb } from './pod-subresources.js';
import { handleScale, scaleVerb } from './scale.js';
import { handleServiceAccountToken, isServiceAccountToken, tokenVerb } from './service-account-token.js';
import { handleVirtual } from './virtual-resources.js';
import { startWatch, validateWatchParams, type WatchSettings } from './watch-handler.js';
import { answersDeletedObject, awaitResourceVersion, listOptionsError, parseIncludeObject, sendDeleted } from './wire-shapes.js';

export interface ResolvedRequest {
  readonly served: ServedKind;
  readonly verb: Verb;
  /** `deletecollection` and named watches are refinements of `delete` and `watch`. */
  readonly collection: boolean;
}

/** Which served kind and verb a resource request is; 404/405 Status errors when none. */
export function resolveResourceRequest(backend: Backend, route: ResourceRoute, method: string, query: URLSearchParams): ResolvedRequest {
  const served = backend.registry.lookup(route.group, route.version, route.plural);
  if (served === undefined) throw unknownResource();
  if (route.namespace !== undefined && !served.info.namespaced) throw unknownResource();
  if (route.subresource === 'scale' && served.info.scale !== undefined && route.name !== undefined) {
    return { served, verb: scaleVerb(method), collection: false };
  }
  if (podSubresourceOf(served, route) !== undefined) return { served, verb: podSubresourceVerb(method), collection: false };
  if (isNamespaceFinalize(served, route)) return { served, verb: finalizeVerb(method), collection: false };
  if (isServiceAccountToken(served, route)) return { served, verb: tokenVerb(method), collection: false };
  const approval = isApproval(served, route);
  if (route.subresource !== undefined && !approval && (route.subresource !== 'status' || !served.info.statusSubresource || route.name === undefined)) {
    throw unknownResource();
  }
  const { verbs } = served.info;
  // kube-apiserver routes a name only for kinds with a verb on one object (not the reviews).
  if (route.name !== undefined && !['get', 'update', 'patch', 'delete'].some((v) => verbs.includes(v))) throw unknownResource();
  const collection = route.name === undefined;
  const watch = route.watchPath || (method === 'GET' && parseBool('watch', query.get('watch')) === true);
  let verb: Verb;
  switch (method) {
    case 'GET': verb = watch ? 'watch' : collection ? 'list' : 'get'; break;
    // HEAD is a GET without a body (never a watch: there would be nothing to stream).
    case 'HEAD': verb = collection ? 'list' : 'get'; break;
    case 'POST': verb = 'create'; break;
    case 'PUT': verb = 'update'; break;
    case 'PATCH': verb = 'patch'; break;
    case 'DELETE': verb = 'delete'; break;
    default: throw methodNotAllowed(method);
  }
  if (route.watchPath && method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method);
  if ((verb === 'create' && !collection) || ((verb === 'update' || verb === 'patch') && collection)) throw methodNotAllowed(method);
  if (verb === 'create' && served.info.namespaced && route.namespace === undefined) throw methodNotAllowed(method);
  if ((route.subresource === 'status' || approval) && verb !== 'get' && verb !== 'update' && verb !== 'patch') throw methodNotAllowed(method);
  // A verb the kind's discovery does not list has no route (namespaces have no deletecollection).
  if (route.subresource === undefined && !verbs.includes(verb === 'delete' && collection ? 'deletecollection' : verb)) throw routeMethodNotAllowed();
  return { served, verb, collection };
}

/** `certificatesigningrequests/{name}/approval`: a status write that may change only the Approved and Denied conditions. */
function isApproval(served: ServedKind, route: ResourceRoute): boolean {
  return route.subresource === 'approval' && route.name !== undefined && served.info.group === 'certificates.k8s.io' && served.info.kind === 'CertificateSigningRequest';
}

function itemName(route: ResourceRoute): string {
  if (route.name === undefined) throw methodNotAllowed('this verb needs an object name in the path');
  return route.name;
}

export interface ResourceContext {
  readonly backend: Backend;
  readonly watch: WatchSettings;
  /** The bearer token the server requires (a TokenReview of it authenticates). */
  readonly token?: string | undefined;
}

export async function handleResource(
  ctx: ResourceContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  query: URLSearchParams,
  request: ResolvedRequest,
): Promise<void> {
  const { backend } = ctx;
  const { served, verb } = request;
  const { info } = served;
  if (info.deprecated !== undefined) addWarnings(res, [info.deprecated]);
  if (info.virtual !== undefined) {
    await handleVirtual(backend, ctx.token, req, res, route, query, served, verb);
    return;
  }
  if (route.subresource === 'scale' && info.scale !== undefined) {
    await handleScale(backend, req, res, route, query, served, info.scale);
    return;
  }
  const podSubresource = podSubresourceOf(served, route);
  if (podSubresource !== undefined) {
    await handlePodSubresource(backend, req, res, route, query, served, podSubresource);
    return;
  }
  if (isServiceAccountToken(served, route)) {
    await handleServiceAccountToken(backend, req, res, route, query, served);
    return;
  }
  if (verb === 'create' || verb === 'update') refuseProtobufBody(info, req.headers['content-type']);
  const namespace = info.namespaced ? route.namespace : undefined;
  const view = backend.views.negotiate(req.headers.accept, info, { watch: verb === 'watch', includeObject: () => parseIncludeObject(query.get('includeObject')) });
  const subresource = route.subresource === 'status' ? 'status' : isApproval(served, route) ? 'approval' : undefined;
  const send = (code: number, entry: Entry): void => {
    sendBytes(res, code, view.encode(entry), view.contentType);
  };
  if (isNamespaceFinalize(served, route)) {
    await handleNamespaceFinalize(backend, req, route, query, served, send);
    return;
  }

  switch (verb) {
    case 'get': {
      const name = itemName(route);
      await awaitResourceVersion(backend.storage, query.get('resourceVersion') ?? undefined, ctx.watch, res);
      const entry = served.store.entries.get(objectKey(namespace ?? '', name));
      if (entry === undefined) throw notFound(info, name);
      send(200, entry);
      return;
    }
    case 'list':
    case 'watch': {
      const params = parseCollectionParams(query);
      let filter = parseObjectFilter(info, params.labelSelector, params.fieldSelector);
      if (route.name !== undefined) filter = withName(filter, route.name);
      if (verb === 'watch') {
        validateWatchParams(params);
        startWatch(res, served, backend.storage, namespace, filter, view, params, ctx.watch);
        return;
      }
      const optionsError = listOptionsError(params);
      if (optionsError !== undefined) throw optionsError;
      if (params.sendInitialEvents !== undefined) {
        throw invalidOptions('sendInitialEvents', 'Forbidden: sendInitialEvents is forbidden for list');
      }
      if (params.continueToken === undefined) await awaitResourceVersion(backend.storage, params.resourceVersion, ctx.watch, res);
      const page = listPage(served.store, {
        namespace,
        filter,
        limit: params.limit,
        continueToken: params.continueToken,
        resourceVersion: params.resourceVersion,
        resourceVersionMatch: params.resourceVersionMatch,
      }, backend.storage.resourceVersion);
      await sendList(res, info, view, page);
      return;
    }
    case 'create': {
      const raw = await readBody(req);
      const { manager } = managerOptions('CreateOptions', query, req.headers['user-agent']);
      const body = validatedBody(backend, res, info, query, 'CreateOptions', req.headers['content-type'], raw, parseObjectBody(req.headers['content-type'], raw, info.kind));
      send(201, backend.writes.create(served, namespace, body, { dryRun: parseDryRun(query), owned: true, manager, warn: (w) => { addWarnings(res, w); } }));
      return;
    }
    case 'update': {
      const raw = await readBody(req);
      const { manager } = managerOptions('UpdateOptions', query, req.headers['user-agent']);
      const body = validatedBody(backend, res, info, query, 'UpdateOptions', req.headers['content-type'], raw, parseObjectBody(req.headers['content-type'], raw, info.kind));
      send(200, backend.writes.update(served, namespace, itemName(route), body, {
        dryRun: parseDryRun(query), subresource, owned: true, manager, warn: (w) => { addWarnings(res, w); },
      }));
      return;
    }
    case 'patch': {
      const contentType = mediaType(req.headers['content-type']);
      if (contentType === APPLY_PATCH_TYPE) {
        const raw = await readBody(req);
        // (server-side apply through a CertificateSigningRequest's approval applies as a status write)
        const target: ApplyTarget = { served, namespace, name: itemName(route), subresource: subresource === 'approval' ? 'status' : subresource };
        const applied = handleApply(backend, target, query, req.headers['user-agent'], raw, () => {
          validateApplyBody(res, query, raw);
        }, (w) => {
          addWarnings(res, w);
        });
        send(applied.code, applied.entry);
        return;
      }
      const apply = patchFunction(contentType, info);
      const raw = await readBody(req);
      const { manager } = managerOptions('PatchOptions', query, req.headers['user-agent'], contentType);
      const patch = parseJson(raw);
      const checked = patchValidation(backend, res, info, query, contentType, raw, patch);
      // A patch applies to the object in the URL's version (converted when that differs from the stored one).
      const inServedVersion = (current: KubeObject): unknown => (served.info.conversion === undefined || current.apiVersion === served.info.apiVersion
        ? current
        : served.info.conversion.fromStorage(current as unknown as Record<string, unknown>));
      send(200, backend.writes.patch(served, namespace, itemName(route), (current) => checked(apply(inServedVersion(current), patch)), {
        dryRun: parseDryRun(query),
        subresource,
        manager,
        warn: (w) => { addWarnings(res, w); },
      }));
      return;
    }
    case 'delete': {
      const options = parseDeleteOptions(deleteOptionsBody(req.headers['content-type'], await readBody(req)), query);
      if (request.collection) {
        await deleteCollection(res, served, backend, namespace, query, options, view);
        return;
      }
      const deleted = backend.writes.delete(served, namespace ?? '', itemName(route), options);
      if (options.propagationPolicy === undefined && options.orphanDependents === undefined && info.deleteWarning !== undefined) {
        addWarnings(res, [info.deleteWarning]);
      }
      if (!answersDeletedObject(info, deleted)) {
        sendDeleted(res, info, deleted, req.headers.accept);
        return;
      }
      send(200, deleted);
      return;
    }
  }
}

interface ParsedDeleteOptions {
  dryRun: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
}

const PROPAGATION_POLICIES: readonly string[] = ['Foreground', 'Background', 'Orphan'];

/** 422 about DeleteOptions, as the apiserver's option validation answers. */
function invalidDeleteOptions(cause: StatusCause): InvalidError {
  return new InvalidError(failure(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: ${cause.field ?? ''}: ${cause.message ?? ''}`, {
    group: 'meta.k8s.io',
    kind: 'DeleteOptions',
    causes: [cause],
  }));
}

/** A query parameter parsed as Go's strconv.ParseInt would (400 with its message otherwise). */
function queryInteger(value: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

function parseDeleteOptions(body: Buffer, query: URLSearchParams): ParsedDeleteOptions {
  let dryRun = parseDryRun(query);
  const options: ParsedDeleteOptions = { dryRun };
  let policy: unknown = query.get('propagationPolicy') ?? undefined;
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = queryInteger(grace);
  const orphan = query.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = parseBool('orphanDependents', orphan) === true;
  if (body.length > 0) {
    const value = parseJson(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw badRequest('the request body of a delete must be a DeleteOptions object');
    }
    const fields = value as { preconditions?: unknown; dryRun?: unknown; propagationPolicy?: unknown; orphanDependents?: unknown; gracePeriodSeconds?: unknown };
    const { preconditions, dryRun: bodyDryRun } = fields;
    if (Array.isArray(bodyDryRun) && bodyDryRun.includes('All')) dryRun = true;
    options.dryRun = dryRun;
    if (preconditions !== undefined && preconditions !== null) {
      if (typeof preconditions !== 'object') throw badRequest('preconditions must be an object');
      const { uid, resourceVersion } = preconditions as { uid?: unknown; resourceVersion?: unknown };
      options.preconditions = {};
      if (typeof uid === 'string') options.preconditions.uid = uid;
      if (typeof resourceVersion === 'string') options.preconditions.resourceVersion = resourceVersion;
    }
    if (fields.propagationPolicy !== undefined && fields.propagationPolicy !== null) policy = fields.propagationPolicy;
    if (typeof fields.orphanDependents === 'boolean') options.orphanDependents = fields.orphanDependents;
    if (typeof fields.gracePeriodSeconds === 'number') options.gracePeriodSeconds = fields.gracePeriodSeconds;
  }
  if (policy !== undefined) {
    if (typeof policy !== 'string' || !PROPAGATION_POLICIES.includes(policy)) {
      const message = `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"`;
      throw invalidDeleteOptions({ reason: 'FieldValueNotSupported', message, field: 'propagationPolicy' });
    }
    if (options.orphanDependents !== undefined) {
      const message = `Invalid value: ${JSON.stringify(policy)}: orphanDependents and deletionPropagation cannot be both set`;
      throw invalidDeleteOptions({ reason: 'FieldValueInvalid', message, field: 'propagationPolicy' });
    }
    options.propagationPolicy = policy as PropagationPolicy;
  }
  return options;
}

async function deleteCollection(
  res: ServerResponse,
  served: ServedKind,
  backend: Backend,
  namespace: string | undefined,
  query: URLSearchParams,
  options: ParsedDeleteOptions,
  view: ObjectView,
): Promise<void> {
  const params = parseCollectionParams(query);
  const filter = parseObjectFilter(served.info, params.labelSelector, params.fieldSelector);
  const matching = listPage(served.store, {
    namespace,
    filter,
    limit: 0,
    continueToken: undefined,
    resourceVersion: undefined,
    resourceVersionMatch: undefined,
  }, backend.storage.resourceVersion).items;
  const { preconditions: _ignored, ...each } = options;
  const deleted = matching.map((entry) => backend.writes.delete(served, entry.namespace, entry.name, each));
  await sendList(res, served.info, view, {
    rv: backend.storage.resourceVersion,
    items: deleted,
    continueToken: undefined,
    remainingItemCount: undefined,
  });
}
