// What the fake knows about each kind it serves: names for URLs and discovery, scope, which
// fields can be selected, how names are validated, and which patch types apply.
import type { ResourceDefinition } from '../types.js';

/** Everything the server needs to know about one served kind (one group/version/kind). */
export interface KindInfo {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  /** e.g. `'Pod'` */
  kind: string;
  /** e.g. `'PodList'` */
  listKind: string;
  /** e.g. `'pods'` */
  plural: string;
  /** e.g. `'pod'` */
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  statusSubresource: boolean;
  /** `'v1'` for the core group, else `'group/version'`. */
  apiVersion: string;
  /** Field selector labels supported beyond `metadata.name` / `metadata.namespace`, e.g. `'spec.nodeName'`. */
  fieldSelectors: readonly string[];
  /** Strategic-merge support: true for built-in kinds, false for custom kinds (answered 415). */
  strategicMerge: boolean;
  /** Names must be DNS-1123 subdomains (most kinds), labels (namespaces, services) or path segments. */
  nameValidation: 'dns1123-subdomain' | 'dns1123-label' | 'path-segment';
  /** Verbs listed in discovery. */
  verbs: readonly string[];
  categories?: readonly string[];
}

/** A CustomResourceDefinition object that cannot be served (a required field is missing or wrong). */
export class InvalidCrdError extends Error {
  override readonly name: string = 'InvalidCrdError';
}

