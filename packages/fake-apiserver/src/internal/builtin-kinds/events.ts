// The events.k8s.io group. kube-apiserver keeps these Events in the core Events' storage (converting
// regarding/note/… to involvedObject/message/…); the fake keeps them in a store of their own.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The events.k8s.io group's kinds. */
export const EVENTS_KINDS: readonly KindInfo[] = [
  builtin({ group: 'events.k8s.io', plural: 'events',
    fields: ['regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion',
      'regarding.resourceVersion', 'regarding.fieldPath', 'reason', 'reportingController', 'type'] }),
];
