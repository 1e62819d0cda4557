// Validation of Jobs and CronJobs as kube-apiserver does it (pkg/apis/batch/validation): counts not
// negative, enums (completionMode, podReplacementPolicy, concurrencyPolicy), the generated
// selector and the template's generated labels, a template that restarts OnFailure or Never, the
// cron schedule and time zone; on a Job update the selector, completions, completionMode and the
// template are immutable (but for scheduling directives of a suspended Job that never started).
import type { KubeObject } from '../../types.js';
import { isJsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { labelSelectorErrors, required } from './common.js';
import { cronScheduleError, isKnownTimeZone } from './cron.js';
import { goJson, goPodSpec, goPodTemplateSpec } from './pod-go-shape.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import {
  GoText,
  immutable,
  invalid,
  labelsText,
  nonNegative,
  notSupported,
  num,
  obj,
  selectorMatch,
  selectorText,
  sortedJson,
  str,
  stringMap,
  type JsonObject,
} from './workload-helpers.js';

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
/** The most pods an Indexed Job may run at once (and the most failed indexes it may allow). */
const MAX_INDEXED_PARALLELISM = 100000;
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';

/** ValidateHasLabel: the template carries `key` with the expected value. */
function hasLabel(template: JsonObject, k: string, expected: string): FieldCause[] {
  const labels = obj(template.metadata)?.labels;
  const map = stringMap(labels) ?? {};
  const path = `spec.template.metadata.labels[${k}]`;
  if (!Object.hasOwn(map, k)) return [required(path, `must be '${expected}'`)];
  return map[k] === expected ? [] : [invalid(path, labelsText(labels), `must be '${expected}'`)];
}

/** ValidateGeneratedSelector: a selector the server generated, and the labels it put on the template. */
function generatedSelector(job: JsonObject): FieldCause[] {
  const spec = obj(job.spec) ?? {};
  if (spec.manualSelector === true || obj(spec.selector) === undefined) return [];
  const meta = obj(job.metadata) ?? {};
  const uid = str(meta.uid);
  const name = str(meta.name);
  const causes: FieldCause[] = uid === '' ? [required('metadata.uid')] : [];
  const template = obj(spec.template) ?? {};
  causes.push(
    ...hasLabel(template, LEGACY_CONTROLLER_UID, uid),
    ...hasLabel(template, LEGACY_JOB_NAME, name),
    ...hasLabel(template, CONTROLLER_UID, uid),
    ...hasLabel(template, JOB_NAME, name),
  );
  const match = selectorMatch(spec.selector);
  const expected = { [CONTROLLER_UID]: uid, [JOB_NAME]: name, [LEGACY_CONTROLLER_UID]: uid, [LEGACY_JOB_NAME]: name };
  if (match.kind === 'nothing' || (match.kind === 'selector' && !match.matches(expected))) {
    causes.push(invalid('spec.selector', selectorText(spec.selector), '`selector` not auto-generated'));
  }
  return causes;
}

