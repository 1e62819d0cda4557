// Defaulting, server-set fields and validation of the kinds outside the core, apps and batch
// groups: a minimal object of each kind created and read back whole (managedFields included), and
// its most common invalid forms (the 422 Status compared whole). Cluster-scoped objects carry the
// scenario's namespace in their names and are deleted at the end.
import { items, pick } from '../project.js';
import type { Projection, Scenario, ScenarioContext, Step } from '../scenario.js';
import { MERGE, namespaceStep, rvOf } from './common.js';

const DEFAULTING = 'defaulting';
const VALIDATION = 'validation';

/** The whole object. */
const whole: Projection = (body) => body;

type Body = Record<string, unknown>;
type BodyFn = (ctx: ScenarioContext) => Body;

function create(name: string, path: string, body: Body | BodyFn): Step {
  return { name, method: 'POST', path, body: (ctx) => ({ json: typeof body === 'function' ? body(ctx) : body }), expect: whole };
}

function get(name: string, path: string): Step {
  return { name, method: 'GET', path, expect: whole };
}

/** A PUT of the object `from` answered, changed by `edit`, carrying its resourceVersion. */
function updateFrom(name: string, path: string, from: string, edit: (obj: Body) => void): Step {
  return {
    name,
    method: 'PUT',
    path,
    body: (ctx) => {
      const obj = structuredClone(ctx.answers[from]?.body) as Body & { metadata: Body };
      delete obj.metadata.managedFields;
      obj.metadata.resourceVersion = rvOf(ctx.answers[from]);
      edit(obj);
      return { json: obj };
    },
    expect: whole,
  };
}

function cleanup(name: string, path: string): Step {
  return { name, setup: true, method: 'DELETE', path };
}

/** A cluster-scoped object's name, unique to the scenario's run. */
const clusterName = (ctx: ScenarioContext, suffix: string): string => `${ctx.ns}-${suffix}`;

// ---------------------------------------------------------------------------------------------
// networking.k8s.io

const ingressPath = '/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses';
const networkPolicyPath = '/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies';
const ingressClassPath = '/apis/networking.k8s.io/v1/ingressclasses';

const ingress = (name: string, spec: Body, extra: Body = {}): Body => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, ...extra }, spec });
const backend = { service: { name: 'web', port: { number: 80 } } };

const networkingScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-networking',
    area: DEFAULTING,
    description: 'an Ingress (status), a NetworkPolicy (port protocol, policyTypes) and an IngressClass (parameters scope) as kube-apiserver stores them',
    steps: [
      namespaceStep,
      create('ingress', ingressPath, ingress('web', { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] })),
      get('get-ingress', `${ingressPath}/web`),
      create('network-policy', networkPolicyPath, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }], from: [{ podSelector: {} }] }] } }),
      create('egress-policy', networkPolicyPath, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'egress' }, spec: { podSelector: { matchLabels: { app: 'web' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 'dns' }] }] } }),
      create('ingress-class', ingressClassPath, (ctx) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: clusterName(ctx, 'class') }, spec: { controller: 'example.com/ingress', parameters: { apiGroup: 'example.com', kind: 'Params', name: 'p' } } })),
      cleanup('delete-ingress-class', `${ingressClassPath}/{ns}-class`),
    ],
  },
  {
    name: 'other-kinds-invalid-ingress',
    area: VALIDATION,
    description: 'Ingresses kube-apiserver refuses: no rules or backend, no pathType, bad hosts, backends and ports, TLS hosts, class name against the annotation',
    steps: [
      namespaceStep,
      create('no-rules', ingressPath, ingress('a', {})),
      create('empty-rules', ingressPath, ingress('a', { rules: [] })),
      create('no-path-type', ingressPath, ingress('a', { rules: [{ host: 'A_b.com', http: { paths: [{ path: 'x', backend: {} }] } }] })),
      create('bad-path-type', ingressPath, ingress('a', { rules: [{ host: '*.a.com', http: { paths: [{ path: '/x', pathType: 'Bogus', backend: { service: { name: 'S', port: {} } } }] } }] })),
      create('ip-host-two-backends', ingressPath, ingress('a', { rules: [{ host: '1.2.3.4', http: { paths: [{ path: '/x', pathType: 'Exact', backend: { service: { name: 's', port: { number: 80, name: 'http' } }, resource: { kind: 'K', name: 'n' } } }] } }] })),
      create('bad-port-tls-class', ingressPath, ingress('a', { ingressClassName: 'Bad_', defaultBackend: { service: { name: 's', port: { number: 70000 } } }, tls: [{ hosts: ['*'] }] })),
      create('no-paths', ingressPath, ingress('a', { rules: [{ http: { paths: [] } }] })),
      create('bad-paths', ingressPath, ingress('a', { rules: [{ http: { paths: [{ path: '/a//b', pathType: 'Prefix', backend: { service: { name: 's', port: { name: 'Http' } } } }, { pathType: 'Exact', backend: { resource: { kind: 'K', name: 'n' } } }] } }] })),
      create('class-annotation', ingressPath, ingress('a', { ingressClassName: 'y', defaultBackend: { resource: { kind: '', name: 'a/b' } } }, { annotations: { 'kubernetes.io/ingress.class': 'x' } })),
    ],
  },
  {
    name: 'other-kinds-invalid-network-policy',
    area: VALIDATION,
    description: 'NetworkPolicies kube-apiserver refuses: selectors, ports, peers, ipBlocks, policyTypes',
    steps: [
      namespaceStep,
      create('many', networkPolicyPath, {
        metadata: { name: 'a' },
        spec: {
          podSelector: { matchLabels: { a: '-x' }, matchExpressions: [{ key: 'k', operator: 'Foo' }] },
          policyTypes: ['Foo'],
          ingress: [{
            ports: [{ protocol: 'ICMP', port: 0 }, { port: 'Http', endPort: 5 }, { endPort: 3 }, { port: 10, endPort: 5 }],
            from: [{}, { ipBlock: { cidr: '10.0.0.0/33' }, podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16', '10.0.0.1/8'] } }, { ipBlock: {} }],
          }],
        },
      }),
      create('three-policy-types', networkPolicyPath, { metadata: { name: 'a' }, spec: { policyTypes: ['Ingress', 'Egress', 'Ingress'] } }),
    ],
  },
  {
    name: 'other-kinds-invalid-ingress-class',
    area: VALIDATION,
    description: 'IngressClasses kube-apiserver refuses (controller, parameters) and a controller change',
    steps: [
      namespaceStep,
      create('no-controller', ingressClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: {} })),
      create('bad-parameters', ingressClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { controller: 'nodomain', parameters: { kind: '', name: '', scope: 'Foo' } } })),
      create('namespace-scope', ingressClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { controller: 'a.com/x y', parameters: { kind: 'K', name: 'n', scope: 'Namespace' } } })),
      create('cluster-scope-namespace', ingressClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { controller: 'a.com/x', parameters: { kind: 'K', name: 'n', scope: 'Cluster', namespace: 'x' } } })),
      create('create', ingressClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'b') }, spec: { controller: 'a.com/x' } })),
      updateFrom('change-controller', `${ingressClassPath}/{ns}-b`, 'create', (obj) => { (obj.spec as Body).controller = 'a.com/y'; }),
      cleanup('delete', `${ingressClassPath}/{ns}-b`),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// rbac.authorization.k8s.io

const rbac = '/apis/rbac.authorization.k8s.io/v1';
const rolePath = `${rbac}/namespaces/{ns}/roles`;
const roleBindingPath = `${rbac}/namespaces/{ns}/rolebindings`;
const clusterRolePath = `${rbac}/clusterroles`;
const clusterRoleBindingPath = `${rbac}/clusterrolebindings`;

const rbacScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-rbac',
    area: DEFAULTING,
    description: 'Roles, ClusterRoles and their bindings as stored: subjects\' and roleRef\'s apiGroup defaulted, rules null when none',
    steps: [
      namespaceStep,
      create('role', rolePath, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }),
      create('role-without-rules', rolePath, { metadata: { name: 'empty' } }),
      create('binding', roleBindingPath, { metadata: { name: 'read' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }, { kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }] }),
      create('cluster-role', clusterRolePath, (ctx) => ({ metadata: { name: clusterName(ctx, 'agg') }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] } })),
      create('cluster-binding', clusterRoleBindingPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'bind') }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: ctx.ns }] })),
      cleanup('delete-cluster-role', `${clusterRolePath}/{ns}-agg`),
      cleanup('delete-cluster-binding', `${clusterRoleBindingPath}/{ns}-bind`),
    ],
  },
  {
    name: 'other-kinds-invalid-rbac',
    area: VALIDATION,
    description: 'RBAC objects kube-apiserver refuses: rules without verbs, groups or resources; bad roleRefs and subjects; a roleRef change',
    steps: [
      namespaceStep,
      create('role-rules', rolePath, { metadata: { name: 'a' }, rules: [{}, { verbs: ['get'] }, { verbs: ['get'], apiGroups: [''] }, { verbs: ['get'], nonResourceURLs: ['/x'] }, { verbs: ['get'], resources: ['pods'] }] }),
      create('cluster-role-rules', clusterRolePath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }, { verbs: ['get'] }], aggregationRule: { clusterRoleSelectors: [] } })),
      create('binding-without-role-ref', roleBindingPath, { metadata: { name: 'a' } }),
      create('binding-subjects', roleBindingPath, { metadata: { name: 'a' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount' }, { kind: 'Foo', name: 'x' }, { kind: 'User' }, { kind: 'ServiceAccount', name: 'a:b', apiGroup: 'x' }, { kind: 'User', name: 'u', apiGroup: 'x' }] }),
      create('binding-role-ref', roleBindingPath, { metadata: { name: 'a' }, roleRef: { apiGroup: 'x', kind: 'Foo', name: '' } }),
      create('cluster-binding-role', clusterRoleBindingPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] })),
      create('binding', roleBindingPath, { metadata: { name: 'rb' }, roleRef: { kind: 'Role', name: 'r' } }),
      updateFrom('change-role-ref', `${roleBindingPath}/rb`, 'binding', (obj) => { obj.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r2' }; }),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// policy, autoscaling

const pdbPath = '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets';
const hpaPath = '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers';
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

const policyAutoscalingScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-pdb-hpa',
    area: DEFAULTING,
    description: 'a PodDisruptionBudget (status counters) and HorizontalPodAutoscalers (minReplicas, CPU metric, behavior) as stored',
    steps: [
      namespaceStep,
      create('pdb', pdbPath, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } }),
      create('hpa', hpaPath, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: target, maxReplicas: 5 } }),
      create('hpa-behavior', hpaPath, { metadata: { name: 'behavior' }, spec: { scaleTargetRef: target, maxReplicas: 5, behavior: { scaleUp: { stabilizationWindowSeconds: 5 }, scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } } }),
      create('hpa-empty-behavior', hpaPath, { metadata: { name: 'empty-behavior' }, spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, behavior: {} } }),
    ],
  },
  {
    name: 'other-kinds-invalid-pdb',
    area: VALIDATION,
    description: 'PodDisruptionBudgets kube-apiserver refuses: both minAvailable and maxUnavailable, bad percentages and numbers, selector, eviction policy',
    steps: [
      namespaceStep,
      create('both', pdbPath, { metadata: { name: 'a' }, spec: { minAvailable: 1, maxUnavailable: 1 } }),
      create('percent-selector-policy', pdbPath, { metadata: { name: 'a' }, spec: { minAvailable: '120%', unhealthyPodEvictionPolicy: 'Foo', selector: { matchLabels: { a: '-' } } } }),
      create('negative', pdbPath, { metadata: { name: 'a' }, spec: { maxUnavailable: -1 } }),
      create('not-a-percent', pdbPath, { metadata: { name: 'a' }, spec: { minAvailable: 'abc' } }),
    ],
  },
  {
    name: 'other-kinds-invalid-hpa',
    area: VALIDATION,
    description: 'HorizontalPodAutoscalers kube-apiserver refuses: target, replicas bounds, metrics and their targets, behavior rules',
    steps: [
      namespaceStep,
      create('empty', hpaPath, { metadata: { name: 'a' }, spec: {} }),
      create('zero', hpaPath, { metadata: { name: 'a' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, minReplicas: 0, maxReplicas: 0 } }),
      create('negative', hpaPath, { metadata: { name: 'a' }, spec: { scaleTargetRef: target, minReplicas: -1, maxReplicas: -1 } }),
      create('metrics', hpaPath, { metadata: { name: 'a' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd/x' }, minReplicas: 5, maxReplicas: 2, metrics: [{ type: 'Foo' }, { type: 'Resource' }, { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }, { type: 'Pods', pods: { metric: { name: 'm' }, target: { type: 'Value', value: '1' } } }, { type: 'External', external: { metric: {}, target: { type: 'AverageValue' } } }] } }),
      create('two-sources', hpaPath, { metadata: { name: 'a' }, spec: { scaleTargetRef: { apiVersion: 'v1', kind: 'Deployment', name: 'd' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0, averageValue: '1' } }, pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } } }, { type: 'Object', object: { describedObject: {}, metric: { name: 'm' }, target: { type: 'Bad' } } }] } }),
      create('behavior', hpaPath, { metadata: { name: 'a' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 2, behavior: { scaleUp: { stabilizationWindowSeconds: -1, selectPolicy: 'Foo', policies: [{ type: 'Foo', value: 0, periodSeconds: 0 }] }, scaleDown: { policies: [] } } } }),
    ],
  },
];

