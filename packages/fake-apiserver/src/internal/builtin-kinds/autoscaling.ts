// The autoscaling group: HorizontalPodAutoscalers served at v2 (preferred) and v1 from one store,
// as kube-apiserver serves them (v1 objects converted to and from v2, the storage version).
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { horizontalPodAutoscalerDefaulting } from '../strategies/autoscaling.js';
import { hpaFromV1, hpaToV1 } from '../strategies/autoscaling-conversion.js';
import { horizontalPodAutoscalerValidation } from '../validation/autoscaling.js';

const hpaStrategy = combineStrategies(horizontalPodAutoscalerDefaulting, horizontalPodAutoscalerValidation);

/** A quantity or number as kube prints it. */
function quantity(value: unknown): string {
  return typeof value === 'number' ? String(value) : str(value, '<unknown>');
}

/** One metric of an HPA as `kubectl get` shows it: `cpu: 40%/60%`, `<unknown>` for a value not yet measured. */
function metricText(spec: Record<string, unknown>, status: Record<string, unknown> | undefined): string {
  const current = (source: string, field: string): string => {
    const value = rec(rec(status?.[source]).current)[field];
    return value === undefined ? '<unknown>' : quantity(value);
  };
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const resource = rec(spec[source]);
      const target = rec(resource.target);
      if (target.averageValue !== undefined) return `${str(resource.name)}: ${current(source, 'averageValue')}/${quantity(target.averageValue)}`;
      const utilization = rec(rec(status?.[source]).current).averageUtilization;
      const now = typeof utilization === 'number' ? `${utilization}%` : '<unknown>';
      const goal = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
      return `${str(resource.name)}: ${now}/${goal}`;
    }
    case 'Pods':
      return `${current('pods', 'averageValue')}/${quantity(rec(rec(spec.pods).target).averageValue)}`;
    case 'Object':
    case 'External': {
      const source = spec.type === 'Object' ? 'object' : 'external';
      const target = rec(rec(spec[source]).target);
      if (target.averageValue !== undefined) return `${current(source, 'averageValue')}/${quantity(target.averageValue)} (avg)`;
      return `${current(source, 'value')}/${quantity(target.value)}`;
    }
    default:
      return '<unknown type>';
  }
}

/** The Targets cell: the first two metrics, then how many more. */
function hpaTargets(hpa: Record<string, unknown>): string {
  const specs = list(rec(hpa.spec).metrics);
  if (specs.length === 0) return '<none>';
  const statuses = list(rec(hpa.status).currentMetrics);
  const shown = specs.slice(0, 2).map((m, i) => metricText(m, statuses[i])).join(', ');
  return specs.length > 2 ? `${shown} + ${specs.length - 2} more...` : shown;
}

/** `kubectl get horizontalpodautoscalers` (either version: the objects are written in autoscaling/v2). */
const HORIZONTAL_POD_AUTOSCALER = printer([
  NAME_COLUMN,
  col('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
  col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization.'),
  col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.'),
  col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
  col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
  AGE_COLUMN,
], (hpa, now) => {
  const spec = rec(hpa.spec);
  const ref = rec(spec.scaleTargetRef);
  const min = typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>';
  const current = rec(hpa.status).currentReplicas;
  return [str(rec(hpa.metadata).name), `${str(ref.kind)}/${str(ref.name)}`, hpaTargets(hpa), min, typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0,
    typeof current === 'number' ? current : 0, ageCell(hpa, now)];
});

/** The autoscaling group's kinds. */
export const AUTOSCALING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', columns: HORIZONTAL_POD_AUTOSCALER, generation: true, strategy: hpaStrategy }),
  {
    ...builtin({ group: 'autoscaling', version: 'v1', plural: 'horizontalpodautoscalers', columns: HORIZONTAL_POD_AUTOSCALER, generation: true, strategy: hpaStrategy }),
    conversion: { toStorage: hpaFromV1, fromStorage: hpaToV1 },
  },
];
