// The apps group (`/apis/apps/v1`): each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { AGE_COLUMN, ageCell, col, containersColumn, imagesColumn, labelMap, NAME_COLUMN, num, printer, rec, selectorText, str, templateCells } from '../table-columns.js';
import { builtin } from './define.js';
import { daemonSetDefaulting, deploymentDefaulting, replicaSetDefaulting, statefulSetDefaulting } from '../strategies/workloads.js';
import { combineStrategies } from '../strategy.js';
import { daemonSetValidation, deploymentValidation, replicaSetValidation, statefulSetValidation } from '../validation/workloads.js';

/** `kubectl get deployments`: ready of desired, up to date, available. */
const DEPLOYMENT = printer([
  NAME_COLUMN,
  col('Ready', 'string', 'Number of the pod with ready state'),
  col('Up-to-date', 'string', 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
  col('Available', 'string', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
  col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.', 1),
], (d, now) => {
  const spec = rec(d.spec);
  const status = rec(d.status);
  return [str(rec(d.metadata).name), `${num(status.readyReplicas)}/${num(spec.replicas, 1)}`, num(status.updatedReplicas), num(status.availableReplicas),
    ageCell(d, now), ...templateCells(spec.template), selectorText(spec.selector)];
});

/** `kubectl get replicasets`: desired, current, ready. */
const REPLICA_SET = printer([
  NAME_COLUMN,
  col('Desired', 'integer', 'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
  col('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
  col('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
  col('Selector', 'string', 'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
], (rs, now) => {
  const spec = rec(rs.spec);
  const status = rec(rs.status);
  return [str(rec(rs.metadata).name), num(spec.replicas, 1), num(status.replicas), num(status.readyReplicas), ageCell(rs, now),
    ...templateCells(spec.template), selectorText(spec.selector)];
});

/** `kubectl get statefulsets`: ready of desired. */
const STATEFUL_SET = printer([
  NAME_COLUMN,
  col('Ready', 'string', 'Number of the pod with ready state'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
], (sts, now) => {
  const spec = rec(sts.spec);
  return [str(rec(sts.metadata).name), `${num(rec(sts.status).readyReplicas)}/${num(spec.replicas, 1)}`, ageCell(sts, now), ...templateCells(spec.template)];
});

/** `kubectl get daemonsets`: the scheduling counts and the template's node selector. */
const DAEMON_SET = printer([
  NAME_COLUMN,
  col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
  col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
  col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
  col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
  col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
  col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
  col('Selector', 'string', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
], (ds, now) => {
  const spec = rec(ds.spec);
  const status = rec(ds.status);
  return [str(rec(ds.metadata).name), num(status.desiredNumberScheduled), num(status.currentNumberScheduled), num(status.numberReady),
    num(status.updatedNumberScheduled), num(status.numberAvailable), labelMap(rec(rec(spec.template).spec).nodeSelector), ageCell(ds, now),
    ...templateCells(spec.template), selectorText(spec.selector)];
});

/** `kubectl get controllerrevisions`: the controlling owner as `Kind[.group]/name`, and the revision. */
const CONTROLLER_REVISION = printer([
  NAME_COLUMN,
  col('Controller', 'string', 'Controller of the object'),
  col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
  AGE_COLUMN,
], (cr, now) => {
  const owners = Array.isArray(rec(cr.metadata).ownerReferences) ? (rec(cr.metadata).ownerReferences as unknown[]).map(rec) : [];
  const controller = owners.find((o) => o.controller === true);
  let controllerText = '<none>';
  if (controller !== undefined) {
    const apiVersion = str(controller.apiVersion);
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    controllerText = `${str(controller.kind)}${group === '' ? '' : `.${group}`}/${str(controller.name)}`;
  }
  return [str(rec(cr.metadata).name), controllerText, num(cr.revision), ageCell(cr, now)];
});

/** The apps group's kinds. */
export const APPS_KINDS: readonly KindInfo[] = [
  builtin({ group: 'apps', plural: 'deployments', generation: true, strategy: combineStrategies(deploymentDefaulting, deploymentValidation), columns: DEPLOYMENT }),
  builtin({ group: 'apps', plural: 'replicasets', generation: true, strategy: combineStrategies(replicaSetDefaulting, replicaSetValidation), columns: REPLICA_SET }),
  builtin({ group: 'apps', plural: 'statefulsets', columns: STATEFUL_SET, nameValidation: 'dns1123-label', generation: true, strategy: combineStrategies(statefulSetDefaulting, statefulSetValidation) }),
  builtin({ group: 'apps', plural: 'controllerrevisions', columns: CONTROLLER_REVISION }),
  builtin({ group: 'apps', plural: 'daemonsets', columns: DAEMON_SET, generation: true, strategy: combineStrategies(daemonSetDefaulting, daemonSetValidation) }),
];
