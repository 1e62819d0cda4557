// Answers shaped as kube-apiserver v1.37 shapes them where the shape is not about one kind: the
// plain-text 404 of paths no API group serves, the HTTP router's 406, the ListOptions checks that
// answer 422, the wait before a 504 for a resourceVersion the server has not reached, and the
// `Success` Status of a delete.
import type { ServerResponse } from 'node:http';
import { FakeApiServerError, InvalidError } from '../errors.js';
import type { ServerStatus, StatusCause, StatusDetails } from '../types.js';
import type { Entry } from './entry.js';
import type { KindInfo } from './kinds.js';
import type { ObjectView } from './object-view.js';
import { negotiateFormat, negotiateStatusEncoding, PROTOBUF_CONTENT_TYPE, PROTOBUF_WATCH_CONTENT_TYPE } from './negotiate.js';
import type { ResolvedRequest } from './resource-handler.js';
import { encodeStatus } from './protobuf-wire.js';
import { sendBytes } from './respond.js';
import type { Storage } from './storage.js';
import type { IncludeObject } from './table.js';
import type { ResourceRoute, Route } from './route.js';
import { badRequest, failure, notAcceptable } from './status.js';
import { aggregateText } from './field-error.js';

// ---------------------------------------------------------------------------------------------
// 404 page not found

const API_ROOTS = new Set(['api', 'apis', 'version', 'healthz', 'livez', 'readyz']);

/**
 * Whether kube-apiserver would answer this path with its HTTP mux's plain-text
 * `404 page not found` rather than a `Status`: a path outside the API (no `/api`, `/apis`,
 * `/version`, health or OpenAPI path), an OpenAPI path it does not serve, anything under
 * `/apis/{group}` for a group no served kind belongs to, or under `/apis/{group}/{version}` for
 * a version or resource `known` says is not served (a CRD's group: its handler passes what it
 * does not serve on).
 */
export function isPageNotFound(
  path: string,
  route: Route,
  knownGroup: (group: string) => boolean,
  known: (group: string, version: string, plural: string | undefined) => boolean = () => true,
): boolean {
  const first = path.split('/').find((s) => s !== '');
  if (first === undefined) return false;
  if (first === 'openapi') return route.type === 'unknown';
  if (!API_ROOTS.has(first)) return true;
  switch (route.type) {
    case 'group':
      return first === 'apis' && !knownGroup(route.group);
    case 'groupVersion':
      return first === 'apis' && (!knownGroup(route.group) || !known(route.group, route.version, undefined));
    case 'resource':
      return first === 'apis' && (!knownGroup(route.group) || !known(route.group, route.version, route.plural));
    default:
      return false;
  }
}

/** The mux's answer to a path nothing serves. */
export function sendPageNotFound(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  sendBytes(res, 404, Buffer.from('404 page not found\n'), 'text/plain; charset=utf-8');
}

// ---------------------------------------------------------------------------------------------
// The router's 406

const OBJECT_TYPES = ['application/json', 'application/yaml', PROTOBUF_CONTENT_TYPE];
const COLLECTION_TYPES = [...OBJECT_TYPES, 'application/json;stream=watch', PROTOBUF_WATCH_CONTENT_TYPE];

/**
 * The media types kube-apiserver's route for a request produces: a built-in kind's collection
 * GET (list and watch) adds the watch stream types; `/version` only JSON.
 */
function producedTypes(kind: 'collection' | 'object' | 'version'): readonly string[] {
  return kind === 'collection' ? COLLECTION_TYPES : kind === 'version' ? ['application/json'] : OBJECT_TYPES;
}

/**
 * Whether the router lets a request through: no Accept header, a `*∕*` clause, or a clause whose
 * media type (its parameters and quality left out) is exactly one the route produces. Wildcard
 * subtypes (`application/*`, `text/*`) match nothing.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function routeAccepts(accept: string | undefined, produces: readonly string[]): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  for (const clause of accept.split(',')) {
    const type = (clause.split(';')[0] ?? '').trim();
    if (type === '*/*' || produces.includes(type)) return true;
  }
  return false;
}

/** The router's 406 (`details` empty; written as the Accept header allows, JSON for `text/html`). */
function routeNotAcceptable(produces: readonly string[]): FakeApiServerError {
  return new FakeApiServerError(
    failure(406, 'NotAcceptable', `406: Not Acceptable\n\nAvailable representations: ${produces.join(', ')}`, {}),
  );
}

const DISCOVERY_NOT_ACCEPTABLE = `only the following media types are accepted: ${OBJECT_TYPES.join(', ')}`;

/**
 * The 406s of non-resource paths: the router's for `/version` (JSON only), `/api` and group
 * versions; the discovery handler's for an Accept header whose clauses all ask for a conversion
 * (`as=…`) or another type (`/apis` and `/apis/{group}` have no router check).
 */
