// Defaulting and server-set fields of Pods and the kinds that hold a pod template: minimal and
// fuller objects of each kind created and read back whole (managedFields included: the creator
// owns the defaulted fields, not the ones the server sets after), an update that drops a defaulted
// field (it comes back), strategic merge patches, and the fields set on create (Job selector and
// labels, DaemonSet template generation, Pod status and admission defaults).
import type { Projection, Scenario, Step } from '../scenario.js';
import { namespaceStep, rvOf, STRATEGIC } from './common.js';

const AREA = 'defaulting';

/** The whole object. */
const whole: Projection = (body) => body;

const podsPath = '/api/v1/namespaces/{ns}/pods';
const podTemplatesPath = '/api/v1/namespaces/{ns}/podtemplates';
const rcPath = '/api/v1/namespaces/{ns}/replicationcontrollers';
const deploymentsPath = '/apis/apps/v1/namespaces/{ns}/deployments';
const replicaSetsPath = '/apis/apps/v1/namespaces/{ns}/replicasets';
const statefulSetsPath = '/apis/apps/v1/namespaces/{ns}/statefulsets';
const daemonSetsPath = '/apis/apps/v1/namespaces/{ns}/daemonsets';
const jobsPath = '/apis/batch/v1/namespaces/{ns}/jobs';
const cronJobsPath = '/apis/batch/v1/namespaces/{ns}/cronjobs';

/** Pod admission needs the namespace's default ServiceAccount, which no controller creates here. */
const serviceAccountStep: Step = {
  name: 'service-account',
  setup: true,
  method: 'POST',
  path: '/api/v1/namespaces/{ns}/serviceaccounts',
  body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } },
};

function create(path: string, obj: Record<string, unknown>, name = 'create'): Step {
  return { name, method: 'POST', path, body: { json: obj }, expect: whole };
}

function get(path: string, name: string, step = 'get'): Step {
  return { name: step, method: 'GET', path: `${path}/${name}`, expect: whole };
}

function strategicPatch(path: string, name: string, patch: unknown, step = 'strategic-patch'): Step {
  return { name: step, method: 'PATCH', path: `${path}/${name}`, headers: { 'Content-Type': STRATEGIC }, body: { json: patch }, expect: whole };
}

/** A PUT of the object as `create` answered it, changed by `edit`, carrying its resourceVersion. */
function updateFrom(path: string, name: string, from: string, edit: (obj: Record<string, unknown>) => void, step = 'update'): Step {
  return {
    name: step,
    method: 'PUT',
    path: `${path}/${name}`,
    body: (ctx) => {
      const obj = structuredClone(ctx.answers[from]?.body) as Record<string, unknown> & { metadata: Record<string, unknown> };
      delete obj.metadata.managedFields;
      obj.metadata.resourceVersion = rvOf(ctx.answers[from]);
      edit(obj);
      return { json: obj };
    },
    expect: whole,
  };
}

function specOf(obj: Record<string, unknown>): Record<string, unknown> {
  return obj.spec as Record<string, unknown>;
}

function templateSpecOf(obj: Record<string, unknown>): Record<string, unknown> {
  return (specOf(obj).template as { spec: Record<string, unknown> }).spec;
}

const labels = { app: 'web' };
const selector = { matchLabels: labels };
const container = { name: 'web', image: 'nginx:1.27' };
const template = { metadata: { labels }, spec: { containers: [container] } };

const minimalPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'minimal' },
  spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'nginx' }] },
};

const fullerPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'fuller', labels: { app: 'p' } },
  spec: {
    automountServiceAccountToken: false,
    hostNetwork: true,
    serviceAccount: 'default',
    schedulingGates: [{ name: 'example.com/gate' }],
    initContainers: [
      { name: 'init', image: 'busybox:latest', resources: { limits: { cpu: '100m' } } },
      { name: 'sidecar', image: 'busybox', restartPolicy: 'Always' },
    ],
    containers: [
      {
        name: 'c',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { limits: { cpu: '1', memory: '1Gi' } },
        livenessProbe: { httpGet: { port: 80 } },
        readinessProbe: { grpc: { port: 9000 } },
        startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
        lifecycle: { preStop: { httpGet: { port: 80 } }, postStart: { sleep: { seconds: 1 } } },
        securityContext: { runAsUser: 1000 },
      },
      { name: 'd', image: 'registry.example.com:5000/app@sha256:0000000000000000000000000000000000000000000000000000000000000000' },
    ],
    volumes: [
      { name: 'none' },
      { name: 'secret', secret: { secretName: 'x' } },
      { name: 'config', configMap: { name: 'y' } },
      { name: 'host', hostPath: { path: '/tmp' } },
      { name: 'downward', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
      {
        name: 'projected',
        projected: { sources: [{ serviceAccountToken: { path: 't' } }, { downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] } }] },
      },
      { name: 'ephemeral', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
      { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'iscsi', iscsi: { targetPortal: '1.2.3.4:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 } },
      { name: 'azure', azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd' } },
      { name: 'csi', csi: { driver: 'driver.example.com' } },
    ],
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      { key: 'k', value: 'v' },
    ],
  },
};

function pod(name: string, resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { automountServiceAccountToken: false, containers: resources.map((r, i) => ({ name: `c${i}`, image: 'nginx:1.27', resources: r })) },
  };
}

/** The whole object, the random part of the token volume's name (5 characters of kube's generated-name alphabet) replaced. */
const withTokenVolume: Projection = (body) =>
  JSON.parse(JSON.stringify(body).replace(/kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, 'kube-api-access-<random>')) as unknown;

function mountingPod(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec } };
}

