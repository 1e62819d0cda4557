// The core group (`/api/v1`): each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { col, countKeys, labelMap, list, num, rec, str, type Json, type KindColumns } from '../table-columns.js';
import { boolField, builtin, scalarText, valueAt } from './define.js';
import { configMapValidation } from '../validation/configmap.js';
import { namespaceValidation } from '../validation/namespace.js';
import { secretValidation } from '../validation/secret.js';
import { serviceValidation } from '../validation/service.js';
import { namespaceDefaulting } from '../strategies/namespace.js';
import { secretDefaulting } from '../strategies/secret.js';
import { serviceDefaulting } from '../strategies/service.js';
import { combineStrategies } from '../strategy.js';
import { endpointsDefaulting } from '../strategies/endpoints.js';
import { eventDefaulting } from '../strategies/event.js';
import { nodeDefaulting } from '../strategies/node.js';
import { persistentVolumeClaimDefaulting } from '../strategies/persistentvolumeclaim.js';
import { endpointsValidation } from '../validation/endpoints.js';
import { eventValidation } from '../validation/event.js';
import { persistentVolumeClaimValidation } from '../validation/persistentvolumeclaim.js';
import { persistentVolumeDefaulting } from '../strategies/persistentvolumeclaim.js';
import { limitRangeDefaulting } from '../strategies/limitrange.js';
import { resourceQuotaDefaulting } from '../strategies/resourcequota.js';
import { limitRangeValidation } from '../validation/limitrange.js';
import { persistentVolumeValidation } from '../validation/persistentvolume.js';
import { resourceQuotaValidation } from '../validation/resourcequota.js';
import { bindPod } from '../pod-subresources.js';
import { badRequest } from '../status.js';
import type { VirtualResource } from '../virtual-resources.js';
import { podDefaulting } from '../strategies/pod.js';
import { podTemplateDefaulting, replicationControllerDefaulting } from '../strategies/workloads.js';

