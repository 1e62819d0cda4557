// Status bodies and the errors carrying them, worded as kube-apiserver words them: clients
// (client-go's apierrors, kubectl) classify errors by `reason`, `code` and sometimes the message.
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  ExpiredError,
  FakeApiServerError,
  InvalidError,
  NotFoundError,
} from '../errors.js';
import { aggregateText } from './field-error.js';
import type { ServerStatus, StatusCause, StatusDetails } from '../types.js';

/** The reason Kubernetes uses for an HTTP status code, for faults and unexpected codes. */
export function reasonForCode(code: number): string {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Expired';
    case 413: return 'RequestEntityTooLarge';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 500: return 'InternalError';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

/** A Failure Status with the fields in the order kube-apiserver writes them. */
export function failure(code: number, reason: string, message: string, details?: StatusDetails): ServerStatus {
  const status: ServerStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details !== undefined) {
    // Re-insert `code` after `details` to keep kube-apiserver's field order.
    const { code: c, ...rest } = status;
    return { ...rest, details, code: c };
  }
  return status;
}

/** What the errors below need to know about the resource. */
export interface ResourceNames {
  group: string;
  plural: string;
  kind: string;
}

function resourceDetails(res: ResourceNames, name: string): StatusDetails {
  return res.group === '' ? { name, kind: res.plural } : { name, group: res.group, kind: res.plural };
}

function qualified(res: ResourceNames): string {
  return res.group === '' ? res.plural : `${res.plural}.${res.group}`;
}

export function notFound(res: ResourceNames, name: string): NotFoundError {
  return new NotFoundError(failure(404, 'NotFound', `${qualified(res)} "${name}" not found`, resourceDetails(res, name)));
}

export function unknownResource(explanation?: string): NotFoundError {
  const message = explanation === undefined
    ? 'the server could not find the requested resource'
    : `the server could not find the requested resource (${explanation})`;
  return new NotFoundError(failure(404, 'NotFound', message, {}));
}

export function alreadyExists(res: ResourceNames, name: string): AlreadyExistsError {
  return new AlreadyExistsError(
    failure(409, 'AlreadyExists', `${qualified(res)} "${name}" already exists`, resourceDetails(res, name)),
  );
}

export function conflict(res: ResourceNames, name: string, why?: string): ConflictError {
  const reason = why ?? 'the object has been modified; please apply your changes to the latest version and try again';
  return new ConflictError(
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(res)} "${name}": ${reason}`, resourceDetails(res, name)),
  );
}

export function invalid(res: ResourceNames, name: string, causes: readonly StatusCause[]): InvalidError {
  const summary = aggregateText(causes.map((c) => (c.field === undefined || c.field === '' ? (c.message ?? '') : `${c.field}: ${c.message ?? ''}`)));
  const details: StatusDetails = res.group === ''
    ? { name, kind: res.kind, causes: [...causes] }
    : { name, group: res.group, kind: res.kind, causes: [...causes] };
  const qualifiedKind = res.group === '' ? res.kind : `${res.kind}.${res.group}`;
  return new InvalidError(failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, details));
}

/** 422 about request options (ListOptions), as the apiserver's option validation answers. */
export function invalidOptions(field: string, message: string): InvalidError {
  return new InvalidError(
    failure(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${field}: ${message}`, {
      group: 'meta.k8s.io',
      kind: 'ListOptions',
      causes: [{ reason: 'FieldValueForbidden', message, field }],
    }),
  );
}

export function badRequest(message: string): BadRequestError {
  return new BadRequestError(failure(400, 'BadRequest', message));
}

function expired(message: string): ExpiredError {
  return new ExpiredError(failure(410, 'Expired', message));
}

export function tooOldResourceVersion(requested: number, oldest: number): ExpiredError {
  return expired(`too old resource version: ${requested} (${oldest})`);
}

export function continueExpired(): ExpiredError {
  return expired(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list ' +
      'without the continue parameter, or use the continue token in this response to retrieve the remainder of ' +
      'the results. Continuing with the provided token results in an inconsistent list - objects that were ' +
      'created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
}

export function tooLargeResourceVersion(requested: number, current: number): FakeApiServerError {
  return new FakeApiServerError(
    failure(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  );
}

export function unsupportedMediaType(message: string): FakeApiServerError {
  return new FakeApiServerError(failure(415, 'UnsupportedMediaType', message));
}

/** Status errors kube-apiserver's HTTP router writes itself: JSON whatever the client accepts. */
const routerStatuses = new WeakSet<ServerStatus>();

/** Whether a Status is written in JSON whatever the Accept header says (see routeUnsupportedMediaType). */
export function alwaysJson(status: ServerStatus): boolean {
  return routerStatuses.has(status);
}

/**
 * The 415 kube-apiserver's HTTP router answers for a body type a built-in resource's route does not
 * consume (e.g. a PATCH in protobuf): a bare message, empty details, always JSON.
 */
export function routeUnsupportedMediaType(): FakeApiServerError {
  const status = failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
  routerStatuses.add(status);
  return new FakeApiServerError(status);
}

export function notAcceptable(message: string): FakeApiServerError {
  return new FakeApiServerError(failure(406, 'NotAcceptable', message));
}

export function entityTooLarge(limit: number): FakeApiServerError {
  return new FakeApiServerError(failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`));
}

export function methodNotAllowed(method: string): FakeApiServerError {
  return new FakeApiServerError(
    failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`, {}),
  );
}

/** The 405 of kube-apiserver's router for a verb the resource has no route for (the method not named). */
export function routeMethodNotAllowed(): FakeApiServerError {
  return new FakeApiServerError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

export function unauthorized(): FakeApiServerError {
  return new FakeApiServerError(failure(401, 'Unauthorized', 'Unauthorized'));
}

export function internalError(message: string, cause?: unknown): FakeApiServerError {
  return new FakeApiServerError(
    failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
    { cause },
  );
}