const podScenarios: Scenario[] = [
  {
    name: 'defaults-pod-minimal',
    area: AREA,
    description: 'a minimal Pod: spec and container defaults, serviceAccountName, priority and tolerations from admission, status Pending and BestEffort; a status write without the QoS class keeps it; an update without the admitted tolerations and priority gets them back',
    steps: [
      namespaceStep,
      serviceAccountStep,
      create(podsPath, minimalPod),
      get(podsPath, 'minimal'),
      updateFrom(podsPath, 'minimal', 'create', (obj) => {
        const spec = specOf(obj);
        delete spec.terminationGracePeriodSeconds;
        delete spec.schedulerName;
        delete (spec.containers as Record<string, unknown>[])[0]!.imagePullPolicy;
      }),
      strategicPatch(podsPath, 'minimal', { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }], activeDeadlineSeconds: 60 } }),
      {
        name: 'status-without-qos',
        method: 'PATCH',
        path: `${podsPath}/minimal/status`,
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { json: { status: { phase: 'Running', qosClass: null } } },
        expect: whole,
      },
      updateFrom(podsPath, 'minimal', 'status-without-qos', (obj) => {
        const spec = specOf(obj);
        delete spec.tolerations;
        delete spec.priority;
        delete spec.preemptionPolicy;
      }, 'update-without-admitted'),
    ],
  },
  {
    name: 'defaults-pod-fuller',
    area: AREA,
    description: 'a Pod with probes, ports, env, volumes of each defaulted source, hostNetwork, scheduling gates and own tolerations',
    steps: [namespaceStep, serviceAccountStep, create(podsPath, fullerPod), get(podsPath, 'fuller')],
  },
  {
    name: 'defaults-pod-service-account-token',
    area: AREA,
    description: "the ServiceAccount admission plugin mounts a kube-api-access-<random> token volume in every container and init container, unless the pod or its account turns automounting off or a container has its own mount at the token path",
    steps: [
      namespaceStep,
      serviceAccountStep,
      {
        name: 'quiet-account',
        setup: true,
        method: 'POST',
        path: '/api/v1/namespaces/{ns}/serviceaccounts',
        body: { json: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet' }, automountServiceAccountToken: false } },
      },
      { name: 'mounted', method: 'POST', path: podsPath, body: { json: mountingPod('mounted', { initContainers: [{ name: 'i', image: 'busybox' }] }) }, expect: withTokenVolume },
      {
        name: 'own-mount',
        method: 'POST',
        path: podsPath,
        body: {
          json: mountingPod('own-mount', {
            containers: [
              { name: 'c', image: 'nginx:1.27', volumeMounts: [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] },
              { name: 'd', image: 'nginx:1.27' },
            ],
            volumes: [{ name: 'mine', emptyDir: {} }],
          }),
        },
        expect: withTokenVolume,
      },
      { name: 'quiet', method: 'POST', path: podsPath, body: { json: mountingPod('quiet', { serviceAccountName: 'quiet' }) }, expect: whole },
      { name: 'pod-says-mount', method: 'POST', path: podsPath, body: { json: mountingPod('loud', { serviceAccountName: 'quiet', automountServiceAccountToken: true }) }, expect: withTokenVolume },
    ],
  },
  {
    name: 'defaults-pod-level-resources',
    area: AREA,
    description: "a Pod's own resources completed from its containers': requests from their effective requests (sidecars and init containers counted) or the pod's limits, limits from theirs when all of them limit; the QoS class from the pod's",
    steps: [
      namespaceStep,
      serviceAccountStep,
      create(podsPath, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'limited' },
        spec: {
          automountServiceAccountToken: false,
          resources: { limits: { cpu: '4', memory: '1Gi' } },
          initContainers: [
            { name: 'side', image: 'busybox', restartPolicy: 'Always', resources: { requests: { cpu: '250m' } } },
            { name: 'init', image: 'busybox', resources: { requests: { cpu: '3' } } },
          ],
          containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '500m' } } }, { name: 'd', image: 'nginx:1.27' }],
        },
      }, 'limited'),
      create(podsPath, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'requested' },
        spec: {
          automountServiceAccountToken: false,
          resources: { requests: { cpu: '1', memory: '1Gi' } },
          containers: [
            { name: 'c', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '512Mi' } } },
            { name: 'd', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '512Mi' } } },
          ],
        },
      }, 'requested'),
    ],
  },
  {
    name: 'defaults-pod-qos',
    area: AREA,
    description: "a Pod's QoS class from its containers' resources: Guaranteed (requests from limits), Burstable, BestEffort",
    steps: [
      namespaceStep,
      serviceAccountStep,
      create(podsPath, pod('guaranteed', [{ limits: { cpu: '500m', memory: '128Mi' } }, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m' } }]), 'guaranteed'),
      create(podsPath, pod('burstable', [{ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } }]), 'burstable'),
      create(podsPath, pod('requests-only', [{ requests: { memory: '64Mi' } }, {}]), 'requests-only'),
      create(podsPath, pod('other-resource', [{ limits: { 'example.com/gpu': '1' } }]), 'other-resource'),
    ],
  },
];

const workloadScenarios: Scenario[] = [
  {
    name: 'defaults-deployment',
    area: AREA,
    description: 'a Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, template defaults; a PUT without them gets them back; Recreate by strategic patch; a new annotation counts as a generation, a new label not',
    steps: [
      namespaceStep,
      create(deploymentsPath, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector, template } }),
      get(deploymentsPath, 'web'),
      updateFrom(deploymentsPath, 'web', 'create', (obj) => {
        const spec = specOf(obj);
        delete spec.revisionHistoryLimit;
        delete spec.strategy;
        delete templateSpecOf(obj).dnsPolicy;
      }),
      strategicPatch(deploymentsPath, 'web', { spec: { strategy: { type: 'Recreate', rollingUpdate: null }, template: { spec: { serviceAccountName: 'robot' } } } }),
      strategicPatch(deploymentsPath, 'web', { metadata: { labels: { team: 'a' } } }, 'label'),
      strategicPatch(deploymentsPath, 'web', { metadata: { annotations: { note: 'x' } } }, 'annotate'),
      create(deploymentsPath, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'surge' },
        spec: { replicas: 0, selector, strategy: { rollingUpdate: { maxSurge: 2 } }, template },
      }, 'create-surge'),
    ],
  },
  {
    name: 'defaults-replicaset',
    area: AREA,
    description: 'a ReplicaSet: replicas 1, status replicas 0; a status write without replicas',
    steps: [
      namespaceStep,
      create(replicaSetsPath, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: { selector, template } }),
      get(replicaSetsPath, 'web'),
      updateFrom(replicaSetsPath, 'web', 'create', (obj) => {
        delete specOf(obj).replicas;
        obj.status = { replicas: 5 };
      }),
      {
        name: 'status',
        method: 'PATCH',
        path: `${replicaSetsPath}/web/status`,
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { json: { status: { replicas: null, observedGeneration: 1 } } },
        expect: whole,
      },
    ],
  },
  {
    name: 'defaults-statefulset',
    area: AREA,
    description: 'a StatefulSet: replicas, OrderedReady, RollingUpdate partition 0 and maxUnavailable 1, PVC retention, serviceName ""; claim templates as PersistentVolumeClaims',
    steps: [
      namespaceStep,
      create(statefulSetsPath, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { selector, template } }),
      create(statefulSetsPath, {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'claims' },
        spec: {
          serviceName: 'db',
          selector,
          updateStrategy: { type: 'OnDelete' },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' },
          template,
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      }, 'create-claims'),
      create(statefulSetsPath, {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'partition' },
        spec: { selector, updateStrategy: { rollingUpdate: { partition: 2 } }, template },
      }, 'create-partition'),
      create(statefulSetsPath, {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'typed' },
        spec: { selector, updateStrategy: { type: 'RollingUpdate' }, template },
      }, 'create-typed'),
      get(statefulSetsPath, 'claims'),
      strategicPatch(statefulSetsPath, 'db', { spec: { updateStrategy: { rollingUpdate: { partition: 1, maxUnavailable: null } }, replicas: null, revisionHistoryLimit: 2 } }),
    ],
  },
  {
    name: 'defaults-daemonset',
    area: AREA,
    description: 'a DaemonSet: RollingUpdate maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10, the template generation annotation (1, then bumped by a template change only)',
    steps: [
      namespaceStep,
      create(daemonSetsPath, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', annotations: { a: 'b' } }, spec: { selector, template } }),
      strategicPatch(daemonSetsPath, 'agent', { spec: { revisionHistoryLimit: 3 } }, 'patch-spec'),
      strategicPatch(daemonSetsPath, 'agent', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } }, 'patch-template'),
      updateFrom(daemonSetsPath, 'agent', 'patch-template', (obj) => {
        delete (obj.metadata as { annotations: Record<string, unknown> }).annotations['deprecated.daemonset.template.generation'];
        specOf(obj).updateStrategy = { type: 'OnDelete' };
      }),
    ],
  },
  {
    name: 'defaults-job',
    area: AREA,
    description: "a Job: parallelism, completions, backoffLimit, completionMode, suspend, manualSelector, podReplacementPolicy; the generated selector and labels (both forms), copied to the Job's own labels when it has none",
    steps: [
      namespaceStep,
      create(jobsPath, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'minimal' },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      }),
      create(jobsPath, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'labelled' },
        spec: { parallelism: 2, template: { metadata: { labels: { app: 'j' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      }, 'create-labelled'),
      create(jobsPath, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'indexed', labels: { mine: 'x' } },
        spec: {
          completions: 3,
          completionMode: 'Indexed',
          podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
          template: { metadata: { labels: { app: 'j' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      }, 'create-indexed'),
      create(jobsPath, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'manual' },
        spec: {
          manualSelector: true,
          selector: { matchLabels: { x: 'y' } },
          template: { metadata: { labels: { x: 'y' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      }, 'create-manual'),
      get(jobsPath, 'minimal'),
      strategicPatch(jobsPath, 'minimal', { spec: { suspend: true, backoffLimit: null } }),
    ],
  },
  {
    name: 'defaults-cronjob',
    area: AREA,
    description: "a CronJob: concurrencyPolicy Allow, suspend false, history limits 3 and 1, the job template's metadata and pod template defaults (no Job defaults)",
    steps: [
      namespaceStep,
      create(cronJobsPath, {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'tick' },
        spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
      }),
      get(cronJobsPath, 'tick'),
      strategicPatch(cronJobsPath, 'tick', { spec: { concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: null, jobTemplate: { spec: { backoffLimit: 1 } } } }),
    ],
  },
  {
    name: 'defaults-replicationcontroller',
    area: AREA,
    description: "a ReplicationController: replicas 1, selector and labels from the template's labels when empty",
    steps: [
      namespaceStep,
      create(rcPath, { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'web' }, spec: { template } }),
      create(rcPath, { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'own', labels: { own: '1' } }, spec: { replicas: 0, selector: labels, template } }, 'create-own'),
      get(rcPath, 'web'),
    ],
  },
  {
    name: 'defaults-podtemplate',
    area: AREA,
    description: "a PodTemplate: its template's pod spec defaults (no Pod-only defaults)",
    steps: [
      namespaceStep,
      create(podTemplatesPath, {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'tpl' },
        template: { metadata: { labels }, spec: { containers: [{ ...container, resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 80 }] }] } },
      }),
      get(podTemplatesPath, 'tpl'),
    ],
  },
];

export const defaultsWorkloadScenarios: readonly Scenario[] = [...podScenarios, ...workloadScenarios];
