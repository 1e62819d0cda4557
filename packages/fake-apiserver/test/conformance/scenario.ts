// The conformance scenarios' shape and the runner that plays one against a server (the fake or a
// real kube-apiserver) and captures the answers the same way for both, so the recorded goldens and
// the fake's answers can be normalised and compared.

/** A running scenario's context: its namespace and the raw answers of the steps run so far. */
export interface ScenarioContext {
  /** The scenario's fresh namespace (normalised to `<ns>` in goldens). */
  readonly ns: string;
  /** An API group of the scenario's own for its CRD (`<ns>.conformance.kcache.dev`). */
  readonly group: string;
  /** Answers of earlier steps, by step name. */
  readonly answers: Readonly<Record<string, Answer>>;
}

/** A request body: JSON, text sent as is (YAML, JSON with duplicate keys), raw bytes, or an object the protobuf codec encodes. */
export type Body =
  | { readonly json: unknown }
  | { readonly text: string }
  | { readonly bytes: Uint8Array }
  | { readonly protobuf: unknown };

type OrFn<T> = T | ((ctx: ScenarioContext) => T);

/** A projection of a normalised response body: the part the scenario is about. */
export type Projection = (body: unknown) => unknown;

export interface Step {
  /** Unique within the scenario. */
  readonly name: string;
  /**
   * Setup steps (creating a namespace or a CRD, waiting for it) must succeed on both servers,
   * but only their status code is compared.
   */
  readonly setup?: boolean;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path, `{ns}` and `{group}` replaced by the scenario's namespace and group. */
  readonly path: OrFn<string>;
  readonly query?: OrFn<Readonly<Record<string, string>>>;
  /** Accept, Content-Type, User-Agent (default `kcache-conformance/v0.0.0`)… */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: OrFn<Body>;
  /**
   * What of the body is compared: a `Status` body always in full, any other body through this
   * projection (nothing without one); `'none'` compares the status code and headers only.
   */
  readonly expect?: Projection | 'none';
  /** Headers compared besides `Content-Type` and every `Warning` (lower case). */
  readonly headersCompared?: readonly string[];
  /** Repeat the request (up to ~30 s) until this holds of its answer, e.g. a CRD is Established. */
  readonly until?: (answer: Answer, ctx: ScenarioContext) => boolean;
  /** A watch: read this many events, then close the connection. */
  readonly watchEvents?: number;
}

export interface Scenario {
  /** Unique, kebab-case; the golden file's name. */
  readonly name: string;
  /** Area for the score, e.g. `protobuf`, `apply`. */
  readonly area: string;
  /** What the scenario shows, in one line. */
  readonly description: string;
  readonly steps: readonly Step[];
}

/** An answer as captured off the wire. */
export interface Answer {
  readonly status: number;
  /** Content-Type and the compared headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every `Warning` header, in order. */
  readonly warnings: readonly string[];
  /** Parsed JSON, decoded protobuf, watch events (`{type, object}[]`), or text. */
  readonly body: unknown;
  /** Base64 of the raw body when it is not JSON or text (protobuf), or of each watch frame (length prefix included). */
  readonly raw?: string | readonly string[];
}

/** The protobuf codec as the runner needs it. */
export interface Codec {
  encodeObject(obj: unknown): Uint8Array;
  /** Decodes an enveloped object; undefined when it cannot. */
  decodeObject(bytes: Uint8Array): unknown;
  /** Decodes one watch frame (with its 4-byte length prefix). */
  decodeWatchEvent(frame: Uint8Array): unknown;
  /** Decodes /openapi/v2 in protobuf (gnostic's `openapi.v2.Document`). */
  decodeOpenApiV2(bytes: Uint8Array): unknown;
}

/** A server to run scenarios against. */
export interface Target {
  readonly url: string;
  readonly token: string;
}

const DEFAULT_USER_AGENT = 'kcache-conformance/v0.0.0 (linux/amd64) kubernetes/none';
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function resolve<T>(value: OrFn<T>, ctx: ScenarioContext): T {
  return typeof value === 'function' ? (value as (ctx: ScenarioContext) => T)(ctx) : value;
}

