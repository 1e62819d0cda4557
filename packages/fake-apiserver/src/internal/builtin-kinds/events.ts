// The events.k8s.io group. kube-apiserver keeps these Events in the core Events' storage: a body is
// converted to a core Event (regarding/note/… become involvedObject/message/…) and stored with
// the core ones, and every Event can be read through either API.
import type { KubeObject } from '../../types.js';
import type { KindInfo } from '../kinds.js';
import { builtin, scalarText, valueAt } from './define.js';
import { EVENT_COLUMNS, eventCells } from './core.js';
import { printer, rec } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { eventDefaulting } from '../strategies/event.js';
import { eventFromCore, eventToCore } from '../strategies/events-conversion.js';
import { eventsV1Validation } from '../validation/events.js';

/** `kubectl get events.events.k8s.io`: the same columns as core Events (the stored objects are core Events). */
const EVENT = printer(EVENT_COLUMNS, (ev, now) => eventCells(rec(ev), now));

/** A selectable field of events.k8s.io read at its core path in the stored Event. */
const atCorePath = (path: string) => (obj: KubeObject): string => scalarText(valueAt(obj, path.split('.')));

const REGARDING_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** The events.k8s.io group's kinds. */
export const EVENTS_KINDS: readonly KindInfo[] = [
  {
    ...builtin({ group: 'events.k8s.io', plural: 'events', columns: EVENT, strategy: combineStrategies(eventDefaulting, eventsV1Validation),
      fields: [...REGARDING_FIELDS.map((f) => `regarding.${f}`), 'reason', 'reportingController', 'type'],
      fieldValues: {
        ...Object.fromEntries(REGARDING_FIELDS.map((f) => [`regarding.${f}`, atCorePath(`involvedObject.${f}`)])),
        reportingController: atCorePath('reportingComponent'),
      } }),
    conversion: { toStorage: eventToCore, fromStorage: eventFromCore },
    storeOf: { group: '', plural: 'events' },
    invalidAs: { group: '', plural: 'events', kind: 'Event' },
  },
];
