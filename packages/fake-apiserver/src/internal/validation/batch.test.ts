// Job and CronJob validation and the cron schedule syntax: the causes kube-apiserver v1.37.2
// answers for the same (defaulted) objects.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import type { JsonObject } from '../strategy.js';
import { cronJobValidation, jobValidation } from './batch.js';
import { cronScheduleError, isKnownTimeZone } from './cron.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();
const UID = '765bf05c-b507-4185-9f1b-fa71471929dc';
const generatedLabels = (name: string): Record<string, string> => ({
  'batch.kubernetes.io/controller-uid': UID,
  'batch.kubernetes.io/job-name': name,
  'controller-uid': UID,
  'job-name': name,
});
const podTemplate = (restartPolicy?: string, labels?: Record<string, string>): JsonObject => ({
  ...(labels === undefined ? {} : { metadata: { labels } }),
  spec: { containers: [{ name: 'c', image: 'x' }], ...(restartPolicy === undefined ? {} : { restartPolicy }) },
});
const job = (spec: JsonObject): JsonObject => ({ metadata: { name: 'j', uid: UID }, spec });
const validateJob = (spec: JsonObject): string[] => causeTexts(jobValidation.validate?.(job(spec), ctx) ?? []);
const generated = { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } } };

describe('Job', () => {
  it('accepts a job with its generated selector and labels', () => {
    expect(validateJob({ ...generated, template: podTemplate('Never', generatedLabels('j')) })).toEqual([]);
  });

  it('wants restartPolicy OnFailure or Never', () => {
    expect(validateJob({ ...generated, template: podTemplate(undefined, generatedLabels('j')) })).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it('reports negative counts in kube order', () => {
    const spec = { ...generated, completions: -1, parallelism: -1, backoffLimit: -1, activeDeadlineSeconds: 0, ttlSecondsAfterFinished: -1, template: podTemplate('Always', generatedLabels('j')) };
    expect(validateJob(spec)).toEqual([
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it('checks a manual selector, a selector not generated and the generated labels', () => {
    expect(validateJob({ manualSelector: true, template: podTemplate('Never') })).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`',
    ]);
    const selector = { matchLabels: { a: 'b', 'batch.kubernetes.io/controller-uid': UID } };
    expect(validateJob({ selector, template: podTemplate('Never', generatedLabels('j')) })).toEqual([
      `spec.selector: Invalid value: {"matchLabels":{"a":"b","batch.kubernetes.io/controller-uid":"${UID}"}}: \`selector\` not auto-generated`,
      `spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"${UID}","batch.kubernetes.io/job-name":"j","controller-uid":"${UID}","job-name":"j"}: \`selector\` does not match template \`labels\``,
    ]);
    const labels = { ...generatedLabels('j'), 'job-name': 'other' };
    expect(validateJob({ ...generated, activeDeadlineSeconds: -1, podReplacementPolicy: 'X', template: podTemplate('Never', labels) })).toEqual([
      `spec.template.metadata.labels[job-name]: Invalid value: {"batch.kubernetes.io/controller-uid":"${UID}","batch.kubernetes.io/job-name":"j","controller-uid":"${UID}","job-name":"other"}: must be 'j'`,
      'spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.podReplacementPolicy: Unsupported value: "X": supported values: "Failed", "TerminatingOrFailed"',
    ]);
    expect(validateJob({ ...generated, completionMode: 'Foo', template: podTemplate('Never', generatedLabels('j')) })).toEqual([
      'spec.completionMode: Unsupported value: "Foo": supported values: "NonIndexed", "Indexed"',
    ]);
  });

  it('checks per-index backoff, failed indexes, Indexed parallelism and the replacement policy', () => {
    const t = podTemplate('Never', generatedLabels('j'));
    expect(validateJob({ ...generated, backoffLimitPerIndex: 1, maxFailedIndexes: 2, template: t })).toEqual([
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
      'spec.maxFailedIndexes: Invalid value: 2: requires indexed completion mode',
    ]);
    expect(validateJob({ ...generated, completionMode: 'Indexed', parallelism: 200000, completions: 300000, maxFailedIndexes: 2, template: t })).toEqual([
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      'spec.parallelism: Invalid value: 200000: must be less than or equal to 100000 when completion mode is Indexed',
    ]);
    expect(validateJob({ ...generated, completionMode: 'Indexed', completions: 3, parallelism: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 5, template: t })).toEqual([
      'spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions',
    ]);
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] };
    expect(validateJob({ ...generated, podReplacementPolicy: 'TerminatingOrFailed', podFailurePolicy: policy, template: t })).toEqual([
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    ]);
  });

  it('keeps completions, selector, completionMode and the template on update', () => {
    const old = { ...generated, completions: 1, completionMode: 'NonIndexed', template: podTemplate('Never', generatedLabels('j')) };
    const update = (spec: JsonObject, oldSpec: JsonObject = old): string[] =>
      causeTexts(jobValidation.validateUpdate?.(job(spec), job(oldSpec), ctx) ?? []);
    expect(update({ ...old, completions: 3 })).toEqual(['spec.completions: Invalid value: 3: field is immutable']);
    expect(update({ ...old, completions: 3, completionMode: 'Indexed' })).toEqual([
      'spec.completions: Invalid value: 3: can only be modified in tandem with spec.parallelism',
      'spec.completionMode: Invalid value: "Indexed": field is immutable',
    ]);
    const changed = update({ ...old, template: podTemplate('OnFailure', generatedLabels('j')) });
    expect(changed.map((t) => t.slice(0, t.indexOf(':')))).toEqual(['spec.template']);
    expect(changed[0]).toMatch(/: field is immutable$/);
    // A suspended Job that never started may change its scheduling directives and template labels.
    const suspended = { ...old, suspend: true };
    const t = podTemplate('Never', { ...generatedLabels('j'), x: 'y' });
    (t.spec as JsonObject).nodeSelector = { a: 'b' };
    expect(update({ ...suspended, template: t }, suspended)).toEqual([]);
  });
});

describe('Job status writes', () => {
  it('keeps counters not negative and failed and succeeded from going down', () => {
    const write = (status: JsonObject, old: JsonObject = {}): string[] =>
      causeTexts(jobValidation.validateUpdate?.({ status }, { status: old } as unknown as KubeObject, testContext('status')) ?? []);
    expect(write({ active: -1, succeeded: -2, failed: -3, ready: -4, terminating: -5 })).toEqual([
      'status.active: Invalid value: -1: must be greater than or equal to 0',
      'status.succeeded: Invalid value: -2: must be greater than or equal to 0',
      'status.failed: Invalid value: -3: must be greater than or equal to 0',
      'status.ready: Invalid value: -4: must be greater than or equal to 0',
      'status.terminating: Invalid value: -5: must be greater than or equal to 0',
      'status.failed: Invalid value: -3: cannot decrease the failed counter',
      'status.succeeded: Invalid value: -2: cannot decrease the succeeded counter',
    ]);
    expect(write({ failed: 1 }, { failed: 2 })).toEqual(['status.failed: Invalid value: 1: cannot decrease the failed counter']);
    expect(write({ failed: 2, succeeded: 5 }, { failed: 2 })).toEqual([]);
  });
});

describe('CronJob', () => {
  const jobTemplate = { spec: { template: podTemplate('Never') } };
  const validateCronJob = (spec: JsonObject, name = 'c'): string[] => causeTexts(cronJobValidation.validate?.({ metadata: { name }, spec }, ctx) ?? []);

  it('accepts schedules, descriptors and time zones', () => {
    expect(validateCronJob({ schedule: '*/5 1-3 ? JAN-mar mon,fri', jobTemplate })).toEqual([]);
    expect(validateCronJob({ schedule: '@hourly', timeZone: 'Europe/Berlin', jobTemplate })).toEqual([]);
  });

  it('reports bad schedules as the cron parser words them', () => {
    expect(validateCronJob({ schedule: 'not a schedule', jobTemplate })).toEqual([
      'spec.schedule: Invalid value: "not a schedule": expected exactly 5 fields, found 3: [not a schedule]',
    ]);
    expect(validateCronJob({ schedule: '61 * * * *', jobTemplate })).toEqual(['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
    expect(validateCronJob({ jobTemplate })).toEqual(['spec.schedule: Required value']);
  });

  it('reports the time zone, policies, history limits, the job template and a long name', () => {
    const spec = {
      schedule: 'TZ=UTC * * * * *',
      timeZone: 'Mars/Base',
      concurrencyPolicy: 'Sometimes',
      startingDeadlineSeconds: -1,
      successfulJobsHistoryLimit: -1,
      failedJobsHistoryLimit: -1,
      jobTemplate,
    };
    expect(validateCronJob(spec)).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(validateCronJob({ schedule: '@hourly', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: '' }] } } } } })).toEqual([
      'spec.jobTemplate.spec.template.spec.containers[0].image: Required value',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    const long = `c${'2'.repeat(53)}`;
    expect(validateCronJob({ schedule: '@hourly', jobTemplate }, long)).toEqual([`metadata.name: Invalid value: "${long}": must be no more than 52 characters`]);
  });
});

describe('cron syntax', () => {
  it('words each error as robfig/cron does', () => {
    const err = (s: string): string | undefined => cronScheduleError(s, isKnownTimeZone);
    expect(err('* * * * * *')).toBe('expected exactly 5 fields, found 6: [* * * * * *]');
    expect(err('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(err('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(err('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(err('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(err('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(err('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(err('@every 1h30m')).toBeUndefined();
    expect(err('CRON_TZ=Nowhere/Land * * * * *')).toBe('provided bad location Nowhere/Land: unknown time zone Nowhere/Land');
    expect(err('')).toBe('empty spec string');
  });
});
