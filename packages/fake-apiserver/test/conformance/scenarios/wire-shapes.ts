// Wire shapes that are not about one kind: /version, the plain-text 404 page, the router's and the
// negotiation's 406, ListOptions checks (422 with causes, negative limit and timeoutSeconds),
// metadata.generation by kind, list items without kind/apiVersion, the answer to a DELETE, and a
// resourceVersion the server has not reached. (A 410 for an expired continue token needs etcd's
// compaction on one side and the fake's history on the other: it is tested in test/list.test.ts.)
import { events, pick } from '../project.js';
import type { Projection, Scenario, Step } from '../scenario.js';
import { cmPath, configMap, crdSteps, deployment, deployPath, MERGE, namespaceStep, PROTOBUF, widget, widgetPath } from './common.js';

const AREA = 'wireShapes';
/** A resourceVersion neither server reaches while the suite runs. */
const FAR_AHEAD = '99999999';

/** The body as it came (a text body, e.g. the plain 404 page). */
const asIs: Projection = (body) => body;

/** A list's kind and apiVersion, and each item's kind, apiVersion (absent or not) and name. */
const listShape: Projection = (body) => {
  const list = body as { kind?: unknown; apiVersion?: unknown; items?: unknown };
  const items = Array.isArray(list.items)
    ? list.items.map((i: { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } }) => ({ kind: i.kind, apiVersion: i.apiVersion, name: i.metadata?.name }))
    : list.items;
  return { kind: list.kind, apiVersion: list.apiVersion, items };
};

const generation = pick('kind', 'metadata.name', 'metadata.generation');

function get(name: string, path: string, headers?: Record<string, string>, query?: Record<string, string>): Step {
  return { name, method: 'GET', path, expect: asIs, ...(headers === undefined ? {} : { headers }), ...(query === undefined ? {} : { query }) };
}

const serviceAccountPath = '/api/v1/namespaces/{ns}/serviceaccounts';

const versionScenario: Scenario = {
  name: 'wire-version',
  area: AREA,
  description: '/version reports kube-apiserver v1.37.2 with its emulation and compatibility versions',
  steps: [
    {
      name: 'version',
      method: 'GET',
      path: '/version',
      expect: pick('major', 'minor', 'emulationMajor', 'emulationMinor', 'minCompatibilityMajor', 'minCompatibilityMinor', 'gitVersion', 'gitTreeState', 'compiler'),
    },
  ],
};

const notFoundScenario: Scenario = {
  name: 'wire-not-found',
  area: AREA,
  description: 'paths no API group serves get the plain-text 404 page; unknown resources and versions of a served group a NotFound Status',
  steps: [
    namespaceStep,
    get('unknown-group-resource', '/apis/nope.example.com/v1/things'),
    get('unknown-group-namespaced', '/apis/nope.example.com/v1/namespaces/{ns}/things/x'),
    get('unknown-group', '/apis/nope.example.com'),
    get('unknown-group-version', '/apis/nope.example.com/v1'),
    get('outside-the-api', '/nothing/here'),
    get('unknown-resource-core', '/api/v1/namespaces/{ns}/widgets'),
    get('unknown-version-served-group', '/apis/apps/v9/deployments'),
    get('unknown-core-version', '/api/v2'),
  ],
};

const HTML = { Accept: 'text/html' };
const AS_FOO = { Accept: 'application/json;as=Foo;g=meta.k8s.io;v=v1' };

const notAcceptableScenario: Scenario = {
  name: 'wire-not-acceptable',
  area: AREA,
  description: 'Accept text/html, a wildcard subtype or an unknown as= get 406: the router\'s for types no route produces, the negotiation\'s for conversions',
  steps: [
    namespaceStep,
    { name: 'configmap', setup: true, method: 'POST', path: cmPath, body: { json: configMap('cfg', { a: '1' }) } },
    get('html-list', cmPath, HTML),
    get('html-get', `${cmPath}/cfg`, HTML),
    { name: 'html-create', method: 'POST', path: cmPath, headers: HTML, body: { json: configMap('other', { a: '1' }) } },
    { name: 'html-delete', method: 'DELETE', path: `${cmPath}/cfg`, headers: HTML },
    get('html-watch', cmPath, HTML, { watch: '1', resourceVersion: '0', timeoutSeconds: '1' }),
    get('xml-list', cmPath, { Accept: 'application/xml' }),
    get('text-wildcard-get', `${cmPath}/cfg`, { Accept: 'text/*' }),
    { name: 'html-then-anything', method: 'GET', path: `${cmPath}/cfg`, headers: { Accept: 'text/html,*/*;q=0.1' }, expect: pick('kind', 'metadata.name') },
    get('as-foo-list', cmPath, AS_FOO),
    get('as-foo-get', `${cmPath}/cfg`, AS_FOO),
    get('as-foo-watch', cmPath, AS_FOO, { watch: '1', resourceVersion: '0', timeoutSeconds: '1' }),
    get('html-version', '/version', HTML),
    get('application-wildcard-version', '/version', { Accept: 'application/*' }),
    get('html-api', '/api', HTML),
    get('html-group-version', '/apis/apps/v1', HTML),
    get('html-apis', '/apis', HTML),
    get('html-group', '/apis/apps', HTML),
    get('as-foo-api', '/api', AS_FOO),
  ],
};

