// The scheduling.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, NAME_COLUMN, num, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { priorityClassDefaulting } from '../strategies/scheduling.js';
import { priorityClassValidation } from '../validation/scheduling.js';

/** `kubectl get priorityclasses` */
const PRIORITY_CLASS = printer([
  NAME_COLUMN,
  col('Value', 'integer', 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.'),
  col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.'),
  AGE_COLUMN,
  col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'),
], (pc, now) => [
  str(rec(pc.metadata).name), num(pc.value), pc.globalDefault === true, ageCell(pc, now), str(pc.preemptionPolicy),
]);

/** The scheduling.k8s.io group's kinds. */
export const SCHEDULING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'scheduling.k8s.io', plural: 'priorityclasses', columns: PRIORITY_CLASS, generation: true,
    strategy: combineStrategies(priorityClassDefaulting, priorityClassValidation) }),
];
