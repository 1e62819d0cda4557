// The events.k8s.io group. kube-apiserver keeps these Events in the core Events' storage (converting
// regarding/note/… to involvedObject/message/…); the fake keeps them in a store of their own.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { EVENT_COLUMNS, eventCells } from './core.js';
import { printer, rec } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { eventsV1Defaulting } from '../strategies/events.js';
import { eventsV1Validation } from '../validation/events.js';

/** An events.k8s.io Event in core/v1 terms, as kube-apiserver converts it before printing. */
function asCoreEvent(ev: Record<string, unknown>): Record<string, unknown> {
  return {
    metadata: ev.metadata, involvedObject: ev.regarding, reason: ev.reason, message: ev.note, type: ev.type, eventTime: ev.eventTime, series: ev.series,
    source: ev.deprecatedSource, firstTimestamp: ev.deprecatedFirstTimestamp, lastTimestamp: ev.deprecatedLastTimestamp, count: ev.deprecatedCount,
    reportingComponent: ev.reportingController, reportingInstance: ev.reportingInstance,
  };
}

/** `kubectl get events.events.k8s.io`: the same columns as core Events. */
const EVENT = printer(EVENT_COLUMNS, (ev, now) => eventCells(rec(asCoreEvent(ev)), now));

/** The events.k8s.io group's kinds. */
export const EVENTS_KINDS: readonly KindInfo[] = [
  builtin({ group: 'events.k8s.io', plural: 'events', columns: EVENT, strategy: combineStrategies(eventsV1Defaulting, eventsV1Validation),
    fields: ['regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion',
      'regarding.resourceVersion', 'regarding.fieldPath', 'reason', 'reportingController', 'type'] }),
];
