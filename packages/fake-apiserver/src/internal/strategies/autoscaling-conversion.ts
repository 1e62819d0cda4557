// autoscaling/v1 ↔ autoscaling/v2 HorizontalPodAutoscalers (pkg/apis/autoscaling/v1/conversion.go):
// kube-apiserver stores autoscalers in v2 and serves v1 by converting. v1 has one field for the
// CPU target (`targetCPUUtilizationPercentage`); what v1 cannot express travels in annotations —
// the other metrics, the behavior, the current metrics and the conditions — so that a v1 client
// that reads and writes an autoscaler back keeps them.
import { isJsonObject, type JsonObject } from '../json-value.js';
import { DEFAULT_CPU_UTILIZATION } from './autoscaling.js';

/**
 * The annotations kube-apiserver writes on v1 autoscalers.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export const HPA_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
} as const;

const ROUND_TRIP = Object.values(HPA_ANNOTATIONS) as readonly string[];

type Json = JsonObject;

const obj = (v: unknown): Json | undefined => (isJsonObject(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Builds an object with the keys whose values are set, in the order given (Go's field order, omitempty). */
function pick(entries: readonly (readonly [string, unknown])[]): Json {
  const out: Json = {};
  for (const [k, v] of entries) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** A CrossVersionObjectReference in Go's field order (kind, name, apiVersion). */
function reference(ref: unknown): Json | undefined {
  const r = obj(ref);
  return r && pick([['kind', r.kind], ['name', r.name], ['apiVersion', r.apiVersion]]);
}

function isCpuUtilization(metric: unknown): boolean {
  const resource = obj(obj(metric)?.resource);
  return obj(metric)?.type === 'Resource' && resource?.name === 'cpu' && typeof obj(resource.target)?.averageUtilization === 'number';
}

// ---------------------------------------------------------------------------------------------
// Metrics: v2 MetricSpec ↔ v1 MetricSpec (the v2beta1 shape)

function metricSpecToV1(m: Json): Json {
  const type = m.type;
  const target = (src: Json | undefined): Json => obj(src?.target) ?? {};
  const metricName = (src: Json | undefined): unknown => obj(src?.metric)?.name;
  const selector = (src: Json | undefined): unknown => obj(src?.metric)?.selector;
  const object = obj(m.object);
  const pods = obj(m.pods);
  const resource = obj(m.resource);
  const containerResource = obj(m.containerResource);
  const external = obj(m.external);
  return pick([
    ['type', type],
    ['object', object && pick([['target', reference(object.describedObject)], ['metricName', metricName(object)], ['targetValue', target(object).value], ['selector', selector(object)], ['averageValue', target(object).averageValue]])],
    ['pods', pods && pick([['metricName', metricName(pods)], ['targetAverageValue', target(pods).averageValue], ['selector', selector(pods)]])],
    ['resource', resource && pick([['name', resource.name], ['targetAverageUtilization', target(resource).averageUtilization], ['targetAverageValue', target(resource).averageValue]])],
    ['containerResource', containerResource && pick([['name', containerResource.name], ['targetAverageUtilization', target(containerResource).averageUtilization], ['targetAverageValue', target(containerResource).averageValue], ['container', containerResource.container]])],
    ['external', external && pick([['metricName', metricName(external)], ['metricSelector', selector(external)], ['targetValue', target(external).value], ['targetAverageValue', target(external).averageValue]])],
  ]);
}

function targetOf(utilization: unknown, averageValue: unknown, value?: unknown): Json {
  const type = utilization !== undefined && utilization !== null ? 'Utilization' : value !== undefined && value !== null ? 'Value' : 'AverageValue';
  return pick([['type', type], ['value', value], ['averageValue', averageValue], ['averageUtilization', utilization]]);
}

function metricSpecFromV1(m: Json): Json {
  const object = obj(m.object);
  const pods = obj(m.pods);
  const resource = obj(m.resource);
  const containerResource = obj(m.containerResource);
  const external = obj(m.external);
  const identifier = (name: unknown, selector: unknown): Json => pick([['name', name], ['selector', selector]]);
  return pick([
    ['type', m.type],
    ['object', object && pick([['describedObject', object.target], ['target', targetOf(undefined, object.averageValue, object.targetValue)], ['metric', identifier(object.metricName, object.selector)]])],
    ['pods', pods && pick([['metric', identifier(pods.metricName, pods.selector)], ['target', targetOf(undefined, pods.targetAverageValue)]])],
    ['resource', resource && pick([['name', resource.name], ['target', targetOf(resource.targetAverageUtilization, resource.targetAverageValue)]])],
    ['containerResource', containerResource && pick([['name', containerResource.name], ['target', targetOf(containerResource.targetAverageUtilization, containerResource.targetAverageValue)], ['container', containerResource.container]])],
    ['external', external && pick([['metric', identifier(external.metricName, external.metricSelector)], ['target', targetOf(undefined, external.targetAverageValue, external.targetValue)]])],
  ]);
}

function metricStatusToV1(m: Json): Json {
  const current = (src: Json | undefined): Json => obj(src?.current) ?? {};
  const metric = (src: Json | undefined): Json => obj(src?.metric) ?? {};
  const object = obj(m.object);
  const pods = obj(m.pods);
  const resource = obj(m.resource);
  const containerResource = obj(m.containerResource);
  const external = obj(m.external);
  return pick([
    ['type', m.type],
    ['object', object && pick([['target', reference(object.describedObject)], ['metricName', metric(object).name], ['currentValue', current(object).value], ['selector', metric(object).selector], ['averageValue', current(object).averageValue]])],
    ['pods', pods && pick([['metricName', metric(pods).name], ['currentAverageValue', current(pods).averageValue], ['selector', metric(pods).selector]])],
    ['resource', resource && pick([['name', resource.name], ['currentAverageUtilization', current(resource).averageUtilization], ['currentAverageValue', current(resource).averageValue]])],
    ['containerResource', containerResource && pick([['name', containerResource.name], ['currentAverageUtilization', current(containerResource).averageUtilization], ['currentAverageValue', current(containerResource).averageValue], ['container', containerResource.container]])],
    ['external', external && pick([['metricName', metric(external).name], ['metricSelector', metric(external).selector], ['currentValue', current(external).value], ['currentAverageValue', current(external).averageValue]])],
  ]);
}

function metricStatusFromV1(m: Json): Json {
  const object = obj(m.object);
  const pods = obj(m.pods);
  const resource = obj(m.resource);
  const containerResource = obj(m.containerResource);
  const external = obj(m.external);
  const identifier = (name: unknown, selector: unknown): Json => pick([['name', name], ['selector', selector]]);
  const current = (value: unknown, averageValue: unknown, utilization: unknown): Json => pick([['value', value], ['averageValue', averageValue], ['averageUtilization', utilization]]);
  return pick([
    ['type', m.type],
    ['object', object && pick([['metric', identifier(object.metricName, object.selector)], ['current', current(object.currentValue, object.averageValue, undefined)], ['describedObject', object.target]])],
    ['pods', pods && pick([['metric', identifier(pods.metricName, pods.selector)], ['current', current(undefined, pods.currentAverageValue, undefined)]])],
    ['resource', resource && pick([['name', resource.name], ['current', current(undefined, resource.currentAverageValue, resource.currentAverageUtilization)]])],
    ['containerResource', containerResource && pick([['name', containerResource.name], ['current', current(undefined, containerResource.currentAverageValue, containerResource.currentAverageUtilization)], ['container', containerResource.container]])],
    ['external', external && pick([['metric', identifier(external.metricName, external.metricSelector)], ['current', current(external.currentValue, external.currentAverageValue, undefined)]])],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Behavior: the annotation holds kube's internal struct, written with Go's field names

function rulesToInternal(rules: unknown): Json | null {
  const r = obj(rules);
  if (r === undefined) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: arr(r.policies).map((p) => ({ Type: obj(p)?.type ?? '', Value: obj(p)?.value ?? 0, PeriodSeconds: obj(p)?.periodSeconds ?? 0 })),
    Tolerance: r.tolerance ?? null,
  };
}

function rulesFromInternal(rules: unknown): Json | undefined {
  const r = obj(rules);
  if (r === undefined) return undefined;
  return pick([
    ['stabilizationWindowSeconds', r.StabilizationWindowSeconds],
    ['selectPolicy', r.SelectPolicy],
    ['policies', Array.isArray(r.Policies) ? r.Policies.map((p) => ({ type: obj(p)?.Type, value: obj(p)?.Value, periodSeconds: obj(p)?.PeriodSeconds })) : undefined],
    ['tolerance', r.Tolerance],
  ]);
}

function parseAnnotation(annotations: Json, key: string): unknown {
  const text = annotations[key];
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Objects

function withAnnotations(metadata: Json, annotations: Json): Json {
  const out: Json = { ...metadata };
  if (Object.keys(annotations).length === 0) delete out.annotations;
  else out.annotations = annotations;
  return out;
}

/**
 * The autoscaling/v1 form of a stored (autoscaling/v2) autoscaler: a new object, the stored one
 * untouched.
 */
export function hpaToV1(stored: Json): Json {
  const metadata = obj(stored.metadata) ?? {};
  const spec = obj(stored.spec) ?? {};
  const status = obj(stored.status);
  const annotations: Json = {};
  for (const [k, v] of Object.entries(obj(metadata.annotations) ?? {})) if (!ROUND_TRIP.includes(k)) annotations[k] = v;
  const metrics = arr(spec.metrics).filter(isJsonObject);
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => !isCpuUtilization(m));
  const behavior = obj(spec.behavior);
  if (behavior !== undefined) {
    annotations[HPA_ANNOTATIONS.behavior] = JSON.stringify({ ScaleUp: rulesToInternal(behavior.scaleUp), ScaleDown: rulesToInternal(behavior.scaleDown) });
  }
  if (others.length > 0) annotations[HPA_ANNOTATIONS.metrics] = JSON.stringify(others.map(metricSpecToV1));
  const currentMetrics = arr(status?.currentMetrics).filter(isJsonObject);
  if (currentMetrics.length > 0) annotations[HPA_ANNOTATIONS.currentMetrics] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  const conditions = arr(status?.conditions).filter(isJsonObject);
  if (conditions.length > 0) {
    annotations[HPA_ANNOTATIONS.conditions] = JSON.stringify(conditions.map((c) => pick([['type', c.type], ['status', c.status], ['lastTransitionTime', c.lastTransitionTime], ['reason', c.reason], ['message', c.message]])));
  }
  const cpuTarget = obj(obj(cpu?.resource)?.target)?.averageUtilization;
  const currentCpu = currentMetrics.find((m) => m.type === 'Resource' && obj(m.resource)?.name === 'cpu');
  const out: Json = {
    ...stored,
    apiVersion: 'autoscaling/v1',
    metadata: withAnnotations(metadata, annotations),
    spec: pick([
      ['scaleTargetRef', spec.scaleTargetRef],
      ['minReplicas', spec.minReplicas],
      ['maxReplicas', spec.maxReplicas ?? 0],
      ['targetCPUUtilizationPercentage', cpuTarget],
    ]),
  };
  if (status !== undefined) {
    out.status = pick([
      ['observedGeneration', status.observedGeneration],
      ['lastScaleTime', status.lastScaleTime],
      ['currentReplicas', status.currentReplicas ?? 0],
      ['desiredReplicas', status.desiredReplicas ?? 0],
      ['currentCPUUtilizationPercentage', obj(obj(currentCpu?.resource)?.current)?.averageUtilization],
    ]);
  }
  return out;
}

/**
 * Turns a decoded autoscaling/v1 body into the stored (autoscaling/v2) form, in place: the CPU
 * target and the annotated metrics become `metrics` (CPU at 80% when there are none), the
 * annotated behavior, current metrics and conditions come back, and the annotations go.
 */
export function hpaFromV1(body: Json): void {
  const metadata = obj(body.metadata) ?? {};
  const annotations = obj(metadata.annotations) ?? {};
  const spec = obj(body.spec) ?? {};
  const status = obj(body.status);
  const metrics: Json[] = arr(parseAnnotation(annotations, HPA_ANNOTATIONS.metrics)).filter(isJsonObject).map(metricSpecFromV1);
  const cpu = spec.targetCPUUtilizationPercentage;
  if (typeof cpu === 'number') metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  // A body that already holds v2 fields (a server-side apply merged into the stored object) keeps them.
  if (metrics.length === 0) metrics.push(...arr(spec.metrics).filter(isJsonObject));
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } });
  const behavior = obj(parseAnnotation(annotations, HPA_ANNOTATIONS.behavior));
  const newSpec = pick([
    ['scaleTargetRef', spec.scaleTargetRef],
    ['minReplicas', spec.minReplicas],
    ['maxReplicas', spec.maxReplicas],
    ['metrics', metrics],
    ['behavior', behavior === undefined ? obj(spec.behavior) : pick([['scaleUp', rulesFromInternal(behavior.ScaleUp)], ['scaleDown', rulesFromInternal(behavior.ScaleDown)]])],
  ]);
  body.spec = newSpec;
  if (status !== undefined) {
    const currentMetrics = arr(parseAnnotation(annotations, HPA_ANNOTATIONS.currentMetrics)).filter(isJsonObject).map(metricStatusFromV1);
    const conditions = arr(parseAnnotation(annotations, HPA_ANNOTATIONS.conditions)).filter(isJsonObject);
    body.status = pick([
      ['observedGeneration', status.observedGeneration],
      ['lastScaleTime', status.lastScaleTime],
      ['currentReplicas', status.currentReplicas],
      ['desiredReplicas', status.desiredReplicas],
      ['currentMetrics', currentMetrics.length > 0 ? currentMetrics : undefined],
      ['conditions', conditions.length > 0 ? conditions : undefined],
    ]);
  }
  const kept: Json = {};
  for (const [k, v] of Object.entries(annotations)) if (!ROUND_TRIP.includes(k)) kept[k] = v;
  if (metadata.annotations !== undefined) {
    if (Object.keys(kept).length === 0) delete metadata.annotations;
    else metadata.annotations = kept;
  }
}
