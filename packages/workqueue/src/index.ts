export { createWorkQueue } from './work-queue.js';
export {
  bucketRateLimiter,
  defaultControllerRateLimiter,
  itemExponentialFailureRateLimiter,
  itemFastSlowRateLimiter,
  maxOfRateLimiter,
  withMaxWaitRateLimiter,
} from './rate-limiters.js';
export type { BucketRateLimiterOptions, ItemFastSlowRateLimiterOptions } from './rate-limiters.js';
export { isWorkQueueError, WorkQueueError } from './errors.js';
export type { WorkQueueErrorCode } from './errors.js';
export type {
  AddEvent,
  Clock,
  DelayEvent,
  DepthEvent,
  QueueLatencyEvent,
  RateLimiter,
  RetryEvent,
  WorkDurationEvent,
  WorkQueue,
  WorkQueueEvent,
  WorkQueueEventOf,
  WorkQueueEventType,
  WorkQueueOptions,
} from './types.js';
