export { createController } from './controller.js';
export { enqueueByIndex, enqueueObject, enqueueOwner, informerSource, unwrapTombstone } from './enqueue.js';
export type { EnqueueByIndexOptions, EnqueueOwnerOptions, InformerSourceOptions } from './enqueue.js';
export { ControllerError, isControllerError } from './errors.js';
export type { ControllerErrorCode } from './errors.js';
export type {
  Controller,
  ControllerEvent,
  ControllerEventOf,
  ControllerEventType,
  ControllerInformer,
  ControllerOptions,
  EnqueueContext,
  EnqueueFunc,
  EnqueueKeys,
  ErrorEvent,
  InformerSource,
  ReconcileEvent,
  ReconcileOutcome,
  ReconcileResult,
  Requeue,
  RequeueAfter,
  RequeueEvent,
  StartedEvent,
  StoppedEvent,
  SyncedEvent,
} from './types.js';
