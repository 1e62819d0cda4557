// Defaulting and server-set fields of the kinds that hold a pod template: PodTemplate,
// ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and CronJob, as
// kube-apiserver v1.37 applies them (the scheme's defaults on every decoded body, then the
// registry strategy's status reset and generated fields on create). On updates the stored status
// is kept by writes.ts; on a status write the stored spec is.
import type { KubeObject } from '../../types.js';
import { jsonEqual } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import {
  defaultString,
  defaultValue,
  ensureObject,
  isEmptyMap,
  isJsonObject,
  objectAt,
  objectsAt,
  type JsonObject,
} from './pod-json.js';
import { defaultClaimSpec, defaultTemplateAt } from './pod-spec.js';

/** Replaces `obj.status` with the status a new object of the kind starts with (Go's zero status). */
function resetStatus(status: () => JsonObject): NonNullable<KindStrategy['prepareForCreate']> {
  return (obj) => {
    obj.status = status();
  };
}

/**
 * Go writes a status struct's non-omitempty fields even when zero: every decoded body (a status
 * write's included) carries them, as kube-apiserver's answers do.
 */
function zeroStatusFields(obj: JsonObject, fields: readonly string[]): void {
  const status = obj.status;
  if (!isJsonObject(status)) return;
  for (const field of fields) defaultValue(status, field, 0);
}

function copyMap(value: unknown): JsonObject {
  return isJsonObject(value) ? { ...value } : {};
}

/** PodTemplate: its template's defaults. */
export const podTemplateDefaulting: KindStrategy = {
  default(obj) {
    defaultTemplateAt(obj, 'template');
  },
};

const RC_STATUS_FIELDS = ['replicas'] as const;

/**
 * ReplicationController: replicas 1; an empty selector and empty labels default to the
 * template's labels.
 */
export const replicationControllerDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    defaultValue(spec, 'replicas', 1);
    const template = objectAt(spec, 'template');
    const labels = objectAt(objectAt(template, 'metadata'), 'labels');
    if (labels !== undefined) {
      if (isEmptyMap(spec.selector)) spec.selector = { ...labels };
      const metadata = ensureObject(obj, 'metadata');
      if (metadata !== undefined && isEmptyMap(metadata.labels)) metadata.labels = { ...labels };
    }
    defaultTemplateAt(spec, 'template');
    zeroStatusFields(obj, RC_STATUS_FIELDS);
  },
  prepareForCreate: resetStatus(() => ({ replicas: 0 })),
};

/** Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export const deploymentDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    defaultValue(spec, 'replicas', 1);
    const strategy = ensureObject(spec, 'strategy');
    if (strategy !== undefined) {
      defaultString(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const rollingUpdate = ensureObject(strategy, 'rollingUpdate');
        if (rollingUpdate !== undefined) {
          defaultValue(rollingUpdate, 'maxUnavailable', '25%');
          defaultValue(rollingUpdate, 'maxSurge', '25%');
        }
      }
    }
    defaultValue(spec, 'revisionHistoryLimit', 10);
    defaultValue(spec, 'progressDeadlineSeconds', 600);
    defaultTemplateAt(spec, 'template');
  },
  prepareForCreate: resetStatus(() => ({})),
  // Annotations count too: the deployment controller copies them to its ReplicaSets.
  generationChanged(obj, old) {
    const annotations = (o: unknown): unknown => objectAt(o, 'metadata')?.annotations ?? {};
    return !jsonEqual(obj.spec, objectAt(old, 'spec')) || !jsonEqual(annotations(obj), annotations(old));
  },
};

const RS_STATUS_FIELDS = ['replicas'] as const;

/** ReplicaSet: replicas 1. */
export const replicaSetDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    defaultValue(spec, 'replicas', 1);
    defaultTemplateAt(spec, 'template');
    zeroStatusFields(obj, RS_STATUS_FIELDS);
  },
  prepareForCreate: resetStatus(() => ({ replicas: 0 })),
};

const STATEFUL_SET_STATUS_FIELDS = ['replicas', 'availableReplicas'] as const;

