// The core group (`/api/v1`): each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { AGE_COLUMN, ageCell, col, containersColumn, countKeys, CREATED_AT_COLUMN, createdAtCell, imagesColumn, labelMap, list, NAME_COLUMN, num, printer, rec, since, str,
  templateCells, type Json, type KindColumns } from '../table-columns.js';
import { boolField, builtin, scalarText, valueAt } from './define.js';
import { configMapDefaulting } from '../strategies/configmap.js';
import { serviceAccountDefaulting } from '../strategies/serviceaccount.js';
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
import { badRequest, notFound } from '../status.js';
import type { VirtualResource } from '../virtual-resources.js';
import { podDefaulting } from '../strategies/pod.js';
import { podTemplateValidation, podValidation } from '../validation/pod.js';
import { replicationControllerValidation } from '../validation/workloads.js';
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

/** The Restarts cell: restarts of every container, and how long ago the last one was (kubectl 1.37). */
function restartsText(status: Json, now: number): string {
  const statuses = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
  const restarts = statuses.reduce((n, cs) => n + num(cs.restartCount), 0);
  const last = statuses
    .map((cs) => rec(rec(cs.lastState).terminated).finishedAt)
    .filter((t): t is string => typeof t === 'string')
    .sort()
    .at(-1);
  return last === undefined ? String(restarts) : `${restarts} (${since(last, now)} ago)`;
}

/** `kubectl get pods`: ready containers, status, restarts; wide: IP, node, nominated node, readiness gates. */
const POD = printer([
  NAME_COLUMN,
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  AGE_COLUMN,
  col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
  col('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename', 1),
  col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.', 1),
  col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates', 1),
], (pod, now) => {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const ready = list(status.containerStatuses).filter((cs) => cs.ready === true).length;
  const gates = list(spec.readinessGates);
  const trueConditions = new Set(list(status.conditions).filter((c) => c.status === 'True').map((c) => str(c.type)));
  const gatesText = gates.length === 0 ? '<none>' : `${gates.filter((g) => trueConditions.has(str(g.conditionType))).length}/${gates.length}`;
  return [str(rec(pod.metadata).name), `${ready}/${list(spec.containers).length}`, podStatusReason(pod), restartsText(status, now), ageCell(pod, now),
    str(status.podIP, '<none>'), str(spec.nodeName, '<none>'), str(status.nominatedNodeName, '<none>'), gatesText];
});

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

/** `kubectl get services`: type, cluster IP, external IPs, ports; wide: the selector. */
const SERVICE = printer([
  NAME_COLUMN,
  col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'),
  col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
  col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.'),
  col('Port(s)', 'string', 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
  AGE_COLUMN,
  col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/', 1),
], (svc, now) => {
  const spec = rec(svc.spec);
  const ports = list(spec.ports).map((p) => {
    const nodePort = num(p.nodePort);
    return `${num(p.port)}${nodePort > 0 ? `:${nodePort}` : ''}/${str(p.protocol, 'TCP')}`;
  });
  return [str(rec(svc.metadata).name), str(spec.type, 'ClusterIP'), str(spec.clusterIP, '<none>'), externalIp(spec, rec(svc.status)),
    ports.length > 0 ? ports.join(',') : '<none>', ageCell(svc, now), labelMap(spec.selector)];
});

/** `kubectl get namespaces`: the phase. */
const NAMESPACE = printer([
  NAME_COLUMN,
  col('Status', 'string', 'The status of the namespace'),
  AGE_COLUMN,
], (ns, now) => [str(rec(ns.metadata).name), str(rec(ns.status).phase), ageCell(ns, now)]);

/** `kubectl get configmaps`: how many entries (data and binaryData). */
const CONFIG_MAP = printer([
  NAME_COLUMN,
  col('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'),
  AGE_COLUMN,
], (cm, now) => [str(rec(cm.metadata).name), countKeys(cm.data, cm.binaryData), ageCell(cm, now)]);

/** `kubectl get secrets`: type and how many entries. */
const SECRET = printer([
  NAME_COLUMN,
  col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
  col('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4'),
  AGE_COLUMN,
], (secret, now) => [str(rec(secret.metadata).name), str(secret.type), countKeys(secret.data), ageCell(secret, now)]);

/** A node's addresses of one type, comma-joined; `<none>` for none. */
function nodeAddresses(status: Json, type: string): string {
  const found = list(status.addresses).filter((a) => a.type === type).map((a) => str(a.address));
  return found.length > 0 ? found.join(',') : '<none>';
}

/** `kubectl get nodes`: readiness (and SchedulingDisabled), roles, kubelet version; wide: addresses and what the node runs. */
const NODE = printer([
  NAME_COLUMN,
  col('Status', 'string', 'The status of the node'),
  col('Roles', 'string', 'The roles of the node'),
  AGE_COLUMN,
  col('Version', 'string', 'Kubelet Version reported by the node.'),
  col('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).', 1),
  col('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).', 1),
  col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
  col('Kernel-Version', 'string', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).', 1),
  col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
], (node, now) => {
  const status = rec(node.status);
  const ready = list(status.conditions).find((c) => c.type === 'Ready');
  let state = ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown';
  if (rec(node.spec).unschedulable === true) state += ',SchedulingDisabled';
  const labels = rec(rec(node.metadata).labels);
  const prefix = 'node-role.kubernetes.io/';
  const roles = new Set(Object.keys(labels).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).filter((r) => r !== ''));
  if (typeof labels['kubernetes.io/role'] === 'string' && labels['kubernetes.io/role'] !== '') roles.add(labels['kubernetes.io/role']);
  const info = rec(status.nodeInfo);
  return [str(rec(node.metadata).name), state, roles.size > 0 ? [...roles].sort().join(',') : '<none>', ageCell(node, now), str(info.kubeletVersion),
    nodeAddresses(status, 'InternalIP'), nodeAddresses(status, 'ExternalIP'), str(info.osImage, '<unknown>'), str(info.kernelVersion, '<unknown>'),
    str(info.containerRuntimeVersion, '<unknown>')];
});

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

