// Validation of coordination.k8s.io Leases (pkg/apis/coordination/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue, objectAt } from './common.js';

function leaseErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec');
  if (!isJsonObject(spec)) return [];
  const causes: FieldCause[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0) causes.push(invalidValue('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) causes.push(invalidValue('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  return causes;
}

/** Lease: a positive duration and non-negative transitions. */
export const leaseValidation: KindStrategy = {
  validate: (obj) => leaseErrors(obj),
  validateUpdate: (obj) => leaseErrors(obj),
};