function fillPath(path: string, ctx: ScenarioContext): string {
  return path.replaceAll('{ns}', ctx.ns).replaceAll('{group}', ctx.group);
}

function encodeBody(body: Body, codec: Codec | undefined): Uint8Array {
  if ('json' in body) return Buffer.from(JSON.stringify(body.json));
  if ('text' in body) return Buffer.from(body.text);
  if ('bytes' in body) return body.bytes;
  if (codec === undefined) throw new Error('a protobuf body needs the protobuf codec');
  return codec.encodeObject(body.protobuf);
}

/** The request a step sends, resolved in its context (also written to the golden, for readers). */
export interface ResolvedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

function resolveRequest(step: Step, ctx: ScenarioContext, codec: Codec | undefined): ResolvedRequest {
  const query = Object.fromEntries(Object.entries(step.query === undefined ? {} : resolve(step.query, ctx)).map(([k, v]) => [k, fillPath(v, ctx)]));
  const headers: Record<string, string> = { 'User-Agent': DEFAULT_USER_AGENT, ...(step.headers ?? {}) };
  const body = step.body === undefined ? undefined : encodeBody(resolve(step.body, ctx), codec);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  return { method: step.method, path: fillPath(resolve(step.path, ctx), ctx), query, headers, ...(body === undefined ? {} : { body }) };
}

function splitFrames(buffer: Buffer): { frames: Buffer[]; rest: Buffer } {
  const frames: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 4) {
    const size = buffer.readUInt32BE(offset);
    if (buffer.length - offset - 4 < size) break;
    frames.push(buffer.subarray(offset, offset + 4 + size));
    offset += 4 + size;
  }
  return { frames, rest: buffer.subarray(offset) };
}

interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  warnings: string[];
  body: Buffer;
  /** For watches: the JSON lines or protobuf frames read before the connection was closed. */
  events?: Buffer[];
}

