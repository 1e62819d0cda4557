// What the fake knows about each kind it serves: names for URLs and discovery, scope, which
// fields can be selected, how names are validated, and which patch types apply.
import { createHash } from 'node:crypto';
import type { KubeObject, ResourceDefinition } from '../types.js';
import { apiVersionOf } from './builtin-kinds/define.js';
import { crdScalePaths, type ScalePaths } from './scale.js';
import type { KindStrategy } from './strategy.js';
import type { KindColumns } from './table-columns.js';
import type { VirtualResource } from './virtual-resources.js';

/** A subresource as discovery lists it: its name, the kind it takes and answers, its verbs. */
interface DiscoverySubresource {
  readonly name: string;
  /** Group and version of its kind; `''` for the resource's own. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** Conversion between a served version and the storage version of a kind. */
interface VersionConversion {
  /** Turns a decoded body of the served version into the storage form, in place. */
  toStorage(body: Record<string, unknown>): void;
  /** The served version's form of a stored object (a new object; the stored one is not changed). */
  fromStorage(stored: Record<string, unknown>): Record<string, unknown>;
}

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
  /** Old clients' names for selectable fields (`spec.host` for a pod's `spec.nodeName`). */
  fieldAliases?: Readonly<Record<string, string>>;
  /** Selectable fields whose value is derived (a boolean's zero value, a pod's first IP) rather than read at their path. */
  fieldValues?: Readonly<Record<string, (obj: KubeObject) => string>>;
  /** The columns `kubectl get` shows beyond Name and Age; Name and Age only when absent. */
  columns?: KindColumns;
  /**
   * How kube-apiserver refuses a field label the kind does not support: `'conversion'` (the kind
   * has its own field-label conversion, and custom resources: `field label not supported: X`),
   * `'registry'` (its registry checks: `field label "X" not supported for Job`); when absent, the
   * generic `"X" is not a known field selector: only "metadata.name", "metadata.namespace"`.
   */
  fieldLabelError?: 'conversion' | 'registry';
  /** `metadata.namespace` cannot be selected (its field-label conversion leaves it out: Nodes, Namespaces…). */
  namespaceNotSelectable?: boolean;
  /** The subresources discovery lists, in kube-apiserver's order (built-in kinds; from the generated data). */
  subresources?: readonly DiscoverySubresource[];
  /** A resource that stores nothing: its answers are computed (reviews, component statuses, bindings). */
  virtual?: VirtualResource;
  /** The warning kube-apiserver sends with every answer about a deprecated kind. */
  deprecated?: string;
  /**
   * The propagation a DELETE without one gets: `'Orphan'` for the kinds whose strategy keeps
   * dependents (batch/v1 Jobs, ReplicationControllers); background otherwise.
   */
  deletePropagation?: 'Orphan';
  /** The warning a DELETE that leaves the propagation to the kind's default answers with (Jobs). */
  deleteWarning?: string;
  /** Strategic-merge support: true for built-in kinds, false for custom kinds (answered 415). */
  strategicMerge: boolean;
  /**
   * Names must be DNS-1123 subdomains (most kinds), DNS-1123 labels (namespaces), DNS-1035 labels
   * (services: a letter first) or path segments.
   */
  nameValidation: 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';
  /** Verbs listed in discovery. */
  verbs: readonly string[];
  categories?: readonly string[];
  /**
   * kube-apiserver keeps `metadata.generation` for this kind (set to 1 on create, bumped when the
   * spec changes): workloads, Pods, CRDs and custom resources; not ConfigMaps, Secrets, Services…
   */
  tracksGeneration?: boolean;
  /**
   * A DELETE that removes the object at once answers the deleted object (Pods, Services,
   * ServiceAccounts, PVCs, Namespaces) rather than a `Success` Status.
   */
  deleteReturnsObject?: boolean;
  /** Discovery's `storageVersionHash` (of the storage version's group/version/kind). */
  storageVersionHash?: string;
  /** The `/scale` subresource (autoscaling/v1 Scale), when the kind has one. */
  scale?: ScalePaths;
  /** Defaulting, server-set fields and validation of writes (see strategy.ts). */
  strategy?: KindStrategy;
  /**
   * How objects of this served version differ from the storage version's (autoscaling/v1
   * HorizontalPodAutoscalers): request bodies are converted to the storage form, stored objects
   * back when they are served. Without it the versions differ only in `apiVersion`.
   */
  conversion?: VersionConversion;
  /**
   * The kind whose store this one shares, when kube-apiserver keeps it in another resource's
   * storage (events.k8s.io Events are core Events); the first kind added decides the storage version.
   */
  storeOf?: { readonly group: string; readonly plural: string };
  /** The kind a 422 names when kube-apiserver validates objects of this kind as another's (events.k8s.io Events as core Events). */
  invalidAs?: { readonly group: string; readonly plural: string; readonly kind: string };
}

/**
 * kube-apiserver's storageVersionHash: the first 8 bytes of the SHA-256 of
 * `group/version/kind` (of the version objects are stored in), in base64.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** What custom resources (and kinds given as `resources`) share: an update needs a resourceVersion. */
const CUSTOM_RESOURCE_WRITES: KindStrategy = { requiresResourceVersionOnUpdate: true };

/** A CustomResourceDefinition object that cannot be served (a required field is missing or wrong). */
export class InvalidCrdError extends Error {
  override readonly name: string = 'InvalidCrdError';
}

/** Verbs of a custom resource, which supports every standard operation. */
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

/** The kinds every fake API server serves (one descriptor per kind in builtin-kinds/<group>.ts). */
export { BUILTIN_KINDS } from './builtin-kinds/index.js';

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
    fieldLabelError: 'conversion',
    strategicMerge: false,
    nameValidation: 'dns1123-subdomain',
    verbs: STANDARD_VERBS,
    tracksGeneration: true,
    deleteReturnsObject: false,
    storageVersionHash: storageVersionHash(def.group, def.version, def.kind),
    strategy: CUSTOM_RESOURCE_WRITES,
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
  const stored = versions.find((v) => isRecord(v) && v.storage === true);
  const storedVersion = isRecord(stored) ? stringAt(stored, 'name') : undefined;
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
      fieldLabelError: 'conversion',
      strategicMerge: false,
      nameValidation: 'dns1123-subdomain',
      verbs: STANDARD_VERBS,
      tracksGeneration: true,
      deleteReturnsObject: false,
      strategy: CUSTOM_RESOURCE_WRITES,
    };
    if (categories.length > 0) info.categories = categories;
    if (storedVersion !== undefined) info.storageVersionHash = storageVersionHash(group, storedVersion, kind);
    const scale = crdScalePaths(subresources);
    if (scale !== undefined) info.scale = scale;
    result.push(info);
  }
  return result;
}
