// What the fuzz test throws at the server, as plain data (so fast-check can print and shrink a
// failing sequence): well-formed requests, requests with one or more known defects, near-misses
// of real paths, and garbage. Choices that depend on the server's state (a current or stale
// resourceVersion, an existing name) are resolved when the request is sent.
import fc from 'fast-check';
import { WRITTEN_KINDS } from './fuzz-model.js';

export const NAMESPACES = ['default', 'ns1', 'ns2'] as const;
export const NAMES = ['a', 'b', 'c', 'web-1', 'x.y.z'] as const;
const INVALID_NAMES: readonly string[] = ['Bad_Name', '-lead', 'trail-', 'UPPER', 'a..b', 'x'.repeat(254)];

type NameChoice = { t: 'pool'; i: number } | { t: 'generate' } | { t: 'missing' } | { t: 'invalid'; v: string };
export type ContentType = 'json' | 'jsonCharset' | 'none' | 'text' | 'yaml' | 'bogus';
type BodyDefect =
  | 'none' | 'noKind' | 'withRV' | 'nsMismatch' | 'kindMismatch' | 'apiVersionMismatch' | 'labelsNotStrings'
  | 'badLabelValue' | 'finalizers' | 'array' | 'malformed' | 'null' | 'randomJson';
type Labels = Record<string, string>;
/** One query parameter: its name and the value variant (resolved against the state when sent). */
export type QueryParam = readonly [name: string, value: string];

export type Op =
  | { op: 'create'; k: number; ns: number; name: NameChoice; defect: BodyDefect; ct: ContentType; dryRun: boolean; labels: Labels; random: unknown }
  | { op: 'get'; k: number; ns: number; name: number; head: boolean; existing: boolean }
  | { op: 'list'; k: number; ns: number | null; q: QueryParam[] }
  | { op: 'watch'; k: number; ns: number | null; name: number | null; q: QueryParam[] }
  | { op: 'update'; k: number; ns: number; name: number; existing: boolean; rv: 'current' | 'stale' | 'none' | 'garbage'; change: UpdateChange; status: boolean; ct: ContentType; dryRun: boolean; labels: Labels }
  | { op: 'patch'; k: number; ns: number; name: number; existing: boolean; type: PatchType; body: PatchBody; status: boolean; dryRun: boolean; labels: Labels }
  | { op: 'delete'; k: number; ns: number; name: number; existing: boolean; opts: DeleteBody; dryRun: boolean }
  | { op: 'deletecollection'; k: number; ns: number | null; selector: string }
  | { op: 'raw'; method: string; path: string; query: string; ct: ContentType; body: RawBody }
  | { op: 'huge'; k: number; ns: number; ct: ContentType }
  | { op: 'compact' }
  | { op: 'closeWatches' };

type UpdateChange = 'labels' | 'spec' | 'status' | 'addFinalizer' | 'dropFinalizers' | 'rename' | 'badLabel' | 'nsMismatch' | 'kindMismatch' | 'malformed';
type PatchType = 'merge' | 'json' | 'smp' | 'apply' | 'bogus' | 'none';
type PatchBody = 'labels' | 'spec' | 'dropFinalizers' | 'malformed' | 'array' | 'null' | 'jsonTestFail' | 'badLabel';
type DeleteBody = 'none' | 'uidCurrent' | 'uidStale' | 'rvCurrent' | 'rvStale' | 'dryRunBody' | 'malformed' | 'array' | 'empty';
type RawBody = { t: 'none' } | { t: 'json'; v: unknown } | { t: 'bytes'; v: number[] } | { t: 'text'; v: string };

