// The server's state without HTTP: served kinds, storage, write rules and lifecycle hooks.
// The HTTP layer and the in-process API both go through it, so they behave the same.
import type { ResourceDefinition } from '../types.js';
import { createCrdHooks } from './crd-lifecycle.js';
import { BUILTIN_KINDS, kindInfoFromDefinition } from './kinds.js';
import { createNamespaceHooks } from './namespace-lifecycle.js';
import { timestamp } from './object-rules.js';
import { Views } from './object-view.js';
import { Registry, type ServedKind } from './registry.js';
import { Storage } from './storage.js';
import { badRequest, unknownResource } from './status.js';
import type { StrategyConfig } from './strategy.js';
import { Writes } from './writes.js';

export interface BackendOptions {
  readonly historyLimit: number;
  readonly resources: readonly ResourceDefinition[];
  readonly now?: (() => Date) | undefined;
  readonly random?: (() => number) | undefined;
  /** Ranges the kinds' strategies allocate from (Service cluster IPs and node ports). */
  readonly strategyConfig?: StrategyConfig | undefined;
}

export class Backend {
  readonly registry: Registry;
  readonly storage: Storage = new Storage();
  readonly writes: Writes;
  /** How this server writes objects in responses, with its own caches. */
  readonly views: Views;
  /** The server's clock (times written into objects). */
  readonly now: () => Date;

  constructor(options: BackendOptions) {
    const now = options.now ?? (() => new Date());
    this.now = now;
    this.registry = new Registry(options.historyLimit);
    this.views = new Views(() => now().getTime());
    this.writes = new Writes(this.storage, this.registry, now, options.random, options.strategyConfig);
    for (const info of BUILTIN_KINDS) this.registry.add(info, 'builtin');
    for (const def of options.resources) {
      const info = kindInfoFromDefinition(def);
      if (this.registry.lookup(info.group, info.version, info.plural) !== undefined) {
        throw badRequest(`resources: ${info.plural}.${info.group === '' ? 'core' : info.group}/${info.version} is already served; pick another plural or group`);
      }
      this.registry.add(info, 'option');
    }
    const crd = this.registry.lookupKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    if (crd !== undefined) {
      this.writes.setHooks(crd.store.id, createCrdHooks(this.registry, this.storage, () => timestamp(now())));
    }
    const namespaces = this.registry.lookupKind('v1', 'Namespace');
    if (namespaces !== undefined) {
      this.writes.setHooks(namespaces.store.id, createNamespaceHooks(this.registry, () => this.writes));
    }
  }

  /** The served kind for an object's apiVersion and kind; 404 when none. */
  servedKind(apiVersion: string | undefined, kind: string | undefined): ServedKind {
    if (apiVersion === undefined || apiVersion === '' || kind === undefined || kind === '') {
      throw badRequest('apiVersion and kind are required to tell which resource the object belongs to');
    }
    const served = this.registry.lookupKind(apiVersion, kind);
    if (served === undefined) throw unknownResource(`no kind "${kind}" is served in "${apiVersion}"`);
    return served;
  }

  compact(): void {
    this.storage.compact(this.registry.allStores());
  }
}
