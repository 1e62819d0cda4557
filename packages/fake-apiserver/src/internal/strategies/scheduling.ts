// Defaulting of scheduling.k8s.io PriorityClasses (pkg/apis/scheduling/v1/defaults.go).
import type { KindStrategy } from '../strategy.js';
import { defaultField } from './json-fields.js';

/** PriorityClass: `value` is always written (0 when unset); pods of the class preempt lower priorities. */
export const priorityClassDefaulting: KindStrategy = {
  default(obj) {
    defaultField(obj, 'value', 0);
    defaultField(obj, 'preemptionPolicy', 'PreemptLowerPriority');
  },
};
