// The core group's kinds other than Pods: what kube-apiserver fills in (Service cluster IPs, IP
// families, node ports and policies; Secret type and stringData; Namespace finalizers, name label
// and phase; PersistentVolumeClaim volume mode and phase; Event and Endpoints defaults) and what
// it refuses with a 422. Allocated cluster IPs and node ports differ between servers (a cluster
// picks at random, the fake the lowest free): answers show them as `<clusterIP>` / `<nodePort>`,
// except the ones a scenario asks for. Scenarios delete the Services they create, so that a
// re-recording finds the addresses they ask for free.
import { pick } from '../project.js';
import type { Projection, Scenario, Step } from '../scenario.js';
import { cmPath, MERGE, namespaceStep, rvOf, secretPath, widget, widgetCrdSteps, widgetPath } from './common.js';

const servicePath = '/api/v1/namespaces/{ns}/services';
const pvcPath = '/api/v1/namespaces/{ns}/persistentvolumeclaims';
const eventPath = '/api/v1/namespaces/{ns}/events';
const endpointsPath = '/api/v1/namespaces/{ns}/endpoints';
const leasePath = '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases';

/** Addresses and ports the scenarios ask for (in the low bands a cluster gives only on request). */
const REQUESTED_IP = '10.0.0.14';
const REQUESTED_NODE_PORT = 30014;

function allocatedShape(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => allocatedShape(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, allocatedShape(v, k)]));
  }
  if ((key === 'clusterIP' || key === 'clusterIPs') && typeof value === 'string' && value !== 'None' && value !== REQUESTED_IP) return '<clusterIP>';
  if ((key === 'nodePort' || key === 'healthCheckNodePort') && typeof value === 'number' && value !== REQUESTED_NODE_PORT) return '<nodePort>';
  return value;
}

/** A Service's name, spec and status, allocated values as shapes. */
const serviceShown: Projection = (body) => allocatedShape(pick('metadata.name', 'spec', 'status')(body), '');

function service(name: string, spec: Record<string, unknown>): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec } };
}

function createService(name: string, spec: Record<string, unknown>): Step {
  return { name: `create-${name}`, method: 'POST', path: servicePath, body: service(name, spec), expect: serviceShown };
}

function deleteService(name: string): Step {
  return { name: `delete-${name}`, setup: true, method: 'DELETE', path: `${servicePath}/${name}` };
}

function patchService(step: string, name: string, patch: unknown): Step {
  return { name: step, method: 'PATCH', path: `${servicePath}/${name}`, headers: { 'Content-Type': MERGE }, body: { json: patch }, expect: serviceShown };
}

const port80 = [{ port: 80 }];

const serviceDefaults: Scenario = {
  name: 'core-kinds-service-defaults',
  area: 'defaulting',
  description: 'Service defaults by type: cluster IP and families, headless with and without a selector, node ports, health-check node port, ExternalName, ClientIP affinity; the warning for an externalName a ClusterIP Service ignores',
  steps: [
    namespaceStep,
    createService('cluster-ip', { selector: { app: 'a' }, ports: [{ port: 80, name: 'web' }, { port: 53, protocol: 'UDP', name: 'dns', targetPort: 'dns' }] }),
    createService('headless', { clusterIP: 'None', ports: port80 }),
    createService('headless-selector', { clusterIP: 'None', selector: { app: 'a' } }),
    createService('headless-single', { clusterIP: 'None', ipFamilyPolicy: 'SingleStack' }),
    createService('node-port', { type: 'NodePort', ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https', targetPort: 8443 }] }),
    createService('load-balancer', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: port80 }),
    createService('external-name', { type: 'ExternalName', externalName: 'example.com' }),
    createService('client-ip', { sessionAffinity: 'ClientIP', ports: port80, ipFamilyPolicy: 'PreferDualStack' }),
    createService('requested', { clusterIP: REQUESTED_IP, type: 'NodePort', ports: [{ port: 80, nodePort: REQUESTED_NODE_PORT }] }),
    createService('ignored-external-name', { externalName: 'example.com', ports: port80 }),
    { name: 'get', method: 'GET', path: `${servicePath}/requested`, expect: serviceShown },
    {
      name: 'put-without-allocations',
      method: 'PUT',
      path: `${servicePath}/requested`,
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'requested', resourceVersion: rvOf(ctx.answers.get) }, spec: { type: 'NodePort', ports: [{ port: 80 }] } } }),
      expect: serviceShown,
    },
    ...['cluster-ip', 'headless', 'headless-selector', 'headless-single', 'node-port', 'load-balancer', 'external-name', 'client-ip', 'requested', 'ignored-external-name'].map(deleteService),
  ],
};

