// Goldens: a played scenario normalised (uids, times, resourceVersions, generated names, the
// namespace) and projected onto what the scenario is about, in the form written to
// goldens/<area>/<name>.json and compared with the fake's answers.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answer, Body, PlayedStep, ResolvedRequest, Scenario, ScenarioContext } from './scenario.js';

const GOLDENS_DIR: string = join(dirname(fileURLToPath(import.meta.url)), 'goldens');

export function goldenPath(scenario: Scenario): string {
  return join(GOLDENS_DIR, scenario.area, `${scenario.name}.json`);
}

interface GoldenRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as the scenario wrote it (JSON, text, bytes as base64, or the object sent as protobuf), normalised. */
  readonly body?: unknown;
}

interface GoldenResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly warnings?: readonly string[];
  /** The compared part of the body, normalised; absent when nothing of it is compared. */
  readonly body?: unknown;
}

export interface GoldenStep {
  readonly name: string;
  readonly setup?: true;
  readonly request: GoldenRequest;
  readonly response: GoldenResponse;
  /** Protobuf answers as received (base64, not normalised): each watch frame, or the body; only where the body is compared. */
  readonly raw?: string | readonly string[];
}

export interface Golden {
  readonly scenario: string;
  readonly area: string;
  readonly description: string;
  readonly recordedFrom: string;
  /** The namespace the scenario ran in when recorded (raw bodies still contain it). */
  readonly namespace: string;
  readonly steps: readonly GoldenStep[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const TIME_INSIDE = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g;
/** A resourceVersion inside a message that quotes an object's JSON (`\"resourceVersion\":\"42\"`). */
const RV_INSIDE = /(\\?"resourceVersion\\?":\\?")\d+/g;
/** resourceVersions in a failed precondition's message. */
const RV_PRECONDITION = /(ResourceVersion in (?:the precondition|record) \()\d+\)/g;

/**
 * `<time>` for RFC 3339 in seconds with `Z` (Time), `<time.ffffff>` with the fraction's digits
 * (MicroTime), the zone kept when it is not `Z`: the shape stays compared, the instant does not.
 */
function timeShape(value: string): string {
  const match = TIME.exec(value);
  const fraction = match?.[1] ?? '';
  const zone = match?.[2] ?? 'Z';
  return `<time${fraction === '' ? '' : `.${'f'.repeat(fraction.length - 1)}`}${zone === 'Z' ? '' : zone}>`;
}

function entryKey(entry: unknown): string {
  const e = entry as { operation?: unknown; manager?: unknown; subresource?: unknown; apiVersion?: unknown };
  return JSON.stringify([e.operation, e.manager, e.subresource ?? '', e.apiVersion]);
}

/**
 * kube-apiserver orders managedFields by operation, then time in seconds, then manager and
 * subresource: with times normalised the order would depend on whether two writes fell in the
 * same second, so entries are put in the order they have when they do.
 */
function sortManagedFields(entries: unknown[]): unknown[] {
  return [...entries].sort((a, b) => (entryKey(a) < entryKey(b) ? -1 : entryKey(a) > entryKey(b) ? 1 : 0));
}

/**
 * Replaces what differs between two runs of the same scenario: uids, times (creation, deletion,
 * managedFields, conditions), resourceVersions, continue tokens (opaque, each server its own), the
 * random part of generated names, and the namespace (also inside strings and keys, e.g. messages
 * and the CRD's group); managedFields entries are put in one order (see sortManagedFields).
 */
export function normalise(value: unknown, ns: string): unknown {
  if (typeof value === 'string') {
    if (TIME.test(value)) return timeShape(value);
    return value.replaceAll(ns, '<ns>').replace(UUID, '<uid>').replace(TIME_INSIDE, '<time>').replace(RV_INSIDE, '$1<rv>').replace(RV_PRECONDITION, '$1<rv>)');
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, ns));
  if (value === null || typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [rawKey, v] of Object.entries(input)) {
    // Keys may hold the namespace too (e.g. the CRD's group in the /openapi/v3 index).
    const key = rawKey.replaceAll(ns, '<ns>');
    if ((key === 'uid' || key === 'resourceVersion' || key === 'continue') && typeof v === 'string' && v !== '') out[key] = `<${key === 'uid' ? 'uid' : key === 'continue' ? 'continue' : 'rv'}>`;
    else if (key === 'managedFields' && Array.isArray(v)) out[key] = sortManagedFields(normalise(v, ns) as unknown[]);
    else out[key] = normalise(v, ns);
  }
  const generateName = input.generateName;
  if (typeof generateName === 'string' && typeof input.name === 'string' && input.name.startsWith(generateName) && input.name !== generateName) {
    out.name = `${generateName}<random>`;
  }
  return out;
}

function bodyForGolden(body: Body, ns: string): unknown {
  if ('json' in body) return normalise(body.json, ns);
  if ('text' in body) return { text: normalise(body.text, ns) };
  if ('bytes' in body) return { bytes: Buffer.from(body.bytes).toString('base64') };
  return { protobuf: normalise(body.protobuf, ns) };
}

function requestForGolden(step: PlayedStep, ctx: ScenarioContext): GoldenRequest {
  const request: ResolvedRequest = step.request;
  const body = step.step.body === undefined ? undefined : bodyForGolden(typeof step.step.body === 'function' ? step.step.body(ctx) : step.step.body, ctx.ns);
  return {
    method: request.method,
    path: normalise(request.path, ctx.ns) as string,
    ...(Object.keys(request.query).length === 0 ? {} : { query: normalise(request.query, ctx.ns) as Record<string, string> }),
    headers: request.headers,
    ...(body === undefined ? {} : { body }),
  };
}

function isStatus(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** The compared part of an answer's body: a Status in full (whatever the step expected), else the step's projection. */
function comparedBody(step: PlayedStep['step'], body: unknown, ns: string): unknown {
  if (step.setup === true || step.expect === 'none' || body === undefined) return undefined;
  const normalised = normalise(body, ns);
  if (isStatus(normalised)) return normalised;
  return step.expect === undefined ? undefined : step.expect(normalised);
}

function responseForGolden(step: PlayedStep, ns: string): GoldenResponse {
  const answer: Answer = step.answer;
  if (step.step.setup === true) return { status: answer.status };
  const body = comparedBody(step.step, answer.body, ns);
  return {
    status: answer.status,
    headers: answer.headers,
    ...(answer.warnings.length === 0 ? {} : { warnings: normalise(answer.warnings, ns) as string[] }),
    ...(body === undefined ? {} : { body }),
  };
}

/** A played scenario as a golden (or as the fake's answers, to compare with one). */
export function toGolden(scenario: Scenario, played: readonly PlayedStep[], ns: string, recordedFrom: string): Golden {
  const answers: Record<string, Answer> = {};
  const ctx: ScenarioContext = { ns, group: `${ns}.conformance.kcache.dev`, answers };
  const steps: GoldenStep[] = [];
  for (const step of played) {
    steps.push({
      name: step.step.name,
      ...(step.step.setup === true ? { setup: true as const } : {}),
      request: requestForGolden(step, ctx),
      response: responseForGolden(step, ns),
      // Raw bytes only where the body is compared (not for /openapi/v2's megabytes).
      ...(step.answer.raw === undefined || step.step.setup === true || step.step.expect === 'none' ? {} : { raw: step.answer.raw }),
    });
    answers[step.step.name] = step.answer;
  }
  return { scenario: scenario.name, area: scenario.area, description: scenario.description, recordedFrom, namespace: ns, steps };
}

export async function readGolden(scenario: Scenario): Promise<Golden | undefined> {
  try {
    return JSON.parse(await readFile(goldenPath(scenario), 'utf8')) as Golden;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A golden's text: stable key order as built, two-space indent, final newline. */
export function goldenText(golden: Golden): string {
  return `${JSON.stringify(golden, null, 2)}\n`;
}