export function checkNonResourceAccept(route: Route, accept: string | undefined): void {
  switch (route.type) {
    case 'version':
      if (!routeAccepts(accept, producedTypes('version'))) throw routeNotAcceptable(producedTypes('version'));
      return;
    case 'api':
    case 'groupVersion':
      if (!routeAccepts(accept, OBJECT_TYPES)) throw routeNotAcceptable(OBJECT_TYPES);
      break;
    case 'apis':
    case 'group':
      break;
    default:
      return;
  }
  const format = negotiateFormat(accept, { protobuf: true });
  if (format === undefined || (format.as !== 'json' && format.as !== 'protobuf')) throw notAcceptable(DISCOVERY_NOT_ACCEPTABLE);
}

/**
 * The router's 406 for a built-in kind's request whose Accept header names no type the route
 * produces (`text/html`, `application/xml`, `text/*`). Custom resources are served by a handler of
 * their own that has no such check (their 406 is the negotiation's).
 */
export function checkResourceAccept(request: ResolvedRequest, route: ResourceRoute, method: string, accept: string | undefined): void {
  if (request.served.origin !== 'builtin') return;
  const collectionGet = (method === 'GET' || method === 'HEAD') && (route.name === undefined || route.watchPath);
  const produces = producedTypes(collectionGet ? 'collection' : 'object');
  if (!routeAccepts(accept, produces)) throw routeNotAcceptable(produces);
}

// ---------------------------------------------------------------------------------------------
// ListOptions

function forbidden(message: string): StatusCause {
  return { reason: 'FieldValueForbidden', message: `Forbidden: ${message}`, field: 'resourceVersionMatch' };
}

/**
 * The 422 of a list's options as kube-apiserver validates them (every problem, in its order):
 * `resourceVersionMatch` without a resourceVersion, with `continue`, an unsupported value, and
 * `Exact` with resourceVersion 0. Undefined when they are valid.
 */
export function listOptionsError(options: {
  readonly resourceVersion: string | undefined;
  readonly resourceVersionMatch: string | undefined;
  readonly continueToken: string | undefined;
}): InvalidError | undefined {
  const match = options.resourceVersionMatch;
  if (match === undefined) return undefined;
  const causes: StatusCause[] = [];
  if (options.resourceVersion === undefined) causes.push(forbidden('resourceVersionMatch is forbidden unless resourceVersion is provided'));
  if (options.continueToken !== undefined) causes.push(forbidden('resourceVersionMatch is forbidden when continue is provided'));
  if (match !== 'Exact' && match !== 'NotOlderThan') {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`,
      field: 'resourceVersionMatch',
    });
  }
  if (match === 'Exact' && options.resourceVersion === '0') causes.push(forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  if (causes.length === 0) return undefined;
  const summary = aggregateText(causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`));
  return new InvalidError(
    failure(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${summary}`, { group: 'meta.k8s.io', kind: 'ListOptions', causes }),
  );
}

/**
 * An integer query parameter kube-apiserver reads with Go's `strconv.ParseInt` (64 bits): a
 * negative value is accepted and means the same as none; what does not parse is a 400 worded as
 * Go words it.
 */
export function parseInt64(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw parseIntError(value, 'invalid syntax');
  const n = BigInt(value);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw parseIntError(value, 'value out of range');
  return n <= 0n ? undefined : Number(n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : n);
}

function parseIntError(value: string, why: string): FakeApiServerError {
  return badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: ${why}`);
}

// ---------------------------------------------------------------------------------------------
// A resourceVersion the server has not reached

/** How long kube-apiserver's watch cache waits for a resourceVersion it has not reached. */
export const DEFAULT_FUTURE_RESOURCE_VERSION_WAIT_MS = 3000;

/**
 * The 504 kube-apiserver's watch cache answers when the resourceVersion a list or get asked for
 * was not reached in time (`Retry-After: 1`).
 */
export function resourceVersionTimeout(requested: number, current: number): FakeApiServerError {
  return new FakeApiServerError(
    failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  );
}

/**
 * For a list or get with a resourceVersion above the server's: waits (as kube-apiserver's watch
 * cache does) until the server reaches it, or answers kube-apiserver's 504 after
 * `futureResourceVersionWaitMs`. Values that are not a resourceVersion are left to the caller.
 */
export async function awaitResourceVersion(
  storage: Storage,
  resourceVersion: string | undefined,
  settings: { readonly futureResourceVersionWaitMs?: number | undefined },
  res: ServerResponse,
): Promise<void> {
  if (resourceVersion === undefined || !/^\d{1,15}$/.test(resourceVersion)) return;
  const rv = Number(resourceVersion);
  if (rv <= storage.resourceVersion) return;
  const abort = new AbortController();
  const onClose = (): void => {
    abort.abort();
  };
  res.once('close', onClose);
  try {
    const reached = await storage.whenReached(rv, settings.futureResourceVersionWaitMs ?? DEFAULT_FUTURE_RESOURCE_VERSION_WAIT_MS, abort.signal);
    if (!reached) throw resourceVersionTimeout(rv, storage.resourceVersion);
  } finally {
    res.off('close', onClose);
  }
}

/** The resourceVersion a watch asks for when it is a valid one above `current`. */
export function futureResourceVersion(resourceVersion: string | undefined, current: number): number | undefined {
  if (resourceVersion === undefined || !/^\d{1,15}$/.test(resourceVersion)) return undefined;
  const rv = Number(resourceVersion);
  return rv > current ? rv : undefined;
}