const serviceTransitions: Scenario = {
  name: 'core-kinds-service-type-changes',
  area: 'defaulting',
  description: 'a Service changing type: node ports given and dropped, cluster IP dropped for ExternalName and given back, traffic policies follow',
  steps: [
    namespaceStep,
    createService('svc', { ports: [{ port: 80 }] }),
    patchService('to-node-port', 'svc', { spec: { type: 'NodePort' } }),
    patchService('to-load-balancer', 'svc', { spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' } }),
    patchService('back-to-cluster-ip', 'svc', { spec: { type: 'ClusterIP', externalTrafficPolicy: null } }),
    patchService('to-external-name', 'svc', { spec: { type: 'ExternalName', externalName: 'example.com' } }),
    patchService('from-external-name', 'svc', { spec: { type: 'ClusterIP', externalName: null } }),
    deleteService('svc'),
  ],
};

function invalidService(name: string, spec: Record<string, unknown>): Step {
  return { name, method: 'POST', path: servicePath, body: service(name, spec), expect: serviceShown };
}

const serviceValidation: Scenario = {
  name: 'core-kinds-service-validation',
  area: 'validation',
  description: 'Service validation: ports required, port numbers, names and protocols, selector, types, policies, cluster IPs taken, out of range or changed, node ports',
  steps: [
    namespaceStep,
    invalidService('no-ports', {}),
    invalidService('bad-ports', { ports: [{ port: 0 }, { port: 70000, protocol: 'FOO' }] }),
    invalidService('unnamed-ports', { ports: [{ port: 80 }, { port: 81 }] }),
    invalidService('same-names', { ports: [{ port: 80, name: 'a' }, { port: 81, name: 'a' }] }),
    invalidService('same-ports', { ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] }),
    invalidService('bad-name-selector', { ports: [{ port: 80, name: 'A_b' }], selector: { 'bad key!': 'x' } }),
    invalidService('bad-target-port', { ports: [{ port: 80, targetPort: 'Bad_Name' }] }),
    invalidService('bad-type', { type: 'Foo', ports: port80 }),
    invalidService('bad-affinity', { sessionAffinity: 'Foo', ports: port80 }),
    invalidService('bad-family-policy', { ipFamilyPolicy: 'Bogus', ports: port80 }),
    invalidService('dual-stack', { ipFamilyPolicy: 'RequireDualStack', ports: port80 }),
    invalidService('ipv6', { ipFamilies: ['IPv6'], ports: port80 }),
    invalidService('external-name-missing', { type: 'ExternalName' }),
    invalidService('external-name-invalid', { type: 'ExternalName', externalName: 'Not Valid' }),
    invalidService('external-name-ip', { type: 'ExternalName', externalName: 'example.com', clusterIP: '10.0.0.50' }),
    invalidService('local-cluster-ip', { externalTrafficPolicy: 'Local', ports: port80 }),
    invalidService('node-port-headless', { type: 'NodePort', clusterIP: 'None', ports: port80 }),
    invalidService('node-port-on-cluster-ip', { ports: [{ port: 80, nodePort: 30001 }] }),
    invalidService('node-port-out-of-range', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }),
    invalidService('bad-app-protocol', { ports: [{ port: 80, appProtocol: 'bad proto' }] }),
    invalidService('bad-external-ips', { ports: port80, externalIPs: ['bogus', '127.0.0.1'] }),
    invalidService('source-ranges-cluster-ip', { ports: port80, loadBalancerSourceRanges: ['10.0.0.0/8'] }),
    invalidService('bad-source-range', { type: 'LoadBalancer', ports: port80, loadBalancerSourceRanges: ['bogus'] }),
    invalidService('bad-affinity-timeout', { ports: port80, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }),
    invalidService('class-on-cluster-ip', { ports: port80, loadBalancerClass: 'example.com/lb' }),
    invalidService('ip-not-an-ip', { clusterIP: 'bogus', ports: port80 }),
    invalidService('ips-disagree', { clusterIP: '10.0.0.40', clusterIPs: ['10.0.0.41'], ports: port80 }),
    invalidService('ip-out-of-range', { clusterIP: '10.9.0.5', ports: port80 }),
    invalidService('ip-network-address', { clusterIP: '10.0.0.0', ports: port80 }),
    invalidService('ip-of-kubernetes', { clusterIP: '10.0.0.1', ports: port80 }),
    invalidService('ip-broadcast', { clusterIP: '10.0.0.255', ports: port80 }),
    { name: 'first', setup: true, method: 'POST', path: servicePath, body: service('first', { clusterIP: REQUESTED_IP, type: 'NodePort', ports: [{ port: 80, nodePort: REQUESTED_NODE_PORT }] }) },
    invalidService('ip-taken', { clusterIP: REQUESTED_IP, ports: port80 }),
    invalidService('node-port-taken', { type: 'NodePort', ports: [{ port: 80, nodePort: REQUESTED_NODE_PORT }] }),
    patchService('change-ip', 'first', { spec: { clusterIP: '10.0.0.15', clusterIPs: ['10.0.0.15'] } }),
    patchService('change-ip-only', 'first', { spec: { clusterIP: '10.0.0.15' } }),
    deleteService('first'),
  ],
};

