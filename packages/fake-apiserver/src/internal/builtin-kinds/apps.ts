// The apps group (`/apis/apps/v1`): each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { col, num, rec, templateColumns, WORKLOAD_WIDE, type Json, type KindColumns } from '../table-columns.js';
import { builtin } from './define.js';
import { daemonSetDefaulting, deploymentDefaulting, replicaSetDefaulting, statefulSetDefaulting } from '../strategies/workloads.js';

const DEPLOYMENT: KindColumns = {
  before: [
    col('Ready', 'string', 'Number of the pod with ready state.'),
    col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
  ],
  after: WORKLOAD_WIDE,
  cells(obj) {
    const d = obj as Json;
    const status = rec(d.status);
    return {
      before: [`${num(status.readyReplicas)}/${num(rec(d.spec).replicas, 1)}`, num(status.updatedReplicas), num(status.availableReplicas)],
      after: templateColumns(d),
    };
  },
};

const REPLICA_SET: KindColumns = {
  before: [
    col('Desired', 'integer', 'Number of desired pods.'),
    col('Current', 'integer', 'Number of actually running pods.'),
    col('Ready', 'integer', 'Number of ready pods.'),
  ],
  after: WORKLOAD_WIDE,
  cells(obj) {
    const rs = obj as Json;
    const status = rec(rs.status);
    return { before: [num(rec(rs.spec).replicas, 1), num(status.replicas), num(status.readyReplicas)], after: templateColumns(rs) };
  },
};

/** The apps group's kinds. */
export const APPS_KINDS: readonly KindInfo[] = [
  builtin({ group: 'apps', plural: 'deployments', generation: true, strategy: deploymentDefaulting, columns: DEPLOYMENT }),
  builtin({ group: 'apps', plural: 'replicasets', generation: true, strategy: replicaSetDefaulting, columns: REPLICA_SET }),
  builtin({ group: 'apps', plural: 'statefulsets', nameValidation: 'dns1123-label', generation: true, strategy: statefulSetDefaulting }),
  builtin({ group: 'apps', plural: 'controllerrevisions' }),
  builtin({ group: 'apps', plural: 'daemonsets', generation: true, strategy: daemonSetDefaulting }),
];
