export type { IndexFunc, Indexer, Indexers, KeyFunc, ReplaceAsyncOptions, Store } from './types.js';
export type {
  KubeObject,
  ListMeta,
  ObjectList,
  ObjectMeta,
  OwnerReference,
  Status,
  StatusCause,
  StatusDetails,
} from './kube-object.js';
export { createStore } from './store.js';
export type { StoreOptions } from './store.js';
export { createIndexer } from './indexer.js';
export type { IndexerOptions } from './indexer.js';
export { metaNamespaceKeyFunc, splitMetaNamespaceKey } from './object-key.js';
export { DeletedFinalStateUnknown, deletionHandlingMetaNamespaceKeyFunc } from './tombstone.js';
export { NAMESPACE_INDEX, metaNamespaceIndexFunc } from './namespace-index.js';
export {
  IndexFuncError,
  IndexerConflictError,
  KeyError,
  StoreError,
  UnknownIndexError,
} from './errors.js';
export type { StoreErrorCode, StoreErrorOptions } from './errors.js';