const secretShown = pick('metadata.name', 'type', 'data', 'stringData', 'immutable');

function secret(name: string, extra: Record<string, unknown>): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'Secret', metadata: { name }, ...extra } };
}

function createSecret(name: string, extra: Record<string, unknown>): Step {
  return { name: `create-${name}`, method: 'POST', path: secretPath, body: secret(name, extra), expect: secretShown };
}

function patchSecret(step: string, name: string, patch: unknown): Step {
  return { name: step, method: 'PATCH', path: `${secretPath}/${name}`, headers: { 'Content-Type': MERGE }, body: { json: patch }, expect: secretShown };
}

const secretDefaults: Scenario = {
  name: 'core-kinds-secret-defaults',
  area: 'defaulting',
  description: 'Secret type defaults to Opaque (and is selectable as such); stringData is folded into data and not stored',
  steps: [
    namespaceStep,
    createSecret('merged', { stringData: { a: 'hello', c: 'new' }, data: { a: 'eA==', b: 'eQ==' } }),
    createSecret('empty-type', { type: '' }),
    createSecret('basic', { type: 'kubernetes.io/basic-auth', stringData: { username: 'u' } }),
    createSecret('dockercfg', { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '{}' } }),
    createSecret('custom-type', { type: 'example.com/thing' }),
    patchSecret('patch-string-data', 'merged', { stringData: { d: 'more' } }),
    {
      name: 'put-without-type',
      method: 'PUT',
      path: `${secretPath}/merged`,
      body: secret('merged', { data: { a: 'eA==' } }),
      expect: secretShown,
    },
    { name: 'list-opaque', method: 'GET', path: secretPath, query: { fieldSelector: 'type=Opaque' }, expect: (body) => ((body as { items?: { metadata: { name: string } }[] }).items ?? []).map((i) => i.metadata.name) },
  ],
};

