import { describe, expect, it } from 'vitest';
import { podDisruptionBudgetDefaulting } from '../strategies/policy.js';
import type { JsonObject } from '../strategy.js';
import { podDisruptionBudgetValidation } from './policy.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();
const validate = (spec: JsonObject): string[] => causeTexts(podDisruptionBudgetValidation.validate?.({ spec }, ctx) ?? []);

describe('PodDisruptionBudget', () => {
  it('starts with zero status counters', () => {
    const obj: JsonObject = { spec: { minAvailable: 1 }, status: { currentHealthy: 3 } };
    podDisruptionBudgetDefaulting.prepareForCreate?.(obj, ctx);
    expect(obj.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it('refuses minAvailable with maxUnavailable, printing the spec as Go does', () => {
    expect(validate({ minAvailable: 1, maxUnavailable: 1 })).toEqual([
      'spec: Invalid value: {"MinAvailable":1,"Selector":null,"MaxUnavailable":1,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    ]);
  });

  it('checks percentages, negative numbers, the selector and the eviction policy', () => {
    expect(validate({ minAvailable: '120%', unhealthyPodEvictionPolicy: 'Foo' })).toEqual([
      'spec.minAvailable: Invalid value: "120%": must not be greater than 100%',
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Foo": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
    expect(validate({ maxUnavailable: -1 })).toEqual(['spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']);
    expect(validate({ minAvailable: 'abc' })).toEqual([
      "spec.minAvailable: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    expect(validate({ selector: { matchExpressions: [{ key: 'a', operator: 'In' }] } })).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });
});