function podStatusReason(pod: Json): string {
  const status = rec(pod.status);
  let reason = str(status.reason, str(status.phase));
  const statuses = list(status.containerStatuses);
  let running = false;
  for (const cs of [...statuses].reverse()) {
    const state = rec(cs.state);
    const waiting = rec(state.waiting);
    const terminated = rec(state.terminated);
    if (str(waiting.reason) !== '') reason = str(waiting.reason);
    else if (str(terminated.reason) !== '') reason = str(terminated.reason);
    else if (state.terminated !== undefined) {
      reason = num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
    } else if (state.running !== undefined && cs.ready === true) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  if (rec(pod.metadata).deletionTimestamp !== undefined) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

const POD: KindColumns = {
  before: [
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'integer', 'The number of times the containers in this pod have been restarted.'),
  ],
  after: [
    col('IP', 'string', 'IP address allocated to the pod.', 1),
    col('Node', 'string', 'Name of the node the pod is assigned to.', 1),
    col('Nominated Node', 'string', 'Name of the node nominated for the pod.', 1),
    col('Readiness Gates', 'string', 'Pod readiness gates that are ready.', 1),
  ],
  cells(obj) {
    const pod = obj as Json;
    const spec = rec(pod.spec);
    const status = rec(pod.status);
    const statuses = list(status.containerStatuses);
    const ready = statuses.filter((cs) => cs.ready === true).length;
    const restarts = statuses.reduce((n, cs) => n + num(cs.restartCount), 0);
    const gates = list(spec.readinessGates);
    const trueConditions = new Set(list(status.conditions).filter((c) => c.status === 'True').map((c) => str(c.type)));
    const gatesText = gates.length === 0 ? '<none>' : `${gates.filter((g) => trueConditions.has(str(g.conditionType))).length}/${gates.length}`;
    return {
      before: [`${ready}/${list(spec.containers).length}`, podStatusReason(pod), restarts],
      after: [str(status.podIP, '<none>'), str(spec.nodeName, '<none>'), str(status.nominatedNodeName, '<none>'), gatesText],
    };
  },
};

function externalIp(spec: Json, status: Json): string {
  const type = str(spec.type, 'ClusterIP');
  const external = Array.isArray(spec.externalIPs) ? spec.externalIPs.map(String) : [];
  if (type === 'ExternalName') return str(spec.externalName, '<none>');
  if (type === 'LoadBalancer') {
    const ingress = list(rec(status.loadBalancer).ingress).map((i) => str(i.ip, str(i.hostname)));
    const all = [...ingress, ...external].filter((s) => s !== '');
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  return external.length > 0 ? external.join(',') : '<none>';
}

const SERVICE: KindColumns = {
  before: [
    col('Type', 'string', 'The type of the service.'),
    col('Cluster-IP', 'string', 'The IP address of the service.'),
    col('External-IP', 'string', 'The external IP addresses of the service.'),
    col('Port(s)', 'string', 'The ports the service exposes.'),
  ],
  after: [col('Selector', 'string', 'Route traffic to pods with labels matching this selector.', 1)],
  cells(obj) {
    const svc = obj as Json;
    const spec = rec(svc.spec);
    const ports = list(spec.ports).map((p) => {
      const nodePort = num(p.nodePort);
      return `${num(p.port)}${nodePort > 0 ? `:${nodePort}` : ''}/${str(p.protocol, 'TCP')}`;
    });
    return {
      before: [str(spec.type, 'ClusterIP'), str(spec.clusterIP, '<none>'), externalIp(spec, rec(svc.status)), ports.length > 0 ? ports.join(',') : '<none>'],
      after: [labelMap(spec.selector)],
    };
  },
};

const NAMESPACE: KindColumns = {
  before: [col('Status', 'string', 'The status of the namespace.')],
  after: [],
  cells: (obj) => ({ before: [str(rec((obj as Json).status).phase)], after: [] }),
};

const CONFIG_MAP: KindColumns = {
  before: [col('Data', 'integer', 'Number of entries in the config map.')],
  after: [],
  cells: (obj) => ({ before: [countKeys((obj as Json).data, (obj as Json).binaryData)], after: [] }),
};

const SECRET: KindColumns = {
  before: [col('Type', 'string', 'The type of the secret.'), col('Data', 'integer', 'Number of entries in the secret.')],
  after: [],
  cells: (obj) => ({ before: [str((obj as Json).type, 'Opaque'), countKeys((obj as Json).data)], after: [] }),
};

const NODE: KindColumns = {
  before: [col('Status', 'string', 'The status of the node.'), col('Roles', 'string', 'The roles of the node.')],
  // kubectl shows Version after Age.
  after: [col('Version', 'string', 'Kubelet version reported by the node.')],
  cells(obj) {
    const node = obj as Json;
    const ready = list(rec(node.status).conditions).find((c) => c.type === 'Ready');
    let status = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown';
    if (rec(node.spec).unschedulable === true) status += ',SchedulingDisabled';
    const prefix = 'node-role.kubernetes.io/';
    const roles = Object.keys(rec(rec(node.metadata).labels)).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    return {
      before: [status, roles.length > 0 ? roles.sort().join(',') : '<none>'],
      after: [str(rec(rec(node.status).nodeInfo).kubeletVersion)],
    };
  },
};

/** A pod's IP as its field selector sees it: the first `status.podIPs` entry, else `status.podIP`. */
function podIp(obj: unknown): string {
  const ips = valueAt(obj, ['status', 'podIPs']);
  if (Array.isArray(ips) && ips.length > 0) return scalarText(valueAt(ips[0], ['ip']));
  return scalarText(valueAt(obj, ['status', 'podIP']));
}

/** An event's `source`: its source component, else its reporting controller. */
function eventSource(obj: unknown): string {
  const component = scalarText(valueAt(obj, ['source', 'component']));
  return component !== '' ? component : scalarText(valueAt(obj, ['reportingComponent']));
}

/** The Success Status kube-apiserver answers a Binding with. */
const BOUND = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

/** `POST namespaces/{ns}/bindings`: binds the pod the Binding names, as `pods/{name}/binding` does. */
const BINDINGS: VirtualResource = {
  create(body, ctx) {
    const name = rec(body.metadata).name;
    if (typeof name !== 'string' || name === '') throw badRequest('Name parameter required.');
    const pods = ctx.backend.registry.lookup('', 'v1', 'pods');
    if (pods === undefined) throw new Error('pods are not served');
    bindPod(ctx.backend, pods, ctx.namespace ?? '', name, body, ctx.dryRun);
    return BOUND;
  },
};

/**
 * The control plane's health as kube-apiserver v1.37 reports it where no controller-manager or
 * scheduler runs beside it (as for the fake): etcd healthy, the other two unreachable.
 */
const COMPONENTS: readonly Json[] = [
  { metadata: { name: 'controller-manager' }, conditions: [{ type: 'Healthy', status: 'False',
    message: 'Get "https://127.0.0.1:10257/healthz": dial tcp 127.0.0.1:10257: connect: connection refused' }] },
  { metadata: { name: 'scheduler' }, conditions: [{ type: 'Healthy', status: 'False',
    message: 'Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused' }] },
  { metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] },
];

/** `componentstatuses` (get and list only). */
const COMPONENT_STATUSES: VirtualResource = {
  get: (name) => structuredClone(COMPONENTS.find((c) => rec(c.metadata).name === name)),
  list: () => structuredClone([...COMPONENTS]),
};

/** The core group's kinds. */
export const CORE_KINDS: readonly KindInfo[] = [
  builtin({ group: '', plural: 'namespaces', nameValidation: 'dns1123-label', fields: ['status.phase'], namespaceNotSelectable: true,
    deleteReturnsObject: true,
    columns: NAMESPACE, strategy: combineStrategies(namespaceDefaulting, namespaceValidation) }),
  builtin({ group: '', plural: 'pods', generation: true, deleteReturnsObject: true,
    fields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
    fieldAliases: { 'spec.host': 'spec.nodeName' },
    fieldValues: { 'spec.hostNetwork': (obj) => boolField(obj, ['spec', 'hostNetwork']), 'status.podIP': podIp },
    columns: POD, strategy: podDefaulting }),
  builtin({ group: '', plural: 'services', nameValidation: 'dns1035-label', fields: ['spec.type', 'spec.clusterIP'],
    deleteReturnsObject: true, columns: SERVICE,
    strategy: combineStrategies(serviceDefaulting, serviceValidation) }),
  builtin({ group: '', plural: 'endpoints', strategy: combineStrategies(endpointsDefaulting, endpointsValidation) }),
  builtin({ group: '', plural: 'configmaps', columns: CONFIG_MAP, strategy: configMapValidation }),
  builtin({ group: '', plural: 'secrets', fields: ['type'], columns: SECRET,
    strategy: combineStrategies(secretDefaulting, secretValidation) }),
  builtin({ group: '', plural: 'serviceaccounts', deleteReturnsObject: true }),
  builtin({ group: '', plural: 'nodes', fields: ['spec.unschedulable'], namespaceNotSelectable: true,
    fieldValues: { 'spec.unschedulable': (obj) => boolField(obj, ['spec', 'unschedulable']) }, columns: NODE, strategy: nodeDefaulting }),
  builtin({ group: '', plural: 'events', nameValidation: 'path-segment',
    fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
      'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
      'reportingComponent', 'source', 'type'],
    fieldValues: { source: eventSource }, strategy: combineStrategies(eventDefaulting, eventValidation) }),
  builtin({ group: '', plural: 'persistentvolumeclaims', deleteReturnsObject: true,
    strategy: combineStrategies(persistentVolumeClaimDefaulting, persistentVolumeClaimValidation) }),
  builtin({ group: '', plural: 'bindings', virtual: BINDINGS }),
  builtin({ group: '', plural: 'componentstatuses', virtual: COMPONENT_STATUSES }),
  builtin({ group: '', plural: 'limitranges', strategy: combineStrategies(limitRangeDefaulting, limitRangeValidation) }),
  builtin({ group: '', plural: 'persistentvolumes', deleteReturnsObject: true,
    strategy: combineStrategies(persistentVolumeDefaulting, persistentVolumeValidation) }),
  builtin({ group: '', plural: 'podtemplates', generation: true, deleteReturnsObject: true, strategy: podTemplateDefaulting }),
  builtin({ group: '', plural: 'replicationcontrollers', fields: ['status.replicas'], generation: true, deleteReturnsObject: true, strategy: replicationControllerDefaulting }),
  builtin({ group: '', plural: 'resourcequotas', deleteReturnsObject: true,
    strategy: combineStrategies(resourceQuotaDefaulting, resourceQuotaValidation) }),
];
