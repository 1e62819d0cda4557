// The batch group (`/apis/batch/v1`): each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, containersColumn, imagesColumn, list, NAME_COLUMN, num, printer, rec, selectorText, since, str, templateCells } from '../table-columns.js';
import { cronJobDefaulting, jobDefaulting } from '../strategies/workloads.js';
import { combineStrategies } from '../strategy.js';
import { cronJobValidation, jobValidation } from '../validation/batch.js';

/** Whether the job has a condition of this type with status True. */
function hasCondition(job: Record<string, unknown>, type: string): boolean {
  return list(rec(job.status).conditions).some((c) => c.type === type && c.status === 'True');
}

/** A Job's Status cell, in kube's order of precedence. */
function jobStatus(job: Record<string, unknown>): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (rec(job.metadata).deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** `kubectl get jobs`: status, completions (`succeeded/completions`), duration. */
const JOB = printer([
  NAME_COLUMN,
  col('Status', 'string', 'Status of the job.'),
  col('Completions', 'string', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
  col('Duration', 'string', 'Time required to complete the job.'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
  col('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
], (job, now) => {
  const spec = rec(job.spec);
  const status = rec(job.status);
  const succeeded = num(status.succeeded);
  const parallelism = num(spec.parallelism);
  const completions = typeof spec.completions === 'number' ? `${succeeded}/${spec.completions}`
    : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  const started = typeof status.startTime === 'string' ? Date.parse(status.startTime) : NaN;
  const finished = typeof status.completionTime === 'string' ? Date.parse(status.completionTime) : now;
  const duration = Number.isNaN(started) ? '' : since(status.startTime, finished);
  return [str(rec(job.metadata).name), jobStatus(job), completions, duration, ageCell(job, now), ...templateCells(spec.template), selectorText(spec.selector)];
});

/** `kubectl get cronjobs` */
const CRON_JOB = printer([
  NAME_COLUMN,
  col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
  col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones'),
  col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
  col('Active', 'integer', 'A list of pointers to currently running jobs.'),
  col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
  col('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
], (cj, now) => {
  const spec = rec(cj.spec);
  const status = rec(cj.status);
  const jobSpec = rec(rec(spec.jobTemplate).spec);
  const suspend = typeof spec.suspend === 'boolean' ? (spec.suspend ? 'True' : 'False') : '<unset>';
  const last = typeof status.lastScheduleTime === 'string' ? since(status.lastScheduleTime, now) : '<none>';
  return [str(rec(cj.metadata).name), str(spec.schedule), str(spec.timeZone, '<none>'), suspend, list(status.active).length, last, ageCell(cj, now),
    ...templateCells(jobSpec.template), selectorText(jobSpec.selector)];
});

/** What kube-apiserver warns about a Job deleted without a propagation policy (its pods stay). */
const JOB_DELETE_WARNING =
  'child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning';

/** The batch group's kinds. */
export const BATCH_KINDS: readonly KindInfo[] = [
  builtin({ group: 'batch', plural: 'jobs', deletePropagation: 'Orphan', deleteWarning: JOB_DELETE_WARNING, columns: JOB, fields: ['status.successful'], fieldsCheckedByRegistry: true, generation: true, strategy: combineStrategies(jobDefaulting, jobValidation) }),
  builtin({ group: 'batch', plural: 'cronjobs', columns: CRON_JOB, generation: true, strategy: combineStrategies(cronJobDefaulting, cronJobValidation) }),
];
