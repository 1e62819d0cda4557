// events.k8s.io/v1 ↔ core/v1 Events (pkg/apis/events/v1/conversion.go): kube-apiserver keeps both
// in the core Events' storage, so an Event written through one API is read through the other.
// The fields are the same under other names (regarding is involvedObject, note is message, the
// deprecated* fields are the core ones), and each side writes the fields Go always writes.
import { isJsonObject, type JsonObject } from '../json-value.js';

/** events.k8s.io name → core name. */
const RENAMED: readonly (readonly [string, string])[] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];

/** The core/v1 fields in the order kube-apiserver writes them. */
const CORE_ORDER = ['apiVersion', 'kind', 'metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'];
/** The events.k8s.io/v1 fields in the order kube-apiserver writes them. */
const EVENTS_ORDER = ['apiVersion', 'kind', 'metadata', 'eventTime', 'series', 'reportingController', 'reportingInstance', 'action', 'reason', 'regarding', 'related', 'note', 'type', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount'];

function ordered(obj: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of order) if (obj[key] !== undefined) out[key] = obj[key];
  for (const [key, value] of Object.entries(obj)) if (!(key in out) && value !== undefined) out[key] = value;
  return out;
}

/** Turns a decoded events.k8s.io/v1 body into a core/v1 Event, in place. */
export function eventToCore(body: JsonObject): void {
  const converted: JsonObject = {};
  const renames = new Map(RENAMED);
  for (const [key, value] of Object.entries(body)) converted[renames.get(key) ?? key] = value;
  converted.apiVersion = 'v1';
  for (const key of Object.keys(body)) Reflect.deleteProperty(body, key);
  Object.assign(body, ordered(converted, CORE_ORDER));
}

/** The events.k8s.io/v1 form of a stored core/v1 Event (a new object). */
export function eventFromCore(stored: JsonObject): JsonObject {
  const renames = new Map(RENAMED.map(([a, b]) => [b, a]));
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(stored)) out[renames.get(key) ?? key] = value;
  out.apiVersion = 'events.k8s.io/v1';
  // Go writes these whatever the core Event holds; empty reporting strings are omitted.
  if (!isJsonObject(out.deprecatedSource)) out.deprecatedSource = {};
  out.deprecatedFirstTimestamp ??= null;
  out.deprecatedLastTimestamp ??= null;
  out.eventTime ??= null;
  if (out.reportingController === '') delete out.reportingController;
  if (out.reportingInstance === '') delete out.reportingInstance;
  if (out.deprecatedCount === 0) delete out.deprecatedCount;
  if (out.note === '') delete out.note;
  if (out.reason === '') delete out.reason;
  return ordered(out, EVENTS_ORDER);
}