const hpaV1Path = '/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers';
/** An autoscaler without its managedFields (see the README: a v1 write that reorders the metrics). */
const autoscaler: Projection = pick('apiVersion', 'kind', 'metadata.name', 'metadata.annotations', 'metadata.generation', 'spec', 'status');

/** A PUT through v1 of the autoscaler as the `from` step read it through v1, changed by `edit`. */
function putV1(name: string, from: string, edit: (obj: Body) => void): Step {
  return {
    name,
    method: 'PUT',
    path: `${hpaV1Path}/multi`,
    body: (ctx) => {
      const obj = structuredClone(ctx.answers[from]?.body) as Body & { metadata: Body };
      delete obj.metadata.managedFields;
      edit(obj);
      return { json: obj };
    },
    expect: autoscaler,
  };
}

const hpaVersionScenarios: Scenario[] = [
  {
    name: 'other-kinds-hpa-versions',
    area: DEFAULTING,
    description: 'HorizontalPodAutoscalers through autoscaling/v1 and v2: the CPU target as metrics, other metrics and the behavior in v1 annotations, kept through a v1 update and patch',
    steps: [
      namespaceStep,
      { ...create('create-v1', hpaV1Path, { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'cpu' }, spec: { scaleTargetRef: target, maxReplicas: 4, targetCPUUtilizationPercentage: 50 } }), expect: autoscaler },
      { ...get('get-v2', `${hpaPath}/cpu`), expect: autoscaler },
      { ...create('create-v1-default', hpaV1Path, { metadata: { name: 'default' }, spec: { scaleTargetRef: target, maxReplicas: 2 } }), expect: autoscaler },
      { ...get('get-default-v2', `${hpaPath}/default`), expect: autoscaler },
      {
        ...create('create-v2', hpaPath, {
          metadata: { name: 'multi', annotations: { team: 'web' } },
          spec: {
            scaleTargetRef: target,
            maxReplicas: 5,
            metrics: [
              { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
              { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
              { type: 'Pods', pods: { metric: { name: 'qps', selector: { matchLabels: { a: 'b' } } }, target: { type: 'AverageValue', averageValue: '10' } } },
              { type: 'Object', object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 's' }, metric: { name: 'hits' }, target: { type: 'Value', value: '5' } } },
              { type: 'External', external: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '3' } } },
            ],
            behavior: { scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 30 }] } },
          },
        }),
        expect: autoscaler,
      },
      { ...get('get-multi-v1', `${hpaV1Path}/multi`), expect: autoscaler },
      putV1('put-v1', 'get-multi-v1', (obj) => { (obj.spec as Body).maxReplicas = 6; }),
      { ...get('get-multi-v2', `${hpaPath}/multi`), expect: autoscaler },
      { name: 'patch-v1', method: 'PATCH', path: `${hpaV1Path}/multi`, headers: { 'Content-Type': MERGE }, body: { json: { spec: { targetCPUUtilizationPercentage: 70 } } }, expect: autoscaler },
      { ...get('get-patched-v2', `${hpaPath}/multi`), expect: autoscaler },
      {
        name: 'status-v2',
        method: 'PATCH',
        path: `${hpaPath}/multi/status`,
        headers: { 'Content-Type': MERGE },
        body: {
          json: {
            status: {
              currentReplicas: 2,
              desiredReplicas: 3,
              currentMetrics: [
                { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 55, averageValue: '110m' } } },
                { type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '12' } } },
              ],
              conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }],
            },
          },
        },
        expect: autoscaler,
      },
      { ...get('get-status-v1', `${hpaV1Path}/multi`), expect: autoscaler },
      { name: 'list-v1', method: 'GET', path: hpaV1Path, expect: items(autoscaler) },
      create('invalid-v1', hpaV1Path, { metadata: { name: 'bad' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, targetCPUUtilizationPercentage: 0 } }),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// discovery.k8s.io, coordination.k8s.io

const slicePath = '/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices';
const leasePath = '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases';

const sliceLeaseScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-endpointslice-lease',
    area: DEFAULTING,
    description: 'an EndpointSlice (port name and protocol, endpoint conditions) and Leases (fields of a disabled feature dropped) as stored',
    steps: [
      namespaceStep,
      create('slice', slicePath, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'p' } }], ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
      create('lease', leasePath, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'empty' }, spec: {} }),
      create('held-lease', leasePath, { metadata: { name: 'held' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 0, strategy: 'OldestEmulationVersion', preferredHolder: 'you' } }),
    ],
  },
  {
    name: 'other-kinds-invalid-endpointslice-lease',
    area: VALIDATION,
    description: 'EndpointSlices (address type, addresses, ports) and Leases (duration, transitions) kube-apiserver refuses',
    steps: [
      namespaceStep,
      create('no-address-type', slicePath, { metadata: { name: 'a' } }),
      create('bad-address-type', slicePath, { metadata: { name: 'a' }, addressType: 'Foo', endpoints: [{ addresses: [] }] }),
      create('ports-and-addresses', slicePath, { metadata: { name: 'a' }, addressType: 'IPv4', endpoints: [{ addresses: ['1.2.3', '::1'], hostname: 'A_b', nodeName: 'N_', zone: 'z', conditions: { ready: true } }], ports: [{ name: 'Http', port: 0, protocol: 'ICMP', appProtocol: 'a b' }, { name: 'Http' }] }),
      create('fqdn', slicePath, { metadata: { name: 'a' }, addressType: 'FQDN', endpoints: [{ addresses: ['a.com', 'B_'] }] }),
      create('lease', leasePath, { metadata: { name: 'a' }, spec: { leaseDurationSeconds: 0, leaseTransitions: -1, holderIdentity: 'x' } }),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// storage.k8s.io, scheduling.k8s.io, node.k8s.io

const storageClassPath = '/apis/storage.k8s.io/v1/storageclasses';
const csiDriverPath = '/apis/storage.k8s.io/v1/csidrivers';
const attachmentPath = '/apis/storage.k8s.io/v1/volumeattachments';
const priorityClassPath = '/apis/scheduling.k8s.io/v1/priorityclasses';
const runtimeClassPath = '/apis/node.k8s.io/v1/runtimeclasses';

const clusterKindScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-cluster-kinds',
    area: DEFAULTING,
    description: 'a StorageClass, CSIDriver, VolumeAttachment, PriorityClass and RuntimeClass as stored',
    steps: [
      namespaceStep,
      create('storage-class', storageClassPath, (ctx) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: clusterName(ctx, 'sc') }, provisioner: 'example.com/disk', parameters: { type: 'fast' } })),
      create('csi-driver', csiDriverPath, (ctx) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: `${ctx.ns}.example.com` }, spec: {} })),
      create('volume-attachment', attachmentPath, (ctx) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: clusterName(ctx, 'va') }, spec: { attacher: 'disk.example.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv-1' } } })),
      create('priority-class', priorityClassPath, (ctx) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: clusterName(ctx, 'pc') }, value: 10, description: 'ten' })),
      create('priority-class-no-value', priorityClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'zero') } })),
      create('runtime-class', runtimeClassPath, (ctx) => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: clusterName(ctx, 'rc') }, handler: 'runc' })),
      cleanup('delete-storage-class', `${storageClassPath}/{ns}-sc`),
      cleanup('delete-csi-driver', `${csiDriverPath}/{ns}.example.com`),
      cleanup('delete-volume-attachment', `${attachmentPath}/{ns}-va`),
      cleanup('delete-priority-class', `${priorityClassPath}/{ns}-pc`),
      cleanup('delete-priority-class-no-value', `${priorityClassPath}/{ns}-zero`),
      cleanup('delete-runtime-class', `${runtimeClassPath}/{ns}-rc`),
    ],
  },
  {
    name: 'other-kinds-invalid-cluster-kinds',
    area: VALIDATION,
    description: 'StorageClasses, CSIDrivers, VolumeAttachments, PriorityClasses and RuntimeClasses kube-apiserver refuses, changes to their immutable fields, and updates without a resourceVersion',
    steps: [
      namespaceStep,
      create('storage-class-no-provisioner', storageClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') } })),
      create('storage-class-fields', storageClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, provisioner: 'Bad_/x', reclaimPolicy: 'Foo', volumeBindingMode: 'Bar', parameters: { '': 'x' }, allowedTopologies: [{ matchLabelExpressions: [{ key: '', values: [] }] }] })),
      create('storage-class', storageClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'sc') }, provisioner: 'a.com/p', parameters: { a: 'b' } })),
      updateFrom('storage-class-change', `${storageClassPath}/{ns}-sc`, 'storage-class', (obj) => {
        Object.assign(obj, { provisioner: 'b.com/p', parameters: { a: 'c' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
      }),
      create('csi-driver-fields', csiDriverPath, (ctx) => ({ metadata: { name: `${ctx.ns}.example.com` }, spec: { fsGroupPolicy: 'Foo', volumeLifecycleModes: ['Foo'], tokenRequests: [{ audience: 'a', expirationSeconds: 60 }] } })),
      create('csi-driver', csiDriverPath, (ctx) => ({ metadata: { name: `${ctx.ns}.example.com` }, spec: {} })),
      updateFrom('csi-driver-change', `${csiDriverPath}/{ns}.example.com`, 'csi-driver', (obj) => {
        Object.assign(obj.spec as Body, { attachRequired: false, podInfoOnMount: true, volumeLifecycleModes: ['Ephemeral'] });
      }),
      create('attachment-empty', attachmentPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: {} })),
      create('attachment-two-sources', attachmentPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { attacher: 'a.com', nodeName: 'n', source: { persistentVolumeName: 'p', inlineVolumeSpec: {} } } })),
      create('priority-class-system', priorityClassPath, { metadata: { name: 'system-a' }, value: 2000000000, preemptionPolicy: 'Foo' }),
      create('priority-class-too-high', priorityClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'high') }, value: 2000000000 })),
      create('priority-class', priorityClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'pc') }, value: 5 })),
      updateFrom('priority-class-change', `${priorityClassPath}/{ns}-pc`, 'priority-class', (obj) => { Object.assign(obj, { value: 6, preemptionPolicy: 'Never' }); }),
      create('runtime-class-no-handler', runtimeClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') } })),
      create('runtime-class-fields', runtimeClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, handler: 'Bad_', overhead: { podFixed: { cpu: '-1' } }, scheduling: { nodeSelector: { a: '-' }, tolerations: [{ key: 'k', operator: 'Foo' }] } })),
      create('runtime-class', runtimeClassPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'rc') }, handler: 'a' })),
      updateFrom('runtime-class-change', `${runtimeClassPath}/{ns}-rc`, 'runtime-class', (obj) => { obj.handler = 'b'; }),
      { name: 'runtime-class-unconditional', method: 'PUT', path: `${runtimeClassPath}/{ns}-rc`, body: (ctx) => ({ json: { metadata: { name: clusterName(ctx, 'rc') }, handler: 'a' } }) },
      { name: 'csi-driver-unconditional', method: 'PUT', path: `${csiDriverPath}/{ns}.example.com`, body: (ctx) => ({ json: { metadata: { name: `${ctx.ns}.example.com` }, spec: {} } }) },
      cleanup('delete-storage-class', `${storageClassPath}/{ns}-sc`),
      cleanup('delete-csi-driver', `${csiDriverPath}/{ns}.example.com`),
      cleanup('delete-priority-class', `${priorityClassPath}/{ns}-pc`),
      cleanup('delete-runtime-class', `${runtimeClassPath}/{ns}-rc`),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// admissionregistration.k8s.io, certificates.k8s.io, flowcontrol.apiserver.k8s.io