/** `kubectl get componentstatuses`: each component's Healthy condition. */
const COMPONENT_STATUS = printer([
  NAME_COLUMN,
  col('Status', 'string', 'Status of the component conditions'),
  col('Message', 'string', 'Message of the component conditions'),
  col('Error', 'string', 'Error of the component conditions'),
], (cs) => {
  const healthy = list(cs.conditions).find((c) => c.type === 'Healthy');
  const status = healthy === undefined ? 'Unknown' : healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
  return [str(rec(cs.metadata).name), status, str(healthy?.message), str(healthy?.error)];
});

/** `componentstatuses` (get and list only). */
const COMPONENT_STATUSES: VirtualResource = {
  get: (name) => {
    const found = COMPONENTS.find((c) => rec(c.metadata).name === name);
    // kube-apiserver names the singular resource in this 404.
    if (found === undefined) throw notFound({ group: '', plural: 'componentstatus', kind: 'componentstatus' }, name);
    return structuredClone(found);
  },
  list: () => structuredClone([...COMPONENTS]),
};

/** `kubectl get podtemplates`: the template's containers, images and labels (no age). */
const POD_TEMPLATE = printer([
  NAME_COLUMN,
  containersColumn(0),
  imagesColumn(0),
  col('Pod Labels', 'string', 'The labels for the pod template.'),
], (pt) => {
  const template = rec(pt.template);
  return [str(rec(pt.metadata).name), ...templateCells(template), labelMap(rec(template.metadata).labels)];
});

/** `kubectl get limitranges`: the creation time. */
const LIMIT_RANGE = printer([
  NAME_COLUMN,
  CREATED_AT_COLUMN,
], (lr) => [str(rec(lr.metadata).name), createdAtCell(lr)]);

const ACCESS_MODES: readonly [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];

/** Access modes abbreviated, in kube's fixed order. */
function accessModes(modes: unknown): string {
  const given = Array.isArray(modes) ? modes : [];
  return ACCESS_MODES.filter(([mode]) => given.includes(mode)).map(([, short]) => short).join(',');
}

function quantityText(value: unknown): string {
  return typeof value === 'number' ? String(value) : str(value, '0');
}

/** `kubectl get persistentvolumes` */
const PERSISTENT_VOLUME = printer([
  NAME_COLUMN,
  col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity'),
  col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
  col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming'),
  col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
  col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding'),
  col('StorageClass', 'string', 'StorageClass of the pv'),
  col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
  col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
  AGE_COLUMN,
  col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', 1),
], (pv, now) => {
  const spec = rec(pv.spec);
  const status = rec(pv.status);
  const claim = spec.claimRef === undefined || spec.claimRef === null ? '' : `${str(rec(spec.claimRef).namespace)}/${str(rec(spec.claimRef).name)}`;
  const phase = rec(pv.metadata).deletionTimestamp !== undefined ? 'Terminating' : str(status.phase);
  const storageClass = str(spec.storageClassName, str(rec(rec(pv.metadata).annotations)['volume.beta.kubernetes.io/storage-class']));
  return [str(rec(pv.metadata).name), quantityText(rec(spec.capacity).storage), accessModes(spec.accessModes), str(spec.persistentVolumeReclaimPolicy), phase,
    claim, storageClass, str(spec.volumeAttributesClassName, '<unset>'), str(status.reason), ageCell(pv, now), str(spec.volumeMode, '<unset>')];
});

