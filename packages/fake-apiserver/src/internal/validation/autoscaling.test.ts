import { describe, expect, it } from 'vitest';
import { horizontalPodAutoscalerDefaulting } from '../strategies/autoscaling.js';
import type { JsonObject } from '../strategy.js';
import { horizontalPodAutoscalerValidation } from './autoscaling.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' };

function defaulted(spec: JsonObject): JsonObject {
  const obj: JsonObject = { spec };
  horizontalPodAutoscalerDefaulting.default?.(obj);
  return obj.spec as JsonObject;
}

const validate = (spec: JsonObject): string[] => causeTexts(horizontalPodAutoscalerValidation.validate?.({ spec: defaulted(spec) }, ctx) ?? []);

describe('HorizontalPodAutoscaler defaulting', () => {
  it('defaults minReplicas and a CPU metric', () => {
    expect(defaulted({ scaleTargetRef: target, maxReplicas: 5 })).toEqual({
      scaleTargetRef: target,
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  it('fills in the behavior\'s scale-up and scale-down rules, keeping what was given', () => {
    const spec = defaulted({ scaleTargetRef: target, maxReplicas: 5, behavior: { scaleUp: { stabilizationWindowSeconds: 5 }, scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } });
    expect(spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 5, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
    });
  });

  it('resets the status of a new autoscaler to the fields Go always writes', () => {
    const obj: JsonObject = { spec: {}, status: { desiredReplicas: 4 } };
    horizontalPodAutoscalerDefaulting.prepareForCreate?.(obj, ctx);
    expect(obj.status).toEqual({ desiredReplicas: 0, currentMetrics: null });
  });
});

describe('HorizontalPodAutoscaler validation', () => {
  it('reports a missing target and maxReplicas as kube-apiserver v1.37 does', () => {
    expect(validate({})).toEqual([
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
      'spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group',
      'spec.maxReplicas: Required value',
    ]);
    expect(validate({ scaleTargetRef: target, minReplicas: -1, maxReplicas: -1 })).toEqual([
      'spec.minReplicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.maxReplicas: Invalid value: -1: must be greater than or equal to 1',
    ]);
  });

  it('checks metrics: types, sources and targets', () => {
    expect(validate({
      scaleTargetRef: target,
      maxReplicas: 2,
      metrics: [
        { type: 'Resource' },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } },
        { type: 'Pods', pods: { metric: { name: 'm' }, target: { type: 'Value', value: '1' } } },
        { type: 'External', external: { metric: {}, target: { type: 'AverageValue' } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '-1' } } },
      ],
    })).toEqual([
      'spec.metrics[0].resource: Required value: must populate information for the given metric source',
      'spec.metrics[1].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
      'spec.metrics[2].pods.target.averageValue: Required value: must specify a positive target averageValue',
      'spec.metrics[3].external.metric.name: Required value: must specify a metric name',
      'spec.metrics[3].external.target.averageValue: Required value: must set either a target value for metric or a per-pod target',
      'spec.metrics[4].resource.target.averageValue: Invalid value: "-1": must be positive',
    ]);
  });

  it('checks behavior rules', () => {
    expect(validate({
      scaleTargetRef: target,
      maxReplicas: 2,
      behavior: { scaleUp: { stabilizationWindowSeconds: -1, selectPolicy: 'Foo', policies: [{ type: 'Foo', value: 0, periodSeconds: 0 }] }, scaleDown: { policies: [] } },
    })).toEqual([
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero',
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Foo": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Foo": supported values: "Percent", "Pods"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleDown.policies: Required value: must specify at least one Policy',
    ]);
  });
});
