// The control API: the in-process faults of a FakeApiServer (compact, closeWatches,
// destroyConnections, fail, delay, clearFaults, the request log) over HTTP under /_kcache/v1/, so
// tests in other processes and languages (kubectl scripts, Go, Python) can inject them too. No
// Kubernetes client uses the /_kcache/ prefix. Control requests need the server's bearer token when
// it has one, are not written to the request log, and are never matched by fault rules.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeApiServerError } from '../errors.js';
import type { FakeApiServer } from '../fake-api-server.js';
import type { DelayRule, FailRule, ServerStatus, Verb } from '../types.js';
import type { RequestLog } from './request-log.js';
import { failure } from './status.js';

/** Every path under this prefix belongs to the control API. */
const CONTROL_PREFIX = '/_kcache/';
/** The control API's base path (version 1). */
export const CONTROL_BASE = '/_kcache/v1';

/** The operations the control API drives: those of the server itself. */
type ControlTarget = Pick<FakeApiServer, 'compact' | 'closeWatches' | 'destroyConnections' | 'fail' | 'delay' | 'clearFaults' | 'resourceVersion' | 'finishTerminatingPods'>;

export interface ControlApiOptions {
  /** The server the operations apply to (resolved per request: it exists once listening). */
  readonly target: () => ControlTarget;
  readonly log: RequestLog;
  readonly token: string | undefined;
}

/** Serves one control request (whose path starts with CONTROL_PREFIX). */
export type ControlHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => void;

const MAX_BODY_BYTES = 64 * 1024;
const VERBS: readonly Verb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const FAIL_FIELDS = ['verb', 'resource', 'namespace', 'code', 'reason', 'retryAfterSeconds', 'times'] as const;
const DELAY_FIELDS = ['verb', 'resource', 'namespace', 'delayMs', 'times'] as const;

const OPERATIONS = [
  'POST compact',
  'POST close-watches',
  'POST destroy-connections',
  'POST finish-terminating-pods',
  'POST faults/fail',
  'POST faults/delay',
  'DELETE faults',
  'DELETE faults/<id>',
  'GET requests[?since=<index>]',
  'DELETE requests',
].map((op) => op.replace(' ', ` ${CONTROL_BASE}/`));

export function isControlPath(path: string): boolean {
  return path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1);
}

class ControlError extends Error {
  constructor(readonly status: ServerStatus, readonly headers: Record<string, string> = {}) {
    super(status.message);
  }
}

const badRequest = (message: string): ControlError => new ControlError(failure(400, 'BadRequest', message));

function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(`${JSON.stringify(body)}\n`);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(bytes);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // The rest is not read: the answer closes the connection.
        reject(new ControlError(failure(413, 'RequestEntityTooLarge', `a control request body is at most ${MAX_BODY_BYTES} bytes`), { Connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** The body as a JSON object (an empty body is `{}`). */
async function readObject(req: IncomingMessage, example: string): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body is not JSON (${(err as Error).message}): send a JSON object such as ${example}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`the body must be a JSON object such as ${example}, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function checkFields(body: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw badRequest(`unknown field "${key}": ${what} has the fields ${allowed.join(', ')}`);
  }
}

function optionalString(body: Record<string, unknown>, field: string, hint: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(`${field} must be a non-empty string (${hint}), got ${describe(value)}`);
  return value;
}

function integer(body: Record<string, unknown>, field: string, min: number, max: number, hint: string, required: boolean): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`${field} is required: ${hint}`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${field} must be ${hint}, got ${describe(value)}`);
  }
  return value;
}

