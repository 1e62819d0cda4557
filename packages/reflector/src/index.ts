export { createReflector } from './reflector.js';
export { InvalidReflectorOptionsError, isReflectorError, ReflectorError } from './errors.js';
export type { ReflectorErrorCode } from './errors.js';
export type {
  BackoffEvent,
  BackoffOptions,
  BackoffReason,
  ErrorEvent,
  ExpectedType,
  ListEvent,
  Reflector,
  ReflectorEvent,
  ReflectorEventOf,
  ReflectorEventType,
  ReflectorOptions,
  RelistEvent,
  RelistReason,
  ResyncEvent,
  SkipEvent,
  SyncEvent,
  WatchEndEvent,
  WatchEndReason,
  WatchListSupport,
  WatchStartEvent,
} from './types.js';
