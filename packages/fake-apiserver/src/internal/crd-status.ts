// A CustomResourceDefinition's status as kube-apiserver reports it over time. The create stores
// `status.storedVersions` (the storage version) with no conditions and empty accepted names; then
// kube-apiserver's naming controller writes NamesAccepted and `Established: False` (Installing),
// and its establishing controller `Established: True` — two writes of the `status` subresource by
// the manager `kube-apiserver`, each a MODIFIED event. An update that makes another version the
// storage version appends it to `status.storedVersions` in the same write.
import type { KubeObject } from '../types.js';
import { isJsonObject, type JsonObject } from './json-value.js';

/** The version a CRD object marks `storage: true`. */
export function storageVersionOf(crd: unknown): string | undefined {
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

/** The names the naming controller accepts: spec.names with singular and listKind filled in. */
function acceptedNames(crd: KubeObject): JsonObject {
  const spec = (crd as JsonObject).spec;
  const names = isJsonObject(spec) && isJsonObject(spec.names) ? spec.names : {};
  const kind = typeof names.kind === 'string' ? names.kind : '';
  const out: JsonObject = { plural: names.plural ?? '' };
  out.singular = typeof names.singular === 'string' && names.singular !== '' ? names.singular : kind.toLowerCase();
  if (Array.isArray(names.shortNames) && names.shortNames.length > 0) out.shortNames = names.shortNames;
  out.kind = kind;
  out.listKind = typeof names.listKind === 'string' && names.listKind !== '' ? names.listKind : `${kind}List`;
  if (Array.isArray(names.categories) && names.categories.length > 0) out.categories = names.categories;
  return out;
}

function statusOf(crd: KubeObject): JsonObject {
  const status = (crd as JsonObject).status;
  return isJsonObject(status) ? status : {};
}

/**
 * The two status writes of kube-apiserver's CRD controllers after a create, as the objects to
 * store in turn (`crd` is not changed): names accepted with Established False, then Established.
 */
export function controllerStatusWrites(crd: KubeObject, time: string): [KubeObject, KubeObject] {
  const names = acceptedNames(crd);
  const namesAccepted = { type: 'NamesAccepted', status: 'True', lastTransitionTime: time, reason: 'NoConflicts', message: 'no conflicts found' };
  const installing = { type: 'Established', status: 'False', lastTransitionTime: time, reason: 'Installing', message: 'the initial names have been accepted' };
  const established = { ...installing, status: 'True', reason: 'InitialNamesAccepted' };
  const storedVersions = statusOf(crd).storedVersions ?? [];
  const first = { ...structuredClone(crd), status: { conditions: [namesAccepted, installing], acceptedNames: names, storedVersions } } as KubeObject;
  const second = { ...structuredClone(first), status: { conditions: [namesAccepted, established], acceptedNames: names, storedVersions } } as KubeObject;
  return [first, second];
}

/** On an update: the new storage version joins `status.storedVersions`; accepted names follow spec.names. */
export function updatedCrdStatus(next: KubeObject): void {
  const status = statusOf(next);
  const stored = Array.isArray(status.storedVersions) ? (status.storedVersions as unknown[]) : [];
  const version = storageVersionOf(next);
  if (version !== undefined && !stored.includes(version)) {
    (next as JsonObject).status = { ...status, storedVersions: [...stored, version] };
  }
}

/** The accepted names after an update, when the naming controller would write new ones (undefined: unchanged). */
export function renamedStatus(next: KubeObject): KubeObject | undefined {
  const status = statusOf(next);
  const names = acceptedNames(next);
  const current = status.acceptedNames;
  if (!isJsonObject(current) || current.plural === '' || JSON.stringify(current) === JSON.stringify(names)) return undefined;
  return { ...structuredClone(next), status: { ...structuredClone(status), acceptedNames: names } } as KubeObject;
}
