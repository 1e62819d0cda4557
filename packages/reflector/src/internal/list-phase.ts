import { listPages, type ListerWatcher, type ObjectList } from '@kcache/listwatch';
import type { KubeObject } from '@kcache/store';
import { ReflectorError } from '../errors.js';
import { describeError } from './describe-error.js';
import { isExpiredError, isTooLargeResourceVersionError, statusCode } from './classify.js';
import { fillTypeMeta, itemKindOfList } from './object-shape.js';
import { DEFAULT_PAGE_SIZE, now, type ReflectorRuntime } from './runtime.js';
import { aborted } from './abort.js';
import { TimeSlice } from './time-slice.js';

/**
 * The page size of a list at `resourceVersion`, as client-go's `list()` chooses it: the
 * `pageSize` option when set; the default when the first list came back paginated (the server
 * does not serve lists from its watch cache); none for a list at a specific resourceVersion (so
 * the watch cache can serve it); the default for `"0"` and `""`.
 */
function pageSizeFor<T extends KubeObject>(rt: ReflectorRuntime<T>, resourceVersion: string): number {
  const { pageSize } = rt.options;
  if (pageSize !== undefined) return pageSize;
  if (rt.paginatedResult) return DEFAULT_PAGE_SIZE;
  if (resourceVersion !== '' && resourceVersion !== '0') return 0;
  return DEFAULT_PAGE_SIZE;
}

/**
 * Lists everything and replaces the store's contents with it: client-go's `Reflector.list`.
 * Returns without touching the store when `signal` aborts.
 * @throws {ReflectorError} `ListFailed`, `TransformFailed` or `StoreFailed`.
 */
export async function listPhase<T extends KubeObject>(rt: ReflectorRuntime<T>, signal: AbortSignal): Promise<void> {
  rt.beginSync();
  rt.relistReason = 'list-failed';
  const requested = rt.relistResourceVersion();
  const pageSize = pageSizeFor(rt, requested);
  const lw = rt.options.listerWatcher;
  const startedAt = now();
  let result: { list: ObjectList<T>; paginated: boolean };
  try {
    try {
      result = await fetchList(lw, requested, pageSize, signal);
    } catch (err) {
      if (aborted(signal) || !(isExpiredError(err) || isTooLargeResourceVersionError(err))) throw err;
      // The resourceVersion is gone (compacted) or ahead of this server: read the latest at once
      // rather than waiting for a backoff, so the reflector makes progress.
      rt.resourceVersionUnavailable = true;
      result = await fetchList(lw, rt.relistResourceVersion(), pageSize, signal);
    }
  } catch (err) {
    if (aborted(signal)) return;
    if (statusCode(err) === 404) await emptyAfterNotFound(rt, signal);
    throw new ReflectorError('ListFailed', rt.name, `list failed: ${describeError(err)}`, { cause: err });
  }
  if (aborted(signal)) return;
  if (requested === '0' && result.paginated) rt.paginatedResult = true;
  rt.resourceVersionUnavailable = false;

  const { list } = result;
  const resourceVersion = list.metadata.resourceVersion ?? '';
  const items = await prepareItems(rt, list, signal);
  if (items === undefined) return;
  if (!(await rt.replaceStore(items, resourceVersion, 'list', signal))) return;
  rt.emit({
    type: 'list',
    reflector: rt.name,
    requestedResourceVersion: requested,
    resourceVersion,
    items: items.length,
    paginated: result.paginated,
    durationMs: now() - startedAt,
  });
}

/**
 * One whole list: through the pager (with the expired-continue fallback), or, with page size 0,
 * one unpaginated call that a watch cache can serve.
 */
async function fetchList<T>(
  lw: ListerWatcher<T>,
  resourceVersion: string,
  pageSize: number,
  signal: AbortSignal,
): Promise<{ list: ObjectList<T>; paginated: boolean }> {
  if (pageSize > 0) return listPages(lw, { resourceVersion }, { pageSize, fullListIfExpired: true, signal });
  return { list: await lw.list({ resourceVersion }, signal), paginated: false };
}

/**
 * Fills in the items' type from the list's kind (`PodList` → `Pod`) and applies `transform`,
 * giving the event loop a turn every few milliseconds (a transform over 100 000 objects takes a
 * while). Resolves `undefined` when `signal` aborts meanwhile.
 */
async function prepareItems<T extends KubeObject>(rt: ReflectorRuntime<T>, list: ObjectList<T>, signal: AbortSignal): Promise<T[] | undefined> {
  const itemKind = itemKindOfList(list.kind);
  const listType =
    itemKind !== undefined && list.apiVersion !== undefined && list.apiVersion !== ''
      ? { apiVersion: list.apiVersion, kind: itemKind }
      : undefined;
  // Learn the type for typeless watch events too, unless the caller said which type to expect.
  if (listType !== undefined && rt.options.expectedType === undefined) rt.knownType = listType;
  const fill = listType ?? rt.knownType;
  const items = list.items;
  const out = new Array<T>(items.length);
  const slice = new TimeSlice();
  let i = 0;
  for (const item of items) {
    if (fill !== undefined && (!item.kind || !item.apiVersion)) fillTypeMeta(item, fill);
    out[i] = rt.prepare(item);
    if ((++i & 255) === 0 && slice.due) {
      await slice.yield();
      if (aborted(signal)) return undefined;
    }
  }
  return out;
}

/**
 * A list answered 404: the resource does not exist (yet). Like client-go, make the store empty and
 * count it as synced, so nobody waits forever on a kind that is not served; the reflector keeps
 * retrying with backoff.
 */
async function emptyAfterNotFound<T extends KubeObject>(rt: ReflectorRuntime<T>, signal: AbortSignal): Promise<void> {
  try {
    await rt.replaceStore([], '', 'list', signal, true);
  } catch (err) {
    rt.report(err);
  }
}
