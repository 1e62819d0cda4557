// Query parameters of list and watch requests, parsed the way kube-apiserver's parameter codec
// parses them (Go's strconv rules): malformed values are a 400, never silently ignored.
import { badRequest } from './status.js';
import { parseInt64 } from './wire-shapes.js';

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool; an empty value is false (as the apiserver's codec treats it). */
export function parseBool(name: string, value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (value === '' || FALSE.has(value)) return false;
  if (TRUE.has(value)) return true;
  throw badRequest(`invalid value ${JSON.stringify(value)} for query parameter ${name}: expected one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False`);
}

/** A resourceVersion as a number (they are decimal integers); 400 when it is not one. */
export function parseResourceVersion(value: string): number {
  if (!/^\d{1,15}$/.test(value)) {
    throw badRequest(`invalid resource version ${JSON.stringify(value)}: resourceVersions are the decimal strings this server returned`);
  }
  return Number(value);
}

export interface CollectionParams {
  readonly watch: boolean;
  readonly labelSelector: string;
  readonly fieldSelector: string;
  /** 0 = no limit. */
  readonly limit: number;
  readonly continueToken: string | undefined;
  readonly resourceVersion: string | undefined;
  readonly resourceVersionMatch: string | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly allowWatchBookmarks: boolean;
  readonly sendInitialEvents: boolean | undefined;
  readonly dryRun: boolean;
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

export function parseCollectionParams(query: URLSearchParams): CollectionParams {
  return {
    watch: parseBool('watch', query.get('watch')) ?? false,
    labelSelector: query.get('labelSelector') ?? '',
    fieldSelector: query.get('fieldSelector') ?? '',
    // Go's ParseInt, as kube-apiserver reads them: a negative limit or timeout is no limit.
    limit: parseInt64(query.get('limit')) ?? 0,
    continueToken: nonEmpty(query.get('continue')),
    resourceVersion: nonEmpty(query.get('resourceVersion')),
    resourceVersionMatch: nonEmpty(query.get('resourceVersionMatch')),
    timeoutSeconds: parseInt64(query.get('timeoutSeconds')),
    allowWatchBookmarks: parseBool('allowWatchBookmarks', query.get('allowWatchBookmarks')) ?? false,
    sendInitialEvents: parseBool('sendInitialEvents', query.get('sendInitialEvents')),
    dryRun: parseDryRun(query),
  };
}

/** `dryRun=All` (the only value Kubernetes defines). */
export function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') throw badRequest(`invalid dryRun value ${JSON.stringify(v)}: the only supported value is "All"`);
  }
  return values.length > 0;
}