/** A StatefulSet's claim template: a PersistentVolumeClaim in v1, Pending, volumeMode Filesystem. */
function defaultClaimTemplate(claim: JsonObject): void {
  defaultString(claim, 'apiVersion', 'v1');
  defaultString(claim, 'kind', 'PersistentVolumeClaim');
  ensureObject(claim, 'metadata');
  const spec = ensureObject(claim, 'spec');
  if (spec !== undefined) defaultClaimSpec(spec);
  const status = ensureObject(claim, 'status');
  if (status !== undefined) defaultString(status, 'phase', 'Pending');
}

/**
 * StatefulSet: replicas 1, OrderedReady pods, RollingUpdate (partition 0, maxUnavailable 1),
 * PVC retention Retain/Retain, revisionHistoryLimit 10, claim templates' defaults; serviceName is
 * written even when empty.
 */
export const statefulSetDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    defaultValue(spec, 'replicas', 1);
    defaultTemplateAt(spec, 'template');
    for (const claim of objectsAt(spec, 'volumeClaimTemplates')) defaultClaimTemplate(claim);
    defaultValue(spec, 'serviceName', '');
    defaultString(spec, 'podManagementPolicy', 'OrderedReady');
    const updateStrategy = ensureObject(spec, 'updateStrategy');
    if (updateStrategy !== undefined) {
      if (updateStrategy.type === undefined || updateStrategy.type === null || updateStrategy.type === '') {
        updateStrategy.type = 'RollingUpdate';
        ensureObject(updateStrategy, 'rollingUpdate');
      }
      const rollingUpdate = objectAt(updateStrategy, 'rollingUpdate');
      if (updateStrategy.type === 'RollingUpdate' && rollingUpdate !== undefined) {
        defaultValue(rollingUpdate, 'partition', 0);
        defaultValue(rollingUpdate, 'maxUnavailable', 1);
      }
    }
    defaultValue(spec, 'revisionHistoryLimit', 10);
    const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
    if (retention !== undefined) {
      defaultString(retention, 'whenDeleted', 'Retain');
      defaultString(retention, 'whenScaled', 'Retain');
    }
    zeroStatusFields(obj, STATEFUL_SET_STATUS_FIELDS);
  },
  prepareForCreate: resetStatus(() => ({ replicas: 0, availableReplicas: 0 })),
};

const DAEMON_SET_STATUS_FIELDS = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'] as const;
/** Where apps/v1 keeps a DaemonSet's template generation. */
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function templateGeneration(obj: JsonObject | KubeObject): number {
  const value = (obj.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations?.[TEMPLATE_GENERATION];
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isSafeInteger(n) ? n : 0;
}

function setTemplateGeneration(obj: JsonObject, generation: number): void {
  const metadata = ensureObject(obj, 'metadata');
  if (metadata === undefined) return;
  const annotations = ensureObject(metadata, 'annotations');
  if (annotations !== undefined) annotations[TEMPLATE_GENERATION] = String(generation);
}

/**
 * DaemonSet: RollingUpdate (maxUnavailable 1, maxSurge 0), revisionHistoryLimit 10; the template
 * generation annotation, 1 on create and bumped by each template change.
 */
export const daemonSetDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    const updateStrategy = ensureObject(spec, 'updateStrategy');
    if (updateStrategy !== undefined) {
      defaultString(updateStrategy, 'type', 'RollingUpdate');
      if (updateStrategy.type === 'RollingUpdate') {
        const rollingUpdate = ensureObject(updateStrategy, 'rollingUpdate');
        if (rollingUpdate !== undefined) {
          defaultValue(rollingUpdate, 'maxUnavailable', 1);
          defaultValue(rollingUpdate, 'maxSurge', 0);
        }
      }
    }
    defaultValue(spec, 'revisionHistoryLimit', 10);
    defaultTemplateAt(spec, 'template');
    // The v1 form always carries the template generation (0 until the server sets it).
    setTemplateGeneration(obj, templateGeneration(obj));
    zeroStatusFields(obj, DAEMON_SET_STATUS_FIELDS);
  },
  prepareForCreate(obj) {
    setTemplateGeneration(obj, 1);
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  prepareForUpdate(obj, old, ctx) {
    if (ctx.subresource !== undefined) return;
    // The template generation is the server's: the stored one, plus one when the template changed.
    const changed = !jsonEqual(objectAt(obj, 'spec')?.template, objectAt(old, 'spec')?.template);
    setTemplateGeneration(obj, templateGeneration(old) + (changed ? 1 : 0));
  },
};

