// Validation of Pods and workloads: the 422 Status bodies (message, causes and their order, field
// paths, reasons) kube-apiserver answers for a selector that does not select the template,
// negative replicas, a pod without containers or with invalid ones, pod spec rules, updates that
// change what may not change (a pod's containers, a Deployment's selector, a Job's template, a
// StatefulSet's serviceName), Job selectors and CronJob schedules. Pods need the namespace's
// `default` ServiceAccount on a real cluster (no controller-manager makes it), so those scenarios
// create it first.
import type { Body, Scenario, ScenarioContext, Step } from '../scenario.js';
import { deployPath, JSON_PATCH, MERGE, namespaceStep, rvOf, STRATEGIC } from './common.js';

const podPath = '/api/v1/namespaces/{ns}/pods';
const rsPath = '/apis/apps/v1/namespaces/{ns}/replicasets';
const stsPath = '/apis/apps/v1/namespaces/{ns}/statefulsets';
const dsPath = '/apis/apps/v1/namespaces/{ns}/daemonsets';
const rcPath = '/api/v1/namespaces/{ns}/replicationcontrollers';
const podTemplatePath = '/api/v1/namespaces/{ns}/podtemplates';
const jobPath = '/apis/batch/v1/namespaces/{ns}/jobs';
const cronJobPath = '/apis/batch/v1/namespaces/{ns}/cronjobs';

type Json = Record<string, unknown>;

const serviceAccountStep: Step = {
  name: 'service-account',
  setup: true,
  method: 'POST',
  path: '/api/v1/namespaces/{ns}/serviceaccounts',
  body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } },
};

const container = (name: string, image: string): Json => ({ name, image });

const podTemplate = (labels: Record<string, string> | undefined, containers: Json[], extra: Json = {}): Json => ({
  ...(labels === undefined ? {} : { metadata: { labels } }),
  spec: { containers, ...extra },
});

const workload = (apiVersion: string, kind: string, name: string, spec: Json): Json => ({ apiVersion, kind, metadata: { name }, spec });

const deployment = (name: string, spec: Json): Json => workload('apps/v1', 'Deployment', name, spec);

const web = podTemplate({ app: 'web' }, [container('web', 'nginx:1.27')]);

/** A Job's template that restarts Never. */
const neverRestarts = podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' });

/** A step creating `body` at `path`: its status, and the Status body of a refusal in full. */
function create(name: string, path: string, body: Json): Step {
  return { name, method: 'POST', path, body: { json: body } };
}

/** An object answered by an earlier step, changed by `change`, with the resourceVersion it was answered with. */
function changed(from: string, change: (obj: Json) => void): (ctx: ScenarioContext) => Body {
  return (ctx) => {
    const answer = ctx.answers[from];
    if (answer === undefined) throw new Error(`no answer of step ${from}`);
    const obj = structuredClone(answer.body) as Json;
    change(obj);
    (obj.metadata as Json).resourceVersion = rvOf(ctx.answers[from]);
    return { json: obj };
  };
}

function put(name: string, path: string, from: string, change: (obj: Json) => void): Step {
  return { name, method: 'PUT', path, body: changed(from, change) };
}

/**
 * A strategic merge patch: for Pods, whose stored spec on a real cluster holds what its admission
 * added (the service account token volume), so a body built from the answer would differ.
 */
function patch(name: string, path: string, body: Json): Step {
  return { name, method: 'PATCH', path, headers: { 'Content-Type': STRATEGIC }, body: { json: body } };
}

const spec = (obj: Json): Json => obj.spec as Json;
const templateSpec = (obj: Json): Json => (spec(obj).template as Json).spec as Json;
/** The first container of a pod spec. */
function firstContainer(podSpec: Json): Json {
  const [first] = podSpec.containers as Json[];
  if (first === undefined) throw new Error('no container');
  return first;
}

/** A JSON patch. */
function jsonPatch(name: string, path: string, ops: Json[]): Step {
  return { name, method: 'PATCH', path, headers: { 'Content-Type': JSON_PATCH }, body: { json: ops } };
}