function selector(body: Record<string, unknown>): Pick<FailRule, 'verb' | 'resource' | 'namespace'> {
  const verb = body.verb;
  if (verb !== undefined && verb !== null && !VERBS.includes(verb as Verb)) {
    throw badRequest(`verb must be one of ${VERBS.join(', ')} (or left out for every verb), got ${describe(verb)}`);
  }
  const rule: Pick<FailRule, 'verb' | 'resource' | 'namespace'> = {};
  if (typeof verb === 'string') rule.verb = verb as Verb;
  const resource = optionalString(body, 'resource', 'a plural such as "pods", or "pods/status"; left out for every resource');
  if (resource !== undefined) rule.resource = resource;
  const namespace = optionalString(body, 'namespace', 'left out for every namespace');
  if (namespace !== undefined) rule.namespace = namespace;
  return rule;
}

/**
 * A fail rule from a control request body, or a 400 naming the wrong field.
 * @internal
 */
export function parseFailRule(body: Record<string, unknown>): FailRule {
  checkFields(body, FAIL_FIELDS, 'a fail rule');
  const code = integer(body, 'code', 400, 599, 'an HTTP error status from 400 to 599, e.g. 429', true) ?? 0;
  const rule: FailRule = { ...selector(body), code };
  const reason = optionalString(body, 'reason', 'a Status reason such as "ServiceUnavailable"; left out, the usual one for the code');
  if (reason !== undefined) rule.reason = reason;
  const retryAfterSeconds = integer(body, 'retryAfterSeconds', 0, 2 ** 31 - 1, 'a whole number of seconds, 0 or more', false);
  if (retryAfterSeconds !== undefined) rule.retryAfterSeconds = retryAfterSeconds;
  const times = integer(body, 'times', 1, Number.MAX_SAFE_INTEGER, 'a whole number, 1 or more (left out: until removed)', false);
  if (times !== undefined) rule.times = times;
  return rule;
}

/**
 * A delay rule from a control request body, or a 400 naming the wrong field.
 * @internal
 */
export function parseDelayRule(body: Record<string, unknown>): DelayRule {
  checkFields(body, DELAY_FIELDS, 'a delay rule');
  const delayMs = body.delayMs;
  if (delayMs === undefined || delayMs === null) throw badRequest('delayMs is required: how long to hold each matching request, in milliseconds');
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    throw badRequest(`delayMs must be a number of milliseconds, 0 or more, got ${describe(delayMs)}`);
  }
  const rule: DelayRule = { ...selector(body), delayMs };
  const times = integer(body, 'times', 1, Number.MAX_SAFE_INTEGER, 'a whole number, 1 or more (left out: until removed)', false);
  if (times !== undefined) rule.times = times;
  return rule;
}

