// URL paths → what they address. Resource paths follow kube-apiserver's layout:
// /api/v1/… (core) or /apis/{group}/{version}/…, then [watch/][namespaces/{ns}/]{plural}[/{name}[/{subresource}]].
import { badRequest } from './status.js';
import { at } from './at.js';

export type Route =
  | { readonly type: 'root' }
  | { readonly type: 'version' }
  | { readonly type: 'health'; readonly check: string }
  | { readonly type: 'api' }
  | { readonly type: 'apis' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'groupVersion'; readonly group: string; readonly version: string }
  | { readonly type: 'openapiV2' }
  | { readonly type: 'openapiV3' }
  | { readonly type: 'openapiV3Document'; readonly group: string; readonly version: string }
  | ResourceRoute
  | { readonly type: 'unknown' };

export interface ResourceRoute {
  readonly type: 'resource';
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  /** The deprecated `/watch/` path form. */
  readonly watchPath: boolean;
}

const UNKNOWN: Route = { type: 'unknown' };

function segments(path: string): string[] {
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest(`the request path ${JSON.stringify(path)} is not validly percent-encoded`);
  }
}

export function parseRoute(path: string): Route {
  const s = segments(path);
  const [first, second, third] = s;
  if (first === undefined) return { type: 'root' };
  switch (first) {
    case 'version':
      return s.length === 1 ? { type: 'version' } : UNKNOWN;
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { type: 'health', check: first };
    case 'openapi':
      if (second === 'v2' && s.length === 2) return { type: 'openapiV2' };
      if (second !== 'v3') return UNKNOWN;
      if (s.length === 2) return { type: 'openapiV3' };
      if (third === 'api' && s.length === 4) return { type: 'openapiV3Document', group: '', version: at(s, 3) };
      if (third === 'apis' && s.length === 5) return { type: 'openapiV3Document', group: at(s, 3), version: at(s, 4) };
      return UNKNOWN;
    case 'api':
      if (second === undefined) return { type: 'api' };
      return resourceRoute('', second, s.slice(2));
    case 'apis':
      if (second === undefined) return { type: 'apis' };
      if (third === undefined) return { type: 'group', group: second };
      return resourceRoute(second, third, s.slice(3));
    default:
      return UNKNOWN;
  }
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return watchPath ? UNKNOWN : { type: 'groupVersion', group, version };
  let namespace: string | undefined;
  const namespaceSubresource = group === '' && rest[0] === 'namespaces' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length > 3) return UNKNOWN;
  const [plural, name, subresource] = rest as [string, string | undefined, string | undefined];
  return { type: 'resource', group, version, plural, namespace, name, subresource, watchPath };
}
