// The columns `kubectl get` shows for the common built-in kinds, computed the way kube-apiserver's
// printers compute them (pkg/printers/internalversion), from the object as stored.
import type { KubeObject } from '../types.js';

/** A column of a meta.k8s.io/v1 Table. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: always shown; 1: shown with `-o wide`. */
  priority: number;
}

/** Columns between Name and Age (`before`) and after Age (`after`, usually wide-only), with their cells. */
export interface KindColumns {
  before: ColumnDefinition[];
  after: ColumnDefinition[];
  cells(obj: KubeObject): { before: unknown[]; after: unknown[] };
}

type Json = Record<string, unknown>;

function rec(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(rec) : [];
}
function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}
function col(name: string, type: ColumnDefinition['type'], description: string, priority = 0): ColumnDefinition {
  return { name, type, format: '', description, priority };
}
function labelMap(value: unknown): string {
  const entries = Object.entries(rec(value)).map(([k, v]) => `${k}=${String(v)}`);
  return entries.length > 0 ? entries.join(',') : '<none>';
}

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

function selectorText(selector: unknown): string {
  const s = rec(selector);
  const parts = Object.entries(rec(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of list(s.matchExpressions)) {
    const values = Array.isArray(e.values) ? e.values.map(String).join(',') : '';
    const op = str(e.operator);
    if (op === 'In' || op === 'NotIn') parts.push(`${str(e.key)} ${op.toLowerCase()} (${values})`);
    else parts.push(op === 'DoesNotExist' ? `!${str(e.key)}` : str(e.key));
  }
  return parts.length > 0 ? parts.join(',') : '<none>';
}

function templateColumns(obj: Json): unknown[] {
  const containers = list(rec(rec(rec(obj.spec).template).spec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(','), selectorText(rec(obj.spec).selector)];
}

const WORKLOAD_WIDE = [
  col('Containers', 'string', 'Names of each container in the template.', 1),
  col('Images', 'string', 'Images referenced by each container in the template.', 1),
  col('Selector', 'string', 'Label selector for pods.', 1),
];

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

function countKeys(...maps: unknown[]): number {
  return maps.reduce<number>((n, m) => n + Object.keys(rec(m)).length, 0);
}

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

/** Columns per `group/Kind` for the kinds with their own printer; others get Name and Age only. */
export const KIND_COLUMNS: Readonly<Record<string, KindColumns>> = {
  '/Pod': POD,
  '/Service': SERVICE,
  '/Namespace': NAMESPACE,
  '/ConfigMap': CONFIG_MAP,
  '/Secret': SECRET,
  '/Node': NODE,
  'apps/Deployment': DEPLOYMENT,
  'apps/ReplicaSet': REPLICA_SET,
};
