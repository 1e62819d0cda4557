// Aggregated discovery (apidiscovery.k8s.io/v2), as kube-apiserver v1.37 serves it at /api and
// /apis when the Accept header asks for an APIGroupDiscoveryList: every group, version and
// resource in one document, so kubectl and client-go learn the whole API in two requests.
import { SCALE_RESPONSE_KIND, scaleVerbs } from './scale.js';
import type { ServerResponse } from 'node:http';
import { compareVersionPriority, namedGroupOrder } from './discovery.js';
import type { KindInfo } from './kinds.js';
import { sendBytes } from './respond.js';

/** The Content-Type of an aggregated discovery document in JSON. */
const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const PLAIN_TYPES = new Set(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', '*/*', 'application/*']);

/**
 * Whether the Accept header's first clause the fake can answer asks for the aggregated document
 * in JSON (`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`) rather than the
 * legacy one (a plain type). Protobuf and v2beta1 aggregated clauses are passed over (the fake
 * writes neither), so client-go's and kubectl's headers get JSON v2.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function wantsAggregated(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  for (const clause of accept.split(',')) {
    const [type = '', ...rest] = clause.split(';').map((p) => p.trim());
    const params = new Map(rest.map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] as const));
    if (params.get('q') === '0') continue;
    const as = params.get('as');
    if (as === undefined) {
      if (PLAIN_TYPES.has(type) && !params.has('g') && !params.has('v')) return false;
      continue;
    }
    if (as === 'APIGroupDiscoveryList' && params.get('g') === 'apidiscovery.k8s.io' && params.get('v') === 'v2' && type === 'application/json') return true;
  }
  return false;
}

interface ResponseKind {
  group: string;
  version: string;
  kind: string;
}

/** Versions of one group, most preferred first. */
function versionsOf(group: string, kinds: readonly KindInfo[]): string[] {
  return [...new Set(kinds.filter((k) => k.group === group).map((k) => k.version))].sort(compareVersionPriority);
}

function resourceEntry(k: KindInfo): Record<string, unknown> {
  // The kind served at the resource's own group version is written without them.
  const responseKind: ResponseKind = { group: '', version: '', kind: k.kind };
  const entry: Record<string, unknown> = {
    resource: k.plural,
    responseKind,
    scope: k.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: k.singular,
    verbs: [...k.verbs],
  };
  if (k.shortNames.length > 0) entry.shortNames = [...k.shortNames];
  if (k.categories !== undefined && k.categories.length > 0) entry.categories = [...k.categories];
  const subresources: Record<string, unknown>[] = [];
  if (k.subresources !== undefined) {
    for (const sub of k.subresources) {
      subresources.push({ subresource: sub.name, responseKind: { group: sub.group, version: sub.version, kind: sub.kind }, verbs: [...sub.verbs] });
    }
  } else {
    // A custom resource: status first, then scale.
    if (k.statusSubresource) subresources.push({ subresource: 'status', responseKind: { ...responseKind }, verbs: ['get', 'patch', 'update'] });
    if (k.scale !== undefined) subresources.push({ subresource: 'scale', responseKind: { ...SCALE_RESPONSE_KIND }, verbs: scaleVerbs() });
  }
  if (subresources.length > 0) entry.subresources = subresources;
  return entry;
}

function groupEntry(group: string, kinds: readonly KindInfo[]): Record<string, unknown> {
  const versions = versionsOf(group, kinds).map((version) => ({
    version,
    resources: kinds
      .filter((k) => k.group === group && k.version === version)
      .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0))
      .map(resourceEntry),
    freshness: 'Current',
  }));
  return { metadata: group === '' ? {} : { name: group }, versions };
}

/**
 * The APIGroupDiscoveryList of `/api` (the core group) or `/apis` (every named group, in the
 * order of the legacy `/apis` list).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function aggregatedDiscovery(path: 'api' | 'apis', kinds: readonly KindInfo[]): object {
  const groups = path === 'api' ? [''] : namedGroupOrder(kinds);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => groupEntry(g, kinds)),
  };
}

/** Serves `/api` or `/apis` in aggregated form when the Accept header asks for it; false otherwise. */
export function serveAggregatedDiscovery(path: 'api' | 'apis', accept: string | undefined, kinds: () => readonly KindInfo[], res: ServerResponse): boolean {
  if (!wantsAggregated(accept)) return false;
  res.setHeader('Vary', 'Accept');
  sendBytes(res, 200, Buffer.from(JSON.stringify(aggregatedDiscovery(path, kinds()))), AGGREGATED_CONTENT_TYPE);
  return true;
}
