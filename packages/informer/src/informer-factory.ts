import type { KubeConfig } from '@kubernetes/client-node';
import { createListWatch, type KubeListerWatcher } from '@kcache/listwatch';
import type { KubeObject } from '@kcache/store';
import { InformerError } from './errors.js';
import { createSharedInformer } from './shared-informer.js';
import type { InformerFactory, InformerFactoryOptions, InformerResource, SharedInformer } from './types.js';

interface Entry {
  informer: SharedInformer;
  listerWatcher: KubeListerWatcher<KubeObject>;
  running: Promise<void> | undefined;
}

/**
 * Creates an informer factory: one shared informer per resource, all with the same namespace,
 * selectors, resync period and transform, started together: client-go's `SharedInformerFactory`.
 *
 * @example
 * ```ts
 * import { KubeConfig, type V1ConfigMap, type V1Pod } from '@kubernetes/client-node';
 * import { createInformerFactory } from '@kcache/informer';
 *
 * const kubeConfig = new KubeConfig();
 * kubeConfig.loadFromDefault();
 * const factory = createInformerFactory(kubeConfig, { namespace: 'default' });
 * const pods = factory.informerFor<V1Pod>({ apiVersion: 'v1', resource: 'pods' });
 * const configMaps = factory.informerFor<V1ConfigMap>({ apiVersion: 'v1', resource: 'configmaps' });
 * factory.start(AbortSignal.timeout(60_000));
 * await factory.waitForCacheSync();
 * console.log(pods.lister().list().length, configMaps.lister().list().length);
 * await factory.shutdown();
 * ```
 * @throws {InformerError} code `InvalidOptions` when `kubeConfig` is not a `KubeConfig`.
 */
export function createInformerFactory(kubeConfig: KubeConfig, options: InformerFactoryOptions = {}): InformerFactory {
  if (typeof (kubeConfig as Partial<KubeConfig> | undefined)?.applyToHTTPSOptions !== 'function') {
    throw new InformerError('InvalidOptions', 'kubeConfig must be a KubeConfig from @kubernetes/client-node (new KubeConfig(), then loadFromDefault())');
  }
  const informers = new Map<string, Entry>();
  const stop = new AbortController();
  let started = false;
  let shutDown = false;

  const startOne = (entry: Entry): void => {
    if (entry.running !== undefined) return;
    entry.running = entry.informer.run(stop.signal);
  };

  return {
    informerFor<T extends KubeObject = KubeObject>(resource: InformerResource): SharedInformer<T> {
      if (shutDown) throw new InformerError('Stopped', 'the informer factory was shut down; make a new one');
      const { apiVersion, resource: plural } = resource;
      const key = `${apiVersion}/${plural}`;
      let entry = informers.get(key);
      if (entry === undefined) {
        const listerWatcher = createListWatch(kubeConfig, {
          apiVersion,
          resource: plural,
          ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
          ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
          ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
        });
        const informer = createSharedInformer({
          listerWatcher,
          name: key,
          ...(options.resyncPeriodMs === undefined ? {} : { resyncPeriodMs: options.resyncPeriodMs }),
          ...(options.transform === undefined ? {} : { transform: options.transform }),
          ...(options.reflector === undefined ? {} : { reflector: options.reflector }),
        });
        entry = { informer, listerWatcher, running: undefined };
        informers.set(key, entry);
        if (started) startOne(entry);
      }
      // One informer per resource, whatever type each caller reads it as.
      return entry.informer as unknown as SharedInformer<T>;
    },

    start(signal: AbortSignal): void {
      if (shutDown) throw new InformerError('Stopped', 'the informer factory was shut down; make a new one');
      if (!started) {
        started = true;
        if (signal.aborted) stop.abort(signal.reason);
        else {
          signal.addEventListener(
            'abort',
            () => {
              stop.abort(signal.reason);
            },
            { once: true },
          );
        }
      }
      for (const entry of informers.values()) startOne(entry);
    },

    async waitForCacheSync(signal?: AbortSignal): Promise<void> {
      if (!started) throw new InformerError('NotStarted', 'waitForCacheSync() was called before start(signal): nothing would ever sync');
      await Promise.all([...informers.values()].map((e) => e.informer.waitForSync(signal)));
    },

    async shutdown(): Promise<void> {
      shutDown = true;
      stop.abort();
      const entries = [...informers.values()];
      await Promise.all(entries.flatMap((e) => (e.running === undefined ? [] : [e.running.catch(() => undefined)])));
      for (const e of entries) e.listerWatcher.close();
    },
  };
}
