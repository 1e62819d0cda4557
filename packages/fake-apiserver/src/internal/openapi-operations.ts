// The REST operations each kind serves, described once and rendered into OpenAPI v3 and v2 by
// openapi.ts. Names follow kube-apiserver's published specs (schema names, operation ids,
// x-kubernetes-action) so that tools keyed on them find what they expect.
import type { KindInfo } from './kinds.js';

/** Group-version-kind as the `x-kubernetes-group-version-kind` extension writes it. */
interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** What one operation does, for rendering. */
export interface OperationSpec {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  action: 'get' | 'list' | 'put' | 'post' | 'patch' | 'delete' | 'deletecollection';
  operationId: string;
  description: string;
  gvk: Gvk;
  /** Schema name of the request body (put/post). */
  requestSchema?: string;
  /** Schema name of a successful answer. */
  responseSchema: string;
  /** Query parameters by name; their descriptions are in PARAMETERS. */
  query: readonly ParameterName[];
  /** Whether the request body is a patch (patch content types). */
  patch?: true;
}

/** One URL path with the operations served there. */
export interface PathSpec {
  path: string;
  /** Path parameters in URL order. */
  pathParams: readonly ('namespace' | 'name')[];
  operations: OperationSpec[];
}

/** Query parameters, with what a client should know about each. */
export const PARAMETERS = {
  pretty: { type: 'string', description: "If 'true', then the output is pretty printed." },
  dryRun: { type: 'string', description: 'When present, indicates that modifications should not be persisted. Valid value: All.' },
  fieldManager: { type: 'string', description: 'A name for the actor making the change, recorded for field ownership.' },
  fieldValidation: {
    type: 'string',
    description:
      'How the server treats unknown or duplicate fields in the request body: Ignore drops them, Warn drops them with a warning, Strict fails the request.',
  },
  force: { type: 'boolean', description: 'Force an apply request, taking over fields owned by other managers. Only for apply patches.' },
  labelSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their labels.' },
  fieldSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their fields.' },
  limit: { type: 'integer', description: 'The maximum number of items to return in one page.' },
  continue: { type: 'string', description: 'The continue token of the previous page.' },
  resourceVersion: { type: 'string', description: 'Which resource version the list or watch starts from.' },
  resourceVersionMatch: { type: 'string', description: 'How resourceVersion applies to a list: NotOlderThan or Exact.' },
  watch: { type: 'boolean', description: 'Watch for changes to the described resources and return them as a stream of events.' },
  allowWatchBookmarks: { type: 'boolean', description: 'Ask for BOOKMARK events on a watch.' },
  timeoutSeconds: { type: 'integer', description: 'Timeout for the list or watch call.' },
  sendInitialEvents: { type: 'boolean', description: 'Begin a watch with synthetic ADDED events for the current state.' },
  gracePeriodSeconds: { type: 'integer', description: 'Seconds before the object should be deleted.' },
  propagationPolicy: { type: 'string', description: 'Whether and how garbage collection is performed: Orphan, Background or Foreground.' },
} as const;

/** The name of a query parameter in PARAMETERS. */
type ParameterName = keyof typeof PARAMETERS;

const LIST_QUERY: readonly ParameterName[] = [
  'pretty', 'allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion',
  'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch',
];
const WRITE_QUERY: readonly ParameterName[] = ['pretty', 'dryRun', 'fieldManager', 'fieldValidation'];
// kubectl checks the PATCH operations of a kind for fieldValidation and gives up at the first one
// without it, so every PATCH (main resource and /status) declares it.
const PATCH_QUERY: readonly ParameterName[] = [...WRITE_QUERY, 'force'];
const DELETE_QUERY: readonly ParameterName[] = ['pretty', 'dryRun', 'gracePeriodSeconds', 'propagationPolicy'];

const BUILTIN_SCHEMA_PREFIX: Readonly<Record<string, string>> = {
  '': 'io.k8s.api.core',
  apps: 'io.k8s.api.apps',
  batch: 'io.k8s.api.batch',
  'coordination.k8s.io': 'io.k8s.api.coordination',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
};

/** Schema names of shared meta types. */
export const META_SCHEMAS = {
  status: 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  patch: 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  deleteOptions: 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
} as const;

/**
 * The schema name Kubernetes publishes for a kind: `io.k8s.api.core.v1.Pod` for built-ins, the
 * reversed group for custom resources (`com.example.v1.Widget`).
 */
export function schemaName(group: string, version: string, kind: string): string {
  const prefix = BUILTIN_SCHEMA_PREFIX[group] ?? group.split('.').reverse().join('.');
  return `${prefix}.${version}.${kind}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `CoreV1`, `AppsV1`, `CoordinationV1`, `ExampleComV1alpha1`: the group-version part of operation ids. */
function operationGroup(group: string, version: string): string {
  const name = group === '' ? 'core' : group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  return name.split(/[.-]/).map(capitalize).join('') + capitalize(version);
}

/** The collection path of a kind, namespaced or not. */
function collectionPath(k: KindInfo, namespaced: boolean): string {
  const root = k.group === '' ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`;
  return namespaced ? `${root}/namespaces/{namespace}/${k.plural}` : `${root}/${k.plural}`;
}