const listOptionsScenario: Scenario = {
  name: 'wire-list-options',
  area: AREA,
  description: 'resourceVersionMatch without a resourceVersion or with continue is a 422 with causes; negative limit and timeoutSeconds are ignored; non-integers a 400',
  steps: [
    namespaceStep,
    { name: 'configmap-a', setup: true, method: 'POST', path: cmPath, body: { json: configMap('a', { k: '1' }) } },
    { name: 'configmap-b', setup: true, method: 'POST', path: cmPath, body: { json: configMap('b', { k: '1' }) } },
    get('match-without-rv', cmPath, undefined, { resourceVersionMatch: 'NotOlderThan' }),
    get('exact-without-rv', cmPath, undefined, { resourceVersionMatch: 'Exact' }),
    get('bogus-without-rv', cmPath, undefined, { resourceVersionMatch: 'Bogus' }),
    get('match-with-continue', cmPath, undefined, { resourceVersionMatch: 'NotOlderThan', continue: 'abc' }),
    get('exact-rv-0', cmPath, undefined, { resourceVersionMatch: 'Exact', resourceVersion: '0' }),
    { name: 'negative-limit', method: 'GET', path: cmPath, query: { limit: '-1' }, expect: listShape },
    { name: 'negative-limit-rv-0', method: 'GET', path: cmPath, query: { limit: '-5', resourceVersion: '0' }, expect: listShape },
    { name: 'negative-timeout', method: 'GET', path: cmPath, query: { timeoutSeconds: '-3' }, expect: listShape },
    get('limit-not-a-number', cmPath, undefined, { limit: 'abc' }),
    get('limit-fraction', cmPath, undefined, { limit: '1.5' }),
    get('limit-out-of-range', cmPath, undefined, { limit: '99999999999999999999' }),
    get('timeout-not-a-number', cmPath, undefined, { timeoutSeconds: 'x' }),
  ],
};

const leasePath = '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases';
const servicePath = '/api/v1/namespaces/{ns}/services';
const secretPath = '/api/v1/namespaces/{ns}/secrets';
const jobPath = '/apis/batch/v1/namespaces/{ns}/jobs';

const generationScenario: Scenario = {
  name: 'wire-generation',
  area: AREA,
  description: 'metadata.generation is set and bumped only for kinds whose spec kube-apiserver tracks; others keep what their creator set',
  steps: [
    namespaceStep,
    { name: 'configmap', method: 'POST', path: cmPath, body: { json: configMap('cfg', { a: '1' }) }, expect: generation },
    { name: 'configmap-update', method: 'PUT', path: `${cmPath}/cfg`, body: { json: configMap('cfg', { a: '2' }) }, expect: generation },
    { name: 'configmap-with-generation', method: 'POST', path: cmPath, body: { json: configMap('gen', { a: '1' }, { metadata: { name: 'gen', generation: 5 } }) }, expect: generation },
    { name: 'configmap-with-generation-update', method: 'PUT', path: `${cmPath}/gen`, body: { json: configMap('gen', { a: '2' }, { metadata: { name: 'gen', generation: 9 } }) }, expect: generation },
    { name: 'secret', method: 'POST', path: secretPath, body: { json: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'b' } } }, expect: generation },
    { name: 'service', method: 'POST', path: servicePath, body: { json: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } } }, expect: generation },
    { name: 'serviceaccount', method: 'POST', path: serviceAccountPath, body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } }, expect: generation },
    { name: 'lease', method: 'POST', path: leasePath, body: { json: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'a' } } }, expect: generation },
    { name: 'deployment', method: 'POST', path: deployPath, body: { json: deployment('web', 1) }, expect: generation },
    { name: 'deployment-scaled', method: 'PATCH', path: `${deployPath}/web`, headers: { 'Content-Type': MERGE }, body: { json: { spec: { replicas: 3 } } }, expect: generation },
    { name: 'deployment-labelled', method: 'PATCH', path: `${deployPath}/web`, headers: { 'Content-Type': MERGE }, body: { json: { metadata: { labels: { x: 'y' } } } }, expect: generation },
    {
      name: 'deployment-with-generation',
      method: 'POST',
      path: deployPath,
      body: { json: { ...deployment('gen', 1), metadata: { name: 'gen', generation: 7 } } },
      expect: generation,
    },
    {
      name: 'job',
      method: 'POST',
      path: jobPath,
      body: { json: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
      expect: generation,
    },
    {
      name: 'pod',
      method: 'POST',
      path: '/api/v1/namespaces/{ns}/pods',
      body: { json: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      expect: generation,
    },
  ],
};