/** `kubectl get persistentvolumeclaims`: capacity and access modes once bound. */
const PERSISTENT_VOLUME_CLAIM = printer([
  NAME_COLUMN,
  col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
  col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
  col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
  col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
  col('StorageClass', 'string', 'StorageClass of the pvc'),
  col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
  AGE_COLUMN,
  col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', 1),
], (pvc, now) => {
  const spec = rec(pvc.spec);
  const status = rec(pvc.status);
  const bound = str(spec.volumeName) !== '';
  const phase = rec(pvc.metadata).deletionTimestamp !== undefined ? 'Terminating' : str(status.phase);
  const storageClass = str(spec.storageClassName, str(rec(rec(pvc.metadata).annotations)['volume.beta.kubernetes.io/storage-class']));
  return [str(rec(pvc.metadata).name), phase, str(spec.volumeName), bound ? quantityText(rec(status.capacity).storage) : '', bound ? accessModes(status.accessModes) : '',
    storageClass, str(spec.volumeAttributesClassName, '<unset>'), ageCell(pvc, now), str(spec.volumeMode, '<unset>')];
});

/** `kubectl get replicationcontrollers` */
const REPLICATION_CONTROLLER = printer([
  NAME_COLUMN,
  col('Desired', 'integer', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'),
  col('Current', 'integer', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'),
  col('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
  AGE_COLUMN,
  containersColumn(1),
  imagesColumn(1),
  col('Selector', 'string', 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
], (rc, now) => {
  const spec = rec(rc.spec);
  const status = rec(rc.status);
  return [str(rec(rc.metadata).name), num(spec.replicas, 1), num(status.replicas), num(status.readyReplicas), ageCell(rc, now),
    ...templateCells(spec.template), labelMap(spec.selector)];
});

/** `kubectl get resourcequotas`: used of hard, requests and limits apart, as the quota controller reports them. */
const RESOURCE_QUOTA = printer([
  NAME_COLUMN,
  col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
  col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  AGE_COLUMN,
], (quota, now) => {
  const status = rec(quota.status);
  const hard = rec(status.hard);
  const used = rec(status.used);
  const requests: string[] = [];
  const limits: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const text = `${name}: ${quantityText(used[name])}/${quantityText(hard[name])}`;
    (name.startsWith('limits.') ? limits : requests).push(text);
  }
  return [str(rec(quota.metadata).name), requests.join(', '), limits.join(', '), ageCell(quota, now)];
});

/** `ip:port` as Go's JoinHostPort writes it (IPv6 addresses in brackets). */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The Endpoints cell: the first three addresses (with each port), then how many more. */
function endpointsText(subsets: readonly Json[]): string {
  if (subsets.length === 0) return '<none>';
  const all: string[] = [];
  for (const subset of subsets) {
    const addresses = list(subset.addresses).map((a) => str(a.ip));
    const ports = list(subset.ports);
    if (ports.length === 0) all.push(...addresses);
    else for (const port of ports) all.push(...addresses.map((ip) => hostPort(ip, num(port.port))));
  }
  const shown = all.slice(0, 3).join(',');
  return all.length > 3 ? `${shown} + ${all.length - 3} more...` : shown;
}

/** `kubectl get endpoints` */
const ENDPOINTS = printer([
  NAME_COLUMN,
  col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'),
  AGE_COLUMN,
], (ep, now) => [str(rec(ep.metadata).name), endpointsText(list(ep.subsets)), ageCell(ep, now)]);

/** The columns of `kubectl get events` (core and events.k8s.io Events alike). */
export const EVENT_COLUMNS: KindColumns['before'] = [
  col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
  col('Object', 'string', 'The object that this event is about.'),
  col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.', 1),
  col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
  col('Message', 'string', 'A human-readable description of the status of this operation.'),
  col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  col('Count', 'string', 'The number of times this event has occurred.', 1),
  { ...NAME_COLUMN, priority: 1 },
];

/** A time kube-apiserver prints as an age; `<unknown>` when unset. */
function eventTime(value: unknown, now: number): string {
  return since(value, now);
}

/**
 * An event's cells from its core/v1 fields: last and first seen (falling back to eventTime and
 * the series), type, reason, `kind/name` of the object, its field path, the source, the message
 * and the count.
 */
export function eventCells(ev: Json, now: number): unknown[] {
  const involved = rec(ev.involvedObject);
  const first = ev.firstTimestamp !== undefined && ev.firstTimestamp !== null ? eventTime(ev.firstTimestamp, now) : eventTime(ev.eventTime, now);
  let last = ev.lastTimestamp !== undefined && ev.lastTimestamp !== null ? eventTime(ev.lastTimestamp, now) : first;
  let count = num(ev.count);
  const series = rec(ev.series);
  if (ev.series !== undefined && ev.series !== null) {
    last = eventTime(series.lastObservedTime, now);
    count = num(series.count);
  } else if (count === 0) {
    count = 1;
  }
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) !== '' ? `${kind}/${str(involved.name)}` : kind;
  const source = rec(ev.source);
  const sourceText = str(source.component) !== ''
    ? `${str(source.component)}${str(source.host) !== '' ? `, ${str(source.host)}` : ''}`
    : `${str(ev.reportingComponent)}${str(ev.reportingInstance) !== '' ? `, ${str(ev.reportingInstance)}` : ''}`;
  return [last, str(ev.type), str(ev.reason), target, str(involved.fieldPath), sourceText, str(ev.message).trim(), first, count, str(rec(ev.metadata).name)];
}

const EVENT = printer(EVENT_COLUMNS, eventCells);

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
    columns: POD, strategy: combineStrategies(podDefaulting, podValidation) }),
  builtin({ group: '', plural: 'services', nameValidation: 'dns1035-label', fields: ['spec.type', 'spec.clusterIP'],
    deleteReturnsObject: true, columns: SERVICE,
    strategy: combineStrategies(serviceDefaulting, serviceValidation) }),
  builtin({ group: '', plural: 'endpoints', columns: ENDPOINTS, deprecated: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice', strategy: combineStrategies(endpointsDefaulting, endpointsValidation) }),
  builtin({ group: '', plural: 'configmaps', columns: CONFIG_MAP, strategy: combineStrategies(configMapDefaulting, configMapValidation) }),
  builtin({ group: '', plural: 'secrets', fields: ['type'], columns: SECRET,
    strategy: combineStrategies(secretDefaulting, secretValidation) }),
  builtin({ group: '', plural: 'serviceaccounts', deleteReturnsObject: true, strategy: serviceAccountDefaulting }),
  builtin({ group: '', plural: 'nodes', fields: ['spec.unschedulable'], namespaceNotSelectable: true,
    fieldValues: { 'spec.unschedulable': (obj) => boolField(obj, ['spec', 'unschedulable']) }, columns: NODE, strategy: nodeDefaulting }),
  builtin({ group: '', plural: 'events', columns: EVENT, nameValidation: 'path-segment',
    fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
      'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
      'reportingComponent', 'source', 'type'],
    fieldValues: { source: eventSource }, strategy: combineStrategies(eventDefaulting, eventValidation) }),
  builtin({ group: '', plural: 'persistentvolumeclaims', columns: PERSISTENT_VOLUME_CLAIM, deleteReturnsObject: true,
    strategy: combineStrategies(persistentVolumeClaimDefaulting, persistentVolumeClaimValidation) }),
  builtin({ group: '', plural: 'bindings', virtual: BINDINGS }),
  builtin({ group: '', plural: 'componentstatuses', columns: COMPONENT_STATUS, deprecated: 'v1 ComponentStatus is deprecated in v1.19+', virtual: COMPONENT_STATUSES }),
  builtin({ group: '', plural: 'limitranges', columns: LIMIT_RANGE, strategy: combineStrategies(limitRangeDefaulting, limitRangeValidation) }),
  builtin({ group: '', plural: 'persistentvolumes', columns: PERSISTENT_VOLUME, deleteReturnsObject: true,
    strategy: combineStrategies(persistentVolumeDefaulting, persistentVolumeValidation) }),
  builtin({ group: '', plural: 'podtemplates', columns: POD_TEMPLATE, generation: true, deleteReturnsObject: true, strategy: combineStrategies(podTemplateDefaulting, podTemplateValidation) }),
  builtin({ group: '', plural: 'replicationcontrollers', deletePropagation: 'Orphan', columns: REPLICATION_CONTROLLER, fields: ['status.replicas'], generation: true, deleteReturnsObject: true,
    strategy: combineStrategies(replicationControllerDefaulting, replicationControllerValidation) }),
  builtin({ group: '', plural: 'resourcequotas', columns: RESOURCE_QUOTA, deleteReturnsObject: true,
    strategy: combineStrategies(resourceQuotaDefaulting, resourceQuotaValidation) }),
];