/** Verbs of a resource that supports every standard operation. */
const STANDARD_VERBS: readonly string[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
// Namespaces cannot be deleted as a collection in Kubernetes.
const NAMESPACE_VERBS: readonly string[] = STANDARD_VERBS.filter((v) => v !== 'deletecollection');

/**
 * `'v1'` for the core group, `'group/version'` otherwise.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

interface BuiltinSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  cluster?: true;
  shortNames?: readonly string[];
  status?: true;
  fields?: readonly string[];
  nameValidation?: KindInfo['nameValidation'];
  verbs?: readonly string[];
  categories?: readonly string[];
}

function builtin(spec: BuiltinSpec): KindInfo {
  const info: KindInfo = {
    group: spec.group,
    version: spec.version,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.singular ?? spec.kind.toLowerCase(),
    namespaced: spec.cluster !== true,
    shortNames: spec.shortNames ?? [],
    statusSubresource: spec.status === true,
    apiVersion: apiVersionOf(spec.group, spec.version),
    fieldSelectors: spec.fields ?? [],
    strategicMerge: true,
    nameValidation: spec.nameValidation ?? 'dns1123-subdomain',
    verbs: spec.verbs ?? STANDARD_VERBS,
  };
  if (spec.categories !== undefined) info.categories = spec.categories;
  return info;
}

const ALL = ['all'] as const;

/** The kinds every fake API server serves, with the names, short names and selectable fields Kubernetes gives them. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  builtin({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', cluster: true, shortNames: ['ns'],
    nameValidation: 'dns1123-label', fields: ['status.phase'], verbs: NAMESPACE_VERBS }),
  builtin({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], status: true, categories: ALL,
    fields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'] }),
  builtin({ group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], status: true,
    categories: ALL, nameValidation: 'dns1123-label' }),
  builtin({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'] }),
  builtin({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] }),
  builtin({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', fields: ['type'] }),
  builtin({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'] }),
  builtin({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', cluster: true, shortNames: ['no'], status: true,
    fields: ['spec.unschedulable'] }),
  builtin({ group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'],
    fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
      'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
      'reportingComponent', 'source', 'type'] }),
  builtin({ group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims',
    shortNames: ['pvc'], status: true }),
  builtin({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'],
    status: true, categories: ALL }),
  builtin({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], status: true,
    categories: ALL, fields: ['status.replicas'] }),
  builtin({ group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'],
    status: true, categories: ALL }),
  builtin({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], status: true,
    categories: ALL }),
  builtin({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', status: true, categories: ALL,
    fields: ['status.successful'] }),
  builtin({ group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], status: true,
    categories: ALL }),
  builtin({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases' }),
  builtin({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions', cluster: true, shortNames: ['crd', 'crds'], status: true,
    categories: ['api-extensions'] }),
];

/** The KindInfo of a kind given as a `ResourceDefinition` (served like a custom resource). */
export function kindInfoFromDefinition(def: ResourceDefinition): KindInfo {
  return {
    group: def.group,
    version: def.version,
    kind: def.kind,
    listKind: `${def.kind}List`,
    plural: def.plural,
    singular: def.singular ?? def.kind.toLowerCase(),
    namespaced: def.namespaced,
    shortNames: def.shortNames ?? [],
    statusSubresource: def.statusSubresource ?? false,
    apiVersion: apiVersionOf(def.group, def.version),
    fieldSelectors: [],
    strategicMerge: false,
    nameValidation: 'dns1123-subdomain',
    verbs: STANDARD_VERBS,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringAt(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/** `.spec.color` → `spec.color`: the field label a CRD's selectableFields entry serves. */
function selectableFieldLabel(entry: unknown): string | undefined {
  if (!isRecord(entry) || typeof entry.jsonPath !== 'string') return undefined;
  const path = entry.jsonPath.startsWith('.') ? entry.jsonPath.slice(1) : entry.jsonPath;
  return path === '' ? undefined : path;
}

/**
 * The KindInfos for every served version of a CustomResourceDefinition object
 * (`apiextensions.k8s.io/v1`), so that creating a CRD makes its kind servable.
 *
 * @throws {InvalidCrdError} when spec.group, spec.names.plural, spec.names.kind, spec.versions or
 *   spec.scope is missing or malformed; the message lists every problem.
 */
export function kindInfosFromCrd(crd: unknown): KindInfo[] {
  const problems: string[] = [];
  const spec = isRecord(crd) && isRecord(crd.spec) ? crd.spec : undefined;
  const names = spec !== undefined && isRecord(spec.names) ? spec.names : undefined;
  const group = spec === undefined ? undefined : stringAt(spec, 'group');
  const plural = names === undefined ? undefined : stringAt(names, 'plural');
  const kind = names === undefined ? undefined : stringAt(names, 'kind');
  const scope = spec?.scope;
  const versions = spec !== undefined && Array.isArray(spec.versions) ? (spec.versions as unknown[]) : [];
  if (group === undefined) problems.push('spec.group: Required value');
  if (plural === undefined) problems.push('spec.names.plural: Required value');
  if (kind === undefined) problems.push('spec.names.kind: Required value');
  if (scope === undefined || scope === '') problems.push('spec.scope: Required value');
  else if (scope !== 'Namespaced' && scope !== 'Cluster') {
    problems.push(`spec.scope: Unsupported value: ${JSON.stringify(scope)}: supported values: "Cluster", "Namespaced"`);
  }
  if (versions.length === 0) problems.push('spec.versions: Invalid value: []: must have exactly one version marked as storage version');
  versions.forEach((v, i) => {
    if (!isRecord(v) || stringAt(v, 'name') === undefined) problems.push(`spec.versions[${i}].name: Required value`);
  });
  const metaName = isRecord(crd) && isRecord(crd.metadata) ? crd.metadata.name : undefined;
  if (group !== undefined && plural !== undefined && metaName !== undefined && metaName !== `${plural}.${group}`) {
    problems.push(`metadata.name: Invalid value: ${JSON.stringify(metaName)}: must be spec.names.plural+"."+spec.group`);
  }
  if (problems.length > 0 || group === undefined || plural === undefined || kind === undefined || names === undefined) {
    const shown = problems.length === 1 ? problems.join('') : `[${problems.join(', ')}]`;
    throw new InvalidCrdError(`CustomResourceDefinition is invalid: ${shown}`);
  }
  const categories = stringList(names.categories);
  const result: KindInfo[] = [];
  for (const v of versions) {
    if (!isRecord(v) || v.served === false) continue;
    const version = stringAt(v, 'name') ?? '';
    const subresources = isRecord(v.subresources) ? v.subresources : {};
    const fieldSelectors = Array.isArray(v.selectableFields)
      ? v.selectableFields.map(selectableFieldLabel).filter((f): f is string => f !== undefined)
      : [];
    const info: KindInfo = {
      group,
      version,
      kind,
      listKind: stringAt(names, 'listKind') ?? `${kind}List`,
      plural,
      singular: stringAt(names, 'singular') ?? kind.toLowerCase(),
      namespaced: scope === 'Namespaced',
      shortNames: stringList(names.shortNames),
      statusSubresource: isRecord(subresources.status),
      apiVersion: apiVersionOf(group, version),
      fieldSelectors,
      strategicMerge: false,
      nameValidation: 'dns1123-subdomain',
      verbs: STANDARD_VERBS,
    };
    if (categories.length > 0) info.categories = categories;
    result.push(info);
  }
  return result;
}
