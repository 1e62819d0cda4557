// Response formats, negotiated from the Accept header as kube-apiserver does: plain JSON, protobuf
// (built-in kinds), a meta.k8s.io Table (kubectl get asks for one first), or PartialObjectMetadata
// (metadata-only clients and informers), in JSON or protobuf. Each server's `Views`
// (object-view.ts) writes them.
//
// The Accept header is read as kube-apiserver reads it: its clauses are ordered by quality, then
// by specificity (`*/*` last), keeping the client's order otherwise; the first clause the server
// can answer wins (`application/vnd.kubernetes.protobuf,application/json` from client-go gets
// protobuf, `application/json,application/vnd.kubernetes.protobuf;q=0.9` gets JSON, `*/*` gets
// JSON). Tables are JSON only; custom resources are JSON only unless converted to
// PartialObjectMetadata. When no clause can be answered the request gets 406.
import { at } from './at.js';

/** `Content-Type` of a protobuf body, and the `Accept` type that asks for one. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
/** `Content-Type` of a protobuf watch stream (length-prefixed `WatchEvent` frames). */
export const PROTOBUF_WATCH_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf;stream=watch';

/** One clause of an Accept header. */
interface Clause {
  readonly type: string;
  readonly subType: string;
  readonly q: number;
  readonly params: ReadonlyMap<string, string>;
}

/** `a` goes before `b` (the order kube-apiserver's Accept parser sorts clauses in). */
function before(a: Clause, b: Clause): boolean {
  if (a.q > b.q) return true;
  if (a.type !== '*' && b.type === '*') return true;
  return a.subType !== '*' && b.subType === '*';
}

/**
 * The clauses of an Accept header, most preferred first. Media types and parameter names are
 * compared as the client wrote them (kube-apiserver does not fold case); malformed clauses are
 * dropped.
 */
function parseAccept(accept: string): Clause[] {
  const clauses: Clause[] = [];
  for (const part of accept.split(',')) {
    const [range = '', ...rest] = part.trim().split(';');
    const slash = range.split('/');
    let type = (slash[0] ?? '').trim();
    let subType: string;
    if (slash.length === 1) {
      if (type !== '*') continue;
      subType = '*';
    } else if (slash.length === 2) {
      subType = (slash[1] ?? '').trim();
    } else {
      continue;
    }
    type = type.trim();
    let q = 1;
    const params = new Map<string, string>();
    for (const p of rest) {
      const kv = p.split('=');
      if (kv.length !== 2) continue;
      const key = (kv[0] ?? '').trim();
      const value = (kv[1] ?? '').trim();
      if (key === 'q') {
        const n = Number(value);
        q = Number.isFinite(n) ? n : 0;
      } else {
        params.set(key, value);
      }
    }
    clauses.push({ type, subType, q, params });
  }
  // An insertion sort with the parser's comparison: a stable order for ties, as Go's sort of
  // short slices gives.
  for (let i = 1; i < clauses.length; i++) {
    for (let j = i; j > 0 && before(at(clauses, j), at(clauses, j - 1)); j--) {
      const t = at(clauses, j);
      clauses[j] = at(clauses, j - 1);
      clauses[j - 1] = t;
    }
  }
  return clauses;
}

type Encoding = 'json' | 'yaml' | 'protobuf';
const SUPPORTED: readonly { readonly encoding: Encoding; readonly subType: string }[] = [
  { encoding: 'json', subType: 'json' },
  { encoding: 'yaml', subType: 'yaml' },
  { encoding: 'protobuf', subType: 'vnd.kubernetes.protobuf' },
];

function matches(clause: Clause, subType: string): boolean {
  if (clause.type === '*' && clause.subType === '*') return true;
  return clause.type === 'application' && (clause.subType === subType || clause.subType === '*');
}

export type Format =
  | { readonly as: 'json' }
  | { readonly as: 'protobuf' }
  | { readonly as: 'table' }
  | { readonly as: 'metadata'; readonly version: 'v1' | 'v1beta1'; readonly protobuf: boolean };

/** What the endpoint can answer besides JSON. */
export interface NegotiateOptions {
  /** The kind has a protobuf form (built-in kinds; custom resources have none). */
  readonly protobuf: boolean;
  /** A watch: YAML has no stream form. */
  readonly watch?: boolean | undefined;
}

/** The Status message of a 406, listing what the endpoint could have answered. */
export function notAcceptableMessage(watch: boolean): string {
  const types = watch
    ? ['application/json;stream=watch', `${PROTOBUF_CONTENT_TYPE};stream=watch`]
    : ['application/json', 'application/yaml', PROTOBUF_CONTENT_TYPE];
  // kube-apiserver separates the two stream types with two spaces.
  return `only the following media types are accepted: ${types.join(watch ? ',  ' : ', ')}`;
}

/**
 * The first format in the Accept header this server can produce for the endpoint (plain JSON
 * when there is no header), or undefined when it can produce none of them (406). YAML is answered
 * as JSON: the fake writes no YAML.
 */
export function negotiateFormat(accept: string | undefined, options: NegotiateOptions = { protobuf: false }): Format | undefined {
  if (accept === undefined || accept === '') return { as: 'json' };
  for (const clause of parseAccept(accept)) {
    for (const { encoding, subType } of SUPPORTED) {
      if (!matches(clause, subType)) continue;
      const stream = clause.params.get('stream');
      if (stream !== undefined && stream !== '' && (stream !== 'watch' || encoding === 'yaml')) continue;
      if (encoding === 'yaml' && options.watch === true) continue;
      const as = clause.params.get('as');
      if (as === undefined) {
        if (encoding === 'protobuf') {
          if (options.protobuf) return { as: 'protobuf' };
          continue;
        }
        return { as: 'json' };
      }
      if ((clause.params.get('g') ?? 'meta.k8s.io') !== 'meta.k8s.io') continue;
      const version = clause.params.get('v') ?? 'v1';
      if (version !== 'v1' && version !== 'v1beta1') continue;
      if (as === 'Table') {
        if (encoding !== 'protobuf') return { as: 'table' };
        continue;
      }
      if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
        return { as: 'metadata', version, protobuf: encoding === 'protobuf' };
      }
    }
  }
  return undefined;
}

/**
 * How a Status (an error, or the answer to a delete) is written for this Accept header: the
 * first clause asking for an object as it is (no `as=` conversion) in JSON, YAML (written as
 * JSON) or protobuf; JSON when there is none. kube-apiserver writes errors in protobuf even for
 * custom resources when the client asks for it.
 */
export function negotiateStatusEncoding(accept: string | undefined): 'json' | 'protobuf' {
  if (accept === undefined || accept === '') return 'json';
  for (const clause of parseAccept(accept)) {
    if (clause.params.has('as') || clause.params.has('g') || clause.params.has('v')) continue;
    for (const { encoding, subType } of SUPPORTED) {
      if (!matches(clause, subType)) continue;
      const stream = clause.params.get('stream');
      if (stream !== undefined && stream !== '' && (stream !== 'watch' || encoding === 'yaml')) continue;
      return encoding === 'protobuf' ? 'protobuf' : 'json';
    }
  }
  return 'json';
}