function parseSince(query: URLSearchParams): number {
  const text = query.get('since');
  if (text === null) return 0;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw badRequest(`since must be a request index, a whole number 0 or more (the "next" of an earlier answer), got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function noQuery(query: URLSearchParams, allowed: readonly string[] = []): void {
  for (const key of query.keys()) {
    if (!allowed.includes(key)) {
      throw badRequest(`unknown query parameter "${key}"${allowed.length === 0 ? ': this operation takes none' : `: this operation takes ${allowed.join(', ')}`}`);
    }
  }
}

/**
 * The control API handler. Fault rules added through it get ids (`"1"`, `"2"`, …) to remove them
 * by; `DELETE faults` removes every rule, however added.
 */
export function createControlApi(options: ControlApiOptions): ControlHandler {
  const rules = new Map<string, { remove(): void }>();
  let nextId = 1;

  const addRule = (handle: { remove(): void }): string => {
    const id = String(nextId++);
    rules.set(id, handle);
    return id;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, method: string, op: string, query: URLSearchParams): Promise<void> => {
    const target = options.target();
    const allow = (...methods: string[]): void => {
      if (!methods.includes(method)) {
        throw new ControlError(
          failure(405, 'MethodNotAllowed', `${method} is not allowed on ${CONTROL_BASE}/${op}: use ${methods.join(' or ')}`),
          { Allow: methods.join(', ') },
        );
      }
    };
    switch (op) {
      case 'compact':
        allow('POST');
        noQuery(query);
        await readObject(req, '{}');
        target.compact();
        sendJson(res, 200, { resourceVersion: target.resourceVersion });
        return;
      case 'close-watches':
        allow('POST');
        noQuery(query);
        await readObject(req, '{}');
        target.closeWatches();
        sendJson(res, 200, {});
        return;
      case 'finish-terminating-pods':
        allow('POST');
        noQuery(query);
        await readObject(req, '{}');
        sendJson(res, 200, { pods: target.finishTerminatingPods() });
        return;
      case 'destroy-connections': {
        allow('POST');
        noQuery(query);
        await readObject(req, '{}');
        // Answer first, on a connection that closes after the answer; cut the others once it has.
        const socket = req.socket;
        socket.once('close', () => {
          target.destroyConnections();
        });
        sendJson(res, 200, {}, { Connection: 'close' });
        return;
      }
      case 'faults/fail': {
        allow('POST');
        noQuery(query);
        const rule = parseFailRule(await readObject(req, '{"verb":"list","resource":"pods","code":429,"retryAfterSeconds":1,"times":2}'));
        const id = addRule(target.fail(rule));
        sendJson(res, 201, { id, rule });
        return;
      }
      case 'faults/delay': {
        allow('POST');
        noQuery(query);
        const rule = parseDelayRule(await readObject(req, '{"verb":"get","resource":"pods","delayMs":500}'));
        const id = addRule(target.delay(rule));
        sendJson(res, 201, { id, rule });
        return;
      }
      case 'faults':
        allow('DELETE');
        noQuery(query);
        target.clearFaults();
        rules.clear();
        sendJson(res, 200, {});
        return;
      case 'requests':
        allow('GET', 'DELETE');
        if (method === 'DELETE') {
          noQuery(query);
          options.log.clear();
          sendJson(res, 200, { next: options.log.next });
          return;
        }
        {
          noQuery(query, ['since']);
          const { first, records } = options.log.since(parseSince(query));
          sendJson(res, 200, { next: first + records.length, items: records.map((record, i) => ({ index: first + i, ...record })) });
        }
        return;
      default:
        if (op.startsWith('faults/') && !op.slice('faults/'.length).includes('/')) {
          allow('DELETE');
          noQuery(query);
          const id = decodeURIComponent(op.slice('faults/'.length));
          const handle = rules.get(id);
          if (handle === undefined) {
            throw new ControlError(failure(404, 'NotFound', `no fault rule with id ${JSON.stringify(id)}: ids are those POST ${CONTROL_BASE}/faults/fail and faults/delay answered, and DELETE ${CONTROL_BASE}/faults removed them all`));
          }
          handle.remove();
          rules.delete(id);
          sendJson(res, 200, { id });
          return;
        }
        throw new ControlError(failure(404, 'NotFound', `no control operation at ${CONTROL_BASE}/${op}; there are: ${OPERATIONS.join('; ')}`));
    }
  };

  return (req, res, path, query) => {
    const fail = (err: unknown): void => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const control = err instanceof ControlError ? err : undefined;
      const status = control?.status ?? (err instanceof FakeApiServerError ? err.status : failure(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`));
      const headers = control?.headers ?? {};
      if (headers.Connection === 'close') res.once('finish', () => req.socket.destroy());
      sendJson(res, status.code, status, headers);
    };
    try {
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
        throw new ControlError(failure(401, 'Unauthorized', 'Unauthorized'));
      }
      if (!path.startsWith(`${CONTROL_BASE}/`)) {
        throw new ControlError(failure(404, 'NotFound', `no control operation at ${path}; there are: ${OPERATIONS.join('; ')}`));
      }
      serve(req, res, req.method ?? 'GET', path.slice(CONTROL_BASE.length + 1), query).catch((err: unknown) => {
        fail(err);
      });
    } catch (err) {
      fail(err);
    }
  };
}
