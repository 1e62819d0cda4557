// The scheduling.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { priorityClassDefaulting } from '../strategies/scheduling.js';
import { priorityClassValidation } from '../validation/scheduling.js';

/** The scheduling.k8s.io group's kinds. */
export const SCHEDULING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'scheduling.k8s.io', plural: 'priorityclasses', generation: true,
    strategy: combineStrategies(priorityClassDefaulting, priorityClassValidation) }),
];