/** Longest timer Node keeps (about 24.8 days); a watch without timeoutSeconds waits that long at most. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Watches waiting for their resourceVersion, by the server's set of open watch streams. */
const waitingWatches = new WeakMap<object, Set<() => void>>();

/**
 * Waits for a watch's future resourceVersion: false when its timeout passes, the client leaves,
 * or `closeWatches()` ends it first (`streams` is the server's set of open watch streams).
 */
export async function waitForWatchStart(storage: Storage, rv: number, timeoutMs: number | undefined, res: ServerResponse, streams: object): Promise<boolean> {
  const abort = new AbortController();
  const onClose = (): void => {
    abort.abort();
  };
  let waiting = waitingWatches.get(streams);
  if (waiting === undefined) {
    waiting = new Set();
    waitingWatches.set(streams, waiting);
  }
  waiting.add(onClose);
  res.once('close', onClose);
  try {
    return await storage.whenReached(rv, Math.min(timeoutMs ?? MAX_TIMER_MS, MAX_TIMER_MS), abort.signal);
  } finally {
    waiting.delete(onClose);
    res.off('close', onClose);
  }
}

/** Ends the watches still waiting for their resourceVersion, as `closeWatches()` ends the others. */
export function endWaitingWatches(streams: object): void {
  for (const end of [...(waitingWatches.get(streams) ?? [])]) end();
}

/** The kind and apiVersion of a watch's BOOKMARK objects: PartialObjectMetadata for metadata views. */
export function bookmarkTypeMeta(view: ObjectView, info: KindInfo): { kind: string; apiVersion: string } {
  if (view.list?.kind === 'PartialObjectMetadataList') return { kind: 'PartialObjectMetadata', apiVersion: view.list.apiVersion };
  return { kind: info.kind, apiVersion: info.apiVersion };
}

/**
 * A Table request's `includeObject`: `Metadata` when unset or empty; kube-apiserver's 400 for
 * anything but `Metadata`, `Object` and `None`.
 */
export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'Object' || value === 'None') return value;
  throw badRequest(`Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(value)}: must be 'Metadata', 'Object', 'None', or empty`);
}

// ---------------------------------------------------------------------------------------------
// DELETE

/**
 * Whether a DELETE answers the object: when finalizers keep it (it carries a
 * deletionTimestamp), or for kinds whose storage returns the deleted object.
 */
export function answersDeletedObject(info: KindInfo, entry: Entry): boolean {
  return info.deleteReturnsObject === true || entry.obj.metadata?.deletionTimestamp !== undefined;
}

/**
 * The `Success` Status kube-apiserver answers a DELETE that removed the object at once (dry run
 * included): details name the object, its group, the resource and its uid; no code, no message.
 * In protobuf when the Accept header prefers it.
 */
export function sendDeleted(res: ServerResponse, info: KindInfo, entry: Entry, accept: string | undefined): void {
  const uid = entry.obj.metadata?.uid;
  const details: StatusDetails = info.group === '' ? { name: entry.name, kind: info.plural } : { name: entry.name, group: info.group, kind: info.plural };
  if (uid !== undefined) details.uid = uid;
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
  if (negotiateStatusEncoding(accept) === 'protobuf') {
    sendBytes(res, 200, encodeStatus(status as unknown as ServerStatus), PROTOBUF_CONTENT_TYPE);
    return;
  }
  sendBytes(res, 200, Buffer.from(JSON.stringify(status)));
}

// ---------------------------------------------------------------------------------------------
// List items

const API_VERSION_OPEN = Buffer.from('{"apiVersion":"');
const KIND_OPEN = Buffer.from('","kind":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA_BYTE = 0x2c;

/**
 * The length of the leading `{"apiVersion":"…","kind":"…",` of an object's JSON (the fake writes
 * every object with those two members first), 0 when it does not start so: a list item is `{`
 * and the rest, without copying the object's bytes. Scans bytes (no string is made per item).
 */
export function typeMetaLength(json: Buffer): number {
  if (json.length < API_VERSION_OPEN.length || json.compare(API_VERSION_OPEN, 0, API_VERSION_OPEN.length, 0, API_VERSION_OPEN.length) !== 0) return 0;
  const apiVersionEnd = json.indexOf(QUOTE, API_VERSION_OPEN.length);
  if (apiVersionEnd < 0 || json.subarray(API_VERSION_OPEN.length, apiVersionEnd).includes(BACKSLASH)) return 0;
  if (json.compare(KIND_OPEN, 0, KIND_OPEN.length, apiVersionEnd, apiVersionEnd + KIND_OPEN.length) !== 0) return 0;
  const kindStart = apiVersionEnd + KIND_OPEN.length;
  const kindEnd = json.indexOf(QUOTE, kindStart);
  if (kindEnd < 0 || json.subarray(kindStart, kindEnd).includes(BACKSLASH) || json[kindEnd + 1] !== COMMA_BYTE) return 0;
  return kindEnd + 2;
}
