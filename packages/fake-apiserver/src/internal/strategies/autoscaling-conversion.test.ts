import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json-value.js';
import { HPA_ANNOTATIONS, hpaFromV1, hpaToV1 } from './autoscaling-conversion.js';

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

describe('autoscaling/v1 ↔ v2 HorizontalPodAutoscalers', () => {
  it('turns a v1 CPU target into a v2 metric, and 80% when there is none', () => {
    const body: JsonObject = { apiVersion: 'autoscaling/v1', metadata: { name: 'a' }, spec: { scaleTargetRef: target, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } };
    hpaFromV1(body);
    expect(body.spec).toEqual({ scaleTargetRef: target, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] });
    const none: JsonObject = { metadata: { name: 'b' }, spec: { scaleTargetRef: target, maxReplicas: 3 } };
    hpaFromV1(none);
    expect((none.spec as JsonObject).metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });

  it('keeps what v1 cannot hold in annotations, and reads it back', () => {
    const stored: JsonObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'multi', annotations: { team: 'web' } },
      spec: {
        scaleTargetRef: target,
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          { type: 'Object', object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 's' }, metric: { name: 'hits' }, target: { type: 'Value', value: '5' } } },
        ],
        behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 30 }] } },
      },
      status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: null },
    };
    const v1 = hpaToV1(stored);
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({ scaleTargetRef: target, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 });
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3 });
    const annotations = (v1.metadata as { annotations: Record<string, string> }).annotations;
    expect(annotations.team).toBe('web');
    expect(annotations[HPA_ANNOTATIONS.metrics]).toBe('[{"type":"Object","object":{"target":{"kind":"Service","name":"s","apiVersion":"v1"},"metricName":"hits","targetValue":"5"}}]');
    expect(annotations[HPA_ANNOTATIONS.behavior]).toBe(
      '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":2,"PeriodSeconds":30}],"Tolerance":null},"ScaleDown":null}',
    );
    expect(stored.metadata).toEqual({ name: 'multi', annotations: { team: 'web' } });

    const back = structuredClone(v1);
    hpaFromV1(back);
    expect(back.metadata).toEqual({ name: 'multi', annotations: { team: 'web' } });
    expect((back.spec as JsonObject).metrics).toEqual([
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 's', apiVersion: 'v1' }, target: { type: 'Value', value: '5' }, metric: { name: 'hits' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);
    expect((back.spec as JsonObject).behavior).toEqual({ scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 30 }] } });
  });

  it('keeps v2 fields a body already holds (a server-side apply merged into the stored object)', () => {
    const metrics = [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }];
    const behavior = { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const body: JsonObject = { metadata: { name: 'a' }, spec: { scaleTargetRef: target, maxReplicas: 3, metrics, behavior } };
    hpaFromV1(body);
    expect(body.spec).toEqual({ scaleTargetRef: target, maxReplicas: 3, metrics, behavior });
  });
});
