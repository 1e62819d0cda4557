// How objects are written in a response: plain JSON under some apiVersion, or (for kubectl) a
// one-row Table. Each view's bytes for an entry are made once and cached on the entry.
import type { Entry } from './entry.js';

export interface ObjectView {
  /** Distinguishes cached encodings: `json:v1`, `table:apps/v1`. */
  readonly id: string;
  /** The Content-Type of responses written in this view. */
  readonly contentType: string;
  /** The list envelope for this view, when it is not the kind's own list. */
  readonly list?: { readonly kind: string; readonly apiVersion: string; readonly contentType: string };
  encode(entry: Entry): Buffer;
}

const jsonViews = new Map<string, ObjectView>();

/** Objects as JSON, carrying `apiVersion` (stored objects of other versions are converted). */
export function jsonView(apiVersion: string): ObjectView {
  let view = jsonViews.get(apiVersion);
  if (view === undefined) {
    const id = `json:${apiVersion}`;
    view = {
      id,
      contentType: 'application/json',
      encode(entry) {
        if (entry.obj.apiVersion === apiVersion) return entry.json;
        return cachedOn(entry, id, () => Buffer.from(JSON.stringify({ ...entry.obj, apiVersion })));
      },
    };
    jsonViews.set(apiVersion, view);
  }
  return view;
}

/** The entry's bytes for a view other than its own JSON, made on first use. */
export function cachedOn(entry: Entry, id: string, make: () => Buffer): Buffer {
  entry.alt ??= new Map();
  let bytes = entry.alt.get(id);
  if (bytes === undefined) {
    bytes = make();
    entry.alt.set(id, bytes);
  }
  return bytes;
}
