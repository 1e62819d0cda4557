export { createLeaderElector } from './leader-elector.js';
export {
  InvalidLeaderElectionOptionsError,
  isLeaderElectionError,
  LeaderElectionError,
  LeaseRequestError,
} from './errors.js';
export type { LeaderElectionErrorCode, LeaseVerb } from './errors.js';
export type {
  AcquireEvent,
  AttemptOutcome,
  ErrorEvent,
  LeaderChangeEvent,
  LeaderElectionEvent,
  LeaderElectionEventOf,
  LeaderElectionEventType,
  LeaderElector,
  LeaderElectorOptions,
  LeaseRef,
  ReleaseEvent,
  RenewEvent,
  StartedLeadingEvent,
  StoppedLeadingEvent,
  StoppedLeadingReason,
} from './types.js';