const secretValidation: Scenario = {
  name: 'core-kinds-secret-validation',
  area: 'validation',
  description: 'Secret validation: the keys of typed Secrets, key syntax, the size limit, an immutable type, and what immutable: true freezes',
  steps: [
    namespaceStep,
    createSecret('tls', { type: 'kubernetes.io/tls', data: {} }),
    createSecret('tls-half', { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'a' } }),
    createSecret('dockerconfigjson', { type: 'kubernetes.io/dockerconfigjson' }),
    createSecret('dockercfg', { type: 'kubernetes.io/dockercfg' }),
    createSecret('basic-auth', { type: 'kubernetes.io/basic-auth' }),
    createSecret('ssh-auth', { type: 'kubernetes.io/ssh-auth' }),
    createSecret('token', { type: 'kubernetes.io/service-account-token' }),
    createSecret('bad-key', { data: { 'bad key': 'eA==' } }),
    createSecret('not-base64', { data: { a: 'not base64!' } }),
    createSecret('unpadded', { data: { a: 'eA' } }),
    createSecret('dot-dot', { stringData: { '..': 'x' } }),
    createSecret('too-big', { data: { k: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }),
    createSecret('opaque', { stringData: { a: 'x' } }),
    patchSecret('change-type', 'opaque', { type: 'kubernetes.io/basic-auth' }),
    createSecret('frozen', { immutable: true, data: { a: 'eA==' } }),
    patchSecret('change-frozen-data', 'frozen', { data: { a: 'eQ==' } }),
    patchSecret('unfreeze', 'frozen', { immutable: false }),
    patchSecret('frozen-type-and-data', 'frozen', { data: { a: 'eQ==' }, type: 'Foo' }),
    patchSecret('frozen-labels', 'frozen', { metadata: { labels: { x: 'y' } } }),
    patchSecret('freeze', 'opaque', { immutable: true }),
    patchSecret('drop-immutable', 'opaque', { immutable: null }),
  ],
};

const configMapShown = pick('metadata.name', 'data', 'binaryData', 'immutable');

function createConfigMap(name: string, extra: Record<string, unknown>): Step {
  return { name: `create-${name}`, method: 'POST', path: cmPath, body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, ...extra } }, expect: configMapShown };
}

function patchConfigMap(step: string, name: string, patch: unknown): Step {
  return { name: step, method: 'PATCH', path: `${cmPath}/${name}`, headers: { 'Content-Type': MERGE }, body: { json: patch }, expect: configMapShown };
}

const configMapValidation: Scenario = {
  name: 'core-kinds-configmap-validation',
  area: 'validation',
  description: 'ConfigMap validation: key syntax, a key in data and binaryData, the 1 MiB limit, what immutable: true freezes',
  steps: [
    namespaceStep,
    createConfigMap('overlap', { data: { a: 'x' }, binaryData: { a: 'eA==' } }),
    createConfigMap('bad-binary-key', { binaryData: { 'bad key': 'eA==' } }),
    createConfigMap('not-base64', { binaryData: { a: '@@' } }),
    createConfigMap('dot-dot', { data: { '..': 'x' } }),
    createConfigMap('dot-dot-prefix', { data: { '..a': 'x' } }),
    createConfigMap('long-key', { data: { [`k${'a'.repeat(253)}`]: 'x' } }),
    createConfigMap('too-big', { data: { k: 'a'.repeat(1024 * 1024 + 1) } }),
    createConfigMap('frozen', { immutable: true, data: { a: 'x' }, binaryData: { b: 'eA==' } }),
    patchConfigMap('change-all', 'frozen', { data: { a: 'y' }, binaryData: { b: 'eQ==' }, immutable: false }),
    patchConfigMap('change-binary', 'frozen', { binaryData: { b: 'eQ==' } }),
    patchConfigMap('frozen-labels', 'frozen', { metadata: { labels: { x: 'y' } } }),
  ],
};

const namespaceShown = pick('metadata.name', 'metadata.labels', 'spec', 'status');

