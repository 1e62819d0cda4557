// CustomResourceDefinitions: creating one serves its kinds (discovery included), updating it
// follows its served versions, deleting it removes its objects and stops serving them.
import type { KubeObject } from '../types.js';
import { crdPrinterColumns } from './crd-printer-columns.js';
import { claimedNames, controllerStatusWrites, groupOf, initialCrdStatus, namesAccepted, renamedStatus, terminating, updatedCrdStatus, type ClaimedNames } from './crd-status.js';
import { apiApprovalErrors, crdSchemaErrors, crdSpecErrors, customResourceStrategy, printerColumnErrors, storedVersionsErrors, versionSchema } from './crd-versions.js';
import { cloneObject, makeEntry, type Entry } from './entry.js';
import { isJsonObject, jsonEqual } from './json-value.js';
import { InvalidCrdError, kindInfosFromCrd, type KindInfo } from './kinds.js';
import { ManagedFieldsHook } from './managed-fields-hook.js';
import type { Registry, ServedKind } from './registry.js';
import type { Storage } from './storage.js';
import { invalid } from './status.js';
import { asJson } from './strategy.js';
import type { LifecycleHooks } from './writes.js';

/** A CRD object's `status.storedVersions`. */
function storedVersionsOf(crd: KubeObject): string[] {
  const status = (crd as { status?: { storedVersions?: unknown } }).status;
  return Array.isArray(status?.storedVersions) ? status.storedVersions.filter((v): v is string => typeof v === 'string') : [];
}

/** The manager kube-apiserver's CRD controllers write the status as. */
const CONTROLLER = 'kube-apiserver';

/** The KindInfos of a CRD's served versions, each with its version's strategy and Table columns. */
function servedKinds(crd: KubeObject): KindInfo[] {
  const kinds = kindInfosFromCrd(crd);
  const spec = (crd as { spec?: { versions?: unknown } }).spec;
  const versions = Array.isArray(spec?.versions) ? (spec.versions as unknown[]) : [];
  for (const info of kinds) {
    const version = versions.find((v) => isJsonObject(v) && v.name === info.version);
    if (!isJsonObject(version)) continue;
    const schema = versionSchema(version);
    if (schema !== undefined) info.strategy = customResourceStrategy(schema);
    info.columns = crdPrinterColumns(version);
  }
  return kinds;
}

interface CrdShape {
  metadata?: { name?: string };
  spec?: { group?: unknown; names?: { plural?: unknown; kind?: unknown }; versions?: unknown };
}

function storageVersion(crd: KubeObject): string | undefined {
  const versions = (crd as CrdShape).spec?.versions;
  if (!Array.isArray(versions)) return undefined;
  const stored = versions.find((v: { storage?: unknown }) => v.storage === true) as { name?: unknown } | undefined;
  return typeof stored?.name === 'string' ? stored.name : undefined;
}

/**
 * kube-apiserver defaults custom resources as it reads them from storage, so a default added to
 * the storage version's schema shows on objects stored before it (with no write: same
 * resourceVersion, no event). The fake fills it in when the CRD changes.
 */
function defaultStored(served: ServedKind | undefined, info: KindInfo): void {
  const strategy = info.strategy;
  if (served === undefined || strategy?.default === undefined) return;
  const { store } = served;
  for (const [key, entry] of store.entries) {
    const obj = cloneObject(entry.obj);
    strategy.default(asJson(obj));
    if (!jsonEqual(obj, entry.obj)) store.entries.set(key, makeEntry(obj, entry.namespace, entry.name, entry.rv));
  }
}

