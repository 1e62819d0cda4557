// Starting a watch: which events it begins with (the resourceVersion and sendInitialEvents rules
// of the API concepts page), then a WatchStream for the rest.
import type { ServerResponse } from 'node:http';
import type { ServerStatus } from '../types.js';
import type { Entry } from './entry.js';
import { eventLine } from './event-lines.js';
import type { ObjectFilter } from './object-filter.js';
import type { ObjectView } from './object-view.js';
import { parseResourceVersion, type CollectionParams } from './query.js';
import type { ServedKind } from './registry.js';
import { rangePrefix } from './snapshot.js';
import { invalidOptions, tooLargeResourceVersion, tooOldResourceVersion } from './status.js';
import type { Storage } from './storage.js';
import { WatchStream, type InitialEvents } from './watch-stream.js';
import { bookmarkTypeMeta, DEFAULT_FUTURE_RESOURCE_VERSION_WAIT_MS, futureResourceVersion, resourceVersionTimeout, waitForWatchStart } from './wire-shapes.js';
import { mustGet } from './at.js';

export interface WatchSettings {
  readonly bookmarkIntervalMs: number;
  readonly maxWatchBufferBytes: number;
  readonly maxPendingEvents: number;
  readonly streams: Set<WatchStream>;
  /**
   * How long a list or get for a resourceVersion the server has not reached waits for it before
   * its 504 (kube-apiserver's watch cache: 3 s).
   */
  readonly futureResourceVersionWaitMs?: number | undefined;
}

