// The policy group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, NAME_COLUMN, num, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { podDisruptionBudgetDefaulting } from '../strategies/policy.js';
import { podDisruptionBudgetValidation } from '../validation/policy.js';

/** An int-or-string as Go prints it; `N/A` when unset. */
function intOrString(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : 'N/A';
}

/** `kubectl get poddisruptionbudgets` */
const POD_DISRUPTION_BUDGET = printer([
  NAME_COLUMN,
  col('Min Available', 'string', 'The minimum number of pods that must be available.'),
  col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
  col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
  AGE_COLUMN,
], (pdb, now) => {
  const spec = rec(pdb.spec);
  return [str(rec(pdb.metadata).name), intOrString(spec.minAvailable), intOrString(spec.maxUnavailable), num(rec(pdb.status).disruptionsAllowed), ageCell(pdb, now)];
});

/** The policy group's kinds. */
export const POLICY_KINDS: readonly KindInfo[] = [
  builtin({ group: 'policy', plural: 'poddisruptionbudgets', columns: POD_DISRUPTION_BUDGET, nameValidation: 'path-segment', generation: true,
    strategy: combineStrategies(podDisruptionBudgetDefaulting, podDisruptionBudgetValidation) }),
];