export function createCrdHooks(registry: Registry, storage: Storage, now: () => string): LifecycleHooks {
  const kindsOf = (served: ServedKind, crd: KubeObject, storedVersions: readonly string[]): KindInfo[] => {
    const name = crd.metadata?.name ?? '';
    const causes = [...crdSpecErrors(crd), ...crdSchemaErrors(crd), ...printerColumnErrors(crd), ...storedVersionsErrors(storedVersions, crd), ...apiApprovalErrors(crd)];
    if (causes.length > 0) throw invalid(served.info, name, causes);
    let kinds: KindInfo[];
    try {
      kinds = kindInfosFromCrd(crd);
    } catch (err) {
      if (err instanceof InvalidCrdError) throw invalid(served.info, name, [{ reason: 'FieldValueInvalid', field: 'spec', message: err.message }]);
      throw err;
    }
    const first = kinds[0];
    // Another CRD's names are the naming controller's business (NamesAccepted False); a built-in
    // kind or one given in `resources` cannot be taken over.
    if (first !== undefined && registry.all().some((s) => s.origin !== 'crd' && s.info.group === first.group && (s.info.plural === first.plural || s.info.kind === first.kind))) {
      throw invalid(served.info, name, [{
        reason: 'FieldValueInvalid',
        field: 'spec.names',
        message: `Invalid value: ${first.plural}.${first.group} is already served by this server`,
      }]);
    }
    return kinds;
  };

  let managedFields: ManagedFieldsHook | undefined;
  /** A status write of kube-apiserver's controllers: stored as an update of the `status` subresource. */
  const controllerWrite = (served: ServedKind, current: Entry, next: KubeObject): Entry => {
    if ((current.obj.metadata?.managedFields ?? []).length > 0) {
      managedFields ??= new ManagedFieldsHook(registry, () => new Date(Date.parse(now())));
      managedFields.recordUpdate(served, current.obj, next, CONTROLLER, 'status');
    }
    return storage.replace(served.store, current, next);
  };

  const serve = (crd: Entry): void => {
    const name = crd.name;
    const kinds = servedKinds(crd.obj);
    const wanted = new Set(kinds.map((k) => k.apiVersion));
    const before = registry.servedByCrd(name);
    const removed = before.filter((s) => !wanted.has(s.info.apiVersion));
    for (const s of removed) {
      for (const sink of [...s.store.sinks]) sink.end();
      registry.remove(s);
    }
    const version = storageVersion(crd.obj);
    for (const info of kinds) {
      const served = registry.add(info, 'crd', name, version);
      if (before.length === 0) served.store.history.floor = Math.max(served.store.history.floor, storage.resourceVersion);
    }
    const stored = kinds.find((k) => k.version === version);
    if (before.length > 0 && stored !== undefined) defaultStored(registry.lookup(stored.group, stored.version, stored.plural), stored);
  };

  const claimed = (served: ServedKind, crd: KubeObject): ClaimedNames =>
    claimedNames([...served.store.entries.values()].map((e) => e.obj), groupOf(crd), crd.metadata?.name ?? '');

  /** The controllers' status writes for a CRD not established yet; it is served once its names are accepted. */
  const settle = (served: ServedKind, entry: Entry): void => {
    const [first, ...rest] = controllerStatusWrites(entry.obj, now(), claimed(served, entry.obj));
    if (first === undefined) return;
    let current = controllerWrite(served, entry, first);
    if (rest.length === 0) return;
    serve(current);
    for (const next of rest) current = controllerWrite(served, current, next);
  };

  /** Deletes a CRD's objects, ends their watches and stops serving its kinds. */
  const removeObjects = (crd: Entry): void => {
    const servedKinds = registry.servedByCrd(crd.name);
    const store = servedKinds[0]?.store;
    if (store !== undefined) {
      for (const key of store.keys.toArray()) {
        const entry = store.entries.get(key);
        if (entry !== undefined) storage.remove(store, entry);
      }
      for (const sink of [...store.sinks]) sink.end();
    }
    for (const s of servedKinds) registry.remove(s);
  };

  /** Names the deleted CRD held may now go to another CRD of its group that wanted them. */
  const afterRemoval = (served: ServedKind, tombstone: Entry): void => {
    const group = groupOf(tombstone.obj);
    for (const entry of [...served.store.entries.values()]) {
      if (groupOf(entry.obj) === group && !namesAccepted(entry.obj) && entry.obj.metadata?.deletionTimestamp === undefined) settle(served, entry);
    }
  };

  return {
    beforeCreate(served, obj) {
      initialCrdStatus(obj);
      kindsOf(served, obj, storedVersionsOf(obj));
    },
    afterCreate(served, entry) {
      settle(served, entry);
    },
    beforeUpdate(served, next, current) {
      updatedCrdStatus(next);
      const kinds = kindsOf(served, next, storedVersionsOf(next));
      const old = registry.servedByCrd(current.name)[0]?.info;
      const first = kinds[0];
      if (old !== undefined && first !== undefined && (old.group !== first.group || old.plural !== first.plural)) {
        throw invalid(served.info, current.name, [{ reason: 'FieldValueInvalid', field: 'spec.group', message: 'Invalid value: field is immutable' }]);
      }
      if (old !== undefined && first !== undefined && old.namespaced !== first.namespaced) {
        // The stored objects' keys depend on the scope.
        throw invalid(served.info, current.name, [{ reason: 'FieldValueInvalid', field: 'spec.scope', message: 'Invalid value: field is immutable' }]);
      }
    },
    afterUpdate(served, entry) {
      if (!namesAccepted(entry.obj)) {
        if (entry.obj.metadata?.deletionTimestamp === undefined) settle(served, entry);
        return;
      }
      serve(entry);
      const renamed = entry.obj.metadata?.deletionTimestamp === undefined ? renamedStatus(entry.obj, claimed(served, entry.obj), now()) : undefined;
      if (renamed !== undefined) controllerWrite(served, entry, renamed);
    },
    deleteRequest(served, current, options) {
      // kube-apiserver marks the CRD (its cleanup finalizer, Terminating) and answers it; its
      // finalizer controller then deletes the objects and the CRD. Here all of it happens now.
      if (current.obj.metadata?.deletionTimestamp !== undefined) return current;
      const marked = terminating(current.obj, now(), 'InstanceDeletionPending', 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon');
      if (options.dryRun === true) return makeEntry(marked, current.namespace, current.name, current.rv);
      const answer = storage.replace(served.store, current, marked);
      const inProgress = storage.replace(served.store, answer, terminating(answer.obj, now(), 'InstanceDeletionInProgress', 'CustomResource deletion is in progress'));
      removeObjects(inProgress);
      const tombstone = storage.remove(served.store, inProgress);
      afterRemoval(served, tombstone);
      return answer;
    },
    beforeDelete(_served, current) {
      removeObjects(current);
    },
    afterDelete(served, tombstone) {
      afterRemoval(served, tombstone);
    },
  };
}
