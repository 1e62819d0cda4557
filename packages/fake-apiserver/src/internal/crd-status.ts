// A CustomResourceDefinition's status as kube-apiserver reports it over time. The create stores
// `status.storedVersions` (the storage version) with no conditions and empty accepted names; then
// kube-apiserver's naming controller accepts the names no other CRD of the group holds and writes
// NamesAccepted with `Established: False` (Installing), and its establishing controller
// `Established: True` — two writes of the `status` subresource by the manager `kube-apiserver`,
// each a MODIFIED event. A name another CRD holds is not accepted: one write, NamesAccepted False
// naming the conflict and `Established: False` (NotAccepted), and the kind is not served until
// the other CRD goes. An update that makes another version the storage version appends it to
// `status.storedVersions` in the same write.
import type { KubeObject } from '../types.js';
import { isJsonObject, type JsonObject } from './json-value.js';

/** The version a CRD object marks `storage: true`. */
function storageVersionOf(crd: unknown): string | undefined {
  const spec = isJsonObject(crd) && isJsonObject(crd.spec) ? crd.spec : undefined;
  if (spec === undefined || !Array.isArray(spec.versions)) return undefined;
  for (const v of spec.versions) {
    if (isJsonObject(v) && v.storage === true && typeof v.name === 'string') return v.name;
  }
  return undefined;
}

/** The status a CRD is created with: its storage version, nothing accepted or established yet. */
export function initialCrdStatus(crd: KubeObject): void {
  const stored = storageVersionOf(crd);
  (crd as JsonObject).status = { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: stored === undefined ? [] : [stored] };
}

function statusOf(crd: KubeObject): JsonObject {
  const status = (crd as JsonObject).status;
  return isJsonObject(status) ? status : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The names other CRDs of a group have been given (their `status.acceptedNames`). */
export interface ClaimedNames {
  /** Plurals, singulars and short names. */
  readonly resources: ReadonlySet<string>;
  /** Kinds and list kinds. */
  readonly kinds: ReadonlySet<string>;
}

/** The group of a CRD object (`spec.group`). */
export function groupOf(crd: KubeObject): string {
  const spec = (crd as JsonObject).spec;
  return isJsonObject(spec) ? text(spec.group) : '';
}

/** The names accepted for the CRDs of `group` other than the one named `except`. */
export function claimedNames(crds: Iterable<KubeObject>, group: string, except: string): ClaimedNames {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const crd of crds) {
    if (crd.metadata?.name === except || groupOf(crd) !== group) continue;
    const accepted = statusOf(crd).acceptedNames;
    if (!isJsonObject(accepted)) continue;
    const shortNames: unknown[] = Array.isArray(accepted.shortNames) ? accepted.shortNames : [];
    for (const v of [accepted.plural, accepted.singular, ...shortNames]) {
      if (typeof v === 'string' && v !== '') resources.add(v);
    }
    for (const v of [accepted.kind, accepted.listKind]) {
      if (typeof v === 'string' && v !== '') kinds.add(v);
    }
  }
  return { resources, kinds };
}

/**
 * kube-apiserver's naming controller: each requested name is accepted unless another CRD of the
 * group holds it (a name the CRD already has stays its own); the NamesAccepted condition names the
 * last conflict found, in the controller's order (plural, singular, short names, kind, list kind).
 */
