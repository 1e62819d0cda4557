import { isExpired } from './classifiers.js';
import { InvalidOptionsError } from './errors.js';
import type { ListerWatcher, ListOptions, ObjectList } from './types.js';

/** Options of {@link listPages}. */
export interface ListPagesOptions {
  /** Items per page when `options.limit` is not set (default 500, client-go's). */
  pageSize?: number | undefined;
  /**
   * When a continue page fails with 410 Expired (the first page's snapshot was compacted away while
   * paging), fall back to one unpaginated list at the originally requested resourceVersion
   * (default true, as client-go's pager).
   */
  fullListIfExpired?: boolean | undefined;
  /** Aborts the page in flight and stops paging; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** What {@link listPages} returns. */
export interface ListPagesResult<T> {
  /** Every page's items joined, with the first page's `apiVersion`, `kind` and resourceVersion. */
  list: ObjectList<T>;
  /** Whether a continue token was followed (the reflector then keeps paginating relists). */
  paginated: boolean;
}

const DEFAULT_PAGE_SIZE = 500;

/**
 * Lists a whole collection in pages: client-go's `ListPager.List`.
 *
 * The first call carries `options` with `limit` (the page size unless `options.limit` is set);
 * each following call carries the previous page's `continue` token and no `resourceVersion` or
 * `resourceVersionMatch` (the API server refuses those with a continue token: every page is served
 * from the first page's snapshot). A first page without a continue token is returned as it is.
 * When a continue page answers 410 Expired and `fullListIfExpired` is on, one unpaginated list at
 * the requested resourceVersion replaces the whole sequence.
 *
 * @param lw Any ListerWatcher (this package's, or your own).
 * @param options The list options of the first page (selectors, resourceVersion…).
 * @throws {InvalidOptionsError} When `pageSize` is not a positive integer.
 * @throws {ApiError} When a page fails (a continue page's 410 Expired only when `fullListIfExpired` is off).
 * @throws Whatever `lw.list` throws otherwise (`ConnectionError`, …), or the signal's reason on abort.
 */
export async function listPages<T>(
  lw: ListerWatcher<T>,
  options: ListOptions = {},
  pagerOptions: ListPagesOptions = {},
): Promise<ListPagesResult<T>> {
  const pageSize = pagerOptions.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize <= 0) {
    throw new InvalidOptionsError(`pageSize must be a positive integer, got ${String(pageSize)}`);
  }
  const fullListIfExpired = pagerOptions.fullListIfExpired ?? true;
  const { signal } = pagerOptions;

  let pageOptions: ListOptions = { ...options };
  if (pageOptions.limit === undefined || pageOptions.limit === 0) pageOptions.limit = pageSize;
  let joined: ObjectList<T> | undefined;
  let paginated = false;

  for (;;) {
    signal?.throwIfAborted();
    let page: ObjectList<T>;
    try {
      page = await lw.list(pageOptions, signal);
    } catch (err) {
      const onContinuePage = pageOptions.continue !== undefined && pageOptions.continue !== '';
      if (!onContinuePage || !fullListIfExpired || !isExpired(err)) throw err;
      // The snapshot expired between pages: one full list at the RV the caller asked for.
      const full: ListOptions = { ...options };
      delete full.limit;
      delete full.continue;
      return { list: await lw.list(full, signal), paginated };
    }
    const next = page.metadata.continue;
    const more = next !== undefined && next !== '';
    if (joined === undefined) {
      if (!more) return { list: page, paginated };
      joined = {
        ...(page.apiVersion === undefined ? {} : { apiVersion: page.apiVersion }),
        ...(page.kind === undefined ? {} : { kind: page.kind }),
        metadata: page.metadata.resourceVersion === undefined ? {} : { resourceVersion: page.metadata.resourceVersion },
        items: [],
      };
    }
    for (const item of page.items) joined.items.push(item);
    if (!more) return { list: joined, paginated };
    const { resourceVersion: _rv, resourceVersionMatch: _match, ...rest } = pageOptions;
    pageOptions = { ...rest, continue: next };
    paginated = true;
  }
}
