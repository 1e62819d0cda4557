// Validation of autoscaling/v2 HorizontalPodAutoscalers (pkg/apis/autoscaling/validation), in
// kube-apiserver v1.37's order: hand-written errors first, then those of declarative validation
// (maxReplicas).
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123LabelErrors, pathSegmentErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, forbidden, invalidValue, labelSelectorErrors, notSupported, objectAt, required, stringAt } from './common.js';

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_KEYS: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

/** The sign of a Quantity's text (`-1`, `0`, `1`); 0 when it does not parse. */
function quantitySign(value: unknown): number {
  if (typeof value === 'number') return Math.sign(value);
  if (typeof value !== 'string') return 0;
  const n = Number.parseFloat(value);
  return Number.isNaN(n) ? 0 : Math.sign(n);
}

function crossVersionReferenceErrors(ref: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const key of ['kind', 'name']) {
    const v = stringAt(ref, key);
    if (v === '') causes.push(required(`${path}.${key}`));
    else for (const m of pathSegmentErrors(v, false)) causes.push(invalidValue(`${path}.${key}`, v, m));
  }
  return causes;
}

function metricIdentifierErrors(id: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = stringAt(id, 'name');
  if (name === '') causes.push(required(`${path}.name`, 'must specify a metric name'));
  else for (const m of pathSegmentErrors(name, false)) causes.push(invalidValue(`${path}.name`, name, m));
  const selector = objectAt(id, 'selector');
  if (selector !== undefined) causes.push(...labelSelectorErrors(selector, `${path}.selector`));
  return causes;
}

