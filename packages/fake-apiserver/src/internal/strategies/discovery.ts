// Defaulting of discovery.k8s.io EndpointSlices (pkg/apis/discovery/v1/defaults.go).
import type { KindStrategy } from '../strategy.js';
import { defaultField, objectsAt } from './json-fields.js';

/** EndpointSlice: ports are TCP and named `''` unless given; every endpoint has its (struct) conditions. */
export const endpointSliceDefaulting: KindStrategy = {
  default(obj) {
    for (const port of objectsAt(obj, 'ports')) {
      defaultField(port, 'name', '');
      defaultField(port, 'protocol', 'TCP');
    }
    for (const endpoint of objectsAt(obj, 'endpoints')) defaultField(endpoint, 'conditions', {});
  },
};
