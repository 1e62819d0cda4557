// The events.k8s.io group. kube-apiserver keeps these Events in the core Events' storage (converting
// regarding/note/… to involvedObject/message/…); the fake keeps them in a store of their own.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { eventsV1Defaulting } from '../strategies/events.js';
import { eventsV1Validation } from '../validation/events.js';

/** The events.k8s.io group's kinds. */
export const EVENTS_KINDS: readonly KindInfo[] = [
  builtin({ group: 'events.k8s.io', plural: 'events', strategy: combineStrategies(eventsV1Defaulting, eventsV1Validation),
    fields: ['regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion',
      'regarding.resourceVersion', 'regarding.fieldPath', 'reason', 'reportingController', 'type'] }),
];
