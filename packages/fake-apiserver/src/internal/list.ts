// list: which snapshot a request reads (the resourceVersion rules of the API concepts page),
// then one page of it. Items are the stored entries; encoding them is the response writer's job.
import { decodeContinue, encodeContinue, LATEST } from './continue-token.js';
import type { Entry } from './entry.js';
import type { ObjectFilter } from './object-filter.js';
import { parseResourceVersion } from './query.js';
import type { ResourceStore } from './resource-store.js';
import { rangePrefix, Snapshot } from './snapshot.js';
import {
  badRequest,
  continueExpired,
  invalidOptions,
  tooLargeResourceVersion,
  tooOldResourceVersion,
} from './status.js';

export interface ListRequest {
  readonly namespace: string | undefined;
  readonly filter: ObjectFilter;
  /** 0 = no limit. */
  readonly limit: number;
  readonly continueToken: string | undefined;
  readonly resourceVersion: string | undefined;
  readonly resourceVersionMatch: string | undefined;
}

export interface ListPage {
  /** The snapshot's resourceVersion. */
  readonly rv: number;
  readonly items: Entry[];
  readonly continueToken: string | undefined;
  readonly remainingItemCount: number | undefined;
}

/** The snapshot a list reads and where it starts; throws the Status errors of bad combinations. */
function resolveStart(store: ResourceStore, request: ListRequest, currentRv: number): { rv: number; after: string | undefined } {
  const { continueToken, resourceVersion, resourceVersionMatch: match, limit } = request;
  if (match !== undefined && match !== 'NotOlderThan' && match !== 'Exact') {
    throw invalidOptions('resourceVersionMatch', `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`);
  }
  if (continueToken !== undefined) {
    if (resourceVersion !== undefined && resourceVersion !== '0') {
      throw badRequest('specifying resource version is not allowed when using continue');
    }
    if (match !== undefined) {
      throw badRequest('resourceVersionMatch is forbidden when continue is provided');
    }
    const position = decodeContinue(continueToken);
    // The token of a 410 names no snapshot: the rest is read from the current one.
    if (position.rv === LATEST) return { rv: currentRv, after: position.start };
    if (position.rv > currentRv) throw badRequest('continue key is not valid: it names a resourceVersion this server has not reached');
    if (!store.history.covers(position.rv)) {
      // As kube-apiserver: the 410 carries a token that continues after the same key in the
      // current state (an inconsistent read the client may choose).
      const expired = continueExpired();
      expired.status.metadata.continue = encodeContinue({ rv: LATEST, start: position.start });
      throw expired;
    }
    return { rv: position.rv, after: position.start };
  }
  if (resourceVersion === undefined) {
    if (match !== undefined) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
    return { rv: currentRv, after: undefined };
  }
  const rv = parseResourceVersion(resourceVersion);
  if (match === 'Exact' && rv === 0) {
    throw invalidOptions('resourceVersionMatch', 'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
  }
  if (rv === 0) return { rv: currentRv, after: undefined };
  if (rv > currentRv) throw tooLargeResourceVersion(rv, currentRv);
  // RV=N with a limit and no match is the legacy "exact" read of a paginated list.
  const exact = match === 'Exact' || (match === undefined && limit > 0);
  if (!exact) return { rv: currentRv, after: undefined };
  if (!store.history.covers(rv)) throw tooOldResourceVersion(rv, store.history.floor);
  return { rv, after: undefined };
}

export function listPage(store: ResourceStore, request: ListRequest, currentRv: number): ListPage {
  const { rv, after } = resolveStart(store, request, currentRv);
  const later = rv === currentRv ? [] : store.history.since(rv);
  if (later === undefined) throw tooOldResourceVersion(rv, store.history.floor);
  const snapshot = new Snapshot(store, later);
  const prefix = rangePrefix(request.namespace);
  const { filter, limit } = request;
  const items: Entry[] = [];
  let lastKey: string | undefined;
  const state = { more: false };
  snapshot.forEach(prefix, after, (entry) => {
    if (limit > 0 && items.length === limit) {
      state.more = true;
      return false;
    }
    lastKey = entry.key;
    if (filter.empty || filter.matches(entry.obj)) items.push(entry);
    return true;
  });
  if (!state.more || lastKey === undefined) {
    return { rv, items, continueToken: undefined, remainingItemCount: undefined };
  }
  return {
    rv,
    items,
    continueToken: encodeContinue({ rv, start: lastKey }),
    remainingItemCount: filter.empty ? snapshot.countAfter(prefix, lastKey) : undefined,
  };
}
