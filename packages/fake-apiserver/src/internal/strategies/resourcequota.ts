// ResourceQuota server-set fields (pkg/registry/core/resourcequota/strategy.go): a new quota has
// an empty status (the quota controller fills it in).
import type { KindStrategy } from '../strategy.js';

/** ResourceQuota: the status starts empty. */
export const resourceQuotaDefaulting: KindStrategy = {
  prepareForCreate(obj) {
    obj.status = {};
  },
};
