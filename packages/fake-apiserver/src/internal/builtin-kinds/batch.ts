// The batch group (`/apis/batch/v1`): each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { cronJobDefaulting, jobDefaulting } from '../strategies/workloads.js';

/** The batch group's kinds. */
export const BATCH_KINDS: readonly KindInfo[] = [
  builtin({ group: 'batch', plural: 'jobs', fields: ['status.successful'], fieldsCheckedByRegistry: true, generation: true, strategy: jobDefaulting }),
  builtin({ group: 'batch', plural: 'cronjobs', generation: true, strategy: cronJobDefaulting }),
];
