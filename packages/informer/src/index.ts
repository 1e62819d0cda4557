export { createSharedInformer } from './shared-informer.js';
export { createInformerFactory } from './informer-factory.js';
export { createLister } from './lister.js';
export { parseLabelSelector } from './label-selector.js';
export type { LabelOperator, LabelRequirement, LabelSelector } from './label-selector.js';
export { MINIMUM_RESYNC_PERIOD_MS } from './resync.js';
export { InformerError, isInformerError, LabelSelectorError } from './errors.js';
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
