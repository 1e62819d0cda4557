// Validation of the workload controllers' objects as kube-apiserver does it (pkg/apis/apps/validation
// and ValidateReplicationController of pkg/apis/core/validation): Deployments, ReplicaSets,
// StatefulSets, DaemonSets and ReplicationControllers — replicas and other counts not negative,
// the selector required, valid and not empty, the template's labels matching it, the template a
// valid pod template that restarts Always, update strategies; on update the apps/v1 selector is
// immutable, and a StatefulSet's serviceName, volumeClaimTemplates and podManagementPolicy too.
import type { KubeObject } from '../../types.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { forbidden, labelSelectorErrors, required } from './common.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import {
  GoText,
  immutable,
  intOrPercentValue,
  invalid,
  labelsText,
  list,
  nonNegative,
  notMoreThan100Percent,
  notSupported,
  num,
  obj,
  selectorMatch,
  selectorText,
  sortedJson,
  str,
  stringMap,
  validateIntOrPercent,
  type JsonObject,
  type SelectorMatch,
} from './workload-helpers.js';

/** The spec of an object (`{}` when it has none). */
function specOf(o: JsonObject | KubeObject): JsonObject {
  return obj((o as JsonObject).spec) ?? {};
}

/** An int-or-string as Go marshals it, `null` when unset. */
function intOrStringJson(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : 'null';
}

/** The required selector: set, valid and not empty (`empty selector is invalid for <kind>`). */
function validateSelector(selector: unknown, kind: string): FieldCause[] {
  const sel = obj(selector);
  if (sel === undefined) return [required('spec.selector')];
  const causes = labelSelectorErrors(sel, 'spec.selector');
  if (Object.keys(stringMap(sel.matchLabels) ?? {}).length + list(sel.matchExpressions).length === 0) {
    causes.push(invalid('spec.selector', selectorText(sel), `empty selector is invalid for ${kind}`));
  }
  return causes;
}

/** The template's labels against a selector that is not empty: `selector` does not match template `labels`. */
function templateMismatch(match: SelectorMatch, template: JsonObject): FieldCause[] {
  const labels = obj(template.metadata)?.labels;
  const matches = match.kind === 'everything' || (match.kind === 'selector' && match.matches(stringMap(labels) ?? {}));
  return matches ? [] : [invalid('spec.template.metadata.labels', labelsText(labels), '`selector` does not match template `labels`')];
}