const admission = '/apis/admissionregistration.k8s.io/v1';
const validatingPath = `${admission}/validatingwebhookconfigurations`;
const mutatingPath = `${admission}/mutatingwebhookconfigurations`;
const csrPath = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const flowcontrol = '/apis/flowcontrol.apiserver.k8s.io/v1';
const priorityLevelPath = `${flowcontrol}/prioritylevelconfigurations`;
const flowSchemaPath = `${flowcontrol}/flowschemas`;

/** A PEM certificate request (P-256 key, CN=x), base64 as the API carries bytes. */
const CSR_REQUEST = Buffer.from([
  '-----BEGIN CERTIFICATE REQUEST-----',
  'MIHGMG4CAQAwDDEKMAgGA1UEAwwBeDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA',
  'BJnxmI5fT0UTBayeT6bsgOcTAJo3BmjpjvRClkPX+qcQeXfRF2/cYbtGYW7Hwatd',
  'nAvxQO5t8RdE8SfaSYyZTkmgADAKBggqhkjOPQQDAgNIADBFAiEAlNj1P8wJW/mC',
  'uvVsGeL95++bb485E7+bgSkkb+q3ZpwCIGJSnHj0rIgx68JoKY3RdAC4DVuGC/h6',
  'lKucmJqjcrAY',
  '-----END CERTIFICATE REQUEST-----',
  '',
].join('\n')).toString('base64');

const webhook = (name: string, extra: Body): Body => ({ name, sideEffects: 'None', admissionReviewVersions: ['v1'], ...extra });

const admissionScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-admission-certificates-flowcontrol',
    area: DEFAULTING,
    description: 'webhook configurations (policies, selectors, timeout, scope, port), a CertificateSigningRequest (requester, status) and flowcontrol objects as stored',
    steps: [
      namespaceStep,
      create('validating', validatingPath, (ctx) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: clusterName(ctx, 'v') }, webhooks: [webhook('a.example.com', { clientConfig: { url: 'https://example.com/x' } })] })),
      create('mutating', mutatingPath, (ctx) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: clusterName(ctx, 'm') }, webhooks: [webhook('a.example.com', { clientConfig: { service: { name: 's', namespace: 'default' } }, rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] })] })),
      create('csr', csrPath, (ctx) => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: clusterName(ctx, 'csr') }, spec: { request: CSR_REQUEST, signerName: 'example.com/signer', usages: ['digital signature', 'client auth'], username: 'someone' } })),
      create('priority-level', priorityLevelPath, (ctx) => ({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration', metadata: { name: clusterName(ctx, 'pl') }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: {} } } } })),
      create('priority-level-reject', priorityLevelPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'reject') }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Reject' } } } })),
      create('flow-schema', flowSchemaPath, (ctx) => ({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: clusterName(ctx, 'fs') }, spec: { priorityLevelConfiguration: { name: 'global-default' }, rules: [{ subjects: [{ kind: 'Group', group: { name: 'system:authenticated' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] } })),
      cleanup('delete-validating', `${validatingPath}/{ns}-v`),
      cleanup('delete-mutating', `${mutatingPath}/{ns}-m`),
      cleanup('delete-csr', `${csrPath}/{ns}-csr`),
      cleanup('delete-priority-level', `${priorityLevelPath}/{ns}-pl`),
      cleanup('delete-priority-level-reject', `${priorityLevelPath}/{ns}-reject`),
      cleanup('delete-flow-schema', `${flowSchemaPath}/{ns}-fs`),
    ],
  },
  {
    name: 'other-kinds-invalid-admission-certificates-flowcontrol',
    area: VALIDATION,
    description: 'webhook configurations, CertificateSigningRequests and flowcontrol objects kube-apiserver refuses',
    steps: [
      namespaceStep,
      create('validating', validatingPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, webhooks: [{ name: 'a', clientConfig: {} }, { name: 'a', clientConfig: { url: 'http://x', service: { name: 's', namespace: 'n' } }, sideEffects: 'Some', admissionReviewVersions: ['v2'], failurePolicy: 'Foo', matchPolicy: 'Bar', timeoutSeconds: 40, rules: [{ operations: ['FOO'], apiGroups: [], apiVersions: ['v1'], resources: ['pods/*/x'], scope: 'Bad' }] }] })),
      create('mutating', mutatingPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, webhooks: [{ name: 'a.b.c', clientConfig: { url: 'https://x' }, sideEffects: 'Unknown', admissionReviewVersions: ['v1'], reinvocationPolicy: 'Foo' }] })),
      create('no-review-versions', validatingPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, webhooks: [{ name: 'a.b.c', clientConfig: { url: 'https://x' }, sideEffects: 'None' }] })),
      create('csr-empty', csrPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: {} })),
      create('csr-fields', csrPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { request: 'aGVsbG8=', signerName: 'Bad', usages: ['foo'] } })),
      create('csr-expiration', csrPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { request: CSR_REQUEST, signerName: 'example.com/x', usages: ['digital signature'], expirationSeconds: 60 } })),
      create('priority-level-queuing', priorityLevelPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue' } } } })),
      create('priority-level-exempt', priorityLevelPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { type: 'Exempt' } })),
      create('priority-level-type', priorityLevelPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { type: 'Foo' } })),
      create('priority-level-no-limited', priorityLevelPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { type: 'Limited' } })),
      create('priority-level-response', priorityLevelPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Queuing' } } } })),
      create('flow-schema-empty', flowSchemaPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: {} })),
      create('flow-schema-rules', flowSchemaPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'a') }, spec: { priorityLevelConfiguration: { name: 'x' }, matchingPrecedence: 20000, distinguisherMethod: { type: 'Foo' }, rules: [{ subjects: [], resourceRules: [{ verbs: [], apiGroups: ['*', 'x'], resources: [], clusterScope: false, namespaces: [] }] }, { subjects: [{ kind: 'Foo' }, { kind: 'User' }] }] } })),
    ],
  },
];

