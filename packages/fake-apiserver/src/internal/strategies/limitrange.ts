// LimitRange defaulting (pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem): for Container
// limits, the default limit is the max, the default request the default limit, else the min.
import { isJsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { objectsAt } from './json-fields.js';

function map(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}

/** LimitRange: Container items get `default` and `defaultRequest` from `max` and `min`. */
export const limitRangeDefaulting: KindStrategy = {
  default(obj) {
    const spec = isJsonObject(obj.spec) ? obj.spec : undefined;
    for (const item of objectsAt(spec, 'limits')) {
      if (item.type !== 'Container') continue;
      const defaults = map(item.default);
      const requests = map(item.defaultRequest);
      for (const [k, v] of Object.entries(map(item.max))) if (!Object.hasOwn(defaults, k)) defaults[k] = v;
      for (const [k, v] of Object.entries(defaults)) if (!Object.hasOwn(requests, k)) requests[k] = v;
      for (const [k, v] of Object.entries(map(item.min))) if (!Object.hasOwn(requests, k)) requests[k] = v;
      // Go leaves empty maps out.
      if (Object.keys(defaults).length > 0) item.default = defaults;
      if (Object.keys(requests).length > 0) item.defaultRequest = requests;
    }
  },
};
