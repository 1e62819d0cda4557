// The shape of events.k8s.io/v1 Events. kube-apiserver stores them as core/v1 Events and converts
// on the way out, so an events.k8s.io Event always carries the deprecated core fields (empty when
// it was written through events.k8s.io).
import type { KindStrategy } from '../strategy.js';
import { defaultField } from './json-fields.js';

/** events.k8s.io/v1 Event: `deprecatedSource` `{}` and the deprecated timestamps `null` unless set. */
export const eventsV1Defaulting: KindStrategy = {
  default(obj) {
    defaultField(obj, 'deprecatedSource', {});
    if (obj.deprecatedFirstTimestamp === undefined) obj.deprecatedFirstTimestamp = null;
    if (obj.deprecatedLastTimestamp === undefined) obj.deprecatedLastTimestamp = null;
  },
};