const csrScenarios: Scenario[] = [
  {
    name: 'other-kinds-csr-approval',
    area: VALIDATION,
    description: 'a CertificateSigningRequest approved through /approval (conditions only, stamped), and the status and approval writes kube-apiserver refuses',
    steps: [
      namespaceStep,
      create('csr', csrPath, (ctx) => ({ metadata: { name: clusterName(ctx, 'csr') }, spec: { request: CSR_REQUEST, signerName: 'example.com/signer', usages: ['digital signature'] } })),
      {
        name: 'approve',
        method: 'PUT',
        path: `${csrPath}/{ns}-csr/approval`,
        body: (ctx) => ({ json: { metadata: { name: clusterName(ctx, 'csr') }, spec: { request: CSR_REQUEST, signerName: 'other.com/y', usages: ['digital signature'] }, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Ok', message: 'approved' }], certificate: 'eA==' } } }),
        expect: whole,
      },
      { name: 'get-approval', method: 'GET', path: `${csrPath}/{ns}-csr/approval`, expect: whole },
      { name: 'status-adds-denied', method: 'PATCH', path: `${csrPath}/{ns}-csr/status`, headers: { 'Content-Type': MERGE }, body: { json: { status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Ok', message: 'approved' }, { type: 'Denied', status: 'True' }] } } } },
      { name: 'approval-both', method: 'PATCH', path: `${csrPath}/{ns}-csr/approval`, headers: { 'Content-Type': MERGE }, body: { json: { status: { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }] } } } },
      { name: 'approval-removes', method: 'PATCH', path: `${csrPath}/{ns}-csr/approval`, headers: { 'Content-Type': MERGE }, body: { json: { status: { conditions: [] } } } },
      { name: 'status-bad-certificate', method: 'PATCH', path: `${csrPath}/{ns}-csr/status`, headers: { 'Content-Type': MERGE }, body: { json: { status: { certificate: 'eA==' } } } },
      cleanup('delete', `${csrPath}/{ns}-csr`),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// events.k8s.io

const eventsPath = '/apis/events.k8s.io/v1/namespaces/{ns}/events';
const coreEventsPath = '/api/v1/namespaces/{ns}/events';

const eventScenarios: Scenario[] = [
  {
    name: 'other-kinds-defaults-events',
    area: DEFAULTING,
    description: 'an events.k8s.io Event as client-go\'s events recorder sends it and its series update, read as a core Event; a core Event read through events.k8s.io; both in either list',
    steps: [
      namespaceStep,
      create('event', eventsPath, (ctx) => ({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'web.1' },
        eventTime: '2026-01-01T00:00:00.000000Z',
        reportingController: 'example.com/controller',
        reportingInstance: 'controller-1',
        action: 'Scaling',
        reason: 'ScaledUp',
        regarding: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ctx.ns, name: 'web' },
        note: 'scaled up to 3',
        type: 'Normal',
      })),
      get('get-as-core', '/api/v1/namespaces/{ns}/events/web.1'),
      {
        name: 'series',
        method: 'PATCH',
        path: `${eventsPath}/web.1`,
        headers: { 'Content-Type': MERGE },
        body: { json: { series: { count: 2, lastObservedTime: '2026-01-01T00:00:05.000000Z' } } },
        expect: whole,
      },
      create('core-event', coreEventsPath, (ctx) => ({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'web.2' },
        involvedObject: { kind: 'Pod', namespace: ctx.ns, name: 'web-0' },
        reason: 'Pulled',
        message: 'image pulled',
        source: { component: 'kubelet', host: 'node-1' },
        firstTimestamp: '2026-01-01T00:00:00Z',
        lastTimestamp: '2026-01-01T00:00:10Z',
        count: 3,
        type: 'Normal',
      })),
      get('get-core-as-events', `${eventsPath}/web.2`),
      { name: 'list-events', method: 'GET', path: eventsPath, expect: items(whole) },
      { name: 'list-core', method: 'GET', path: coreEventsPath, expect: items(whole) },
      { name: 'select-regarding', method: 'GET', path: eventsPath, query: { fieldSelector: 'regarding.name=web,reportingController=example.com/controller' }, expect: items(pick('metadata.name')) },
    ],
  },
  {
    name: 'other-kinds-invalid-events',
    area: VALIDATION,
    description: 'events.k8s.io Events kube-apiserver refuses: no eventTime, no reporting fields, a bad series and type',
    steps: [
      namespaceStep,
      create('empty', eventsPath, { metadata: { name: 'a' } }),
      create('fields', eventsPath, { metadata: { name: 'a' }, eventTime: '2026-01-01T00:00:00.000000Z', regarding: { kind: 'Pod', name: 'p' }, type: 'Foo', series: { count: 1 } }),
    ],
  },
];

export const otherKindScenarios: readonly Scenario[] = [
  ...networkingScenarios,
  ...rbacScenarios,
  ...policyAutoscalingScenarios,
  ...hpaVersionScenarios,
  ...sliceLeaseScenarios,
  ...clusterKindScenarios,
  ...admissionScenarios,
  ...csrScenarios,
  ...eventScenarios,
];
