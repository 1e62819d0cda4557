export { createFakeApiServer } from './fake-api-server.js';
export type { FakeApiServer } from './fake-api-server.js';
export {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  ExpiredError,
  FakeApiServerError,
  ForbiddenError,
  InvalidError,
  ListenError,
  NotFoundError,
} from './errors.js';
export type { FakeApiServerErrorOptions } from './errors.js';
export type {
  CollectionRef,
  ControllerOptions,
  DelayRule,
  FailRule,
  FakeApiServerOptions,
  KubeObject,
  ObjectDeleteOptions,
  ObjectRef,
  RequestRecord,
  ResourceDefinition,
  ServerStatus,
  Status,
  StatusCause,
  StatusDetails,
  Stored,
  StoredMetadata,
  Verb,
} from './types.js';
export { runFakeApiServerCli } from './cli.js';
export type { FakeApiServerCliOptions } from './cli.js';
