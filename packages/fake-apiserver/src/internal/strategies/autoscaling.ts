// Defaulting and server-set fields of autoscaling HorizontalPodAutoscalers
// (pkg/apis/autoscaling/v2/defaults.go, pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go).
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { defaultField, ensureObject } from './json-fields.js';

/** The metric an autoscaler without metrics scales on: 80% of the requested CPU. */
export const DEFAULT_CPU_UTILIZATION = 80;

function defaultScaleUp(rules: JsonObject): void {
  defaultField(rules, 'stabilizationWindowSeconds', 0);
  defaultField(rules, 'selectPolicy', 'Max');
  defaultField(rules, 'policies', [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ]);
}

function defaultScaleDown(rules: JsonObject): void {
  // The stabilization window stays unset: the controller reads an unset one as 300 seconds.
  defaultField(rules, 'selectPolicy', 'Max');
  defaultField(rules, 'policies', [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
}

/** autoscaling/v2 defaulting of a spec: minReplicas 1, CPU at 80% without metrics, behavior rules filled in. */
function defaultHpaSpecV2(spec: JsonObject): void {
  defaultField(spec, 'minReplicas', 1);
  const metrics = spec.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = spec.behavior;
  if (isJsonObject(behavior)) {
    defaultScaleUp(ensureObject(behavior, 'scaleUp'));
    defaultScaleDown(ensureObject(behavior, 'scaleDown'));
  }
}

/** The autoscaling/v2 status fields Go always writes: `desiredReplicas` and `currentMetrics` (null when none). */
function statusShape(status: JsonObject): void {
  defaultField(status, 'desiredReplicas', 0);
  if (status.currentMetrics === undefined) status.currentMetrics = null;
}

/** HorizontalPodAutoscaler (autoscaling/v2, its storage version): defaults; a new autoscaler's status is reset. */
export const horizontalPodAutoscalerDefaulting: KindStrategy = {
  default(obj) {
    defaultHpaSpecV2(ensureObject(obj, 'spec'));
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
