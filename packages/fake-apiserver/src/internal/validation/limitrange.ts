// LimitRange validation (pkg/apis/core/validation ValidateLimitRange): item types, no defaults
// for Pod items, a storage bound for PersistentVolumeClaim items, and min ≤ default request ≤
// default ≤ max for each resource.
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { duplicate, forbidden, invalidValue, required } from './common.js';
import { compareQuantities } from './persistentvolumeclaim.js';

function map(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** A quantity as its text. */
function q(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function greater(a: unknown, b: unknown): boolean {
  return (compareQuantities(a, b) ?? 0) > 0;
}

function validateLimitRange(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const limits = Array.isArray(map(obj.spec).limits) ? (map(obj.spec).limits as unknown[]) : [];
  const types = new Set<string>();
  limits.forEach((raw, i) => {
    const item = map(raw);
    const path = `spec.limits[${i}]`;
    const type = typeof item.type === 'string' ? item.type : '';
    if (type === '') causes.push(required(`${path}.type`));
    if (types.has(type)) causes.push(duplicate(`${path}.type`, type));
    types.add(type);
    const min = map(item.min);
    const max = map(item.max);
    const defaults = type === 'Pod' ? {} : map(item.default);
    const requests = type === 'Pod' ? {} : map(item.defaultRequest);
    if (type === 'Pod') {
      if (Object.keys(map(item.default)).length > 0) causes.push(forbidden(`${path}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(map(item.defaultRequest)).length > 0) causes.push(forbidden(`${path}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    }
    if (type === 'PersistentVolumeClaim' && min.storage === undefined && max.storage === undefined) {
      causes.push(required(`${path}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    for (const k of new Set([...Object.keys(max), ...Object.keys(min)])) {
      const lo = min[k];
      const hi = max[k];
      const def = defaults[k];
      const req = requests[k];
      if (lo !== undefined && hi !== undefined && greater(lo, hi)) causes.push(invalidValue(`${path}.min[${k}]`, lo, `min value ${q(lo)} is greater than max value ${q(hi)}`));
      if (req !== undefined && lo !== undefined && greater(lo, req)) causes.push(invalidValue(`${path}.defaultRequest[${k}]`, req, `min value ${q(lo)} is greater than default request value ${q(req)}`));
      if (req !== undefined && hi !== undefined && greater(req, hi)) causes.push(invalidValue(`${path}.defaultRequest[${k}]`, req, `default request value ${q(req)} is greater than max value ${q(hi)}`));
      if (req !== undefined && def !== undefined && greater(req, def)) causes.push(invalidValue(`${path}.defaultRequest[${k}]`, req, `default request value ${q(req)} is greater than default limit value ${q(def)}`));
      if (def !== undefined && lo !== undefined && greater(lo, def)) causes.push(invalidValue(`${path}.default[${k}]`, lo, `min value ${q(lo)} is greater than default value ${q(def)}`));
      if (def !== undefined && hi !== undefined && greater(def, hi)) causes.push(invalidValue(`${path}.default[${k}]`, hi, `default value ${q(def)} is greater than max value ${q(hi)}`));
    }
  });
  return causes;
}

/** LimitRange validation. */
export const limitRangeValidation: KindStrategy = {
  validate: validateLimitRange,
  validateUpdate: (obj) => validateLimitRange(obj),
};
