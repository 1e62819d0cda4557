import { InvalidOptionsError } from '../errors.js';
import type { ListOptions, ListWatchResource, WatchOptions } from '../types.js';

const SEGMENT = /^[^/?#\s]+$/;

/**
 * The collection's URL path, without the server's own path prefix: `/api/v1/pods`,
 * `/apis/apps/v1/namespaces/default/deployments`.
 *
 * @throws {InvalidOptionsError} When `apiVersion`, `resource` or `namespace` is malformed.
 */
export function collectionPath(resource: ListWatchResource): string {
  const { apiVersion, resource: plural, namespace } = resource;
  const parts = typeof apiVersion === 'string' ? apiVersion.split('/') : [];
  let prefix: string;
  if (parts.length === 1 && parts[0] !== undefined && SEGMENT.test(parts[0])) {
    prefix = `/api/${encodeURIComponent(parts[0])}`;
  } else if (parts.length === 2 && parts.every((p) => SEGMENT.test(p))) {
    prefix = `/apis/${parts.map(encodeURIComponent).join('/')}`;
  } else {
    throw new InvalidOptionsError(
      `apiVersion ${JSON.stringify(apiVersion)} is not 'version' or 'group/version' (e.g. 'v1', 'apps/v1')`,
    );
  }
  if (typeof plural !== 'string' || !SEGMENT.test(plural)) {
    throw new InvalidOptionsError(`resource ${JSON.stringify(plural)} must be a plural resource name such as 'pods'`);
  }
  if (namespace === undefined || namespace === '') return `${prefix}/${encodeURIComponent(plural)}`;
  if (typeof namespace !== 'string' || !SEGMENT.test(namespace)) {
    throw new InvalidOptionsError(`namespace ${JSON.stringify(namespace)} is not a valid namespace name`);
  }
  return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${encodeURIComponent(plural)}`;
}

/**
 * Joins two selectors with AND; either may be empty.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function combineSelectors(fixed: string | undefined, extra: string | undefined): string | undefined {
  const a = fixed?.trim() ?? '';
  const b = extra?.trim() ?? '';
  if (a === '') return b === '' ? undefined : b;
  if (b === '' || b === a) return a;
  return `${a},${b}`;
}

const MATCHES = new Set(['NotOlderThan', 'Exact']);

function checkNonNegativeInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new InvalidOptionsError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

function setCommon(
  query: URLSearchParams,
  resource: ListWatchResource,
  options: ListOptions | WatchOptions,
): void {
  const labelSelector = combineSelectors(resource.labelSelector, options.labelSelector);
  const fieldSelector = combineSelectors(resource.fieldSelector, options.fieldSelector);
  if (labelSelector !== undefined) query.set('labelSelector', labelSelector);
  if (fieldSelector !== undefined) query.set('fieldSelector', fieldSelector);
  if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
  if (options.resourceVersionMatch !== undefined) {
    if (!MATCHES.has(options.resourceVersionMatch)) {
      throw new InvalidOptionsError(
        `resourceVersionMatch must be 'NotOlderThan' or 'Exact', got ${JSON.stringify(options.resourceVersionMatch)}`,
      );
    }
    query.set('resourceVersionMatch', options.resourceVersionMatch);
  }
}

/**
 * The query string of a list call.
 *
 * @throws {InvalidOptionsError} On a bad `limit` or `resourceVersionMatch`.
 */
export function listQuery(resource: ListWatchResource, options: ListOptions): URLSearchParams {
  checkNonNegativeInteger('limit', options.limit);
  const query = new URLSearchParams();
  setCommon(query, resource, options);
  if (options.limit !== undefined && options.limit > 0) query.set('limit', String(options.limit));
  if (options.continue !== undefined && options.continue !== '') query.set('continue', options.continue);
  return query;
}

/**
 * The query string of a watch call.
 *
 * @throws {InvalidOptionsError} On a bad `timeoutSeconds` or `resourceVersionMatch`.
 */
export function watchQuery(resource: ListWatchResource, options: WatchOptions): URLSearchParams {
  checkNonNegativeInteger('timeoutSeconds', options.timeoutSeconds);
  const query = new URLSearchParams();
  query.set('watch', 'true');
  setCommon(query, resource, options);
  if (options.timeoutSeconds !== undefined) query.set('timeoutSeconds', String(options.timeoutSeconds));
  if (options.allowWatchBookmarks === true) query.set('allowWatchBookmarks', 'true');
  if (options.sendInitialEvents !== undefined) query.set('sendInitialEvents', String(options.sendInitialEvents));
  return query;
}