/** Refuses option combinations kube-apiserver refuses (422), before anything is written. */
export function validateWatchParams(params: CollectionParams): void {
  const match = params.resourceVersionMatch;
  if (params.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    throw invalidOptions('resourceVersionMatch', 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  }
  if (match !== undefined) {
    if (params.sendInitialEvents === undefined) {
      throw invalidOptions('resourceVersionMatch', 'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
    }
    if (match !== 'NotOlderThan') {
      throw invalidOptions('resourceVersionMatch', `Unsupported value: ${JSON.stringify(match)}: supported values: "NotOlderThan"`);
    }
  }
  if (params.resourceVersion !== undefined) parseResourceVersion(params.resourceVersion);
}

function currentEntries(served: ServedKind, namespace: string | undefined): Entry[] {
  const { keys, entries } = served.store;
  const prefix = rangePrefix(namespace);
  const out: Entry[] = [];
  keys.forEachFrom(prefix, false, (key) => {
    if (!key.startsWith(prefix)) return false;
    out.push(mustGet(entries, key));
    return true;
  });
  return out;
}

/** What the watch begins with, or the Status to send as its one ERROR event. */
function initialEvents(served: ServedKind, namespace: string | undefined, params: CollectionParams, currentRv: number): InitialEvents | ServerStatus {
  const rvText = params.resourceVersion;
  const rv = rvText === undefined ? undefined : parseResourceVersion(rvText);
  if (rv !== undefined && rv > currentRv) return tooLargeResourceVersion(rv, currentRv).status;
  if (params.sendInitialEvents === true) {
    return { kind: 'objects', entries: currentEntries(served, namespace), endBookmarkRv: currentRv };
  }
  if (rv === undefined || rv === 0) {
    // Legacy: synthetic ADDED for the current state; sendInitialEvents=false starts from now.
    if (params.sendInitialEvents === false) return { kind: 'none' };
    return { kind: 'objects', entries: currentEntries(served, namespace), endBookmarkRv: undefined };
  }
  const events = served.store.history.since(rv);
  if (events === undefined) return tooOldResourceVersion(rv, served.store.history.floor).status;
  return { kind: 'changes', events };
}

export function startWatch(
  res: ServerResponse,
  served: ServedKind,
  storage: Storage,
  namespace: string | undefined,
  filter: ObjectFilter,
  view: ObjectView,
  params: CollectionParams,
  settings: WatchSettings,
): void {
  const timeoutMs = params.timeoutSeconds === undefined || params.timeoutSeconds === 0 ? undefined : params.timeoutSeconds * 1000;
  const ahead = futureResourceVersion(params.resourceVersion, storage.resourceVersion);
  const future = params.sendInitialEvents === true ? undefined : ahead;
  const streamingAhead = params.sendInitialEvents === true ? ahead : undefined;
  const initial = ahead === undefined ? initialEvents(served, namespace, params, storage.resourceVersion) : undefined;
  const sendError = (status: ServerStatus): void => {
    res.end(view.wire === undefined ? eventLine('ERROR', Buffer.from(JSON.stringify(status))) : view.wire.event('ERROR', view.wire.encodeStatus(status)));
  };
  res.socket?.setTimeout(0);
  res.socket?.setNoDelay(true);
  // kube-apiserver labels every JSON watch stream plain `application/json`, Tables and
  // PartialObjectMetadata included.
  res.writeHead(200, { 'Content-Type': view.wire?.watchContentType ?? 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (future !== undefined) {
    // A resourceVersion the server has not reached: the watch stays open, and streams the
    // changes after it once it is reached (kube-apiserver's watch cache waits the same way).
    const started = Date.now();
    void waitForWatchStart(storage, future, timeoutMs, res, settings.streams).then((reached) => {
      if (!reached) {
        if (!res.destroyed && !res.writableEnded) res.end();
        return;
      }
      const elapsed = Date.now() - started;
      stream(served, storage, namespace, filter, view, params, settings, res, timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - elapsed), {
        kind: 'changes',
        events: served.store.history.since(future) ?? [],
      });
    });
    return;
  }
  if (streamingAhead !== undefined) {
    // A streaming list from a resourceVersion the server has not reached waits for it as a list
    // does, then sends its initial events, or one ERROR event with the list's 504.
    const started = Date.now();
    const waitMs = settings.futureResourceVersionWaitMs ?? DEFAULT_FUTURE_RESOURCE_VERSION_WAIT_MS;
    void waitForWatchStart(storage, streamingAhead, waitMs, res, settings.streams).then((reached) => {
      if (res.destroyed || res.writableEnded) return;
      const next = reached ? initialEvents(served, namespace, params, storage.resourceVersion) : resourceVersionTimeout(streamingAhead, storage.resourceVersion).status;
      if ('code' in next) {
        sendError(next);
        return;
      }
      const elapsed = Date.now() - started;
      stream(served, storage, namespace, filter, view, params, settings, res, timeoutMs === undefined ? undefined : Math.max(1, timeoutMs - elapsed), next);
    });
    return;
  }
  if (initial === undefined) return;
  if ('code' in initial) {
    sendError(initial);
    return;
  }
  stream(served, storage, namespace, filter, view, params, settings, res, timeoutMs, initial);
}

function stream(
  served: ServedKind,
  storage: Storage,
  namespace: string | undefined,
  filter: ObjectFilter,
  view: ObjectView,
  params: CollectionParams,
  settings: WatchSettings,
  res: ServerResponse,
  timeoutMs: number | undefined,
  initial: InitialEvents,
): void {
  const { info } = served;
  // A PartialObjectMetadata watch's bookmarks are PartialObjectMetadata too (client-go's metadata
  // informer cannot decode the full kind there).
  const typeMeta = bookmarkTypeMeta(view, info);
  const head = `{"kind":${JSON.stringify(typeMeta.kind)},"apiVersion":${JSON.stringify(typeMeta.apiVersion)},"metadata":{"resourceVersion":"`;
  const stream = new WatchStream(res, {
    store: served.store,
    view,
    namespace,
    filter,
    bookmarks: params.allowWatchBookmarks,
    bookmarkIntervalMs: settings.bookmarkIntervalMs,
    timeoutMs,
    maxBufferBytes: settings.maxWatchBufferBytes,
    maxPendingEvents: settings.maxPendingEvents,
    bookmarkObject: (rv, initialEventsEnd) =>
      view.wire === undefined
        ? Buffer.from(`${head}${rv}"${initialEventsEnd ? ',"annotations":{"k8s.io/initial-events-end":"true"}' : ''}}}`)
        : view.wire.encodeValue({
            kind: info.kind,
            apiVersion: info.apiVersion,
            metadata: initialEventsEnd
              ? { resourceVersion: String(rv), annotations: { 'k8s.io/initial-events-end': 'true' } }
              : { resourceVersion: String(rv) },
          }),
    currentRv: () => storage.resourceVersion,
    onClose: (s) => settings.streams.delete(s),
  });
  settings.streams.add(stream);
  stream.start(initial);
}
