// CustomResourceDefinitions: creating one serves its kinds (discovery included), updating it
// follows its served versions, deleting it removes its objects and stops serving them.
import type { KubeObject } from '../types.js';
import type { Entry } from './entry.js';
import { InvalidCrdError, kindInfosFromCrd, type KindInfo } from './kinds.js';
import type { Registry, ServedKind } from './registry.js';
import type { Storage } from './storage.js';
import { invalid } from './status.js';
import type { LifecycleHooks } from './writes.js';

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

export function createCrdHooks(registry: Registry, storage: Storage, now: () => string): LifecycleHooks {
  const kindsOf = (served: ServedKind, crd: KubeObject): KindInfo[] => {
    const name = crd.metadata?.name ?? '';
    let kinds: KindInfo[];
    try {
      kinds = kindInfosFromCrd(crd);
    } catch (err) {
      if (err instanceof InvalidCrdError) throw invalid(served.info, name, [{ reason: 'FieldValueInvalid', field: 'spec', message: err.message }]);
      throw err;
    }
    const first = kinds[0];
    if (first === undefined) {
      throw invalid(served.info, name, [{ reason: 'FieldValueRequired', field: 'spec.versions', message: 'Invalid value: must have at least one served version' }]);
    }
    if (name !== `${first.plural}.${first.group}`) {
      throw invalid(served.info, name, [{
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
        message: `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`,
      }]);
    }
    if (registry.isTaken(first.group, first.plural, first.kind, name)) {
      throw invalid(served.info, name, [{
        reason: 'FieldValueInvalid',
        field: 'spec.names',
        message: `Invalid value: ${first.plural}.${first.group} is already served by this server`,
      }]);
    }
    return kinds;
  };

  const setStatus = (crd: KubeObject, kinds: readonly KindInfo[]): void => {
    const time = now();
    const spec = (crd as CrdShape).spec;
    const stored = storageVersion(crd) ?? kinds[0]?.version;
    (crd as Record<string, unknown>).status = {
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: time, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: time, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      acceptedNames: spec?.names ?? {},
      storedVersions: stored === undefined ? [] : [stored],
    };
  };

  const serve = (crd: Entry): void => {
    const name = crd.name;
    const kinds = kindInfosFromCrd(crd.obj);
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
  };

  return {
    beforeCreate(served, obj) {
      setStatus(obj, kindsOf(served, obj));
    },
    afterCreate(_served, entry) {
      serve(entry);
    },
    beforeUpdate(served, next, current) {
      const kinds = kindsOf(served, next);
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
    afterUpdate(_served, entry) {
      serve(entry);
    },
    beforeDelete(_served, current) {
      const servedKinds = registry.servedByCrd(current.name);
      const store = servedKinds[0]?.store;
      if (store !== undefined) {
        for (const key of store.keys.toArray()) {
          const entry = store.entries.get(key);
          if (entry !== undefined) storage.remove(store, entry);
        }
        for (const sink of [...store.sinks]) sink.end();
      }
      for (const s of servedKinds) registry.remove(s);
    },
  };
}
