export { createListWatch } from './list-watch.js';
export type { KubeListerWatcher } from './list-watch.js';
export { listPages } from './list-pages.js';
export type { ListPagesOptions, ListPagesResult } from './list-pages.js';
export { decodeWatchEvents } from './watch-decoder.js';
export type { DecodeWatchEventsOptions } from './watch-decoder.js';
export {
  isConnectionRefused,
  isExpired,
  isGone,
  isInternalError,
  isResourceVersionTooLarge,
  isTooManyRequests,
} from './classifiers.js';
export {
  ApiError,
  ConnectionError,
  InvalidOptionsError,
  KubeConfigError,
  ListWatchError,
  ResponseDecodeError,
  WatchDecodeError,
} from './errors.js';
export type { ApiErrorOptions } from './errors.js';
export type {
  KubeObject,
  ListerWatcher,
  ListMeta,
  ListOptions,
  ListWatchResource,
  ObjectList,
  Status,
  StatusCause,
  StatusDetails,
  WatchEvent,
  WatchOptions,
  WatchStream,
} from './types.js';