/** true about once in `n + 1` draws. */
const rarely = (n: number): fc.Arbitrary<boolean> => fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: n });
/** Aim a write at an object that exists (when there is one) most of the time. */
const oftenExisting: fc.Arbitrary<boolean> = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });
const kindIndex = fc.nat({ max: WRITTEN_KINDS.length - 1 });
const nsIndex = fc.nat({ max: NAMESPACES.length - 1 });
const nameIndex = fc.nat({ max: NAMES.length - 1 });
const labels: fc.Arbitrary<Labels> = fc.dictionary(fc.constantFrom('app', 'tier', 'k8s.io/zone', 'x'), fc.constantFrom('web', 'db', '', 'a.b-c_d'), { maxKeys: 3 });
const contentType: fc.Arbitrary<ContentType> = fc.oneof(
  { arbitrary: fc.constant('json' as const), weight: 12 },
  { arbitrary: fc.constantFrom('jsonCharset', 'none', 'text', 'yaml', 'bogus'), weight: 2 },
);
const nameChoice: fc.Arbitrary<NameChoice> = fc.oneof(
  { arbitrary: nameIndex.map((i) => ({ t: 'pool' as const, i })), weight: 12 },
  { arbitrary: fc.constant({ t: 'generate' as const }), weight: 2 },
  { arbitrary: fc.constant({ t: 'missing' as const }), weight: 1 },
  { arbitrary: fc.constantFrom(...INVALID_NAMES).map((v) => ({ t: 'invalid' as const, v })), weight: 2 },
);
const bodyDefect: fc.Arbitrary<BodyDefect> = fc.oneof(
  { arbitrary: fc.constantFrom('none', 'noKind', 'finalizers'), weight: 10 },
  {
    arbitrary: fc.constantFrom('withRV', 'nsMismatch', 'kindMismatch', 'apiVersionMismatch', 'labelsNotStrings', 'badLabelValue', 'array', 'malformed', 'null', 'randomJson'),
    weight: 4,
  },
);

/** Query parameters of a list: each valid or not; the oracle knows which is which. */
const listParam: fc.Arbitrary<QueryParam> = fc.oneof(
  fc.constantFrom(...['0', '1', '2', '500', '', '-1', 'abc', '1.5'].map((v) => ['limit', v] as const)),
  fc.constantFrom(...['app=web', 'app!=web', 'app in (web,db)', 'app notin (web)', 'app', '!app', 'app==db', 'app in (', '=web', '!', 'app notin', '(x)'].map((v) => ['labelSelector', v] as const)),
  fc.constantFrom(...['metadata.name=a', 'metadata.namespace!=ns1', 'metadata.name==b', 'spec.bogus=1', 'metadata.name', 'metadata.name in (a)', 'x'].map((v) => ['fieldSelector', v] as const)),
  fc.constantFrom(...['0', 'current', 'old', 'ahead', 'garbage', ''].map((v) => ['resourceVersion', v] as const)),
  fc.constantFrom(...['NotOlderThan', 'Exact', 'Bogus'].map((v) => ['resourceVersionMatch', v] as const)),
  fc.constantFrom(['continue', 'garbage'] as const, ['continue', 'foreign'] as const),
  fc.constantFrom(...['1', '-1', 'x'].map((v) => ['timeoutSeconds', v] as const)),
  fc.constantFrom(...['false', '0', 'False', 'yes'].map((v) => ['watch', v] as const)),
  fc.constantFrom(...['true', 'false', 'maybe'].map((v) => ['sendInitialEvents', v] as const)),
);
const watchParam: fc.Arbitrary<QueryParam> = fc.oneof(
  fc.constantFrom(...['app=web', '!app', 'app in (', '=web'].map((v) => ['labelSelector', v] as const)),
  fc.constantFrom(...['metadata.name=a', 'spec.bogus=1'].map((v) => ['fieldSelector', v] as const)),
  fc.constantFrom(...['0', 'current', 'old', 'ahead', 'garbage', ''].map((v) => ['resourceVersion', v] as const)),
  fc.constantFrom(...['NotOlderThan', 'Exact', 'Bogus'].map((v) => ['resourceVersionMatch', v] as const)),
  fc.constantFrom(...['true', 'false', 'maybe'].map((v) => ['sendInitialEvents', v] as const)),
  fc.constantFrom(...['true', '1', 'maybe'].map((v) => ['allowWatchBookmarks', v] as const)),
  fc.constantFrom(...['1', '-1', 'x'].map((v) => ['timeoutSeconds', v] as const)),
  fc.constantFrom(...['5', 'abc'].map((v) => ['limit', v] as const)),
);

const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constant({ t: 'none' as const }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ t: 'json' as const, v })),
  fc.array(fc.nat({ max: 255 }), { maxLength: 64 }).map((v) => ({ t: 'bytes' as const, v })),
  fc.string({ maxLength: 40 }).map((v) => ({ t: 'text' as const, v })),
);

