// Watch event lines, `{"type":…,"object":…}\n` (or protobuf frames, in protobuf views). A change
// is encoded once per (delivered type, view) and the same Buffer is written to every watcher that
// gets it.
import type { Entry } from './entry.js';
import type { EventType, StoreEvent } from './history.js';
import { makeEntry } from './entry.js';
import type { ObjectView } from './object-view.js';

export type LineType = EventType | 'BOOKMARK' | 'ERROR';

const PREFIX: Record<LineType, Buffer> = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":'),
  BOOKMARK: Buffer.from('{"type":"BOOKMARK","object":'),
  ERROR: Buffer.from('{"type":"ERROR","object":'),
};
const SUFFIX = Buffer.from('}\n');

export function eventLine(type: LineType, object: Buffer): Buffer {
  const prefix = PREFIX[type];
  return Buffer.concat([prefix, object, SUFFIX], prefix.length + object.length + SUFFIX.length);
}

/** The ADDED line of a stored object (initial events of a watch). */
export function addedLine(entry: Entry, view: ObjectView): Buffer {
  return viewEvent(view, 'ADDED', view.encode(entry));
}

/** An event as the view frames it: a JSON line, or a length-prefixed protobuf WatchEvent. */
export function viewEvent(view: ObjectView, type: LineType, object: Buffer): Buffer {
  return view.wire === undefined ? eventLine(type, object) : view.wire.event(type, object);
}

/**
 * The line for `event` delivered as `delivered` (a MODIFIED change reaches a selector-filtered
 * watch as ADDED when the object starts matching, as DELETED carrying its previous state when it
 * stops matching).
 */
export function changeLine(event: StoreEvent, delivered: EventType, view: ObjectView): Buffer {
  // A line whose object depends on when it is written (a Table's Age) is made for each watcher.
  if (!view.stable) return viewEvent(view, delivered, view.encode(objectFor(event, delivered)));
  // Fast path: most watchers of a change get it as it happened, in the same view.
  if (delivered === event.type && event.lineView === view && event.line !== undefined) return event.line;
  const cacheKey = `${delivered}|${view.id}`;
  event.lines ??= new Map();
  let line = event.lines.get(cacheKey);
  if (line === undefined) {
    line = viewEvent(view, delivered, view.encode(objectFor(event, delivered)));
    event.lines.set(cacheKey, line);
  }
  if (delivered === event.type && event.lineView === undefined) {
    event.lineView = view;
    event.line = line;
  }
  return line;
}

/** The object a line for `event` delivered as `delivered` carries. */
function objectFor(event: StoreEvent, delivered: EventType): Entry {
  if (delivered === 'DELETED' && event.type === 'MODIFIED' && event.prev !== undefined) {
    event.prevAtRv ??= makeEntry(
      { ...event.prev.obj, metadata: { ...event.prev.obj.metadata, resourceVersion: String(event.rv) } },
      event.prev.namespace,
      event.prev.name,
      event.rv,
    );
    return event.prevAtRv;
  }
  return event.entry;
}

/** What a watch with `matches` sees of `event`: the type to deliver, or undefined for nothing. */
export function deliveredType(event: StoreEvent, matches: (entry: Entry) => boolean): EventType | undefined {
  switch (event.type) {
    case 'ADDED':
      return matches(event.entry) ? 'ADDED' : undefined;
    case 'DELETED':
      return event.prev !== undefined && matches(event.prev) ? 'DELETED' : undefined;
    case 'MODIFIED': {
      const now = matches(event.entry);
      const before = event.prev !== undefined && matches(event.prev);
      if (now) return before ? 'MODIFIED' : 'ADDED';
      return before ? 'DELETED' : undefined;
    }
  }
}
