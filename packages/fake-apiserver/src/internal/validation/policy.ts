// Validation of policy PodDisruptionBudgets (pkg/apis/policy/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue, labelSelectorErrors, notSupported, objectAt } from './common.js';

const PERCENT_RE = /^[0-9]+%$/;

/** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent of an IntOrString field. */
function intOrPercentErrors(value: unknown, field: string): FieldCause[] {
  if (typeof value === 'number') return value < 0 ? [invalidValue(field, value, 'must be greater than or equal to 0')] : [];
  if (typeof value !== 'string') return [];
  if (!PERCENT_RE.test(value)) {
    return [invalidValue(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  }
  return Number(value.slice(0, -1)) > 100 ? [invalidValue(field, value, 'must not be greater than 100%')] : [];
}

/** The internal spec as Go's JSON writes it in the both-set error (no JSON tags on the struct itself). */
function internalSpec(spec: JsonObject): Record<string, unknown> {
  const orNull = (v: unknown): unknown => (v === undefined ? null : v);
  return {
    MinAvailable: orNull(spec.minAvailable),
    Selector: orNull(spec.selector),
    MaxUnavailable: orNull(spec.maxUnavailable),
    UnhealthyPodEvictionPolicy: orNull(spec.unhealthyPodEvictionPolicy),
  };
}

function pdbErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const set = (v: unknown): boolean => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) {
    causes.push(invalidValue('spec', internalSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  }
  causes.push(...intOrPercentErrors(spec.minAvailable, 'spec.minAvailable'));
  causes.push(...intOrPercentErrors(spec.maxUnavailable, 'spec.maxUnavailable'));
  if (isJsonObject(spec.selector)) causes.push(...labelSelectorErrors(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (typeof policy === 'string' && policy !== 'AlwaysAllow' && policy !== 'IfHealthyBudget') {
    causes.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return causes;
}

/** PodDisruptionBudget: minAvailable xor maxUnavailable (non-negative or a percentage up to 100%), the selector, the eviction policy. */
export const podDisruptionBudgetValidation: KindStrategy = {
  validate: (obj) => pdbErrors(obj),
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : pdbErrors(obj)),
};