/** Real paths, paths one step off, and garbage. */
const rawPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '/', '/version', '/api', '/api/v1', '/apis', '/apis/apps/v1', '/apis/example.com/v1', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1',
    '/healthz', '/api/v2', '/apis/apps', '/apis/nope/v1', '/api/v1/pods', '/api/v1/namespaces/default/pods/a/status',
    '/api/v1/namespaces/default/pods/a/log', '/api/v1/namespaces/default/pods/a/b/c', '/api/v1/namespaces//pods', '/api/v1/namespaces/default/podz',
    '/API/V1/PODS', '/api/v1/namespaces/default/pods/', '//api//v1//pods', '/api/v1/namespaces/Bad_NS/pods', '/api/v1/nodes/a/status',
    '/apis/apps/v1/namespaces/default/deployments/a/scale', '/apis/example.com/v2/widgets', '/api/v1/namespaces/%2F/pods', '/api/v1/namespaces/default/pods/%zz',
    '/apis/example.com/v1/namespaces/default/gadgets', '/api/v1/namespaces/default/nodes', '/api/v1/pods/a',
  ),
  fc.webPath(),
  fc.array(fc.constantFrom('api', 'apis', 'v1', 'apps', 'namespaces', 'default', 'pods', 'a', 'status', 'example.com', 'widgets', '..', '%00', '~'), { maxLength: 7 }).map((s) => `/${s.join('/')}`),
);
const rawQuery: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.webQueryParameters(),
  fc.array(fc.tuple(fc.constantFrom('watch', 'limit', 'continue', 'resourceVersion', 'labelSelector', 'fieldSelector', 'dryRun', 'timeoutSeconds', 'x'), fc.constantFrom('', '1', 'true', '-1', 'All', '%', 'a=b', 'zz')), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('create' as const), k: kindIndex, ns: nsIndex, name: nameChoice, defect: bodyDefect, ct: contentType, dryRun: rarely(9), labels, random: fc.jsonValue({ maxDepth: 2 }) }), weight: 12 },
  { arbitrary: fc.record({ op: fc.constant('get' as const), k: kindIndex, ns: nsIndex, name: nameIndex, head: rarely(3), existing: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('list' as const), k: kindIndex, ns: fc.option(nsIndex), q: fc.array(listParam, { maxLength: 3 }) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('watch' as const), k: kindIndex, ns: fc.option(nsIndex), name: fc.option(nameIndex, { freq: 4 }), q: fc.array(watchParam, { maxLength: 3 }) }), weight: 4 },
  {
    arbitrary: fc.record({
      op: fc.constant('update' as const), k: kindIndex, ns: nsIndex, name: nameIndex, existing: oftenExisting, rv: fc.constantFrom('current', 'current', 'stale', 'none', 'garbage'),
      change: fc.constantFrom('labels', 'labels', 'spec', 'status', 'addFinalizer', 'dropFinalizers', 'dropFinalizers', 'rename', 'badLabel', 'nsMismatch', 'kindMismatch', 'malformed'),
      status: rarely(4), ct: contentType, dryRun: rarely(9), labels,
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('patch' as const), k: kindIndex, ns: nsIndex, name: nameIndex, existing: oftenExisting,
      type: fc.constantFrom('merge', 'merge', 'merge', 'json', 'json', 'smp', 'smp', 'smp', 'apply', 'bogus', 'none'),
      body: fc.constantFrom('labels', 'labels', 'spec', 'dropFinalizers', 'malformed', 'array', 'null', 'jsonTestFail', 'badLabel'),
      status: rarely(4), dryRun: rarely(9), labels,
    }),
    weight: 8,
  },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), k: kindIndex, ns: nsIndex, name: nameIndex, existing: oftenExisting, opts: fc.constantFrom('none', 'none', 'uidCurrent', 'uidStale', 'rvCurrent', 'rvStale', 'dryRunBody', 'malformed', 'array', 'empty'), dryRun: rarely(9) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('deletecollection' as const), k: kindIndex, ns: fc.option(nsIndex), selector: fc.constantFrom('app=web', 'tier', '!app', 'app in (') }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('raw' as const), method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'CONNECT2'), path: rawPath, query: rawQuery, ct: contentType, body: rawBody }), weight: 8 },
  { arbitrary: fc.record({ op: fc.constant('huge' as const), k: kindIndex, ns: nsIndex, ct: contentType }), weight: 1 },
  { arbitrary: fc.constant({ op: 'compact' as const }), weight: 1 },
  { arbitrary: fc.constant({ op: 'closeWatches' as const }), weight: 1 },
);