/** A merge patch (of an object or its status subresource). */
function mergeStatus(name: string, path: string, body: Json): Step {
  return { name, method: 'PATCH', path, headers: { 'Content-Type': MERGE }, body: { json: body } };
}

function scenario(name: string, description: string, steps: Step[]): Scenario {
  return { name: `workload-validation-${name}`, area: 'validation', description, steps: [namespaceStep, ...steps] };
}

export const workloadValidationScenarios: readonly Scenario[] = [
  scenario('deployment-selector-mismatch', 'a Deployment whose selector does not select its template: 422 `selector` does not match template `labels`', [
    create('create', deployPath, deployment('web', { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: web })),
  ]),
  scenario('deployment-negative-replicas', 'a Deployment with replicas -1 and an invalid container: the causes in kube order', [
    create(
      'create',
      deployPath,
      deployment('web', { replicas: -1, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'other' }, [container('Web_1', '')]) }),
    ),
  ]),
  scenario('deployment-selector-required', 'a Deployment without a selector, one with an empty selector, one with an invalid selector', [
    create('no-selector', deployPath, deployment('a', { template: web })),
    create('empty-selector', deployPath, deployment('b', { selector: {}, template: web })),
    create(
      'invalid-selector',
      deployPath,
      deployment('c', {
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'Foo' }, { key: 'y', operator: 'In' }, { key: 'z', operator: 'Exists', values: ['q'] }] },
        template: web,
      }),
    ),
  ]),
  scenario('deployment-strategy', 'Deployment strategy, history limit, progress deadline and template restart policy rules', [
    create(
      'recreate-with-rolling-update',
      deployPath,
      deployment('a', {
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
        revisionHistoryLimit: -1,
        minReadySeconds: 10,
        progressDeadlineSeconds: 5,
        template: web,
      }),
    ),
    create('zero-surge-and-unavailable', deployPath, deployment('b', { selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }, template: web })),
    create('unknown-type', deployPath, deployment('c', { selector: { matchLabels: { app: 'web' } }, strategy: { type: 'BlueGreen' }, template: web })),
    create(
      'template-never-restarts',
      deployPath,
      deployment('d', { selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }, [container('web', 'nginx')], { restartPolicy: 'Never', activeDeadlineSeconds: 5 }) }),
    ),
  ]),
  scenario('deployment-selector-change', "an update of a Deployment's selector (apps/v1 selectors are immutable)", [
    { ...create('create', deployPath, deployment('web', { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: web })), expect: 'none' },
    put('change-selector', `${deployPath}/web`, 'create', (d) => {
      spec(d).selector = { matchLabels: { app: 'web', tier: 'front' } };
      (((spec(d).template as Json).metadata as Json).labels as Json).tier = 'front';
    }),
    put('scale', `${deployPath}/web`, 'create', (d) => {
      spec(d).replicas = 3;
    }),
  ]),
  scenario('deployment-status', 'status writes of a Deployment: negative counters, counters above replicas, a decremented collisionCount', [
    { ...create('create', deployPath, deployment('web', { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: web })), expect: 'none' },
    put('counters', `${deployPath}/web/status`, 'create', (d) => {
      d.status = { replicas: -1, readyReplicas: 3, availableReplicas: 4, updatedReplicas: 2, observedGeneration: -1, collisionCount: -2 };
    }),
    put('collision-count', `${deployPath}/web/status`, 'create', (d) => {
      d.status = { replicas: 2, readyReplicas: 2, availableReplicas: 1, collisionCount: 3 };
    }),
    { ...put('decrement', `${deployPath}/web/status`, 'collision-count', (d) => {
      (d.status as Json).collisionCount = 1;
    }) },
  ]),
  scenario('pod-no-containers', 'a Pod without containers', [serviceAccountStep, create('create', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} })]),
  scenario('pod-invalid-container', 'a Pod with an invalid container name, a container without image and a duplicate name', [
    serviceAccountStep,
    create('create', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [container('Web_1', 'nginx'), container('side', ''), container('side', 'busybox')] } }),
  ]),
  scenario('pod-spec-rules', 'pod spec rules: volumes, ports, env, mounts, resources, policies, probes, node selector, deadline, tolerations', [
    serviceAccountStep,
    create('volumes-ports-mounts', podPath, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a' },
      spec: {
        restartPolicy: 'Sometimes',
        dnsPolicy: 'Bad',
        volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }, { name: 'Bad_', emptyDir: {}, configMap: { name: 'c' } }],
        containers: [
          {
            name: 'a',
            image: 'x',
            ports: [{ containerPort: 0 }, { containerPort: 70000, protocol: 'FOO', name: 'http' }, { containerPort: 80, name: 'http' }, { containerPort: 81, name: 'Toolongportname1' }],
            env: [{ name: 'has space' }, { name: '' }],
            volumeMounts: [{ name: 'missing', mountPath: '/x' }, { name: 'v', mountPath: '' }],
            resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
          },
          { name: 'a', image: 'y' },
        ],
      },
    }),
    create('policies-probes-tolerations', podPath, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'b' },
      spec: {
        activeDeadlineSeconds: 0,
        nodeSelector: { 'a b': 'c' },
        containers: [
          {
            name: 'a',
            image: 'x',
            imagePullPolicy: 'Sometimes',
            terminationMessagePolicy: 'X',
            env: [{ name: 'a=b' }],
            livenessProbe: {},
            readinessProbe: { exec: { command: ['x'] }, tcpSocket: { port: 1 } },
            resources: { limits: { memory: '-1' }, requests: { memory: '-1' } },
          },
        ],
        tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Foo', effect: 'Bad' }],
      },
    }),
  ]),
  scenario('pod-spec-more-rules', 'pod spec rules: volume sources, host ports, mount paths, probes, init containers, node and host names, tolerations, ephemeral containers', [
    serviceAccountStep,
    create('create', podPath, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        nodeName: 'Bad_Node',
        hostname: 'Bad.Host',
        subdomain: 'x.y',
        volumes: [{ name: 'cm', configMap: {} }, { name: 'sec', secret: {} }, { name: 'pvc', persistentVolumeClaim: {} }, { name: 'hp', hostPath: {} }],
        initContainers: [{ name: 'init', image: 'x', livenessProbe: { exec: { command: ['a'] } } }, { name: 'c', image: 'y' }, { name: 'side', image: 'z', restartPolicy: 'Never' }],
        containers: [
          {
            name: 'c',
            image: 'x',
            ports: [{ containerPort: 80, hostPort: 70000 }],
            volumeMounts: [{ name: 'cm', mountPath: '/a' }, { name: 'sec', mountPath: '/a' }],
            livenessProbe: { exec: { command: ['a'] }, successThreshold: 2, initialDelaySeconds: -1, periodSeconds: -1 },
            startupProbe: { httpGet: { port: 80 }, failureThreshold: -1 },
          },
        ],
        tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', operator: 'Equal', value: '-bad-', tolerationSeconds: 5, effect: 'NoSchedule' }],
        ephemeralContainers: [{ name: 'e', image: 'x' }],
      },
    }),
  ]),
  scenario('pod-security-context', "security contexts: ids, procMount, seccomp profiles, sysctls, fsGroupChangePolicy, and privileged containers (refused without kube-apiserver's --allow-privileged)", [
    serviceAccountStep,
    create('create', podPath, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        securityContext: { runAsUser: -1, runAsGroup: -2, fsGroup: -3, supplementalGroups: [-4], sysctls: [{ name: 'bad name', value: '1' }], fsGroupChangePolicy: 'Sometimes', seccompProfile: { type: 'Foo' } },
        containers: [{ name: 'c', image: 'x', securityContext: { runAsUser: -1, privileged: true, procMount: 'Weird', seccompProfile: { type: 'Localhost' } } }],
      },
    }),
  ]),
  scenario('pod-scheduling', 'node and pod affinity, DNS config for dnsPolicy None, topology spread constraints', [
    serviceAccountStep,
    create('create', podPath, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Foo' }, { key: 'b', operator: 'In' }, { key: 'c', operator: 'Exists', values: ['x'] }] }] },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
          },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }],
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'k' } }],
          },
        },
        topologySpreadConstraints: [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Maybe', labelSelector: { matchLabels: { a: 'b' } } }],
        dnsPolicy: 'None',
        containers: [container('c', 'x')],
      },
    }),
  ]),
  scenario('pod-env-resources-handlers', 'env valueFrom and envFrom, resource names and extended resources, lifecycle and probe handlers, readiness gates, host aliases', [
    serviceAccountStep,
    create('create', podPath, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        hostAliases: [{ ip: 'bad', hostnames: ['Bad_Host'] }],
        readinessGates: [{ conditionType: 'bad type!' }],
        containers: [
          {
            name: 'c',
            image: 'x',
            livenessProbe: { httpGet: { port: 0, scheme: 'FTP' } },
            readinessProbe: { tcpSocket: { port: 'Bad_Name' } },
            lifecycle: { preStop: {}, postStart: { exec: {} } },
            env: [
              { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'B', valueFrom: {} },
              { name: 'C', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } },
              { name: 'D', valueFrom: { configMapKeyRef: { key: 'bad key!', name: '' } } },
            ],
            envFrom: [{ prefix: '1=', configMapRef: { name: '' } }, {}],
            resources: { limits: { foo: '1' } },
          },
          // One resource per map: kube-apiserver checks a map's entries in Go's random map order.
          { name: 'd', image: 'x', resources: { limits: { 'example.com/gpu': '1.5' } } },
        ],
      },
    }),
  ]),
  scenario('pod-update-add-container', 'an update adding a container to a Pod', [
    serviceAccountStep,
    { ...create('create', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [container('web', 'nginx:1.27')] } }), expect: 'none' },
    patch('add-container', `${podPath}/p`, { spec: { containers: [container('side', 'busybox')] } }),
    patch('change-image', `${podPath}/p`, { spec: { containers: [container('web', 'nginx:1.28')] } }),
  ]),
  scenario('pod-status', 'status writes of a Pod: pod and host IPs, condition types, the nominated node', [
    serviceAccountStep,
    { ...create('create', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [container('web', 'nginx:1.27')] } }), expect: 'none' },
    mergeStatus('same-family', `${podPath}/p/status`, { status: { podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] } }),
    mergeStatus('invalid-ips', `${podPath}/p/status`, { status: { hostIP: 'h', hostIPs: [{ ip: 'h' }], podIPs: [{ ip: 'fd00::1' }, { ip: 'y' }] } }),
    mergeStatus('condition-and-nominated-node', `${podPath}/p/status`, { status: { nominatedNodeName: 'Bad_N', conditions: [{ type: 'bad type!', status: 'x' }] } }),
    { ...mergeStatus('dual-stack', `${podPath}/p/status`, { status: { podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] } }), expect: (b) => (b as Json).status },
  ]),
  scenario('pod-scheduling-gates', 'an unscheduled Pod may lose scheduling gates and gain node selector entries, nothing more', [
    serviceAccountStep,
    {
      ...create('create', podPath, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { schedulingGates: [{ name: 'a' }, { name: 'b' }], nodeSelector: { x: '1' }, containers: [container('web', 'nginx:1.27')] },
      }),
      expect: 'none',
    },
    patch('add-gate', `${podPath}/p`, { spec: { schedulingGates: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } }),
    { name: 'remove-gate', method: 'PATCH', path: `${podPath}/p`, headers: { 'Content-Type': JSON_PATCH }, body: { json: [{ op: 'remove', path: '/spec/schedulingGates/1' }] }, expect: (b) => ((b as Json).spec as Json).schedulingGates },
    { ...mergeStatus('add-node-selector', `${podPath}/p`, { spec: { nodeSelector: { y: '2' } } }), expect: (b) => ((b as Json).spec as Json).nodeSelector },
    mergeStatus('change-node-selector', `${podPath}/p`, { spec: { nodeSelector: { x: '2' } } }),
  ]),
  scenario('pod-update-tolerations-and-deadline', "pod updates: tolerations may be added, not dropped (scheduled or not); activeDeadlineSeconds and image checks", [
    serviceAccountStep,
    { ...create('free', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'free' }, spec: { tolerations: [{ key: 'k', operator: 'Exists' }], containers: [container('web', 'nginx:1.27')] } }), expect: 'none' },
    {
      ...create('bound', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' }, spec: { nodeName: 'n1', tolerations: [{ key: 'k', operator: 'Exists' }], containers: [container('web', 'nginx:1.27')] } }),
      expect: 'none',
    },
    jsonPatch('free-drops-toleration', `${podPath}/free`, [{ op: 'remove', path: '/spec/tolerations/0' }]),
    jsonPatch('bound-drops-toleration', `${podPath}/bound`, [{ op: 'remove', path: '/spec/tolerations/0' }]),
    jsonPatch('negative-deadline', `${podPath}/free`, [{ op: 'add', path: '/spec/activeDeadlineSeconds', value: -1 }]),
    jsonPatch('image-with-space', `${podPath}/free`, [{ op: 'replace', path: '/spec/containers/0/image', value: ' nginx' }]),
    jsonPatch('empty-image', `${podPath}/free`, [{ op: 'replace', path: '/spec/containers/0/image', value: '' }]),
  ]),
  scenario('pod-update-other-field', "an update changing a Pod's node selector: kube's list of what may change and a diff of the spec", [
    serviceAccountStep,
    { ...create('create', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [container('web', 'nginx:1.27')] } }), expect: 'none' },
    patch('node-selector', `${podPath}/p`, { spec: { nodeSelector: { disk: 'ssd' } } }),
  ]),
  scenario('replicaset', 'a ReplicaSet with negative counts and a selector that does not select its template', [
    create('create', rsPath, workload('apps/v1', 'ReplicaSet', 'rs', { replicas: -1, minReadySeconds: -1, selector: { matchLabels: { app: 'api' } }, template: podTemplate({ app: 'web' }, [container('c', '')]) })),
  ]),
  scenario('statefulset', 'StatefulSet rules: name, pod management policy, update strategy, retention policy, counts, selector', [
    create(
      'create',
      stsPath,
      workload('apps/v1', 'StatefulSet', 's.x', {
        replicas: -2,
        podManagementPolicy: 'Foo',
        minReadySeconds: -1,
        ordinals: { start: -1 },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' },
        updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
        selector: { matchLabels: { app: 'api' } },
        template: podTemplate({ app: 'web' }, [container('c', '')]),
      }),
    ),
    create(
      'rolling-update',
      stsPath,
      workload('apps/v1', 'StatefulSet', 's', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1, maxUnavailable: 0 } }, selector: {}, template: web }),
    ),
  ]),
  scenario('statefulset-update', "updates of a StatefulSet's serviceName and podManagementPolicy (immutable) and replicas (allowed)", [
    { ...create('create', stsPath, workload('apps/v1', 'StatefulSet', 's', { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: web })), expect: 'none' },
    put('service-name', `${stsPath}/s`, 'create', (s) => {
      spec(s).serviceName = 'api';
      spec(s).replicas = 3;
    }),
    put('pod-management-policy', `${stsPath}/s`, 'create', (s) => {
      spec(s).podManagementPolicy = 'Parallel';
    }),
    put('replicas', `${stsPath}/s`, 'create', (s) => {
      spec(s).replicas = 3;
    }),
  ]),
  scenario('daemonset', 'DaemonSet rules: selector mismatch, template, counts, rolling update', [
    create(
      'create',
      dsPath,
      workload('apps/v1', 'DaemonSet', 'ds', {
        selector: { matchLabels: { app: 'api' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
        revisionHistoryLimit: -1,
        minReadySeconds: -1,
        template: podTemplate({ app: 'web' }, [container('c', '')]),
      }),
    ),
    create('no-selector', dsPath, workload('apps/v1', 'DaemonSet', 'ds2', { template: web })),
  ]),
  scenario('update-strategies-and-claims', 'DaemonSet and StatefulSet update strategies, and StatefulSet claim templates (each also a volume of the template)', [
    create('daemonset-unknown-type', dsPath, workload('apps/v1', 'DaemonSet', 'a', { updateStrategy: { type: 'BlueGreen' }, selector: { matchLabels: { app: 'web' } }, template: web })),
    create(
      'daemonset-surge-and-unavailable',
      dsPath,
      workload('apps/v1', 'DaemonSet', 'b', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '150%' } }, selector: { matchLabels: { app: 'web' } }, template: web }),
    ),
    create(
      'statefulset-claims',
      stsPath,
      workload('apps/v1', 'StatefulSet', 'c', { updateStrategy: { type: 'BlueGreen' }, volumeClaimTemplates: [{ metadata: { name: 'Data_1' }, spec: {} }], selector: { matchLabels: { app: 'web' } }, template: web }),
    ),
  ]),
  scenario('replicationcontroller', 'ReplicationController rules: selector, template, counts', [
    create('create', rcPath, workload('v1', 'ReplicationController', 'rc', { replicas: -1, minReadySeconds: -1, selector: { app: 'api' }, template: podTemplate({ app: 'web' }, [container('c', '')]) })),
    create('no-template', rcPath, workload('v1', 'ReplicationController', 'rc2', {})),
  ]),
  scenario('podtemplate', 'a PodTemplate without containers and one with a container without image', [
    create('no-containers', podTemplatePath, { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'a' } }),
    create('no-image', podTemplatePath, { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'b' }, template: podTemplate({ app: 'web' }, [container('c', '')]) }),
  ]),
  scenario('job-counts-and-restart-policy', 'a Job with negative counts, restartPolicy Always, an unknown completion mode', [
    create(
      'counts',
      jobPath,
      workload('batch/v1', 'Job', 'a', { completions: -1, parallelism: -1, backoffLimit: -1, activeDeadlineSeconds: 0, ttlSecondsAfterFinished: -1, template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Always' }) }),
    ),
    create('no-restart-policy', jobPath, workload('batch/v1', 'Job', 'b', { template: podTemplate(undefined, [container('c', 'x')]) })),
    create('completion-mode', jobPath, workload('batch/v1', 'Job', 'c', { completionMode: 'Sometimes', template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) })),
  ]),
  scenario('job-selector', 'Job selectors: manual without a selector, a selector the server did not generate, a template label the server sets', [
    create('manual-without-selector', jobPath, workload('batch/v1', 'Job', 'a', { manualSelector: true, template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) })),
    create('not-generated', jobPath, workload('batch/v1', 'Job', 'b', { selector: { matchLabels: { a: 'b' } }, template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) })),
    create('wrong-job-name-label', jobPath, workload('batch/v1', 'Job', 'c', { template: podTemplate({ 'job-name': 'other' }, [container('c', 'x')], { restartPolicy: 'Never' }) })),
  ]),
  scenario('job-indexed', 'Jobs: per-index backoff and failed indexes, Indexed parallelism, the replacement policy with a pod failure policy, a template deadline', [
    create('per-index-not-indexed', jobPath, workload('batch/v1', 'Job', 'a', { backoffLimitPerIndex: 1, maxFailedIndexes: 2, template: neverRestarts })),
    create('too-parallel', jobPath, workload('batch/v1', 'Job', 'b', { completionMode: 'Indexed', parallelism: 200000, completions: 300000, maxFailedIndexes: 2, template: neverRestarts })),
    create('too-many-failed', jobPath, workload('batch/v1', 'Job', 'c', { completionMode: 'Indexed', completions: 3, parallelism: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 5, template: neverRestarts })),
    create(
      'replacement-with-failure-policy',
      jobPath,
      workload('batch/v1', 'Job', 'd', {
        podReplacementPolicy: 'TerminatingOrFailed',
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] },
        template: neverRestarts,
      }),
    ),
    create('template-deadline', jobPath, workload('batch/v1', 'Job', 'e', { template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'OnFailure', activeDeadlineSeconds: -5 }) })),
  ]),
  scenario('job-status', 'status writes of a Job: counters not negative, failed and succeeded never going down', [
    { ...create('create', jobPath, workload('batch/v1', 'Job', 'j', { suspend: true, template: neverRestarts })), expect: 'none' },
    mergeStatus('negative', `${jobPath}/j/status`, { status: { active: -1, succeeded: -2, failed: -3, ready: -4, terminating: -5 } }),
    { ...mergeStatus('counts', `${jobPath}/j/status`, { status: { failed: 2, succeeded: 1 } }), expect: (b) => (b as Json).status },
    mergeStatus('fewer-failed', `${jobPath}/j/status`, { status: { failed: 1 } }),
  ]),
  scenario('job-immutable-fields', "updates of a Job's completions, completionMode and selector", [
    { ...create('create', jobPath, workload('batch/v1', 'Job', 'j', { suspend: true, template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) })), expect: 'none' },
    put('completions-and-mode', `${jobPath}/j`, 'create', (j) => {
      spec(j).completions = 3;
      spec(j).completionMode = 'Indexed';
    }),
    put('selector', `${jobPath}/j`, 'create', (j) => {
      ((spec(j).selector as Json).matchLabels as Json).x = 'y';
    }),
    put('scheduling-while-suspended', `${jobPath}/j`, 'create', (j) => {
      templateSpec(j).nodeSelector = { disk: 'ssd' };
    }),
  ]),
  scenario('job-template-change', "an update of a Job's pod template (immutable), while suspended and not", [
    { ...create('create', jobPath, workload('batch/v1', 'Job', 'j', { suspend: true, template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) })), expect: 'none' },
    put('image-while-suspended', `${jobPath}/j`, 'create', (j) => {
      firstContainer(templateSpec(j)).image = 'y';
    }),
    put('image', `${jobPath}/j`, 'create', (j) => {
      spec(j).suspend = false;
      firstContainer(templateSpec(j)).image = 'y';
    }),
  ]),
  scenario('cronjob-schedule', 'CronJob schedules the cron parser refuses, and a missing schedule', [
    ...[
      ['fields', 'not a schedule'],
      ['range', '61 * * * *'],
      ['syntax', 'x */0 * * *'],
      ['descriptor', '@fortnightly'],
      ['time-zone-in-schedule', 'TZ=UTC 0 * * * *'],
    ].map(([name = '', schedule]): Step => create(name, cronJobPath, workload('batch/v1', 'CronJob', name, { schedule, jobTemplate: { spec: { template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) } } }))),
    create('missing', cronJobPath, workload('batch/v1', 'CronJob', 'missing', { jobTemplate: { spec: { template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) } } })),
  ]),
  scenario('cronjob-fields', 'CronJob time zone, concurrency policy, history limits, job template and name length', [
    create(
      'fields',
      cronJobPath,
      workload('batch/v1', 'CronJob', 'c', {
        schedule: '@hourly',
        timeZone: 'Mars/Base',
        concurrencyPolicy: 'Sometimes',
        startingDeadlineSeconds: -1,
        successfulJobsHistoryLimit: -1,
        failedJobsHistoryLimit: -1,
        jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate(undefined, [container('c', '')]) } },
      }),
    ),
    create('long-name', cronJobPath, workload('batch/v1', 'CronJob', `c${'1'.repeat(52)}`, { schedule: '0 * * * *', jobTemplate: { spec: { template: podTemplate(undefined, [container('c', 'x')], { restartPolicy: 'Never' }) } } })),
  ]),
];
