export { createSharedInformer } from './shared-informer.js';
export { createInformerFactory } from './informer-factory.js';
export { createLister } from './lister.js';
export { parseLabelSelector } from './label-selector.js';
export type { LabelOperator, LabelRequirement, LabelSelector } from './label-selector.js';
export { MINIMUM_RESYNC_PERIOD_MS } from './resync.js';
export { InformerError, isInformerError, LabelSelectorError } from './errors.js';
// Handlers receive tombstones; checking for them should not need a second import.
export { DeletedFinalStateUnknown } from '@kcache/store';
export type { InformerErrorCode } from './errors.js';
export type {
  EventsOptions,
  HandlerErrorEvent,
  HandlerOptions,
  HandlerRegistration,
  InformerEvent,
  InformerFactory,
  InformerFactoryOptions,
  InformerResource,
  InformerStatusEvent,
  InformerStatusEventOf,
  InformerStatusEventType,
  Lister,
  NamespaceLister,
  ReflectorTuning,
  ResourceEventHandler,
  SharedInformer,
  SharedInformerOptions,
} from './types.js';
