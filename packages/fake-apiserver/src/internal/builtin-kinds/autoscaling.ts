// The autoscaling group: HorizontalPodAutoscalers served at v2 (preferred) and v1 from one store,
// as kube-apiserver serves them (objects change only their apiVersion between the two).
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { horizontalPodAutoscalerDefaulting } from '../strategies/autoscaling.js';
import { horizontalPodAutoscalerValidation } from '../validation/autoscaling.js';

const hpaStrategy = combineStrategies(horizontalPodAutoscalerDefaulting, horizontalPodAutoscalerValidation);

/** The autoscaling group's kinds. */
export const AUTOSCALING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', generation: true, strategy: hpaStrategy }),
  builtin({ group: 'autoscaling', version: 'v1', plural: 'horizontalpodautoscalers' }),
];
