// The helper every built-in kind's descriptor is written with: the discovery facts come from the
// data generated from kube-apiserver (data/resources.json); the descriptor adds what only the
// serving needs (field selectors, printer columns, naming rule, generation, delete answer, strategy).
import type { KubeObject } from '../../types.js';
import type { KindInfo } from '../kinds.js';
import { BUILTIN_SCALE } from '../scale.js';
import { generatedResources } from '../schema/load.js';
import type { KindStrategy } from '../strategy.js';
import type { KindColumns } from '../table-columns.js';
import type { VirtualResource } from '../virtual-resources.js';

/**
 * `'v1'` for the core group, `'group/version'` otherwise.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** What the fake adds to kube-apiserver's discovery facts for one built-in kind it serves. */
export interface BuiltinServing {
  group: string;
  plural: string;
  /** The served version; the only (or first) version the generated data lists when omitted. */
  version?: string;
  /**
   * Field selector labels beyond metadata.name / metadata.namespace. Kinds with these have their
   * own field-label conversion in kube-apiserver, which words a refusal `field label not supported`.
   */
  fields?: readonly string[];
  /** `metadata.namespace` is not among the kind's field labels (Nodes, Namespaces, CSRs…). */
  namespaceNotSelectable?: true;
  /** The kind's registry checks the field labels itself (Jobs): `field label "X" not supported for Job`. */
  fieldsCheckedByRegistry?: true;
  /** Old clients' names for selectable fields, mapped as the kind's field-label conversion maps them. */
  fieldAliases?: Readonly<Record<string, string>>;
  /** Selectable fields whose value is derived rather than read at their path. */
  fieldValues?: Readonly<Record<string, (obj: KubeObject) => string>>;
  nameValidation?: KindInfo['nameValidation'];
  /** kube-apiserver's strategy sets `metadata.generation` (see KindInfo.tracksGeneration). */
  generation?: true;
  /** Its storage returns the deleted object (see KindInfo.deleteReturnsObject). */
  deleteReturnsObject?: true;
  /** The columns `kubectl get` shows (kube-apiserver's printer for the kind). */
  columns?: KindColumns;
  /** Defaulting, server-set fields and validation of writes. */
  strategy?: KindStrategy;
  /** The kind stores nothing: kube-apiserver computes its answers (reviews, component statuses, bindings). */
  virtual?: VirtualResource;
  /** The warning kube-apiserver sends with every answer about the kind (a deprecated API). */
  deprecated?: string;
  /** A DELETE without a propagation policy orphans the dependents (see KindInfo.deletePropagation). */
  deletePropagation?: 'Orphan';
  /** The warning such a DELETE answers with. */
  deleteWarning?: string;
}

/**
 * The KindInfo of a built-in kind: the discovery facts (kind, listKind, singular, scope, verbs,
 * short names, categories, subresources) come from the generated data; the rest from `serving`.
 *
 * @throws {Error} when kube-apiserver serves no such resource in the generated data.
 */
export function builtin(serving: BuiltinServing): KindInfo {
  const r = generatedResources().find(
    (g) => g.group === serving.group && g.plural === serving.plural && (serving.version === undefined || g.version === serving.version),
  );
  if (r === undefined) {
    const gv = serving.version === undefined ? serving.group : `${serving.group}/${serving.version}`;
    throw new Error(`kube-apiserver serves no ${serving.plural} in ${gv || 'v1'} in the generated data; run \`pnpm generate:k8s\``);
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
  if (r.subresources.length > 0) {
    info.subresources = r.subresources.map((sub) => ({
      name: sub.name,
      // The kind served at the resource's own group version is listed without them.
      group: sub.group === r.group && sub.version === r.version ? '' : sub.group,
      version: sub.group === r.group && sub.version === r.version ? '' : sub.version,
      kind: sub.kind,
      verbs: sub.verbs,
    }));
  }
  if (serving.fieldsCheckedByRegistry === true) info.fieldLabelError = 'registry';
  else if (serving.fields !== undefined) info.fieldLabelError = 'conversion';
  if (serving.namespaceNotSelectable === true) info.namespaceNotSelectable = true;
  if (serving.virtual !== undefined) info.virtual = serving.virtual;
  if (serving.deprecated !== undefined) info.deprecated = serving.deprecated;
  if (serving.deletePropagation !== undefined) info.deletePropagation = serving.deletePropagation;
  if (serving.deleteWarning !== undefined) info.deleteWarning = serving.deleteWarning;
  if (serving.fieldAliases !== undefined) info.fieldAliases = serving.fieldAliases;
  if (serving.fieldValues !== undefined) info.fieldValues = serving.fieldValues;
  if (serving.columns !== undefined) info.columns = serving.columns;
  if (serving.strategy !== undefined) info.strategy = serving.strategy;
  return info;
}

/** `'true'` or `'false'` for a boolean field that Kubernetes selects with its zero value when unset. */
export function boolField(obj: unknown, path: readonly string[]): string {
  return valueAt(obj, path) === true ? 'true' : 'false';
}

/** The value at `path` (undefined when some step is missing or not an object). */
export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The text a field selector compares: strings as they are, numbers and booleans printed, else `''`. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