/** Jobs whose labels were copied from their template's by defaulting (Go shares that map). */
const labelsFromTemplate = new WeakSet<object>();

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';

/**
 * Job: parallelism and completions 1 (parallelism 1 when only completions is set), backoffLimit 6,
 * NonIndexed, not suspended, manualSelector false, podReplacementPolicy (Failed with a
 * podFailurePolicy, else TerminatingOrFailed); labels from the template's when it has none. On
 * create the selector on the Job's uid and the template labels naming it (both the
 * `batch.kubernetes.io/` and the older form).
 */
export const jobDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
      spec.completions = 1;
    }
    defaultValue(spec, 'parallelism', 1);
    defaultValue(spec, 'backoffLimit', 6);
    const templateLabels = objectAt(objectAt(objectAt(spec, 'template'), 'metadata'), 'labels');
    const metadata = objectAt(obj, 'metadata');
    if (templateLabels !== undefined && metadata !== undefined && isEmptyMap(metadata.labels)) {
      metadata.labels = { ...templateLabels };
      labelsFromTemplate.add(obj);
    }
    defaultValue(spec, 'completionMode', 'NonIndexed');
    defaultValue(spec, 'suspend', false);
    defaultValue(spec, 'manualSelector', false);
    defaultValue(spec, 'podReplacementPolicy', objectAt(spec, 'podFailurePolicy') === undefined ? 'TerminatingOrFailed' : 'Failed');
    defaultTemplateAt(spec, 'template');
  },
  prepareForCreate(obj) {
    obj.status = {};
    const spec = objectAt(obj, 'spec');
    const metadata = objectAt(obj, 'metadata');
    if (spec === undefined || metadata === undefined || spec.manualSelector === true) return;
    const template = ensureObject(spec, 'template');
    const templateMeta = template === undefined ? undefined : ensureObject(template, 'metadata');
    const labels = templateMeta === undefined ? undefined : ensureObject(templateMeta, 'labels');
    const uid = typeof metadata.uid === 'string' ? metadata.uid : '';
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    if (labels !== undefined) {
      for (const key of [LEGACY_JOB_NAME, JOB_NAME]) if (!Object.hasOwn(labels, key)) labels[key] = name;
      for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (!Object.hasOwn(labels, key)) labels[key] = uid;
    }
    const selector = ensureObject(spec, 'selector');
    const matchLabels = selector === undefined ? undefined : ensureObject(selector, 'matchLabels');
    if (matchLabels !== undefined && !Object.hasOwn(matchLabels, CONTROLLER_UID)) matchLabels[CONTROLLER_UID] = uid;
    // kube-apiserver defaults the labels of a Job read back from storage: when it had none, they
    // are its template's, generated labels included.
    if (labels !== undefined && (labelsFromTemplate.has(obj) || isEmptyMap(metadata.labels))) metadata.labels = copyMap(labels);
  },
};

/**
 * CronJob: Allow concurrency, not suspended, history limits 3 and 1; the job template's metadata
 * and its pod template's defaults.
 */
export const cronJobDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec === undefined) return;
    defaultString(spec, 'concurrencyPolicy', 'Allow');
    defaultValue(spec, 'suspend', false);
    defaultValue(spec, 'successfulJobsHistoryLimit', 3);
    defaultValue(spec, 'failedJobsHistoryLimit', 1);
    const jobTemplate = objectAt(spec, 'jobTemplate');
    if (jobTemplate !== undefined) {
      ensureObject(jobTemplate, 'metadata');
      defaultTemplateAt(objectAt(jobTemplate, 'spec'), 'template');
    }
  },
  prepareForCreate: resetStatus(() => ({})),
};
