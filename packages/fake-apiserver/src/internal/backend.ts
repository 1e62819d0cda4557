// The server's state without HTTP: served kinds, storage, write rules and lifecycle hooks.
// The HTTP layer and the in-process API both go through it, so they behave the same.
import type { ControllerOptions, ResourceDefinition } from '../types.js';
import { createCrdHooks } from './crd-lifecycle.js';
import { BUILTIN_KINDS, kindInfoFromDefinition } from './kinds.js';
import { GarbageCollector, observeForGarbageCollection } from './garbage-collector.js';
import { NamespaceController } from './namespace-controller.js';
import { admitCreate, createNamespaceHooks, DEFAULT_NAMESPACES } from './namespace-lifecycle.js';
import { observePods, PodTerminator } from './pod-deletion.js';
import { TokenIssuer } from './service-account-token.js';
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
  /** Which controllers run (all by default). */
  readonly controllers?: ControllerOptions | false | undefined;
}

export class Backend {
  readonly registry: Registry;
  readonly storage: Storage = new Storage();
  readonly writes: Writes;
  /** How this server writes objects in responses, with its own caches. */
  readonly views: Views;
  /** The server's clock (times written into objects). */
  readonly now: () => Date;
  /** Mints and checks service account tokens. */
  readonly tokens: TokenIssuer = new TokenIssuer();
  /** The kubelets' part in graceful pod deletion. */
  readonly podTerminator: PodTerminator | undefined;
  /** The garbage collector (its indexes are kept even when it is off). */
  readonly garbageCollector: GarbageCollector;
  private readonly stopObserving: (() => void)[] = [];

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
    const controllers = options.controllers === false ? { namespace: false, garbageCollector: false, podTermination: false } : (options.controllers ?? {});
    const namespaces = this.registry.lookupKind('v1', 'Namespace');
    if (namespaces !== undefined) {
      this.writes.setHooks(namespaces.store.id, createNamespaceHooks(this.registry, this.storage, now));
      this.writes.admitCreate = (served, namespace, name) => {
        admitCreate(namespaces, served, namespace, name);
      };
      if (controllers.namespace !== false) {
        const controller = new NamespaceController(this.registry, this.writes, namespaces, now);
        const observer = controller.observe.bind(controller);
        this.storage.observers.add(observer);
        this.stopObserving.push(() => {
          this.storage.observers.delete(observer);
          controller.close();
        });
      }
    }
    this.garbageCollector = new GarbageCollector(this.registry, this.storage, this.writes, controllers.garbageCollector !== false);
    const stopCollector = observeForGarbageCollection(this.storage, this.garbageCollector);
    this.stopObserving.push(() => {
      stopCollector();
      this.garbageCollector.close();
    });
    const pods = this.registry.lookupKind('v1', 'Pod');
    if (pods !== undefined) {
      const terminator = new PodTerminator(pods, this.writes, now, controllers.podTermination !== false);
      const stopPods = observePods(this.storage, pods, terminator);
      this.stopObserving.push(() => {
        stopPods();
        terminator.close();
      });
      this.podTerminator = terminator;
    }
    if (namespaces !== undefined) {
      for (const name of DEFAULT_NAMESPACES) {
        this.writes.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { owned: true, manager: 'kube-apiserver' });
      }
    }
  }

  /**
   * What a kubelet does once a deleted pod's containers stopped, for every pod waiting for its
   * grace period: deletes it with a grace period of 0. Returns how many.
   */
  finishTerminatingPods(): number {
    return this.podTerminator?.finishAll() ?? 0;
  }

  /** Stops the controllers and their timers. */
  close(): void {
    for (const stop of this.stopObserving.splice(0)) stop();
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
