// Validation of scheduling.k8s.io PriorityClasses (pkg/apis/scheduling/validation).
import type { JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { forbidden, invalidValue, notSupported, stringAt } from './common.js';

/** The priority classes kube-apiserver creates itself, and their values. */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;

function priorityClassErrors(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = stringAt(obj.metadata, 'name');
  const value = typeof obj.value === 'number' ? obj.value : 0;
  if (name.startsWith('system-')) {
    const known = SYSTEM_PRIORITY_CLASSES[name];
    if (known === undefined) {
      causes.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${name} is not a known system priority class`));
    } else if (known !== value) {
      causes.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: value of ${name} PriorityClass must be ${known}`));
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    causes.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = stringAt(obj, 'preemptionPolicy');
  if (policy !== 'PreemptLowerPriority' && policy !== 'Never') causes.push(notSupported('preemptionPolicy', policy, ['PreemptLowerPriority', 'Never']));
  return causes;
}

function priorityClassUpdateErrors(obj: JsonObject, old: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  if (obj.value !== old.value) causes.push(forbidden('value', 'may not be changed in an update.'));
  if (stringAt(obj, 'preemptionPolicy') !== stringAt(old, 'preemptionPolicy')) {
    causes.push(invalidValue('preemptionPolicy', stringAt(obj, 'preemptionPolicy'), 'field is immutable'));
  }
  return causes;
}

/** PriorityClass: reserved `system-` names, the user-definable range; value and preemptionPolicy immutable. */
export const priorityClassValidation: KindStrategy = {
  validate: (obj) => priorityClassErrors(obj),
  validateUpdate: (obj, old) => [...priorityClassUpdateErrors(obj, old as unknown as JsonObject), ...priorityClassErrors(obj)],
};
