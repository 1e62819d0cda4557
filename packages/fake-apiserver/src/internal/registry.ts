// Which kinds are served, at which URLs, backed by which store. Built-ins and `options.resources`
// are fixed; kinds of CustomResourceDefinitions come and go with their CRD objects.
import { ResourceStore } from './resource-store.js';
import type { KindInfo } from './kinds.js';

export type KindOrigin = 'builtin' | 'option' | 'crd';

export interface ServedKind {
  readonly info: KindInfo;
  readonly store: ResourceStore;
  readonly origin: KindOrigin;
  /** Name of the CustomResourceDefinition serving this kind, for `origin: 'crd'`. */
  readonly crdName: string | undefined;
}

function storeId(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export class Registry {
  private readonly byPath = new Map<string, ServedKind>();
  private readonly byKind = new Map<string, ServedKind>();
  private readonly stores = new Map<string, ResourceStore>();

  constructor(private readonly historyLimit: number) {}

  /** Serves `info`; versions of one group/plural share a store. Returns the served kind. */
  add(info: KindInfo, origin: KindOrigin, crdName?: string, storageVersion?: string): ServedKind {
    const id = storeId(info.storeOf?.group ?? info.group, info.storeOf?.plural ?? info.plural);
    let store = this.stores.get(id);
    const storageApiVersion = storageVersion === undefined
      ? info.apiVersion
      : info.group === '' ? storageVersion : `${info.group}/${storageVersion}`;
    if (store === undefined) {
      store = new ResourceStore(id, info.namespaced, storageApiVersion, this.historyLimit);
      this.stores.set(id, store);
    } else if (storageVersion !== undefined) {
      store.storageApiVersion = storageApiVersion;
    }
    const served: ServedKind = { info, store, origin, crdName };
    this.byPath.set(`${info.group}/${info.version}/${info.plural}`, served);
    this.byKind.set(`${info.apiVersion}|${info.kind}`, served);
    return served;
  }

  /** Stops serving one version; the store goes when its last version does. */
  remove(served: ServedKind): void {
    const { info } = served;
    this.byPath.delete(`${info.group}/${info.version}/${info.plural}`);
    if (this.byKind.get(`${info.apiVersion}|${info.kind}`) === served) {
      this.byKind.delete(`${info.apiVersion}|${info.kind}`);
    }
    const stillServed = [...this.byPath.values()].some((s) => s.store === served.store);
    if (!stillServed) this.stores.delete(served.store.id);
  }

  lookup(group: string, version: string, plural: string): ServedKind | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  lookupKind(apiVersion: string, kind: string): ServedKind | undefined {
    return this.byKind.get(`${apiVersion}|${kind}`);
  }

  /** True when some served kind of `group` uses `plural` or `kind` (a CRD may not take it over). */
  isTaken(group: string, plural: string, kind: string, exceptCrd?: string): boolean {
    for (const s of this.byPath.values()) {
      if (s.info.group !== group || (exceptCrd !== undefined && s.crdName === exceptCrd)) continue;
      if (s.info.plural === plural || s.info.kind === kind) return true;
    }
    return false;
  }

  servedByCrd(crdName: string): ServedKind[] {
    return [...this.byPath.values()].filter((s) => s.crdName === crdName);
  }

  /** Every served kind, one per group/version/plural. */
  all(): ServedKind[] {
    return [...this.byPath.values()];
  }

  /** Whether some served kind belongs to `group` (the core group `''` always is served). */
  servesGroup(group: string): boolean {
    if (group === '') return true;
    for (const served of this.byPath.values()) if (served.info.group === group) return true;
    return false;
  }

  allStores(): ResourceStore[] {
    return [...this.stores.values()];
  }

  /** The served versions of a store, the storage version first. */
  versionsOf(store: ResourceStore): ServedKind[] {
    const list = [...this.byPath.values()].filter((s) => s.store === store);
    return list.sort((a, b) => Number(b.info.apiVersion === store.storageApiVersion) - Number(a.info.apiVersion === store.storageApiVersion));
  }
}