function acceptNames(crd: KubeObject, claimed: ClaimedNames, time: string): { names: JsonObject; condition: JsonObject } {
  const spec = (crd as JsonObject).spec;
  const requested = isJsonObject(spec) && isJsonObject(spec.names) ? spec.names : {};
  const current = statusOf(crd).acceptedNames;
  const accepted = isJsonObject(current) ? current : {};
  const names: JsonObject = { ...accepted };
  let conflict: { reason: string; message: string } | undefined;
  const check = (key: string, used: ReadonlySet<string>, reason: string): void => {
    const want = text(requested[key]);
    if (want === text(accepted[key]) || !used.has(want)) names[key] = want;
    else conflict = { reason, message: `${JSON.stringify(want)} is already in use` };
  };
  check('plural', claimed.resources, 'PluralConflict');
  check('singular', claimed.resources, 'SingularConflict');
  const wanted = Array.isArray(requested.shortNames) ? requested.shortNames.filter((n): n is string => typeof n === 'string') : [];
  const had = Array.isArray(accepted.shortNames) ? (accepted.shortNames as unknown[]) : [];
  const taken = wanted.filter((n) => !had.includes(n) && claimed.resources.has(n));
  if (taken.length > 0) {
    const messages = taken.map((n) => `${JSON.stringify(n)} is already in use`);
    conflict = { reason: 'ShortNamesConflict', message: messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]` };
  } else {
    names.shortNames = wanted;
  }
  check('kind', claimed.kinds, 'KindConflict');
  check('listKind', claimed.kinds, 'ListKindConflict');
  names.categories = Array.isArray(requested.categories) ? requested.categories : [];
  // Go's field order, empty fields left out (kind and plural are always written).
  const ordered: JsonObject = { plural: text(names.plural) };
  if (text(names.singular) !== '') ordered.singular = names.singular;
  if (Array.isArray(names.shortNames) && names.shortNames.length > 0) ordered.shortNames = names.shortNames;
  ordered.kind = text(names.kind);
  if (text(names.listKind) !== '') ordered.listKind = names.listKind;
  if (Array.isArray(names.categories) && names.categories.length > 0) ordered.categories = names.categories;
  const condition = conflict === undefined
    ? { type: 'NamesAccepted', status: 'True', lastTransitionTime: time, reason: 'NoConflicts', message: 'no conflicts found' }
    : { type: 'NamesAccepted', status: 'False', lastTransitionTime: time, reason: conflict.reason, message: conflict.message };
  return { names: ordered, condition };
}

/** Whether a CRD's names have been accepted (its kinds are served). */
export function namesAccepted(crd: KubeObject): boolean {
  const conditions = statusOf(crd).conditions;
  return Array.isArray(conditions) && conditions.some((c) => isJsonObject(c) && c.type === 'NamesAccepted' && c.status === 'True');
}

/**
 * The status writes of kube-apiserver's CRD controllers for a CRD not established yet, as the
 * objects to store in turn (`crd` is not changed): with its names accepted, NamesAccepted and
 * `Established: False` (Installing), then `Established: True`; with a conflict, one write:
 * NamesAccepted False naming it and `Established: False` (NotAccepted).
 */
export function controllerStatusWrites(crd: KubeObject, time: string, claimed: ClaimedNames): KubeObject[] {
  const { names, condition } = acceptNames(crd, claimed, time);
  const storedVersions = statusOf(crd).storedVersions ?? [];
  const write = (established: JsonObject): KubeObject =>
    ({ ...structuredClone(crd), status: { conditions: [condition, established], acceptedNames: names, storedVersions } }) as KubeObject;
  if (condition.status !== 'True') {
    return [write({ type: 'Established', status: 'False', lastTransitionTime: time, reason: 'NotAccepted', message: 'not all names are accepted' })];
  }
  const installing = { type: 'Established', status: 'False', lastTransitionTime: time, reason: 'Installing', message: 'the initial names have been accepted' };
  return [write(installing), write({ ...installing, status: 'True', reason: 'InitialNamesAccepted' })];
}

/** On an update: the new storage version joins `status.storedVersions`. */
export function updatedCrdStatus(next: KubeObject): void {
  const status = statusOf(next);
  const stored = Array.isArray(status.storedVersions) ? (status.storedVersions as unknown[]) : [];
  const version = storageVersionOf(next);
  if (version !== undefined && !stored.includes(version)) {
    (next as JsonObject).status = { ...status, storedVersions: [...stored, version] };
  }
}

/**
 * After an update of an established CRD: the naming controller's write when the accepted names
 * change (new names free in the group), undefined when it would write nothing.
 */
export function renamedStatus(next: KubeObject, claimed: ClaimedNames, time: string): KubeObject | undefined {
  const status = statusOf(next);
  const current = status.acceptedNames;
  if (!isJsonObject(current) || current.plural === '') return undefined;
  const { names, condition } = acceptNames(next, claimed, time);
  if (JSON.stringify(current) === JSON.stringify(names) || condition.status !== 'True') return undefined;
  return { ...structuredClone(next), status: { ...structuredClone(status), acceptedNames: names } } as KubeObject;
}

/** The finalizer kube-apiserver puts on a CRD being deleted until its objects are gone. */
const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/**
 * A CRD being deleted, as kube-apiserver writes it: marked for deletion with the cleanup
 * finalizer, and its Terminating condition (added, or moved on to `reason`).
 */
export function terminating(crd: KubeObject, time: string, reason: string, message: string): KubeObject {
  const next = structuredClone(crd);
  const meta = (next.metadata ??= {});
  meta.deletionTimestamp ??= time;
  const finalizers = meta.finalizers ?? [];
  if (!finalizers.includes(CLEANUP_FINALIZER)) meta.finalizers = [...finalizers, CLEANUP_FINALIZER];
  const status = statusOf(next);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as unknown[]).filter((c) => !(isJsonObject(c) && c.type === 'Terminating')) : [];
  const previous = Array.isArray(status.conditions) ? (status.conditions as unknown[]).find((c) => isJsonObject(c) && c.type === 'Terminating') : undefined;
  const since = isJsonObject(previous) && previous.status === 'True' && typeof previous.lastTransitionTime === 'string' ? previous.lastTransitionTime : time;
  conditions.push({ type: 'Terminating', status: 'True', lastTransitionTime: since, reason, message });
  (next as JsonObject).status = { ...status, conditions };
  return next;
}
