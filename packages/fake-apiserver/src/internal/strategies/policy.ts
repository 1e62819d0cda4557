// Server-set fields of policy PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget/strategy.go).
import type { JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { defaultField, ensureObject } from './json-fields.js';

/** The status counters Go always writes (no omitempty), zero until the disruption controller computes them. */
function statusShape(status: JsonObject): void {
  for (const key of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) defaultField(status, key, 0);
}

/** PodDisruptionBudget: a new budget starts with zero counters; a status write keeps their shape. */
export const podDisruptionBudgetDefaulting: KindStrategy = {
  default(obj) {
    ensureObject(obj, 'spec');
  },
  prepareForCreate(obj) {
    const status: JsonObject = {};
    statusShape(status);
    obj.status = status;
  },
  prepareForUpdate(obj) {
    statusShape(ensureObject(obj, 'status'));
  },
};