const namespaceDefaults: Scenario = {
  name: 'core-kinds-namespace-defaults',
  area: 'defaulting',
  description: 'a Namespace gets the kubernetes finalizer, its kubernetes.io/metadata.name label (kept on every write) and phase Active; its finalizers change only through /finalize',
  steps: [
    {
      name: 'create',
      method: 'POST',
      path: '/api/v1/namespaces',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns, labels: { team: 'a', 'kubernetes.io/metadata.name': 'other' } }, spec: { finalizers: ['example.com/x'] } } }),
      expect: namespaceShown,
    },
    {
      name: 'put-without-labels',
      method: 'PUT',
      path: '/api/v1/namespaces/{ns}',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.ns }, spec: { finalizers: [] }, status: { phase: 'Terminating' } } }),
      expect: namespaceShown,
    },
    {
      name: 'patch-label-away',
      method: 'PATCH',
      path: '/api/v1/namespaces/{ns}',
      headers: { 'Content-Type': MERGE },
      body: { json: { metadata: { labels: { 'kubernetes.io/metadata.name': null } } } },
      expect: namespaceShown,
    },
    {
      name: 'bad-finalizer',
      method: 'POST',
      path: '/api/v1/namespaces',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${ctx.ns}-x` }, spec: { finalizers: ['bad finalizer', 'plain'] } } }),
      expect: namespaceShown,
    },
  ],
};

const pvcShown = pick('metadata.name', 'spec', 'status');

function pvc(name: string, spec: Record<string, unknown>): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec } };
}

function patchClaim(step: string, patch: unknown): Step {
  return { name: step, method: 'PATCH', path: `${pvcPath}/claim`, headers: { 'Content-Type': MERGE }, body: { json: patch }, expect: pvcShown };
}

const claimSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

const pvcScenario: Scenario = {
  name: 'core-kinds-persistentvolumeclaim',
  area: 'defaulting',
  description: 'a PersistentVolumeClaim gets volumeMode Filesystem and phase Pending; access modes and storage are required; volume modes and access modes checked',
  steps: [
    namespaceStep,
    { name: 'create', method: 'POST', path: pvcPath, body: pvc('claim', claimSpec), expect: pvcShown },
    { name: 'create-empty', method: 'POST', path: pvcPath, body: pvc('empty', {}), expect: pvcShown },
    {
      name: 'create-invalid',
      method: 'POST',
      path: pvcPath,
      body: pvc('invalid', { accessModes: ['Bogus'], resources: { requests: { storage: '0' } }, volumeMode: 'X' }),
      expect: pvcShown,
    },
    { name: 'create-block', method: 'POST', path: pvcPath, body: pvc('block', { ...claimSpec, volumeMode: 'Block', storageClassName: 'fast' }), expect: pvcShown },
    patchClaim('change-access-modes', { spec: { accessModes: ['ReadWriteMany'] } }),
    patchClaim('grow-unbound', { spec: { resources: { requests: { storage: '2Gi' } } } }),
    patchClaim('set-volume-name', { spec: { volumeName: 'pv-x' } }),
    patchClaim('change-volume-name', { spec: { volumeName: 'pv-y' } }),
    {
      name: 'bind',
      method: 'PATCH',
      path: `${pvcPath}/claim/status`,
      headers: { 'Content-Type': MERGE },
      body: { json: { status: { phase: 'Bound', capacity: { storage: '1Gi' } } } },
      expect: pvcShown,
    },
    patchClaim('shrink-bound', { spec: { resources: { requests: { storage: '500Mi' } } } }),
    patchClaim('grow-bound-without-class', { spec: { resources: { requests: { storage: '2Gi' } } } }),
    patchClaim('same-size-bound', { spec: { resources: { requests: { storage: '1Gi' } } } }),
  ],
};

const nodeScenario: Scenario = {
  name: 'core-kinds-node',
  area: 'defaulting',
  description: 'a new Node is tainted not-ready (no kubelet reports it) and written with Go\'s empty status structs',
  steps: [
    {
      name: 'create',
      method: 'POST',
      path: '/api/v1/nodes',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'Node', metadata: { name: `${ctx.ns}-node` }, spec: { podCIDR: '10.244.0.0/24' } } }),
      expect: pick('metadata.name', 'spec', 'status'),
    },
    { name: 'delete', setup: true, method: 'DELETE', path: '/api/v1/nodes/{ns}-node' },
  ],
};

const limitRangePath = '/api/v1/namespaces/{ns}/limitranges';
const quotaPath = '/api/v1/namespaces/{ns}/resourcequotas';

function limitRange(name: string, limits: unknown[]): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'LimitRange', metadata: { name }, spec: { limits } } };
}

const limitRangeScenario: Scenario = {
  name: 'core-kinds-limitrange',
  area: 'defaulting',
  description: 'LimitRange Container items default their limit to the max and their request to the limit or the min; defaults above the max are refused',
  steps: [
    namespaceStep,
    { name: 'from-max', method: 'POST', path: limitRangePath, body: limitRange('from-max', [{ type: 'Container', max: { cpu: '2' } }]), expect: pick('metadata.name', 'spec') },
    {
      name: 'from-min',
      method: 'POST',
      path: limitRangePath,
      body: limitRange('from-min', [{ type: 'Container', min: { memory: '64Mi' }, default: { cpu: '500m' } }, { type: 'Pod', max: { cpu: '4' } }]),
      expect: pick('metadata.name', 'spec'),
    },
    { name: 'default-over-max', method: 'POST', path: limitRangePath, body: limitRange('over', [{ type: 'Container', default: { cpu: '3' }, max: { cpu: '2' } }]), expect: pick('metadata.name') },
    { name: 'pod-default', method: 'POST', path: limitRangePath, body: limitRange('pod', [{ type: 'Pod', default: { cpu: '1' } }]), expect: pick('metadata.name') },
  ],
};

function quota(name: string, hard: Record<string, string>): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard }, status: { hard: { pods: '5' } } } };
}

const quotaScenario: Scenario = {
  name: 'core-kinds-resourcequota',
  area: 'validation',
  description: 'a new ResourceQuota has an empty status; hard limits name quota resources and are not negative',
  steps: [
    namespaceStep,
    { name: 'create', method: 'POST', path: quotaPath, body: quota('q', { pods: '10', 'count/deployments.apps': '2', 'requests.cpu': '4' }), expect: pick('metadata.name', 'spec', 'status') },
    { name: 'negative', method: 'POST', path: quotaPath, body: quota('negative', { pods: '-1' }), expect: pick('metadata.name') },
    { name: 'unknown-resource', method: 'POST', path: quotaPath, body: quota('unknown', { bogus: '1' }), expect: pick('metadata.name') },
  ],
};

const persistentVolumeScenario: Scenario = {
  name: 'core-kinds-persistentvolume',
  area: 'defaulting',
  description: 'a PersistentVolume gets reclaim policy Retain, volumeMode Filesystem and phase Pending; access modes, a storage capacity and a volume source are required',
  steps: [
    {
      name: 'create',
      method: 'POST',
      path: '/api/v1/persistentvolumes',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `${ctx.ns}-pv` }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } } }),
      expect: pick('metadata.name', 'spec', 'status.phase'),
    },
    {
      name: 'empty',
      method: 'POST',
      path: '/api/v1/persistentvolumes',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `${ctx.ns}-empty` }, spec: {} } }),
      expect: pick('metadata.name'),
    },
    {
      name: 'bad-capacity',
      method: 'POST',
      path: '/api/v1/persistentvolumes',
      body: (ctx) => ({ json: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `${ctx.ns}-bad` }, spec: { capacity: { cpu: '1' }, accessModes: ['Bogus'], nfs: { server: 'x', path: '/' }, persistentVolumeReclaimPolicy: 'Keep' } } }),
      expect: pick('metadata.name'),
    },
    { name: 'delete', setup: true, method: 'DELETE', path: '/api/v1/persistentvolumes/{ns}-pv' },
  ],
};

const eventShown = pick('metadata.name', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'reportingComponent', 'reportingInstance');

function event(name: string, extra: Record<string, unknown>): { json: unknown } {
  return { json: { apiVersion: 'v1', kind: 'Event', metadata: { name }, ...extra } };
}

const eventScenario: Scenario = {
  name: 'core-kinds-event',
  area: 'validation',
  description: 'core/v1 Events: the involved object\'s namespace must be the event\'s; Go\'s zero values written back',
  steps: [
    namespaceStep,
    { name: 'no-involved-object', method: 'POST', path: eventPath, body: event('a', {}), expect: eventShown },
    {
      name: 'other-namespace',
      method: 'POST',
      path: eventPath,
      body: event('b', { involvedObject: { kind: 'Pod', name: 'x', namespace: 'other' }, type: 'Bogus' }),
      expect: eventShown,
    },
    {
      name: 'create',
      method: 'POST',
      path: eventPath,
      body: (ctx) => event('c', { involvedObject: { kind: 'Pod', name: 'x', namespace: ctx.ns }, reason: 'R', message: 'm' }),
      expect: eventShown,
    },
    {
      name: 'with-event-time',
      method: 'POST',
      path: eventPath,
      body: (ctx) => event('d', { involvedObject: { kind: 'Pod', name: 'x', namespace: ctx.ns }, eventTime: '2026-01-02T03:04:05.000000Z' }),
      expect: eventShown,
    },
  ],
};

const endpointsScenario: Scenario = {
  name: 'core-kinds-endpoints',
  area: 'defaulting',
  description: 'Endpoints ports default to TCP; addresses must be IPs and ports in range',
  steps: [
    namespaceStep,
    {
      name: 'create',
      method: 'POST',
      path: endpointsPath,
      body: { json: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }] } },
      expect: pick('metadata.name', 'subsets'),
    },
    {
      name: 'invalid',
      method: 'POST',
      path: endpointsPath,
      body: { json: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'f' }, subsets: [{ addresses: [{ ip: 'bogus' }], ports: [{ port: 0 }] }] } },
      expect: pick('metadata.name', 'subsets'),
    },
  ],
};

const leaseScenario: Scenario = {
  name: 'core-kinds-lease-resource-version',
  area: 'validation',
  description: 'a Lease or custom resource update must carry a resourceVersion (a ConfigMap update need not)',
  steps: [
    namespaceStep,
    ...widgetCrdSteps({ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }, widgetPath),
    { name: 'widget', method: 'POST', path: widgetPath, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'red' }) }), expect: pick('metadata.name', 'spec') },
    { name: 'widget-put-unconditional', method: 'PUT', path: `${widgetPath}/w`, body: (ctx) => ({ json: widget(ctx.group, 'w', { color: 'blue' }) }), expect: pick('metadata.name', 'spec') },
    { name: 'create', method: 'POST', path: leasePath, body: { json: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'a' } } }, expect: pick('metadata.name', 'spec') },
    { name: 'put-unconditional', method: 'PUT', path: `${leasePath}/l`, body: { json: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'b' } } }, expect: pick('metadata.name', 'spec') },
    { name: 'configmap', setup: true, method: 'POST', path: cmPath, body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } } },
    { name: 'configmap-put-unconditional', method: 'PUT', path: `${cmPath}/c`, body: { json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } } }, expect: pick('metadata.name', 'data') },
  ],
};

const serviceAccountScenario: Scenario = {
  name: 'core-kinds-serviceaccount',
  area: 'defaulting',
  description: 'a ServiceAccount is stored as sent, empty reference names left out and unknown secret names accepted',
  steps: [
    namespaceStep,
    {
      name: 'create',
      method: 'POST',
      path: '/api/v1/namespaces/{ns}/serviceaccounts',
      body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, secrets: [{ name: 'Bad_Name' }], imagePullSecrets: [{ name: '' }], automountServiceAccountToken: false } },
      expect: pick('metadata.name', 'secrets', 'imagePullSecrets', 'automountServiceAccountToken'),
    },
  ],
};

export const coreKindScenarios: readonly Scenario[] = [
  serviceAccountScenario,
  serviceDefaults,
  serviceTransitions,
  serviceValidation,
  secretDefaults,
  secretValidation,
  configMapValidation,
  namespaceDefaults,
  pvcScenario,
  eventScenario,
  endpointsScenario,
  leaseScenario,
  nodeScenario,
  limitRangeScenario,
  quotaScenario,
  persistentVolumeScenario,
];
