// Every HTTP request goes through here: authentication, routing, faults, the handler, and the
// request log. Whatever goes wrong becomes a Status response; nothing a client sends crashes
// the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeApiServerError } from '../errors.js';
import type { RequestRecord, ServerStatus, Verb } from '../types.js';
import type { Backend } from './backend.js';
import { isControlPath, type ControlHandler } from './control-api.js';
import { serveAggregatedDiscovery } from './aggregated-discovery.js';
import { handleNonResource } from './discovery-handler.js';
import type { Faults } from './faults.js';
import type { RequestLog } from './request-log.js';
import { handleResource, resolveResourceRequest, type ResolvedRequest } from './resource-handler.js';
import { sendStatus } from './respond.js';
import { openApiDocuments } from './openapi-cache.js';
import { serveOpenApiV2 } from './openapi-v2-protobuf.js';
import { parseRoute } from './route.js';
import { acceptsServiceAccountToken } from './service-account-token.js';
import { checkNonResourceAccept, checkResourceAccept, isPageNotFound, sendPageNotFound } from './wire-shapes.js';
import { internalError, methodNotAllowed, unauthorized } from './status.js';
import type { WatchSettings } from './watch-handler.js';

export interface DispatchContext {
  readonly backend: Backend;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly watch: WatchSettings;
  readonly token: string | undefined;
  /** host:port as clients reach the server (for /api's serverAddressByClientCIDRs). */
  readonly serverAddress: () => string;
  /** The control API (/_kcache/v1/…): served before anything else, not logged, never faulted. */
  readonly control?: ControlHandler | undefined;
}

function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: new URLSearchParams() } : { path: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

export function createDispatcher(ctx: DispatchContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const { path, query } = splitUrl(req.url ?? '/');
    if (ctx.control !== undefined && isControlPath(path)) {
      ctx.control(req, res, path, query);
      return;
    }
    let verb: Verb | undefined;
    let logged = false;
    const record = (): void => {
      if (logged) return;
      logged = true;
      const entry: RequestRecord = {
        method,
        path,
        query: Object.fromEntries(query),
        status: res.statusCode,
        durationMs: performance.now() - started,
      };
      if (verb !== undefined) entry.verb = verb;
      const contentType = req.headers['content-type'];
      if (contentType !== undefined) entry.contentType = contentType;
      ctx.log.add(entry);
    };
    // A watch is logged when its stream opens (it may last for minutes); others when they end.
    res.once('finish', record);
    res.once('close', record);

    const fail = (err: unknown): void => {
      const status: ServerStatus = err instanceof FakeApiServerError ? err.status : internalError(err instanceof Error ? err.message : String(err), err).status;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (status.code === 413) {
        // The rest of an oversized body is not read: close the connection after answering.
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.socket.destroy());
      }
      sendStatus(res, status, {}, req.headers.accept);
    };

    try {
      if (ctx.token !== undefined && req.headers.authorization !== `Bearer ${ctx.token}` && !acceptsServiceAccountToken(ctx.backend, req.headers.authorization)) {
        throw unauthorized();
      }
      const route = parseRoute(path);
      const registry = ctx.backend.registry;
      // A group of built-in kinds answers a Status for any version and resource; a CRD's group only
      // for the versions and resources it serves.
      const known = (group: string, version: string, plural: string | undefined): boolean =>
        registry.all().some((s) => s.info.group === group && (s.origin !== 'crd' || (s.info.version === version && (plural === undefined || s.info.plural === plural))));
      if (isPageNotFound(path, route, (group) => registry.servesGroup(group), known)) {
        sendPageNotFound(res);
        return;
      }
      if (route.type !== 'resource') {
        // An aggregated discovery document is asked for with its own media type, which the other checks do not know.
        const reading = method === 'GET' || method === 'HEAD';
        if (reading && (route.type === 'api' || route.type === 'apis') && serveAggregatedDiscovery(route.type, req.headers.accept, () => ctx.backend.registry.all().map((s) => s.info), res)) return;
        checkNonResourceAccept(route, req.headers.accept);
        if (!reading) throw methodNotAllowed(method);
        if (route.type === 'openapiV2' && serveOpenApiV2(req.headers.accept, res, () => openApiDocuments(ctx.backend).v2Document())) return;
        handleNonResource(ctx.backend, route, res, ctx.serverAddress(), query);
        return;
      }
      const request: ResolvedRequest = resolveResourceRequest(ctx.backend, route, method, query);
      verb = request.verb;
      checkResourceAccept(request, route, method, req.headers.accept);
      const fault = ctx.faults.match(request.verb, route.plural, route.subresource, route.namespace);
      if (fault !== undefined) {
        sendStatus(res, fault, {}, req.headers.accept);
        return;
      }
      const serve = (): void => {
        // A client that gave up while the request was held gets nothing (and changes nothing).
        if (res.destroyed || req.socket.destroyed) return;
        handleResource({ backend: ctx.backend, watch: ctx.watch, token: ctx.token }, req, res, route, query, request).then(
          () => {
            if (verb === 'watch' && res.headersSent) record();
          },
          fail,
        );
      };
      const delayMs = ctx.faults.delayFor(request.verb, route.plural, route.subresource, route.namespace);
      if (delayMs > 0) setTimeout(serve, delayMs);
      else serve();
    } catch (err) {
      fail(err);
    }
  };
}