/** What a controller's pod template must be beyond a valid pod template: restartPolicy Always, no activeDeadlineSeconds. */
function alwaysRestarts(template: JsonObject, owner: string): FieldCause[] {
  const spec = obj(template.spec) ?? {};
  const causes: FieldCause[] = [];
  const restart = str(spec.restartPolicy);
  if (restart !== '' && restart !== 'Always') causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    causes.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return causes;
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function replicaSetTemplate(match: SelectorMatch, template: JsonObject): FieldCause[] {
  return [...templateMismatch(match, template), ...validatePodTemplateSpec(template, 'spec.template'), ...alwaysRestarts(template, 'ReplicaSet')];
}

/** A selector and the template it must select: the selector's causes, then the template's (when the selector is valid). */
function selectorAndTemplate(spec: JsonObject, kind: string, invalidDetail: string, templateCauses: (m: SelectorMatch, t: JsonObject) => FieldCause[]): FieldCause[] {
  const causes = validateSelector(spec.selector, kind);
  const match = selectorMatch(spec.selector);
  if (match.kind === 'invalid') causes.push(invalid('spec.selector', selectorText(spec.selector), invalidDetail));
  else causes.push(...templateCauses(match, obj(spec.template) ?? {}));
  return causes;
}

function deploymentStrategy(strategy: unknown): FieldCause[] {
  const s = obj(strategy) ?? {};
  const type = str(s.type);
  const rolling = obj(s.rollingUpdate);
  if (type === '') return [];
  if (type === 'Recreate') {
    return rolling === undefined ? [] : [forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")];
  }
  if (type === 'RollingUpdate') {
    if (rolling === undefined) return [];
    const path = 'spec.strategy.rollingUpdate';
    const causes = [...validateIntOrPercent(rolling.maxUnavailable, `${path}.maxUnavailable`), ...validateIntOrPercent(rolling.maxSurge, `${path}.maxSurge`)];
    if (intOrPercentValue(rolling.maxUnavailable) === 0 && intOrPercentValue(rolling.maxSurge) === 0) {
      causes.push(invalid(`${path}.maxUnavailable`, rolling.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
    }
    causes.push(...notMoreThan100Percent(rolling.maxUnavailable, `${path}.maxUnavailable`));
    return causes;
  }
  const rollingJson = rolling === undefined ? 'null' : `{"MaxUnavailable":${intOrStringJson(rolling.maxUnavailable)},"MaxSurge":${intOrStringJson(rolling.maxSurge)}}`;
  return [notSupported('spec.strategy', new GoText(`{"Type":${JSON.stringify(type)},"RollingUpdate":${rollingJson}}`), ['Recreate', 'RollingUpdate'])];
}

/** ValidateDeploymentSpec */
function deploymentSpec(spec: JsonObject): FieldCause[] {
  const causes = nonNegative(spec.replicas, 'spec.replicas');
  causes.push(...selectorAndTemplate(spec, 'deployment', 'invalid label selector', replicaSetTemplate));
  causes.push(...deploymentStrategy(spec.strategy));
  causes.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const deadline = num(spec.progressDeadlineSeconds);
  if (deadline !== undefined) {
    causes.push(...nonNegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (num(spec.minReadySeconds) ?? 0)) causes.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return causes;
}

/** ValidateReplicaSetSpec */
function replicaSetSpec(spec: JsonObject): FieldCause[] {
  const causes = [...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  causes.push(...selectorAndTemplate(spec, 'deployment', 'invalid label selector', replicaSetTemplate));
  return causes;
}

function statefulSetStrategy(strategy: unknown): FieldCause[] {
  const s = obj(strategy) ?? {};
  const type = str(s.type);
  const rolling = obj(s.rollingUpdate);
  const path = 'spec.updateStrategy.rollingUpdate';
  const rollingJson = (r: JsonObject): string => `{"Partition":${num(r.partition) ?? 0},"MaxUnavailable":${intOrStringJson(r.maxUnavailable)}}`;
  switch (type) {
    case '':
      return [];
    case 'OnDelete':
      return rolling === undefined ? [] : [invalid(path, new GoText(rollingJson(rolling)), "only allowed for updateStrategy 'RollingUpdate'")];
    case 'RollingUpdate': {
      if (rolling === undefined) return [];
      const causes = nonNegative(rolling.partition, `${path}.partition`);
      const max = rolling.maxUnavailable;
      if (max !== undefined && max !== null) {
        causes.push(...validateIntOrPercent(max, `${path}.maxUnavailable`));
        if (intOrPercentValue(max) === 0) causes.push(invalid(`${path}.maxUnavailable`, max, 'cannot be 0'));
        causes.push(...notMoreThan100Percent(max, `${path}.maxUnavailable`));
      }
      return causes;
    }
    default: {
      const text = `{"Type":${JSON.stringify(type)},"RollingUpdate":${rolling === undefined ? 'null' : rollingJson(rolling)}}`;
      return [invalid('spec.updateStrategy', new GoText(text), "must be 'RollingUpdate' or 'OnDelete'")];
    }
  }
}

/** A StatefulSet's claim templates: access modes and a storage request required. */
function volumeClaimTemplates(templates: unknown): FieldCause[] {
  return list(templates).flatMap((item, i) => {
    const spec = obj(obj(item)?.spec) ?? {};
    const path = `spec.volumeClaimTemplates[${i}].spec`;
    const causes: FieldCause[] = [];
    if (list(spec.accessModes).length === 0) causes.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
    if (obj(obj(spec.resources)?.requests)?.storage === undefined) causes.push(required(`${path}.resources[storage]`));
    return causes;
  });
}

/** The pod template as kube validates it for a StatefulSet: each claim template is one more volume. */
function withClaimVolumes(template: JsonObject, templates: unknown): JsonObject {
  const claims = list(templates).map((item) => {
    const name = str(obj(obj(item)?.metadata)?.name);
    return { name, persistentVolumeClaim: { claimName: name } };
  });
  if (claims.length === 0) return template;
  const spec = obj(template.spec) ?? {};
  return { ...template, spec: { ...spec, volumes: [...list(spec.volumes), ...claims] } };
}

/** ValidateStatefulSetSpec */
function statefulSetSpec(spec: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const policy = str(spec.podManagementPolicy);
  if (policy !== '' && policy !== 'OrderedReady' && policy !== 'Parallel') {
    causes.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  causes.push(...statefulSetStrategy(spec.updateStrategy));
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention !== undefined) {
    for (const name of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[name]);
      if (v !== '' && v !== 'Retain' && v !== 'Delete') causes.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${name}`, v, ['Retain', 'Delete']));
    }
  }
  causes.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...nonNegative(obj(spec.ordinals)?.start, 'spec.ordinals.start'));
  causes.push(
    ...selectorAndTemplate(spec, 'statefulset', '', (match, template) => [
      ...templateMismatch(match, template),
      ...volumeClaimTemplates(spec.volumeClaimTemplates),
      ...validatePodTemplateSpec(withClaimVolumes(template, spec.volumeClaimTemplates), 'spec.template'),
    ]),
  );
  causes.push(...alwaysRestarts(obj(spec.template) ?? {}, 'StatefulSet'));
  return causes;
}

function daemonSetStrategy(strategy: unknown): FieldCause[] {
  const s = obj(strategy) ?? {};
  const type = str(s.type);
  const rolling = obj(s.rollingUpdate);
  if (type === '' || type === 'OnDelete') return [];
  if (type === 'RollingUpdate') {
    if (rolling === undefined) return [];
    const path = 'spec.updateStrategy.rollingUpdate';
    const causes = [...validateIntOrPercent(rolling.maxUnavailable, `${path}.maxUnavailable`), ...validateIntOrPercent(rolling.maxSurge, `${path}.maxSurge`)];
    causes.push(...notMoreThan100Percent(rolling.maxUnavailable, `${path}.maxUnavailable`), ...notMoreThan100Percent(rolling.maxSurge, `${path}.maxSurge`));
    const unavailable = intOrPercentValue(rolling.maxUnavailable) !== 0;
    const surge = intOrPercentValue(rolling.maxSurge) !== 0;
    if (unavailable && surge) causes.push(invalid(`${path}.maxSurge`, rolling.maxSurge, 'may not be set when maxUnavailable is non-zero'));
    if (!unavailable && !surge) causes.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    return causes;
  }
  const rollingJson = rolling === undefined ? 'null' : `{"MaxUnavailable":${intOrStringJson(rolling.maxUnavailable)},"MaxSurge":${intOrStringJson(rolling.maxSurge)}}`;
  return [notSupported('spec.updateStrategy', new GoText(`{"Type":${JSON.stringify(type)},"RollingUpdate":${rollingJson}}`), ['RollingUpdate', 'OnDelete'])];
}

/** ValidateDaemonSetSpec */
function daemonSetSpec(spec: JsonObject): FieldCause[] {
  const template = obj(spec.template) ?? {};
  const causes = labelSelectorErrors(spec.selector, 'spec.selector');
  const match = selectorMatch(spec.selector);
  if (match.kind !== 'invalid') causes.push(...templateMismatch(match, template));
  const sel = obj(spec.selector);
  if (sel !== undefined && Object.keys(stringMap(sel.matchLabels) ?? {}).length + list(sel.matchExpressions).length === 0) {
    causes.push(invalid('spec.selector', selectorText(sel), 'empty selector is invalid for daemonset'));
  }
  causes.push(...validatePodTemplateSpec(template, 'spec.template'), ...alwaysRestarts(template, 'DaemonSet'));
  causes.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...daemonSetStrategy(spec.updateStrategy));
  causes.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return causes;
}

/** ValidateReplicationControllerSpec */
function replicationControllerSpec(spec: JsonObject): FieldCause[] {
  const selector = stringMap(spec.selector) ?? {};
  const causes: FieldCause[] = [];
  if (Object.keys(selector).length === 0) causes.push(required('spec.selector'));
  const template = obj(spec.template);
  if (template === undefined) {
    causes.push(required('spec.template'));
  } else {
    if (Object.keys(selector).length > 0) {
      const labels = stringMap(obj(template.metadata)?.labels) ?? {};
      if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) {
        causes.push(invalid('spec.template.metadata.labels', labelsText(obj(template.metadata)?.labels), '`selector` does not match template `labels`'));
      }
    }
    causes.push(...validatePodTemplateSpec(template, 'spec.template'), ...alwaysRestarts(template, 'ReplicationController'));
  }
  causes.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  return causes;
}

/** The apps/v1 selector immutability kube's strategies add to an update. */
function selectorImmutable(spec: JsonObject, oldSpec: JsonObject): FieldCause[] {
  return sortedJson(spec.selector ?? null) === sortedJson(oldSpec.selector ?? null)
    ? []
    : [invalid('spec.selector', selectorText(spec.selector), 'field is immutable')];
}

/** A status's counters, in the order checked: each not negative when set. */
function statusCounters(status: JsonObject, names: readonly string[]): FieldCause[] {
  return names.flatMap((name) => nonNegative(status[name], `status.${name}`));
}

/** `status.<name>` may not exceed `status.<limit>` (`message` as kube words it). */
function notAbove(status: JsonObject, name: string, limit: string, message = 'cannot be greater than status.replicas'): FieldCause[] {
  const value = num(status[name]) ?? 0;
  return value > (num(status[limit]) ?? 0) ? [invalid(`status.${name}`, value, message)] : [];
}

/** IsDecremented on status.collisionCount: `cannot be decremented`. */
function collisionCountKept(status: JsonObject, old: JsonObject): FieldCause[] {
  const before = num(old.collisionCount);
  const now = num(status.collisionCount);
  if (before === undefined || (now !== undefined && now >= before)) return [];
  return [invalid('status.collisionCount', now ?? 0, 'cannot be decremented')];
}

/** ValidateDeploymentStatusUpdate beyond metadata. */
function deploymentStatus(status: JsonObject, old: JsonObject): FieldCause[] {
  return [
    ...statusCounters(status, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount']),
    ...notAbove(status, 'updatedReplicas', 'replicas'),
    ...notAbove(status, 'readyReplicas', 'replicas'),
    ...notAbove(status, 'availableReplicas', 'replicas'),
    ...notAbove(status, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'),
    ...collisionCountKept(status, old),
  ];
}

/** ValidateReplicaSetStatusUpdate (and ValidateReplicationControllerStatusUpdate) beyond metadata. */
function replicaSetStatus(status: JsonObject): FieldCause[] {
  return [
    ...statusCounters(status, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']),
    ...notAbove(status, 'fullyLabeledReplicas', 'replicas'),
    ...notAbove(status, 'readyReplicas', 'replicas'),
    ...notAbove(status, 'availableReplicas', 'replicas'),
    ...notAbove(status, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'),
  ];
}

/** ValidateStatefulSetStatusUpdate. */
function statefulSetStatus(status: JsonObject, old: JsonObject): FieldCause[] {
  return [
    ...statusCounters(status, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount']),
    ...notAbove(status, 'readyReplicas', 'replicas'),
    ...notAbove(status, 'currentReplicas', 'replicas'),
    ...notAbove(status, 'updatedReplicas', 'replicas'),
    ...notAbove(status, 'availableReplicas', 'replicas'),
    ...notAbove(status, 'availableReplicas', 'readyReplicas', 'cannot be greater than status.readyReplicas'),
    ...collisionCountKept(status, old),
  ];
}

/** ValidateDaemonSetStatusUpdate beyond metadata. */
function daemonSetStatus(status: JsonObject, old: JsonObject): FieldCause[] {
  return [
    ...statusCounters(status, [
      'currentNumberScheduled',
      'numberMisscheduled',
      'desiredNumberScheduled',
      'numberReady',
      'observedGeneration',
      'updatedNumberScheduled',
      'numberAvailable',
      'numberUnavailable',
      'collisionCount',
    ]),
    ...collisionCountKept(status, old),
  ];
}

/**
 * A validation part that checks the spec on create and update, plus `onUpdate` checks of what may
 * not change; a status write (which keeps the stored spec) checks the status with `onStatus`.
 */
function specValidation(
  check: (spec: JsonObject) => FieldCause[],
  onUpdate?: (spec: JsonObject, old: JsonObject) => FieldCause[],
  onStatus?: (status: JsonObject, old: JsonObject) => FieldCause[],
): KindStrategy {
  return {
    validate: (o) => check(specOf(o)),
    validateUpdate(o, old, ctx) {
      if (ctx.subresource === 'status') return onStatus?.(obj(o.status) ?? {}, obj((old as JsonObject).status) ?? {}) ?? [];
      return [...check(specOf(o)), ...(onUpdate?.(specOf(o), specOf(old)) ?? [])];
    },
  };
}

/** The validation part of the Deployment strategy. */
export const deploymentValidation: KindStrategy = specValidation(deploymentSpec, selectorImmutable, deploymentStatus);

/** The validation part of the ReplicaSet strategy. */
export const replicaSetValidation: KindStrategy = specValidation(replicaSetSpec, selectorImmutable, replicaSetStatus);

/** The validation part of the DaemonSet strategy. */
export const daemonSetValidation: KindStrategy = specValidation(daemonSetSpec, selectorImmutable, daemonSetStatus);

/** The validation part of the StatefulSet strategy. */
export const statefulSetValidation: KindStrategy = specValidation(statefulSetSpec, (spec, old) => [
  ...selectorImmutable(spec, old),
  ...immutable('spec.serviceName', spec.serviceName, old.serviceName),
  ...immutable('spec.volumeClaimTemplates', spec.volumeClaimTemplates, old.volumeClaimTemplates),
  ...immutable('spec.podManagementPolicy', spec.podManagementPolicy, old.podManagementPolicy),
], statefulSetStatus);

/** The validation part of the ReplicationController strategy. */
export const replicationControllerValidation: KindStrategy = specValidation(replicationControllerSpec, undefined, replicaSetStatus);
