// Every built-in kind kube-apiserver v1.37.2 serves on its own: discovery documents compared
// whole (legacy and aggregated; groups of custom resources, which come and go with other runs,
// left out), one object of each group created, read, listed and shown as `kubectl get` shows it
// (a Table), field selectors per kind with their refusals, and the resources that store nothing
// (reviews, component statuses, bindings). Cluster-scoped objects are named after the scenario's
// namespace so that runs do not collide, and deleted at the end.
import { pick } from '../project.js';
import type { Projection, Scenario, Step } from '../scenario.js';
import { namespaceStep } from './common.js';

const AREA = 'kinds';
const TABLE = { Accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' };
const AGGREGATED = { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' };
const AGE = /^(\d+[smhdy])+$/;

/** Groups served for custom resources (this suite's and others'), which are not the built-in API. */
function isCustomGroup(name: unknown): boolean {
  return typeof name === 'string' && name.endsWith('kcache.dev');
}

/** `/apis` without the groups of custom resources. */
const builtinGroups: Projection = (body) => {
  const list = body as { groups?: { name?: unknown }[] };
  return { ...list, groups: (list.groups ?? []).filter((g) => !isCustomGroup(g.name)) };
};

/** An aggregated discovery document without the groups of custom resources. */
const builtinAggregated: Projection = (body) => {
  const list = body as { items?: { metadata?: { name?: unknown } }[] };
  return { ...list, items: (list.items ?? []).filter((g) => !isCustomGroup(g.metadata?.name)) };
};

/** A Table's columns and cells, ages shown as `<age>`. */
const tableOf: Projection = (body) => {
  const table = body as { kind?: unknown; columnDefinitions?: unknown[]; rows?: { cells?: unknown[] }[] };
  return {
    kind: table.kind,
    columnDefinitions: table.columnDefinitions,
    rows: (table.rows ?? []).map((r) => (r.cells ?? []).map((c) => (typeof c === 'string' && AGE.test(c) ? '<age>' : c))),
  };
};

/** A list whole, its items sorted by name (kube-apiserver lists component statuses in no fixed order). */
const byName: Projection = (body) => {
  const list = body as { items?: { metadata?: { name?: string } }[] };
  const key = (i: { metadata?: { name?: string } }): string => i.metadata?.name ?? '';
  return { ...list, items: [...(list.items ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
};

/** A Table whole, its rows sorted by their first cell (component statuses come in no fixed order). */
const rowsByName: Projection = (body) => {
  const table = body as { rows?: { cells?: unknown[] }[] };
  const key = (r: { cells?: unknown[] }): string => JSON.stringify(r.cells?.[0] ?? '');
  return { ...table, rows: [...(table.rows ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
};

/** A SelfSubjectRulesReview whole, its rules sorted (kube-apiserver gathers them in no fixed order). */
const rulesSorted: Projection = (body) => {
  const review = body as { status?: { resourceRules?: unknown[]; nonResourceRules?: unknown[] } };
  const sorted = (rules: unknown[] | undefined): unknown[] => [...(rules ?? [])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { ...review, status: { ...review.status, resourceRules: sorted(review.status?.resourceRules), nonResourceRules: sorted(review.status?.nonResourceRules) } };
};

/** A list's kind and its items' names. */
const names: Projection = (body) => {
  const list = body as { kind?: unknown; items?: { metadata?: { name?: unknown } }[] };
  return { kind: list.kind, names: (list.items ?? []).map((i) => i.metadata?.name) };
};

const identity = pick('apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'metadata.generation');

/** The built-in group versions kube-apiserver v1.37.2 serves, as `/apis` lists them. */
const GROUP_VERSIONS = [
  'apiregistration.k8s.io/v1', 'apps/v1', 'events.k8s.io/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1',
  'autoscaling/v2', 'autoscaling/v1', 'batch/v1', 'certificates.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1',
  'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1',
  'scheduling.k8s.io/v1', 'coordination.k8s.io/v1', 'node.k8s.io/v1', 'discovery.k8s.io/v1', 'resource.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'storagemigration.k8s.io/v1',
];

const legacyDiscovery: Scenario = {
  name: 'kinds-discovery-legacy',
  area: AREA,
  description: 'GET /api/v1, /apis and every built-in /apis/<group>/<version>, compared whole: resources by name, subresources, verbs, short names, categories, storage version hashes, preferred versions',
  steps: [
    { name: 'core-v1', method: 'GET', path: '/api/v1', expect: (b) => b },
    { name: 'apis', method: 'GET', path: '/apis', expect: builtinGroups },
    ...GROUP_VERSIONS.map((gv): Step => ({ name: gv, method: 'GET', path: `/apis/${gv}`, expect: (b) => b })),
    { name: 'autoscaling-group', method: 'GET', path: '/apis/autoscaling', expect: (b) => b },
  ],
};

const aggregatedDiscovery: Scenario = {
  name: 'kinds-discovery-aggregated',
  area: AREA,
  description: 'aggregated discovery (apidiscovery.k8s.io/v2) of /api and of /apis, compared whole',
  steps: [
    { name: 'api', method: 'GET', path: '/api', headers: AGGREGATED, expect: (b) => b },
    { name: 'apis', method: 'GET', path: '/apis', headers: AGGREGATED, expect: builtinAggregated },
  ],
};

/** One object of a kind: created, read, listed (names), listed as a Table; cluster-scoped ones deleted at the end. */
interface KindCase {
  /** Step name prefix. */
  readonly id: string;
  /** Collection path (`{ns}` for the namespace). */
  readonly path: string;
  readonly body: (ns: string) => Record<string, unknown>;
  /** The object's name (for cluster-scoped objects, built from the namespace). */
  readonly name: (ns: string) => string;
  readonly cluster?: boolean;
}

function kindSteps(c: KindCase): Step[] {
  return [
    { name: `${c.id}-create`, method: 'POST', path: c.path, body: (ctx) => ({ json: c.body(ctx.ns) }), expect: identity },
    { name: `${c.id}-get`, method: 'GET', path: (ctx) => `${c.path}/${c.name(ctx.ns)}`, expect: identity },
    {
      name: `${c.id}-list`,
      method: 'GET',
      path: c.path,
      query: (ctx) => ({ fieldSelector: `metadata.name=${c.name(ctx.ns)}` }),
      expect: names,
    },
    { name: `${c.id}-table`, method: 'GET', path: c.path, query: (ctx) => ({ fieldSelector: `metadata.name=${c.name(ctx.ns)}` }), headers: TABLE, expect: tableOf },
  ];
}

function cleanup(c: KindCase): Step[] {
  return c.cluster === true ? [{ name: `${c.id}-delete`, setup: true, method: 'DELETE', path: (ctx) => `${c.path}/${c.name(ctx.ns)}` }] : [];
}

function kindScenario(name: string, description: string, cases: readonly KindCase[]): Scenario {
  return { name, area: AREA, description, steps: [namespaceStep, ...cases.flatMap(kindSteps), ...cases.flatMap(cleanup)] };
}

const meta = (apiVersion: string, kind: string, name: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion, kind, metadata: { name, labels: { app: 'kinds' } }, ...extra,
});

const podTemplate = { metadata: { labels: { app: 'kinds' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const podTemplateJob = { metadata: { labels: { app: 'kinds' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const selector = { matchLabels: { app: 'kinds' } };
const RBAC = 'rbac.authorization.k8s.io/v1';

const rbac = kindScenario('kinds-rbac', 'Role, RoleBinding, ClusterRole, ClusterRoleBinding: create, get, list, Table', [
  { id: 'role', path: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles', name: () => 'reader',
    body: () => meta(RBAC, 'Role', 'reader', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }) },
  { id: 'rolebinding', path: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings', name: () => 'read',
    body: () => meta(RBAC, 'RoleBinding', 'read', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        { kind: 'ServiceAccount', name: 'robot', namespace: 'default' }],
    }) },
  { id: 'clusterrole', path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', name: (ns) => `${ns}-reader`, cluster: true,
    body: (ns) => meta(RBAC, 'ClusterRole', `${ns}-reader`, { rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] }) },
  { id: 'clusterrolebinding', path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', name: (ns) => `${ns}-read`, cluster: true,
    body: (ns) => meta(RBAC, 'ClusterRoleBinding', `${ns}-read`, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${ns}-reader` },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' }],
    }) },
]);

const networking = kindScenario('kinds-networking', 'NetworkPolicy, IngressClass, Ingress: create, get, list, Table', [
  { id: 'networkpolicy', path: '/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies', name: () => 'deny',
    body: () => meta('networking.k8s.io/v1', 'NetworkPolicy', 'deny', { spec: { podSelector: { matchLabels: { app: 'web' } } } }) },
  { id: 'ingressclass', path: '/apis/networking.k8s.io/v1/ingressclasses', name: (ns) => `${ns}-nginx`, cluster: true,
    body: (ns) => meta('networking.k8s.io/v1', 'IngressClass', `${ns}-nginx`, { spec: { controller: 'example.com/ingress' } }) },
  { id: 'ingress', path: '/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses', name: () => 'web',
    body: (ns) => meta('networking.k8s.io/v1', 'Ingress', 'web', { spec: {
      ingressClassName: `${ns}-nginx`,
      rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    } }) },
]);

const policyAndScaling = kindScenario('kinds-policy-autoscaling', 'PodDisruptionBudget and HorizontalPodAutoscaler (autoscaling/v2): create, get, list, Table', [
  { id: 'pdb', path: '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets', name: () => 'web',
    body: () => meta('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: 1, selector } }) },
  { id: 'hpa', path: '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers', name: () => 'web',
    body: () => meta('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    } }) },
]);

const hpaV2 = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
};

const autoscalingVersions: Scenario = {
  name: 'kinds-autoscaling-v1',
  area: AREA,
  description: 'a HorizontalPodAutoscaler written in autoscaling/v2 read back in autoscaling/v1 (one store, converted between the versions)',
  steps: [
    namespaceStep,
    { name: 'create-v2', setup: true, method: 'POST', path: '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers', body: { json: hpaV2 } },
    { name: 'get-v1', method: 'GET', path: '/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers/web', expect: pick('apiVersion', 'kind', 'metadata.name', 'spec') },
    { name: 'list-v1', method: 'GET', path: '/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers', expect: names },
  ],
};

const clusterKinds = kindScenario('kinds-cluster-scoped', 'StorageClass, PriorityClass, RuntimeClass, ValidatingWebhookConfiguration, DeviceClass: create, get, list, Table', [
  { id: 'storageclass', path: '/apis/storage.k8s.io/v1/storageclasses', name: (ns) => `${ns}-fast`, cluster: true,
    body: (ns) => meta('storage.k8s.io/v1', 'StorageClass', `${ns}-fast`, { provisioner: 'example.com/disk', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' }) },
  { id: 'priorityclass', path: '/apis/scheduling.k8s.io/v1/priorityclasses', name: (ns) => `${ns}-high`, cluster: true,
    body: (ns) => meta('scheduling.k8s.io/v1', 'PriorityClass', `${ns}-high`, { value: 1000, description: 'important' }) },
  { id: 'runtimeclass', path: '/apis/node.k8s.io/v1/runtimeclasses', name: (ns) => `${ns}-runc`, cluster: true,
    body: (ns) => meta('node.k8s.io/v1', 'RuntimeClass', `${ns}-runc`, { handler: 'runc' }) },
  { id: 'webhooks', path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', name: (ns) => `${ns}-hooks`, cluster: true,
    body: (ns) => meta('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', `${ns}-hooks`, { webhooks: [] }) },
  { id: 'deviceclass', path: '/apis/resource.k8s.io/v1/deviceclasses', name: (ns) => `${ns}-gpu`, cluster: true,
    body: (ns) => meta('resource.k8s.io/v1', 'DeviceClass', `${ns}-gpu`, { spec: {} }) },
]);

const namespacedKinds = kindScenario('kinds-namespaced', 'EndpointSlice, events.k8s.io Event, Lease, ServiceAccount, PodTemplate, LimitRange, ControllerRevision: create, get, list, Table', [
  { id: 'endpointslice', path: '/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices', name: () => 'web-abc',
    body: () => meta('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc', {
      addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'] }, { addresses: ['10.1.2.4'] }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }) },
  { id: 'event', path: '/apis/events.k8s.io/v1/namespaces/{ns}/events', name: () => 'web.1',
    body: (ns) => meta('events.k8s.io/v1', 'Event', 'web.1', {
      eventTime: '2026-01-02T03:04:05.000000Z', reportingController: 'example.com/controller', reportingInstance: 'controller-1',
      action: 'Sync', reason: 'Synced', type: 'Normal', note: 'all good', regarding: { kind: 'Pod', name: 'web', namespace: ns },
    }) },
  { id: 'lease', path: '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases', name: () => 'leader',
    body: () => meta('coordination.k8s.io/v1', 'Lease', 'leader', { spec: { holderIdentity: 'node-a', leaseDurationSeconds: 15 } }) },
  { id: 'serviceaccount', path: '/api/v1/namespaces/{ns}/serviceaccounts', name: () => 'robot',
    body: () => meta('v1', 'ServiceAccount', 'robot', { secrets: [{ name: 'robot-token' }] }) },
  { id: 'podtemplate', path: '/api/v1/namespaces/{ns}/podtemplates', name: () => 'web',
    body: () => meta('v1', 'PodTemplate', 'web', { template: podTemplate }) },
  { id: 'limitrange', path: '/api/v1/namespaces/{ns}/limitranges', name: () => 'limits',
    body: () => meta('v1', 'LimitRange', 'limits', { spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] } }) },
  { id: 'controllerrevision', path: '/apis/apps/v1/namespaces/{ns}/controllerrevisions', name: () => 'web-1',
    body: () => meta('apps/v1', 'ControllerRevision', 'web-1', { data: { spec: {} }, revision: 3 }) },
]);

const workloads = kindScenario('kinds-workloads', 'Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController: create, get, list, Table', [
  { id: 'deployment', path: '/apis/apps/v1/namespaces/{ns}/deployments', name: () => 'web',
    body: () => meta('apps/v1', 'Deployment', 'web', { spec: { replicas: 2, selector, template: podTemplate } }) },
  { id: 'replicaset', path: '/apis/apps/v1/namespaces/{ns}/replicasets', name: () => 'web-rs',
    body: () => meta('apps/v1', 'ReplicaSet', 'web-rs', { spec: { replicas: 2, selector, template: podTemplate } }) },
  { id: 'statefulset', path: '/apis/apps/v1/namespaces/{ns}/statefulsets', name: () => 'db',
    body: () => meta('apps/v1', 'StatefulSet', 'db', { spec: { replicas: 1, serviceName: 'db', selector, template: podTemplate } }) },
  { id: 'daemonset', path: '/apis/apps/v1/namespaces/{ns}/daemonsets', name: () => 'agent',
    body: () => meta('apps/v1', 'DaemonSet', 'agent', { spec: { selector, template: podTemplate } }) },
  { id: 'job', path: '/apis/batch/v1/namespaces/{ns}/jobs', name: () => 'once',
    body: () => meta('batch/v1', 'Job', 'once', { spec: { completions: 3, template: { ...podTemplateJob, metadata: {} } } }) },
  { id: 'cronjob', path: '/apis/batch/v1/namespaces/{ns}/cronjobs', name: () => 'nightly',
    body: () => meta('batch/v1', 'CronJob', 'nightly', { spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { ...podTemplateJob, metadata: {} } } } } }) },
  { id: 'replicationcontroller', path: '/api/v1/namespaces/{ns}/replicationcontrollers', name: () => 'legacy',
    body: () => meta('v1', 'ReplicationController', 'legacy', { spec: { replicas: 1, selector: { app: 'kinds' }, template: podTemplate } }) },
]);

const storageObjects = kindScenario('kinds-storage', 'PersistentVolume and PersistentVolumeClaim: create, get, list, Table', [
  { id: 'persistentvolume', path: '/api/v1/persistentvolumes', name: (ns) => `${ns}-pv`, cluster: true,
    body: (ns) => meta('v1', 'PersistentVolume', `${ns}-pv`, { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv' }, storageClassName: 'manual' } }) },
  { id: 'persistentvolumeclaim', path: '/api/v1/namespaces/{ns}/persistentvolumeclaims', name: () => 'data',
    body: () => meta('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'manual' } }) },
]);

const coreTableCases: readonly KindCase[] = [
  { id: 'configmap', path: '/api/v1/namespaces/{ns}/configmaps', name: () => 'settings',
    body: () => meta('v1', 'ConfigMap', 'settings', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }) },
  { id: 'secret', path: '/api/v1/namespaces/{ns}/secrets', name: () => 'creds',
    body: () => meta('v1', 'Secret', 'creds', { type: 'kubernetes.io/basic-auth', stringData: { username: 'u', password: 'p' } }) },
  { id: 'service', path: '/api/v1/namespaces/{ns}/services', name: () => 'web',
    body: () => meta('v1', 'Service', 'web', { spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', name: 'http' }, { port: 53, protocol: 'UDP', name: 'dns' }] } }) },
  { id: 'pod', path: '/api/v1/namespaces/{ns}/pods', name: () => 'web-0',
    body: () => meta('v1', 'Pod', 'web-0', { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox' }], readinessGates: [{ conditionType: 'example.com/ready' }] } }) },
  { id: 'node', path: '/api/v1/nodes', name: (ns) => `${ns}-node`, cluster: true,
    body: (ns) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `${ns}-node`, labels: { 'node-role.kubernetes.io/worker': '' } }, spec: { unschedulable: true } }) },
];

const coreTables: Scenario = {
  name: 'kinds-core-tables',
  area: AREA,
  description: 'ConfigMap, Secret, Service, Pod and Node: create, get, list, Table',
  steps: [
    namespaceStep,
    // A pod needs its namespace's default ServiceAccount (no controller makes it on the recording cluster).
    { name: 'default-serviceaccount', setup: true, method: 'POST', path: '/api/v1/namespaces/{ns}/serviceaccounts', body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } } },
    ...coreTableCases.flatMap(kindSteps),
    ...coreTableCases.flatMap(cleanup),
  ],
};

/** A certificate signing request of a P-256 key for CN=pb, PEM in base64. */
const CSR_REQUEST = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlISE1HOENBUUF3RFRFTE1Ba0dBMVVFQXd3Q2NHSXdXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQwpBQVRRZ0UxNmJBb2lQVnBRd0ZlREd1V1F2dE0rN2NORTBIcUZBbVV5ZXJQWmQ3dWhrUEVhRU1qejJQT0JmTm14CnQwWUtMcWhEVVUvaXpydVdwcTlNZWd3RW9BQXdDZ1lJS29aSXpqMEVBd0lEU0FBd1JRSWdIUDdWUWtPTWkrV0IKT1llckR3dHNoU0ZjWTV2NHc1cFFyMmhLTlNkQUlOa0NJUURrVGJGVzZkbVd5KytVVXgxZkNXNDRTeTZ0NWZhRQpNTHIvQ2dBQjJ5MDVpUT09Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=';

const moreTables = kindScenario('kinds-more-tables', 'ResourceQuota, Endpoints, CertificateSigningRequest, PriorityLevelConfiguration, MutatingWebhookConfiguration, CSIDriver, CSINode, VolumeAttachment, ServiceCIDR, ResourceClaim, ValidatingAdmissionPolicyBinding: create, get, list, Table', [
  { id: 'resourcequota', path: '/api/v1/namespaces/{ns}/resourcequotas', name: () => 'quota',
    body: () => meta('v1', 'ResourceQuota', 'quota', { spec: { hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '4Gi' } } }) },
  { id: 'endpoints', path: '/api/v1/namespaces/{ns}/endpoints', name: () => 'web',
    body: () => meta('v1', 'Endpoints', 'web', { subsets: [{ addresses: [{ ip: '10.1.0.1' }, { ip: '10.1.0.2' }], ports: [{ port: 8080, protocol: 'TCP' }] }] }) },
  { id: 'csr', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests', name: (ns) => `${ns}-csr`, cluster: true,
    body: (ns) => meta('certificates.k8s.io/v1', 'CertificateSigningRequest', `${ns}-csr`, { spec: { signerName: 'example.com/signer', usages: ['client auth'], request: CSR_REQUEST, expirationSeconds: 3600 } }) },
  { id: 'prioritylevel', path: '/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations', name: (ns) => `${ns}-plc`, cluster: true,
    body: (ns) => meta('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', `${ns}-plc`, { spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Queue', queuing: { queues: 16, handSize: 4, queueLengthLimit: 50 } } } } }) },
  { id: 'mutatingwebhooks', path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', name: (ns) => `${ns}-mwc`, cluster: true,
    body: (ns) => meta('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', `${ns}-mwc`, { webhooks: [] }) },
  { id: 'csidriver', path: '/apis/storage.k8s.io/v1/csidrivers', name: (ns) => `${ns}.example.com`, cluster: true,
    body: (ns) => meta('storage.k8s.io/v1', 'CSIDriver', `${ns}.example.com`, { spec: { attachRequired: true, podInfoOnMount: false } }) },
  { id: 'csinode', path: '/apis/storage.k8s.io/v1/csinodes', name: (ns) => `${ns}-node`, cluster: true,
    body: (ns) => meta('storage.k8s.io/v1', 'CSINode', `${ns}-node`, { spec: { drivers: [{ name: 'disk.example.com', nodeID: 'n1' }] } }) },
  { id: 'volumeattachment', path: '/apis/storage.k8s.io/v1/volumeattachments', name: (ns) => `${ns}-va`, cluster: true,
    body: (ns) => meta('storage.k8s.io/v1', 'VolumeAttachment', `${ns}-va`, { spec: { attacher: 'disk.example.com', nodeName: 'node-a', source: { persistentVolumeName: 'pv-1' } } }) },
  { id: 'servicecidr', path: '/apis/networking.k8s.io/v1/servicecidrs', name: (ns) => `${ns}-cidr`, cluster: true,
    body: (ns) => meta('networking.k8s.io/v1', 'ServiceCIDR', `${ns}-cidr`, { spec: { cidrs: ['10.251.0.0/24'] } }) },
  { id: 'resourceclaim', path: '/apis/resource.k8s.io/v1/namespaces/{ns}/resourceclaims', name: () => 'gpu',
    body: () => meta('resource.k8s.io/v1', 'ResourceClaim', 'gpu', { spec: {} }) },
  { id: 'policybinding', path: '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', name: (ns) => `${ns}-vapb`, cluster: true,
    body: (ns) => meta('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', `${ns}-vapb`, { spec: { policyName: 'p', validationActions: ['Deny'] } }) },
]);

const flowSchemas = kindScenario('kinds-flowschema', 'FlowSchema: create, get, list, Table', [
  { id: 'flowschema', path: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas', name: (ns) => `${ns}-fs`, cluster: true,
    body: (ns) => meta('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', `${ns}-fs`, { spec: { matchingPrecedence: 5000, priorityLevelConfiguration: { name: 'workload-low' }, distinguisherMethod: { type: 'ByUser' } } }) },
]);

/** A list with a field selector: the names it selects, or kube-apiserver's refusal (a Status, compared whole). */
function select(name: string, path: string, fieldSelector: string): Step {
  return { name, method: 'GET', path, query: { fieldSelector }, expect: names };
}

const fieldSelectors: Scenario = {
  name: 'kinds-field-selectors',
  area: AREA,
  description: 'field selectors per kind as each kind\'s field-label conversion allows them, and the three ways kube-apiserver words a refusal',
  steps: [
    namespaceStep,
    { name: 'service', setup: true, method: 'POST', path: '/api/v1/namespaces/{ns}/services', body: { json: meta('v1', 'Service', 'web', { spec: { clusterIP: 'None', ports: [{ port: 80 }] } }) } },
    { name: 'secret', setup: true, method: 'POST', path: '/api/v1/namespaces/{ns}/secrets', body: { json: meta('v1', 'Secret', 'token', { type: 'example.com/token' }) } },
    select('services-by-type', '/api/v1/namespaces/{ns}/services', 'spec.type=ClusterIP,spec.clusterIP=None'),
    select('services-other-type', '/api/v1/namespaces/{ns}/services', 'spec.type=NodePort'),
    select('secrets-by-type', '/api/v1/namespaces/{ns}/secrets', 'type=example.com/token'),
    select('configmaps-unknown', '/api/v1/namespaces/{ns}/configmaps', 'spec.nodeName=a'),
    select('replicasets-replicas', '/apis/apps/v1/namespaces/{ns}/replicasets', 'status.replicas=1'),
    select('replicationcontrollers-replicas', '/api/v1/namespaces/{ns}/replicationcontrollers', 'status.replicas=1'),
    select('jobs-successful', '/apis/batch/v1/namespaces/{ns}/jobs', 'status.successful=1'),
    select('jobs-unknown', '/apis/batch/v1/namespaces/{ns}/jobs', 'spec.parallelism=1'),
    select('pods-ips', '/api/v1/namespaces/{ns}/pods', 'status.podIPs=10.0.0.1'),
    select('pods-host', '/api/v1/namespaces/{ns}/pods', 'spec.host=node-a'),
    select('pods-unknown', '/api/v1/namespaces/{ns}/pods', 'spec.hostname=a'),
    select('nodes-namespace', '/api/v1/nodes', 'metadata.namespace=default'),
    select('namespaces-namespace', '/api/v1/namespaces', 'metadata.namespace=default'),
    select('namespaces-phase', '/api/v1/namespaces', 'metadata.name={ns},status.phase=Active'),
    select('events-v1-regarding', '/apis/events.k8s.io/v1/namespaces/{ns}/events', 'regarding.kind=Pod,reportingController=x'),
    select('events-v1-unknown', '/apis/events.k8s.io/v1/namespaces/{ns}/events', 'source=x'),
    select('events-core', '/api/v1/namespaces/{ns}/events', 'involvedObject.kind=Pod,source=x,reportingComponent=y'),
    select('csr-signer', '/apis/certificates.k8s.io/v1/certificatesigningrequests', 'spec.signerName=example.com/{ns}'),
    select('csr-namespace', '/apis/certificates.k8s.io/v1/certificatesigningrequests', 'metadata.namespace=default'),
    select('resourceslices', '/apis/resource.k8s.io/v1/resourceslices', 'spec.nodeName={ns},spec.driver=d,spec.pool.name=p'),
    select('podcertificaterequests', '/apis/certificates.k8s.io/v1/namespaces/{ns}/podcertificaterequests', 'spec.podName=a,spec.nodeName=b'),
    select('podcertificaterequests-namespace', '/apis/certificates.k8s.io/v1/namespaces/{ns}/podcertificaterequests', 'metadata.namespace={ns}'),
    select('rolebindings-unknown', '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings', 'roleRef.name=a'),
  ],
};

const storeless: Scenario = {
  name: 'kinds-storeless',
  area: AREA,
  description: 'resources that store nothing: the access reviews (create only), component statuses (get and list), bindings, and 404/405 for what they do not serve',
  steps: [
    namespaceStep,
    { name: 'tokenreviews-list', method: 'GET', path: '/apis/authentication.k8s.io/v1/tokenreviews' },
    { name: 'tokenreviews-get', method: 'GET', path: '/apis/authentication.k8s.io/v1/tokenreviews/x' },
    { name: 'tokenreview-bogus', method: 'POST', path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: { json: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'not-a-token' } } }, expect: pick('kind', 'apiVersion', 'spec', 'status') },
    { name: 'self-access', method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { json: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } } } },
      expect: pick('kind', 'apiVersion', 'spec', 'status') },
    { name: 'self-access-invalid', method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { json: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {} } } },
    { name: 'self-rules', method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      body: { json: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } } }, expect: rulesSorted },
    { name: 'self-review-list', method: 'GET', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews' },
    { name: 'componentstatuses', method: 'GET', path: '/api/v1/componentstatuses', expect: byName },
    { name: 'componentstatuses-table', method: 'GET', path: '/api/v1/componentstatuses', headers: TABLE, expect: rowsByName },
    { name: 'componentstatus', method: 'GET', path: '/api/v1/componentstatuses/etcd-0', expect: (b) => b },
    { name: 'componentstatus-missing', method: 'GET', path: '/api/v1/componentstatuses/nope' },
    { name: 'componentstatus-delete', method: 'DELETE', path: '/api/v1/componentstatuses/etcd-0' },
    { name: 'componentstatus-create', method: 'POST', path: '/api/v1/componentstatuses', body: { json: { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: 'x' } } } },
    { name: 'binding-no-pod', method: 'POST', path: '/api/v1/namespaces/{ns}/bindings',
      body: { json: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'nope' }, target: { name: 'node-a' } } } },
    { name: 'binding-no-name', method: 'POST', path: '/api/v1/namespaces/{ns}/bindings',
      body: { json: { apiVersion: 'v1', kind: 'Binding', metadata: {}, target: { name: 'node-a' } } } },
    { name: 'bindings-list', method: 'GET', path: '/api/v1/namespaces/{ns}/bindings' },
    { name: 'namespaces-deletecollection', method: 'DELETE', path: '/api/v1/namespaces', query: { labelSelector: 'kinds-never=matches' } },
  ],
};

export const kindScenarios: readonly Scenario[] = [
  legacyDiscovery,
  aggregatedDiscovery,
  rbac,
  networking,
  policyAndScaling,
  autoscalingVersions,
  clusterKinds,
  namespacedKinds,
  workloads,
  storageObjects,
  coreTables,
  moreTables,
  flowSchemas,
  fieldSelectors,
  storeless,
];