/** Every path a kind serves, with its operations. */
export function kindPaths(k: KindInfo): PathSpec[] {
  const gvk: Gvk = { group: k.group, version: k.version, kind: k.kind };
  const gv = operationGroup(k.group, k.version);
  const scope = k.namespaced ? 'Namespaced' : '';
  const ns: ('namespace' | 'name')[] = k.namespaced ? ['namespace'] : [];
  const schema = schemaName(k.group, k.version, k.kind);
  const listSchema = schemaName(k.group, k.version, k.listKind);
  const op = (o: Omit<OperationSpec, 'gvk'>): OperationSpec => ({ ...o, gvk });
  const collection = collectionPath(k, k.namespaced);
  const paths: PathSpec[] = [
    {
      path: collection,
      pathParams: ns,
      operations: [
        op({ method: 'get', action: 'list', operationId: `list${gv}${scope}${k.kind}`, description: `list or watch objects of kind ${k.kind}`, responseSchema: listSchema, query: LIST_QUERY }),
        op({ method: 'post', action: 'post', operationId: `create${gv}${scope}${k.kind}`, description: `create a ${k.kind}`, requestSchema: schema, responseSchema: schema, query: WRITE_QUERY }),
        op({ method: 'delete', action: 'deletecollection', operationId: `deletecollection${gv}${scope}${k.kind}`, description: `delete collection of ${k.kind}`, responseSchema: META_SCHEMAS.status, query: [...DELETE_QUERY, ...LIST_QUERY.filter((q) => q !== 'watch' && q !== 'allowWatchBookmarks' && q !== 'pretty')] }),
      ],
    },
    {
      path: `${collection}/{name}`,
      pathParams: [...ns, 'name'],
      operations: [
        op({ method: 'get', action: 'get', operationId: `read${gv}${scope}${k.kind}`, description: `read the specified ${k.kind}`, responseSchema: schema, query: ['pretty'] }),
        op({ method: 'put', action: 'put', operationId: `replace${gv}${scope}${k.kind}`, description: `replace the specified ${k.kind}`, requestSchema: schema, responseSchema: schema, query: WRITE_QUERY }),
        op({ method: 'patch', action: 'patch', operationId: `patch${gv}${scope}${k.kind}`, description: `partially update the specified ${k.kind}`, responseSchema: schema, query: PATCH_QUERY, patch: true }),
        op({ method: 'delete', action: 'delete', operationId: `delete${gv}${scope}${k.kind}`, description: `delete a ${k.kind}`, responseSchema: schema, query: DELETE_QUERY }),
      ],
    },
  ];
  if (k.statusSubresource) {
    paths.push({
      path: `${collection}/{name}/status`,
      pathParams: [...ns, 'name'],
      operations: [
        op({ method: 'get', action: 'get', operationId: `read${gv}${scope}${k.kind}Status`, description: `read status of the specified ${k.kind}`, responseSchema: schema, query: ['pretty'] }),
        op({ method: 'put', action: 'put', operationId: `replace${gv}${scope}${k.kind}Status`, description: `replace status of the specified ${k.kind}`, requestSchema: schema, responseSchema: schema, query: WRITE_QUERY }),
        op({ method: 'patch', action: 'patch', operationId: `patch${gv}${scope}${k.kind}Status`, description: `partially update status of the specified ${k.kind}`, responseSchema: schema, query: PATCH_QUERY, patch: true }),
      ],
    });
  }
  if (k.namespaced) {
    paths.push({
      path: collectionPath(k, false),
      pathParams: [],
      operations: [
        op({ method: 'get', action: 'list', operationId: `list${gv}${k.kind}ForAllNamespaces`, description: `list or watch objects of kind ${k.kind} in all namespaces`, responseSchema: listSchema, query: LIST_QUERY }),
      ],
    });
  }
  return paths;
}

/**
 * Patch content types the documents advertise for every kind. Strategic merge is advertised only
 * for built-in kinds whose schema is published (see openapi.ts): kubectl apply computes a
 * strategic merge patch from the OpenAPI schema when the PATCH operation lists that type, which
 * needs the kind's real schema; without it, kubectl uses its compiled-in types for built-in kinds
 * and a JSON merge patch for custom ones, both of which the fake applies exactly.
 */
export const ADVERTISED_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'] as const;

/** The strategic merge patch media type. */
export const STRATEGIC_MERGE_PATCH_TYPE = 'application/strategic-merge-patch+json';