const listItemsScenario: Scenario = {
  name: 'wire-list-items',
  area: AREA,
  description: 'items of a built-in kind\'s list carry no kind/apiVersion (JSON and protobuf); PartialObjectMetadata items do, and an empty PartialObjectMetadataList has items null',
  steps: [
    namespaceStep,
    { name: 'configmap-a', setup: true, method: 'POST', path: cmPath, body: { json: configMap('a', { k: '1' }) } },
    { name: 'configmap-b', setup: true, method: 'POST', path: cmPath, body: { json: configMap('b', { k: '1' }) } },
    { name: 'deployment', setup: true, method: 'POST', path: deployPath, body: { json: deployment('web', 1) } },
    { name: 'list', method: 'GET', path: cmPath, expect: listShape },
    { name: 'list-page', method: 'GET', path: cmPath, query: { limit: '1' }, expect: listShape },
    { name: 'list-deployments', method: 'GET', path: deployPath, expect: listShape },
    { name: 'list-protobuf', method: 'GET', path: cmPath, headers: { Accept: PROTOBUF }, expect: listShape },
    {
      name: 'list-metadata',
      method: 'GET',
      path: cmPath,
      headers: { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' },
      expect: listShape,
    },
    {
      name: 'list-metadata-empty',
      method: 'GET',
      path: cmPath,
      query: { labelSelector: 'none=here' },
      headers: { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' },
      expect: listShape,
    },
    { name: 'list-empty', method: 'GET', path: cmPath, query: { labelSelector: 'none=here' }, expect: listShape },
  ],
};

const finalized = pick('kind', 'metadata.name', 'metadata.finalizers', 'metadata.deletionTimestamp', 'metadata.deletionGracePeriodSeconds');

const deleteScenario: Scenario = {
  name: 'wire-delete',
  area: AREA,
  description: 'a DELETE that removes the object answers a Success Status with its details (also in dry run and protobuf); finalizers keep it and the object is answered; ServiceAccounts answer the object',
  steps: [
    namespaceStep,
    { name: 'configmap', setup: true, method: 'POST', path: cmPath, body: { json: configMap('cfg', { a: '1' }) } },
    { name: 'delete', method: 'DELETE', path: `${cmPath}/cfg` },
    { name: 'configmap-2', setup: true, method: 'POST', path: cmPath, body: { json: configMap('dry', { a: '1' }) } },
    { name: 'delete-dry-run', method: 'DELETE', path: `${cmPath}/dry`, query: { dryRun: 'All' } },
    { name: 'delete-protobuf', method: 'DELETE', path: `${cmPath}/dry`, headers: { Accept: PROTOBUF } },
    { name: 'deployment', setup: true, method: 'POST', path: deployPath, body: { json: deployment('web', 1) } },
    { name: 'delete-deployment', method: 'DELETE', path: `${deployPath}/web` },
    {
      name: 'held',
      setup: true,
      method: 'POST',
      path: cmPath,
      body: { json: configMap('held', { a: '1' }, { metadata: { name: 'held', finalizers: ['example.com/hold'] } }) },
    },
    { name: 'delete-held', method: 'DELETE', path: `${cmPath}/held`, expect: finalized },
    { name: 'delete-held-again', method: 'DELETE', path: `${cmPath}/held`, expect: finalized },
    { name: 'release', method: 'PATCH', path: `${cmPath}/held`, headers: { 'Content-Type': MERGE }, body: { json: { metadata: { finalizers: null } } }, expect: finalized },
    { name: 'gone', method: 'GET', path: `${cmPath}/held` },
    { name: 'serviceaccount', setup: true, method: 'POST', path: serviceAccountPath, body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } } } },
    { name: 'delete-serviceaccount', method: 'DELETE', path: `${serviceAccountPath}/robot`, expect: pick('kind', 'metadata.name') },
  ],
};

