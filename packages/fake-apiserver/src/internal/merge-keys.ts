// The strategic-merge metadata of the built-in kinds: which lists merge (and by which key) instead
// of being replaced. It mirrors the `patchStrategy`/`patchMergeKey` tags of the k8s.io/api types
// for the fields the built-in kinds have; every list not named here is replaced by a patch, as it
// is in Kubernetes (tolerations, containerStatuses, args, …).
import type { KindInfo } from './kinds.js';

/** How a strategic merge patch treats one field. */
export interface PatchField {
  /** `'merge'`: a list merges (by `mergeKey` for lists of objects, as a set for scalars). Lists replace otherwise. */
  readonly strategy?: 'merge';
  /** The item field identifying list items, e.g. `name` for containers. */
  readonly mergeKey?: string;
  /** The type of the field's value (or of its items, for a list), for fields inside it. */
  readonly type?: string;
}

type TypeTable = Readonly<Record<string, Readonly<Record<string, PatchField>>>>;

const byName = (type?: string): PatchField => ({ strategy: 'merge', mergeKey: 'name', ...(type === undefined ? {} : { type }) });
const byKey = (mergeKey: string): PatchField => ({ strategy: 'merge', mergeKey });
const setOf: PatchField = { strategy: 'merge' };
const conditions: PatchField = byKey('type');
const objectMeta: PatchField = { type: 'ObjectMeta' };
const podTemplate: PatchField = { type: 'PodTemplateSpec' };
const conditionsStatus: PatchField = { type: 'ConditionsStatus' };

/** Field metadata per type name; the root type of each kind is in ROOT_TYPES. */
const PATCH_TYPES: TypeTable = {
  ObjectMeta: { finalizers: setOf, ownerReferences: byKey('uid') },
  Object: { metadata: objectMeta },
  ConditionsStatus: { conditions },

  Pod: { metadata: objectMeta, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  PodTemplateSpec: { metadata: objectMeta, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: byName(),
    initContainers: byName('Container'),
    containers: byName('Container'),
    ephemeralContainers: byName('Container'),
    imagePullSecrets: byName(),
    hostAliases: byKey('ip'),
    topologySpreadConstraints: byKey('topologyKey'),
    schedulingGates: byName(),
    resourceClaims: byName(),
  },
  Container: {
    ports: byKey('containerPort'),
    env: byName(),
    volumeMounts: byKey('mountPath'),
    volumeDevices: byKey('devicePath'),
  },
  PodStatus: { conditions, podIPs: byKey('ip'), hostIPs: byKey('ip'), resourceClaimStatuses: byName() },

  Service: { metadata: objectMeta, spec: { type: 'ServiceSpec' }, status: conditionsStatus },
  ServiceSpec: { ports: byKey('port') },
  Node: { metadata: objectMeta, spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  NodeSpec: { podCIDRs: setOf },
  NodeStatus: { conditions, addresses: byKey('type') },
  ServiceAccount: { metadata: objectMeta, secrets: byName() },
  WithConditions: { metadata: objectMeta, status: conditionsStatus },

  Workload: { metadata: objectMeta, spec: { type: 'WorkloadSpec' }, status: conditionsStatus },
  WorkloadSpec: { template: podTemplate },
  CronJob: { metadata: objectMeta, spec: { type: 'CronJobSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  JobTemplateSpec: { metadata: objectMeta, spec: { type: 'WorkloadSpec' } },
};

const ROOT_TYPES: Readonly<Record<string, string>> = {
  '/Pod': 'Pod',
  '/Service': 'Service',
  '/Node': 'Node',
  '/ServiceAccount': 'ServiceAccount',
  '/Namespace': 'WithConditions',
  '/PersistentVolumeClaim': 'WithConditions',
  'apps/Deployment': 'Workload',
  'apps/ReplicaSet': 'Workload',
  'apps/StatefulSet': 'Workload',
  'apps/DaemonSet': 'Workload',
  'batch/Job': 'Workload',
  'batch/CronJob': 'CronJob',
};

/** The type name strategic merge starts from for a kind (`Object`, metadata only, when nothing else is known). */
export function rootPatchType(kind: KindInfo): string {
  return ROOT_TYPES[`${kind.group}/${kind.kind}`] ?? 'Object';
}

/** The patch metadata of `field` inside a value of type `type`; `{}` (maps merge, lists replace) when unknown. */
export function patchField(type: string | undefined, field: string): PatchField {
  if (type === undefined) return {};
  const fields = PATCH_TYPES[type];
  return fields !== undefined && Object.hasOwn(fields, field) ? (fields[field] ?? {}) : {};
}
