// Non-resource paths: /version, health checks, discovery and OpenAPI, served from the kinds
// currently registered (so CRDs appear and disappear with their definitions).
import type { ServerResponse } from 'node:http';
import type { Backend } from './backend.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { openApiDocuments } from './openapi-cache.js';
import type { Route } from './route.js';
import { sendBytes, sendJson } from './respond.js';
import { unknownResource } from './status.js';

const ROOT_PATHS = ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/openapi/v2', '/openapi/v3', '/readyz', '/version'];

/** Serves `route` if it is a non-resource path; returns false for resource paths. */
export function handleNonResource(backend: Backend, route: Route, res: ServerResponse, serverAddress: string, query?: URLSearchParams): boolean {
  const kinds = () => backend.registry.all().map((s) => s.info);
  const orNotFound = (value: object | undefined): void => {
    if (value === undefined) throw unknownResource();
    sendJson(res, 200, value);
  };
  switch (route.type) {
    case 'root':
      sendJson(res, 200, { paths: ROOT_PATHS });
      return true;
    case 'version':
      sendJson(res, 200, versionInfo());
      return true;
    case 'health':
      sendBytes(res, 200, Buffer.from('ok'), 'text/plain; charset=utf-8');
      return true;
    case 'api':
      sendJson(res, 200, apiVersions(serverAddress));
      return true;
    case 'apis':
      sendJson(res, 200, apiGroupList(kinds()));
      return true;
    case 'group':
      orNotFound(apiGroup(route.group, kinds()));
      return true;
    case 'groupVersion':
      orNotFound(apiResourceList(route.group, route.version, kinds()));
      return true;
    case 'openapiV2':
      sendBytes(res, 200, openApiDocuments(backend).v2Document());
      return true;
    case 'openapiV3':
      // kube-apiserver serves the index as text/plain.
      sendBytes(res, 200, Buffer.from(JSON.stringify(openApiDocuments(backend).v3Index())), 'text/plain; charset=utf-8');
      return true;
    case 'openapiV3Document':
      openApiDocuments(backend).serveV3Document(res, route.group, route.version, query?.get('hash') ?? null);
      return true;
    case 'unknown':
      throw unknownResource();
    case 'resource':
      return false;
  }
}
