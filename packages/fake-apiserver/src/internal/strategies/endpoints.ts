// Endpoints defaulting (pkg/apis/core/v1/defaults.go SetDefaults_EndpointPort): ports default to TCP.
import type { KindStrategy } from '../strategy.js';
import { defaultString, objectsAt } from './json-fields.js';

/** Endpoints: each subset's ports default to TCP. */
export const endpointsDefaulting: KindStrategy = {
  default(obj) {
    for (const subset of objectsAt(obj, 'subsets')) for (const port of objectsAt(subset, 'ports')) defaultString(port, 'protocol', 'TCP');
  },
};