async function exchange(target: Target, request: ResolvedRequest, watchEvents: number | undefined): Promise<WireAnswer> {
  const url = new URL(request.path, target.url);
  for (const [k, v] of Object.entries(request.query)) url.searchParams.set(k, v);
  // A step may send its own Authorization (e.g. a wrong token); otherwise the target's.
  const headers: Record<string, string> = { Authorization: `Bearer ${target.token}`, ...request.headers };
  if (request.body !== undefined) headers['Content-Length'] = String(request.body.byteLength);
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<WireAnswer>((done, fail) => {
    const req = send(url, { method: request.method, headers, rejectUnauthorized: false }, (res) => {
      const out: Record<string, string> = {};
      const warnings: string[] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        const name = (res.rawHeaders[i] ?? '').toLowerCase();
        const value = res.rawHeaders[i + 1] ?? '';
        if (name === 'warning') warnings.push(value);
        else out[name] = value;
      }
      const chunks: Buffer[] = [];
      const finish = (events?: Buffer[]): void => {
        done({ status: res.statusCode ?? 0, headers: out, warnings, body: Buffer.concat(chunks), ...(events === undefined ? {} : { events }) });
      };
      const streaming = watchEvents !== undefined && res.statusCode === 200;
      const events: Buffer[] = [];
      let pending: Buffer = Buffer.alloc(0);
      const timer = streaming ? setTimeout(() => { req.destroy(); finish(events); }, 10_000) : undefined;
      res.on('data', (chunk: Buffer) => {
        if (!streaming) {
          chunks.push(chunk);
          return;
        }
        pending = Buffer.concat([pending, chunk]);
        if ((out['content-type'] ?? '').startsWith(PROTOBUF)) {
          const { frames, rest } = splitFrames(pending);
          events.push(...frames);
          pending = rest;
        } else {
          let nl: number;
          while ((nl = pending.indexOf(10)) >= 0) {
            events.push(pending.subarray(0, nl));
            pending = pending.subarray(nl + 1);
          }
        }
        if (events.length >= watchEvents) {
          clearTimeout(timer);
          req.destroy();
          finish(events.slice(0, watchEvents));
        }
      });
      res.on('end', () => {
        clearTimeout(timer);
        finish(streaming ? events : undefined);
      });
      res.on('error', () => {
        // A watch closed by us: its answer has been given already.
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${request.method} ${request.path} in 30 s`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A connection closed without an answer is an answer too (status 0): kube-apiserver does that
      // when a handler panics. After a watch was closed by us, the promise is settled already.
      if (err.code === 'ECONNRESET' || err.message === 'socket hang up') done({ status: 0, headers: {}, warnings: [], body: Buffer.alloc(0) });
      else fail(err);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2';

function decodeBody(contentType: string, body: Buffer, codec: Codec | undefined): { body: unknown; raw?: string } {
  if (body.length === 0) return { body: undefined };
  // Megabytes: decoded only (the compared part is small), not kept raw.
  if (contentType.startsWith(OPENAPI_V2_PROTOBUF)) return { body: codec?.decodeOpenApiV2(body) };
  if (contentType.startsWith(PROTOBUF) || contentType.includes('protobuf')) {
    const raw = body.toString('base64');
    if (codec === undefined || !contentType.startsWith(PROTOBUF)) return { body: undefined, raw };
    try {
      return { body: codec.decodeObject(body), raw };
    } catch {
      return { body: undefined, raw };
    }
  }
  // JSON whatever the content type says (kube-apiserver serves /openapi/v3 as text/plain);
  // the content type is compared on its own.
  const text = body.toString('utf8');
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { body: text };
  }
}

function decodeEvents(contentType: string, events: Buffer[], codec: Codec | undefined): { body: unknown; raw?: string[] } {
  if (contentType.startsWith(PROTOBUF)) {
    const raw = events.map((e) => e.toString('base64'));
    if (codec === undefined) return { body: undefined, raw };
    try {
      return { body: events.map((e) => codec.decodeWatchEvent(e)), raw };
    } catch {
      return { body: undefined, raw };
    }
  }
  return { body: events.map((e) => JSON.parse(e.toString('utf8')) as unknown) };
}

/** Sends one step's request and captures its answer (polling while `until` does not hold). */
async function runStep(target: Target, step: Step, ctx: ScenarioContext, codec: Codec | undefined): Promise<{ request: ResolvedRequest; answer: Answer }> {
  const request = resolveRequest(step, ctx, codec);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const wire = await exchange(target, request, step.watchEvents);
    const contentType = wire.headers['content-type'] ?? '';
    const decoded = wire.events === undefined ? decodeBody(contentType, wire.body, codec) : decodeEvents(contentType, wire.events, codec);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', ...(step.headersCompared ?? [])]) {
      const value = wire.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    const answer: Answer = { status: wire.status, headers, warnings: wire.warnings, body: decoded.body, ...(decoded.raw === undefined ? {} : { raw: decoded.raw }) };
    if (step.until === undefined || step.until(answer, ctx) || Date.now() > deadline) return { request, answer };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One step as played: what was sent and what came back (raw, not normalised). */
export interface PlayedStep {
  readonly step: Step;
  readonly request: ResolvedRequest;
  readonly answer: Answer;
}

/** Plays a scenario's steps in order in namespace `ns`. */
export async function playScenario(target: Target, scenario: Scenario, ns: string, codec: Codec | undefined): Promise<PlayedStep[]> {
  const answers: Record<string, Answer> = {};
  const ctx: ScenarioContext = { ns, group: `${ns}.conformance.kcache.dev`, answers };
  const played: PlayedStep[] = [];
  for (const step of scenario.steps) {
    const { request, answer } = await runStep(target, step, ctx, codec);
    answers[step.name] = answer;
    played.push({ step, request, answer });
  }
  return played;
}

/**
 * The namespace of scenario number `index` in a run: `run` tells runs apart (a real server keeps
 * deleted namespaces Terminating, so each recording needs names of its own).
 */
export function namespaceFor(index: number, run: string): string {
  return `kc-conf-${index}-${run}`;
}
