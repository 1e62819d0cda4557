import { NAMESPACE_INDEX, type Indexer, type KubeObject } from '@kcache/store';
import { parseLabelSelector, type LabelSelector } from './label-selector.js';
import type { Lister, NamespaceLister } from './types.js';

/** Parsed selectors are kept, up to this many, so a controller listing with the same one each time parses it once. */
const SELECTOR_CACHE_SIZE = 64;

/**
 * Creates a lister over an indexer: client-go's generic lister. `list` and `namespace(ns).list`
 * take a label selector in the syntax of the API server (`app=web,tier in (a,b),!canary`);
 * namespaced reads use the indexer's namespace index when it has one (every informer's has).
 *
 * @example
 * ```ts
 * import { createIndexer, NAMESPACE_INDEX, metaNamespaceIndexFunc } from '@kcache/store';
 * import { createLister } from '@kcache/informer';
 *
 * const pods = createIndexer({ indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc } });
 * pods.add({ metadata: { namespace: 'default', name: 'web-0', labels: { app: 'web' } } });
 * const lister = createLister(pods);
 * lister.namespace('default').list('app=web'); // [web-0]
 * lister.namespace('default').get('web-0');    // web-0
 * ```
 * @throws {LabelSelectorError} from `list` when a selector is not valid.
 */
export function createLister<T extends KubeObject>(indexer: Indexer<T>): Lister<T> {
  const selectors = new Map<string, LabelSelector>();
  const parse = (selector: string): LabelSelector => {
    let parsed = selectors.get(selector);
    if (parsed === undefined) {
      parsed = parseLabelSelector(selector);
      if (selectors.size >= SELECTOR_CACHE_SIZE) {
        const oldest = selectors.keys().next();
        if (oldest.done !== true) selectors.delete(oldest.value);
      }
      selectors.set(selector, parsed);
    }
    return parsed;
  };
  const filter = (objects: T[], selector: string | undefined): T[] => {
    if (selector === undefined || selector.trim() === '') return objects;
    const parsed = parse(selector);
    return objects.filter((obj) => parsed.matches(obj.metadata?.labels));
  };
  const inNamespace = (namespace: string): T[] => {
    if (indexer.getIndexers()[NAMESPACE_INDEX] !== undefined) return indexer.byIndex(NAMESPACE_INDEX, namespace);
    return indexer.list().filter((obj) => (obj.metadata?.namespace ?? '') === namespace);
  };
  return {
    list: (selector) => {
      // Parse first: an invalid selector throws even on an empty cache.
      if (selector !== undefined && selector.trim() !== '') parse(selector);
      return filter(indexer.list(), selector);
    },
    get: (name) => indexer.getByKey(name),
    namespace: (namespace): NamespaceLister<T> => ({
      list: (selector) => {
        if (selector !== undefined && selector.trim() !== '') parse(selector);
        return filter(namespace === '' ? indexer.list() : inNamespace(namespace), selector);
      },
      get: (name) => indexer.getByKey(namespace === '' ? name : `${namespace}/${name}`),
    }),
  };
}