/** validateJobSpec: what a Job's and a CronJob's job template share, at `field` (`spec`, `spec.jobTemplate.spec`). */
function jobSpecCommon(spec: JsonObject, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const name of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    causes.push(...nonNegative(spec[name], `${field}.${name}`));
  }
  const mode = spec.completionMode;
  const indexed = mode === 'Indexed';
  const perIndex = num(spec.backoffLimitPerIndex);
  if (perIndex !== undefined) {
    causes.push(...nonNegative(perIndex, `${field}.backoffLimitPerIndex`));
    if (!indexed) causes.push(invalid(`${field}.backoffLimitPerIndex`, perIndex, 'requires indexed completion mode'));
  }
  const maxFailed = num(spec.maxFailedIndexes);
  if (maxFailed !== undefined) {
    causes.push(...nonNegative(maxFailed, `${field}.maxFailedIndexes`));
    if (perIndex === undefined) causes.push(required(`${field}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
    if (!indexed) {
      causes.push(invalid(`${field}.maxFailedIndexes`, maxFailed, 'requires indexed completion mode'));
    } else {
      const completions = num(spec.completions);
      if (completions !== undefined && maxFailed > completions) causes.push(invalid(`${field}.maxFailedIndexes`, maxFailed, 'must be less than or equal to completions'));
      if (maxFailed > MAX_INDEXED_PARALLELISM) causes.push(invalid(`${field}.maxFailedIndexes`, maxFailed, `must be less than or equal to ${MAX_INDEXED_PARALLELISM}`));
    }
  }
  if (typeof mode === 'string' && mode !== 'NonIndexed' && mode !== 'Indexed') {
    causes.push(notSupported(`${field}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  }
  if (indexed) {
    if (spec.completions === undefined) causes.push(required(`${field}.completions`, 'when completion mode is Indexed'));
    const parallelism = num(spec.parallelism);
    if (parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
      causes.push(invalid(`${field}.parallelism`, parallelism, `must be less than or equal to ${MAX_INDEXED_PARALLELISM} when completion mode is Indexed`));
    }
  }
  const replacement = spec.podReplacementPolicy;
  // With a podFailurePolicy, replacement pods may only be created once the old ones failed.
  const replacements = isJsonObject(spec.podFailurePolicy) ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
  if (typeof replacement === 'string' && !replacements.includes(replacement)) {
    causes.push(notSupported(`${field}.podReplacementPolicy`, replacement, replacements));
  }
  const template = obj(spec.template) ?? {};
  causes.push(...validatePodTemplateSpec(template, `${field}.template`));
  const restart = str(obj(template.spec)?.restartPolicy);
  if (restart === '' || restart === 'Always') {
    causes.push(required(`${field}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  } else if (restart !== 'OnFailure' && restart !== 'Never') {
    causes.push(notSupported(`${field}.template.spec.restartPolicy`, restart, ['OnFailure', 'Never']));
  }
  return causes;
}

/** ValidateJobSpec: the common part, then the selector, then the template's labels against it. */
function jobSpec(spec: JsonObject): FieldCause[] {
  const causes = jobSpecCommon(spec, 'spec');
  if (obj(spec.selector) === undefined) causes.push(required('spec.selector'));
  else causes.push(...labelSelectorErrors(spec.selector, 'spec.selector'));
  const match = selectorMatch(spec.selector);
  const labels = obj(obj(spec.template)?.metadata)?.labels;
  if (match.kind === 'nothing' || (match.kind === 'selector' && !match.matches(stringMap(labels) ?? {}))) {
    causes.push(invalid('spec.template.metadata.labels', labelsText(labels), '`selector` does not match template `labels`'));
  }
  return causes;
}

/** A Job that was suspended and never started may change its template's scheduling directives and metadata. */
function mutableSchedulingDirectives(old: JsonObject): boolean {
  return obj(old.spec)?.suspend === true && obj(old.status)?.startTime === undefined;
}

/**
 * validateCompletions: completions are immutable, but an Indexed Job may change them together
 * with parallelism (elastic Indexed Jobs).
 */
function completionsUpdate(spec: JsonObject, oldSpec: JsonObject): FieldCause[] {
  if (spec.completionMode !== 'Indexed') return immutable('spec.completions', spec.completions, oldSpec.completions);
  if (spec.completions === oldSpec.completions || typeof spec.completions !== 'number') return [];
  return spec.completions === spec.parallelism ? [] : [invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism')];
}

/** ValidateJobSpecUpdate beyond the spec's own validity. */
function jobSpecUpdate(job: JsonObject, old: JsonObject): FieldCause[] {
  const spec = obj(job.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const causes = completionsUpdate(spec, oldSpec);
  if (sortedJson(spec.selector ?? null) !== sortedJson(oldSpec.selector ?? null)) {
    causes.push(invalid('spec.selector', selectorText(spec.selector), 'field is immutable'));
  }
  const template = obj(spec.template) ?? {};
  const oldTemplate = obj(oldSpec.template) ?? {};
  if (mutableSchedulingDirectives(old)) {
    const podSpec = { ...(obj(template.spec) ?? {}) };
    const oldPodSpec = obj(oldTemplate.spec) ?? {};
    for (const k of ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates']) {
      if (oldPodSpec[k] === undefined) Reflect.deleteProperty(podSpec, k);
      else podSpec[k] = oldPodSpec[k];
    }
    if (sortedJson(podSpec) !== sortedJson(oldPodSpec)) {
      causes.push(invalid('spec.template.spec', new GoText(goJson(goPodSpec(template.spec))), 'field is immutable'));
    }
  } else if (sortedJson(template) !== sortedJson(oldTemplate)) {
    causes.push(invalid('spec.template', new GoText(goJson(goPodTemplateSpec(template))), 'field is immutable'));
  }
  causes.push(...immutable('spec.completionMode', spec.completionMode, oldSpec.completionMode));
  causes.push(...immutable('spec.podFailurePolicy', spec.podFailurePolicy, oldSpec.podFailurePolicy, new GoText(sortedJson(spec.podFailurePolicy ?? null))));
  causes.push(...immutable('spec.backoffLimitPerIndex', spec.backoffLimitPerIndex, oldSpec.backoffLimitPerIndex));
  causes.push(...immutable('spec.managedBy', spec.managedBy, oldSpec.managedBy));
  return causes;
}

/** ValidateJobStatusUpdate, its counters: not negative, and failed and succeeded never going down. */
function jobStatus(status: JsonObject, old: JsonObject): FieldCause[] {
  const causes = ['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((name) => nonNegative(status[name], `status.${name}`));
  for (const name of ['failed', 'succeeded']) {
    const now = num(status[name]) ?? 0;
    if (now < (num(old[name]) ?? 0)) causes.push(invalid(`status.${name}`, now, `cannot decrease the ${name} counter`));
  }
  return causes;
}

/** The validation part of the Job strategy. */
export const jobValidation: KindStrategy = {
  validate: (job) => [...generatedSelector(job), ...jobSpec(obj(job.spec) ?? {})],
  validateUpdate(job, old: KubeObject, ctx) {
    if (ctx.subresource === 'status') return jobStatus(obj(job.status) ?? {}, obj((old as unknown as JsonObject).status) ?? {});
    const o = old as unknown as JsonObject;
    return [...jobSpec(obj(job.spec) ?? {}), ...jobSpecUpdate(job, o)];
  },
};

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;
/** A CronJob's name leaves room for the 11 characters the controller appends to its Jobs' names. */
const MAX_CRONJOB_NAME_LENGTH = 52;

function validateSchedule(schedule: string, oldSchedule: string | undefined, timeZone: unknown): FieldCause[] {
  const causes: FieldCause[] = [];
  const error = cronScheduleError(schedule, isKnownTimeZone);
  if (error !== undefined) causes.push(invalid('spec.schedule', schedule, error));
  const allowTZ = oldSchedule?.includes('TZ') === true;
  if (allowTZ && schedule.includes('TZ') && typeof timeZone === 'string') {
    causes.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    causes.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return causes;
}

function validateTimeZone(timeZone: unknown): FieldCause[] {
  if (typeof timeZone !== 'string') return [];
  const field = 'spec.timeZone';
  if (timeZone === '') return [invalid(field, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) {
      return [invalid(field, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const causes: FieldCause[] = [];
  if (timeZone.toLowerCase() === 'local') {
    causes.push(invalid(field, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  if (!isKnownTimeZone(timeZone)) causes.push(invalid(field, timeZone, `unknown time zone ${timeZone}`));
  return causes;
}

/** validateCronJobSpec; `old` on updates (a TZ= already in the schedule may stay, an unchanged zone is not re-checked). */
function cronJobSpec(spec: JsonObject, old: JsonObject | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  const schedule = str(spec.schedule);
  if (schedule === '') causes.push(required('spec.schedule'));
  else causes.push(...validateSchedule(schedule, old === undefined ? undefined : str(old.schedule), spec.timeZone));
  causes.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (old === undefined || old.timeZone !== spec.timeZone) causes.push(...validateTimeZone(spec.timeZone));
  const policy = str(spec.concurrencyPolicy);
  if (policy !== '' && !CONCURRENCY_POLICIES.includes(policy)) causes.push(notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  const jobSpecOfTemplate = obj(obj(spec.jobTemplate)?.spec) ?? {};
  causes.push(...jobSpecCommon(jobSpecOfTemplate, 'spec.jobTemplate.spec'));
  if (obj(jobSpecOfTemplate.selector) !== undefined) {
    causes.push(invalid('spec.jobTemplate.spec.selector', selectorText(jobSpecOfTemplate.selector), '`selector` will be auto-generated'));
  }
  if (jobSpecOfTemplate.manualSelector === true) {
    causes.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  }
  causes.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  causes.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return causes;
}

/** The validation part of the CronJob strategy. */
export const cronJobValidation: KindStrategy = {
  validate(cronJob) {
    const causes = cronJobSpec(obj(cronJob.spec) ?? {}, undefined);
    const name = str(obj(cronJob.metadata)?.name);
    if (name.length > MAX_CRONJOB_NAME_LENGTH) causes.push(invalid('metadata.name', name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
    return causes;
  },
  validateUpdate(cronJob, old, ctx) {
    if (ctx.subresource === 'status') return [];
    return cronJobSpec(obj(cronJob.spec) ?? {}, obj((old as unknown as JsonObject).spec) ?? {});
  },
};
