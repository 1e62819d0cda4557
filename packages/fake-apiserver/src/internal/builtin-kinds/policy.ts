// The policy group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { podDisruptionBudgetDefaulting } from '../strategies/policy.js';
import { podDisruptionBudgetValidation } from '../validation/policy.js';

/** The policy group's kinds. */
export const POLICY_KINDS: readonly KindInfo[] = [
  builtin({ group: 'policy', plural: 'poddisruptionbudgets', nameValidation: 'path-segment', generation: true,
    strategy: combineStrategies(podDisruptionBudgetDefaulting, podDisruptionBudgetValidation) }),
];
