// What the fake knows about each kind it serves: names for URLs and discovery, scope, which
// fields can be selected, how names are validated, and which patch types apply.
import { createHash } from 'node:crypto';
import type { ResourceDefinition } from '../types.js';
import { generatedResources } from './schema/load.js';
import { BUILTIN_SCALE, crdScalePaths, type ScalePaths } from './scale.js';
import type { KindStrategy } from './strategy.js';

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

/**
 * `'v1'` for the core group, `'group/version'` otherwise.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** What the fake adds to kube-apiserver's discovery facts for one built-in kind it serves. */
interface BuiltinServing {
  group: string;
  plural: string;
  /** Field selector labels beyond metadata.name / metadata.namespace. */
  fields?: readonly string[];
  nameValidation?: KindInfo['nameValidation'];
  /** kube-apiserver's strategy sets `metadata.generation` (see KindInfo.tracksGeneration). */
  generation?: true;
  /** Its storage returns the deleted object (see KindInfo.deleteReturnsObject). */
  deleteReturnsObject?: true;
  /** Defaulting, server-set fields and validation of writes. */
  strategy?: KindStrategy;
}

/**
 * The KindInfo of a built-in kind: the discovery facts (kind, listKind, singular, scope, verbs,
 * short names, categories, status subresource) come from the data generated from kube-apiserver
 * (data/resources.json); field selectors and name rules from the fake's own table.
 */
function builtin(serving: BuiltinServing): KindInfo {
  const r = generatedResources().find((g) => g.group === serving.group && g.plural === serving.plural);
  if (r === undefined) {
    throw new Error(`kube-apiserver serves no ${serving.plural}.${serving.group} in the generated data; run \`pnpm generate:k8s\``);
  }
  const info: KindInfo = {
    group: r.group,
    version: r.version,
    kind: r.kind,
    listKind: r.listKind,
    plural: r.plural,
    singular: r.singular,
    namespaced: r.namespaced,
    shortNames: r.shortNames,
    statusSubresource: r.subresources.some((s) => s.name === 'status'),
    apiVersion: apiVersionOf(r.group, r.version),
    fieldSelectors: serving.fields ?? [],
    strategicMerge: true,
    nameValidation: serving.nameValidation ?? 'dns1123-subdomain',
    verbs: r.verbs,
    tracksGeneration: serving.generation === true,
    deleteReturnsObject: serving.deleteReturnsObject === true,
  };
  if (r.categories.length > 0) info.categories = r.categories;
  if (r.storageVersionHash !== undefined) info.storageVersionHash = r.storageVersionHash;
  if (r.subresources.some((s) => s.name === 'scale')) info.scale = BUILTIN_SCALE;
  if (serving.strategy !== undefined) info.strategy = serving.strategy;
  return info;
}

/** The kinds every fake API server serves, described as kube-apiserver v1.37 discovers them. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  builtin({ group: '', plural: 'namespaces', nameValidation: 'dns1123-label', fields: ['status.phase'], deleteReturnsObject: true }),
  builtin({ group: '', plural: 'pods', generation: true, deleteReturnsObject: true,
    fields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'] }),
  builtin({ group: '', plural: 'services', nameValidation: 'dns1123-label', deleteReturnsObject: true }),
  builtin({ group: '', plural: 'endpoints' }),
  builtin({ group: '', plural: 'configmaps' }),
  builtin({ group: '', plural: 'secrets', fields: ['type'] }),
  builtin({ group: '', plural: 'serviceaccounts', deleteReturnsObject: true }),
  builtin({ group: '', plural: 'nodes', fields: ['spec.unschedulable'] }),
  builtin({ group: '', plural: 'events',
    fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
      'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
      'reportingComponent', 'source', 'type'] }),
  builtin({ group: '', plural: 'persistentvolumeclaims', deleteReturnsObject: true }),
  builtin({ group: 'apps', plural: 'deployments', generation: true }),
  builtin({ group: 'apps', plural: 'replicasets', fields: ['status.replicas'], generation: true }),
  builtin({ group: 'apps', plural: 'statefulsets', generation: true }),
  builtin({ group: 'apps', plural: 'daemonsets', generation: true }),
  builtin({ group: 'batch', plural: 'jobs', fields: ['status.successful'], generation: true }),
  builtin({ group: 'batch', plural: 'cronjobs', generation: true }),
  builtin({ group: 'coordination.k8s.io', plural: 'leases' }),
  builtin({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions', generation: true }),
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
    tracksGeneration: true,
    deleteReturnsObject: false,
    storageVersionHash: storageVersionHash(def.group, def.version, def.kind),
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
      strategicMerge: false,
      nameValidation: 'dns1123-subdomain',
      verbs: STANDARD_VERBS,
      tracksGeneration: true,
      deleteReturnsObject: false,
    };
    if (categories.length > 0) info.categories = categories;
    if (storedVersion !== undefined) info.storageVersionHash = storageVersionHash(group, storedVersion, kind);
    const scale = crdScalePaths(subresources);
    if (scale !== undefined) info.scale = scale;
    result.push(info);
  }
  return result;
}