const customResourceScenario: Scenario = {
  name: 'wire-custom-resource',
  area: AREA,
  description: 'a custom resource gets metadata.generation, its list items keep kind/apiVersion, and its DELETE answers a Success Status with the CRD group',
  steps: [
    ...crdSteps,
    { name: 'create', method: 'POST', path: widgetPath, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: generation },
    { name: 'update', method: 'PATCH', path: `${widgetPath}/w`, headers: { 'Content-Type': MERGE }, body: { json: { spec: { color: 'blue' } } }, expect: generation },
    { name: 'list', method: 'GET', path: widgetPath, expect: listShape },
    { name: 'delete', method: 'DELETE', path: `${widgetPath}/w` },
  ],
};

const tooLargeScenario: Scenario = {
  name: 'wire-resource-version-ahead',
  area: AREA,
  description: 'a list or get at a resourceVersion the server has not reached answers 504 with Retry-After: 1 after a wait; a watch from it stays open',
  steps: [
    namespaceStep,
    // The Status message names the server's current resourceVersion: status and headers are compared.
    { name: 'list', method: 'GET', path: deployPath, query: { resourceVersion: FAR_AHEAD }, expect: 'none', headersCompared: ['retry-after'] },
    { name: 'list-page', method: 'GET', path: deployPath, query: { resourceVersion: FAR_AHEAD, limit: '5' }, expect: 'none', headersCompared: ['retry-after'] },
    { name: 'get', method: 'GET', path: `${deployPath}/web`, query: { resourceVersion: FAR_AHEAD }, expect: 'none', headersCompared: ['retry-after'] },
    {
      name: 'watch',
      method: 'GET',
      path: deployPath,
      query: { watch: '1', resourceVersion: FAR_AHEAD, timeoutSeconds: '1' },
      watchEvents: 1,
      expect: asIs,
    },
    {
      // One ERROR event after the wait; its message names the server's resourceVersion (left out).
      name: 'streaming-list',
      method: 'GET',
      path: deployPath,
      query: { watch: '1', sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', resourceVersion: FAR_AHEAD, timeoutSeconds: '10' },
      watchEvents: 1,
      expect: events(pick('kind', 'status', 'reason', 'details', 'code')),
    },
  ],
};

const metadataWatchScenario: Scenario = {
  name: 'wire-metadata-watch-bookmark',
  area: AREA,
  description: 'a streaming list asked for as PartialObjectMetadata ends with a PartialObjectMetadata bookmark, as client-go\'s metadata informer needs',
  steps: [
    namespaceStep,
    { name: 'configmap', setup: true, method: 'POST', path: cmPath, body: { json: configMap('a', { k: '1' }) } },
    {
      name: 'watch',
      method: 'GET',
      path: cmPath,
      query: { watch: '1', sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: 'true', timeoutSeconds: '5' },
      headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' },
      watchEvents: 2,
      expect: events(pick('kind', 'apiVersion', 'metadata.name', 'metadata.annotations')),
    },
  ],
};

const TABLE = { Accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' };

/** A Table's rows: what each carries as its object (kind, apiVersion, name), or null. */
const tableRows: Projection = (body) => {
  const table = body as { kind?: unknown; rows?: { object?: { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown } } | null }[] };
  return {
    kind: table.kind,
    rows: table.rows?.map((r) => (r.object === null || r.object === undefined ? r.object : { kind: r.object.kind, apiVersion: r.object.apiVersion, name: r.object.metadata?.name })),
  };
};

const tableScenario: Scenario = {
  name: 'wire-table-include-object',
  area: AREA,
  description: 'a Table (labelled application/json) carries each row\'s PartialObjectMetadata, the whole object or nothing as includeObject says; another value is a 400',
  steps: [
    namespaceStep,
    { name: 'configmap', setup: true, method: 'POST', path: cmPath, body: { json: configMap('cfg', { a: '1' }) } },
    { name: 'get', method: 'GET', path: `${cmPath}/cfg`, headers: TABLE, expect: tableRows },
    { name: 'get-none', method: 'GET', path: `${cmPath}/cfg`, query: { includeObject: 'None' }, headers: TABLE, expect: tableRows },
    { name: 'get-object', method: 'GET', path: `${cmPath}/cfg`, query: { includeObject: 'Object' }, headers: TABLE, expect: tableRows },
    { name: 'get-metadata', method: 'GET', path: `${cmPath}/cfg`, query: { includeObject: 'Metadata' }, headers: TABLE, expect: tableRows },
    { name: 'list-object', method: 'GET', path: cmPath, query: { includeObject: 'Object' }, headers: TABLE, expect: tableRows },
    { name: 'list-none', method: 'GET', path: cmPath, query: { includeObject: 'None' }, headers: TABLE, expect: tableRows },
    { name: 'bogus', method: 'GET', path: `${cmPath}/cfg`, query: { includeObject: 'Bogus' }, headers: TABLE },
    { name: 'bogus-without-table', method: 'GET', path: `${cmPath}/cfg`, query: { includeObject: 'Bogus' }, expect: pick('kind', 'metadata.name') },
  ],
};

/** Discovery's storageVersionHash of the named resources (a hash of group/version/kind: not normalised, compared as is). */
function storageVersionHashes(...names: string[]): Projection {
  return (body) => {
    const list = body as { resources?: { name: string; storageVersionHash?: string }[] };
    return Object.fromEntries(names.map((n) => {
      const entry = list.resources?.find((r) => r.name === n);
      return [n, entry === undefined ? '(no such resource)' : (entry.storageVersionHash ?? null)];
    }));
  };
}

const storageVersionHashScenario: Scenario = {
  name: 'wire-storage-version-hash',
  area: AREA,
  description: 'discovery lists each resource\'s storageVersionHash (none for subresources)',
  steps: [
    { name: 'core', method: 'GET', path: '/api/v1', expect: storageVersionHashes('configmaps', 'pods', 'pods/status', 'namespaces', 'events', 'secrets') },
    { name: 'apps', method: 'GET', path: '/apis/apps/v1', expect: storageVersionHashes('deployments', 'deployments/status', 'replicasets', 'statefulsets', 'daemonsets') },
    { name: 'leases', method: 'GET', path: '/apis/coordination.k8s.io/v1', expect: storageVersionHashes('leases') },
  ],
};

const AGGREGATED = { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json' };

interface DiscoveryResource {
  resource: string;
  subresources?: { subresource: string }[];
}
interface DiscoveryGroup {
  metadata?: { name?: string };
  versions?: { version: string; resources?: DiscoveryResource[]; freshness?: string }[];
}

/**
 * An APIGroupDiscoveryList cut to the named groups and resources (both servers serve these; the
 * fake serves fewer kinds and only the `status` subresource), everything else of them compared.
 */
function aggregated(groups: readonly string[], resources: readonly string[]): Projection {
  return (body) => {
    const list = body as { kind?: unknown; apiVersion?: unknown; metadata?: unknown; items?: DiscoveryGroup[] };
    return {
      kind: list.kind,
      apiVersion: list.apiVersion,
      metadata: list.metadata,
      items: (list.items ?? [])
        .filter((g) => groups.includes(g.metadata?.name ?? ''))
        .map((g) => ({
          ...g,
          versions: (g.versions ?? []).map((v) => ({
            ...v,
            resources: (v.resources ?? [])
              .filter((r) => resources.includes(r.resource))
              .map((r) => (r.subresources === undefined ? r : { ...r, subresources: r.subresources.filter((sub) => sub.subresource === 'status') })),
          })),
        })),
    };
  };
}

const aggregatedDiscoveryScenario: Scenario = {
  name: 'wire-aggregated-discovery',
  area: AREA,
  description: 'kubectl\'s Accept header gets aggregated discovery (apidiscovery.k8s.io/v2) at /api and /apis',
  steps: [
    { name: 'api', method: 'GET', path: '/api', headers: AGGREGATED, expect: aggregated([''], ['configmaps', 'pods', 'namespaces', 'nodes']) },
    {
      name: 'apis',
      method: 'GET',
      path: '/apis',
      headers: AGGREGATED,
      expect: aggregated(['apps', 'batch', 'coordination.k8s.io'], ['deployments', 'statefulsets', 'jobs', 'cronjobs', 'leases']),
    },
    { name: 'legacy', method: 'GET', path: '/api', headers: { Accept: 'application/json' }, expect: pick('kind', 'versions') },
  ],
};

export const wireShapeScenarios: readonly Scenario[] = [
  versionScenario,
  notFoundScenario,
  notAcceptableScenario,
  listOptionsScenario,
  generationScenario,
  listItemsScenario,
  deleteScenario,
  customResourceScenario,
  tooLargeScenario,
  metadataWatchScenario,
  tableScenario,
  storageVersionHashScenario,
  aggregatedDiscoveryScenario,
];