function metricTargetErrors(target: JsonObject, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const type = stringAt(target, 'type');
  if (type === '') causes.push(required(`${path}.type`, 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    causes.push(invalidValue(`${path}.type`, type, 'must be either Utilization, Value, or AverageValue'));
  }
  for (const key of ['value', 'averageValue']) {
    if (target[key] !== undefined && target[key] !== null && quantitySign(target[key]) !== 1) causes.push(invalidValue(`${path}.${key}`, target[key], 'must be positive'));
  }
  const utilization = target.averageUtilization;
  if (typeof utilization === 'number' && utilization < 1) causes.push(invalidValue(`${path}.averageUtilization`, utilization, 'must be greater than 0'));
  return causes;
}

const set = (v: unknown): boolean => v !== undefined && v !== null;

function sourceErrors(key: string, src: JsonObject, path: string): FieldCause[] {
  const target = objectAt(src, 'target') ?? {};
  const causes: FieldCause[] = [];
  switch (key) {
    case 'object':
      causes.push(...crossVersionReferenceErrors(src.describedObject, `${path}.describedObject`));
      causes.push(...metricIdentifierErrors(src.metric, `${path}.metric`), ...metricTargetErrors(target, `${path}.target`));
      if (!set(target.value) && !set(target.averageValue)) causes.push(required(`${path}.target.averageValue`, 'must set either a target value or averageValue'));
      break;
    case 'external':
      causes.push(...metricIdentifierErrors(src.metric, `${path}.metric`), ...metricTargetErrors(target, `${path}.target`));
      if (!set(target.value) && !set(target.averageValue)) causes.push(required(`${path}.target.averageValue`, 'must set either a target value for metric or a per-pod target'));
      if (set(target.value) && set(target.averageValue)) causes.push(forbidden(`${path}.target.value`, 'may not set both a target value for metric and a per-pod target'));
      break;
    case 'pods':
      causes.push(...metricIdentifierErrors(src.metric, `${path}.metric`), ...metricTargetErrors(target, `${path}.target`));
      if (!set(target.averageValue)) causes.push(required(`${path}.target.averageValue`, 'must specify a positive target averageValue'));
      break;
    default: {
      const name = stringAt(src, 'name');
      if (name === '') causes.push(required(`${path}.name`, 'must specify a resource name'));
      if (key === 'containerResource') {
        const container = stringAt(src, 'container');
        if (container === '') causes.push(required(`${path}.container`, 'must specify a container'));
        else for (const m of dns1123LabelErrors(container)) causes.push(invalidValue(`${path}.container`, container, m));
      }
      causes.push(...metricTargetErrors(target, `${path}.target`));
      if (!set(target.averageUtilization) && !set(target.averageValue)) causes.push(required(`${path}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
      if (set(target.averageUtilization) && set(target.averageValue)) causes.push(forbidden(`${path}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
    }
  }
  return causes;
}

function metricSpecErrors(metric: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const type = stringAt(metric, 'type');
  if (type === '') causes.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!METRIC_TYPES.includes(type)) causes.push(notSupported(`${path}.type`, type, METRIC_TYPES));
  const present: string[] = [];
  for (const key of ['object', 'external', 'pods', 'resource', 'containerResource']) {
    const src = objectAt(metric, key);
    if (src === undefined) continue;
    present.push(key);
    if (present.length === 1) causes.push(...sourceErrors(key, src, `${path}.${key}`));
  }
  // (kube-apiserver reports an unknown type a second time here; its answer lists the cause once.)
  const expected = SOURCE_KEYS[type];
  if (expected !== undefined && !present.includes(expected)) causes.push(required(`${path}.${expected}`, 'must populate information for the given metric source'));
  if (present.length !== 1) {
    for (const key of present) if (key !== expected) causes.push(forbidden(`${path}.${key}`, 'must populate the given metric source only'));
  }
  return causes;
}

function scalingRulesErrors(rules: unknown, path: string): FieldCause[] {
  if (!isJsonObject(rules)) return [];
  const causes: FieldCause[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number') {
    if (window < 0) causes.push(invalidValue(`${path}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
    if (window > MAX_STABILIZATION_WINDOW_SECONDS) {
      causes.push(invalidValue(`${path}.stabilizationWindowSeconds`, window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
    }
  }
  const select = rules.selectPolicy;
  if (typeof select === 'string' && !['Disabled', 'Max', 'Min'].includes(select)) causes.push(notSupported(`${path}.selectPolicy`, select, ['Disabled', 'Max', 'Min']));
  const policies = arrayAt(rules, 'policies');
  if (policies.length === 0) causes.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    const type = stringAt(p, 'type');
    if (type !== 'Pods' && type !== 'Percent') causes.push(notSupported(`${pp}.type`, type, ['Percent', 'Pods']));
    const value = isJsonObject(p) && typeof p.value === 'number' ? p.value : 0;
    if (value <= 0) causes.push(invalidValue(`${pp}.value`, value, 'must be greater than zero'));
    const period = isJsonObject(p) && typeof p.periodSeconds === 'number' ? p.periodSeconds : 0;
    if (period <= 0) causes.push(invalidValue(`${pp}.periodSeconds`, period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) causes.push(invalidValue(`${pp}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return causes;
}

function hpaErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const late: FieldCause[] = [];
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : undefined;
  const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
  if (min !== undefined && min < 0) causes.push(invalidValue('spec.minReplicas', min, 'must be greater than or equal to 0'));
  if (max === 0) late.push(required('spec.maxReplicas'));
  else if (max < 1) late.push(invalidValue('spec.maxReplicas', max, 'must be greater than or equal to 1'));
  if (min !== undefined && max < min) causes.push(invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const ref = objectAt(spec, 'scaleTargetRef');
  causes.push(...crossVersionReferenceErrors(ref, 'spec.scaleTargetRef'));
  const apiVersion = stringAt(ref, 'apiVersion');
  if (!apiVersion.includes('/')) causes.push(invalidValue('spec.scaleTargetRef.apiVersion', apiVersion, 'apiVersion must specify API group'));
  const metrics = arrayAt(spec, 'metrics');
  metrics.forEach((m, i) => causes.push(...metricSpecErrors(m, `spec.metrics[${i}]`)));
  if (min === 0 && !metrics.some((m) => ['Object', 'External'].includes(stringAt(m, 'type')))) {
    causes.push(forbidden('spec.metrics', 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  const behavior = objectAt(spec, 'behavior');
  if (behavior !== undefined) {
    causes.push(...scalingRulesErrors(behavior.scaleUp, 'spec.behavior.scaleUp'), ...scalingRulesErrors(behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return [...causes, ...late];
}

function hpaStatusErrors(obj: JsonObject): FieldCause[] {
  const status = objectAt(obj, 'status') ?? {};
  const causes: FieldCause[] = [];
  for (const key of ['currentReplicas', 'desiredReplicas']) {
    const v = status[key];
    if (typeof v === 'number' && v < 0) causes.push(invalidValue(`status.${key}`, v, 'must be greater than or equal to 0'));
  }
  return causes;
}

/** HorizontalPodAutoscaler: replicas bounds, the scale target, metrics and their targets, behavior rules; the status counters. */
export const horizontalPodAutoscalerValidation: KindStrategy = {
  validate: (obj) => hpaErrors(obj),
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? hpaStatusErrors(obj) : hpaErrors(obj)),
};
