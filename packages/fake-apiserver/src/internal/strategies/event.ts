// core/v1 Event defaulting: the fields Go writes back even when unset (the source and involved
// object structs, null times, empty reporting strings).
import type { KindStrategy } from '../strategy.js';
import { defaultField, ensureObject } from './json-fields.js';

/** Event: Go's zero values of the fields without omitempty. */
export const eventDefaulting: KindStrategy = {
  default(obj) {
    ensureObject(obj, 'involvedObject');
    ensureObject(obj, 'source');
    for (const key of ['firstTimestamp', 'lastTimestamp', 'eventTime']) defaultField(obj, key, null);
    for (const key of ['reportingComponent', 'reportingInstance']) if (typeof obj[key] !== 'string') obj[key] = '';
  },
};
