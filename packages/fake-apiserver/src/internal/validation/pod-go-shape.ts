// A pod spec as kube-apiserver prints it inside some messages: its internal Go struct marshalled
// to JSON without JSON tags, so fields carry their Go names (`Containers`, `DNSPolicy`), in Go
// struct order, with every zero value present (`""`, `false`, `null`). A Job's immutable template
// and a pod update's diff quote it this way. The common types are described field by field below;
// values of types not listed are printed as they were sent.
import { isJsonObject } from '../json-value.js';

/** How a field's zero value prints and how a set value is shaped. */
type FieldKind =
  | 'string'
  | 'bool'
  | 'int'
  /** A pointer, slice or map of plain JSON: `null` when unset, the value as it is otherwise. */
  | 'nullable'
  | { readonly struct: string; readonly pointer?: true }
  | { readonly list: string };

type StructFields = readonly (readonly [goName: string, jsonName: string, kind: FieldKind])[];

const RESOURCES: StructFields = [
  ['Limits', 'limits', 'nullable'],
  ['Requests', 'requests', 'nullable'],
  ['Claims', 'claims', 'nullable'],
];

const CONTAINER_PORT: StructFields = [
  ['Name', 'name', 'string'],
  ['HostPort', 'hostPort', 'int'],
  ['ContainerPort', 'containerPort', 'int'],
  ['Protocol', 'protocol', 'string'],
  ['HostIP', 'hostIP', 'string'],
];

const ENV_VAR: StructFields = [
  ['Name', 'name', 'string'],
  ['Value', 'value', 'string'],
  ['ValueFrom', 'valueFrom', 'nullable'],
];

const VOLUME_MOUNT: StructFields = [
  ['Name', 'name', 'string'],
  ['ReadOnly', 'readOnly', 'bool'],
  ['RecursiveReadOnly', 'recursiveReadOnly', 'nullable'],
  ['MountPath', 'mountPath', 'string'],
  ['SubPath', 'subPath', 'string'],
  ['MountPropagation', 'mountPropagation', 'nullable'],
  ['SubPathExpr', 'subPathExpr', 'string'],
  ['BindMountOptions', 'bindMountOptions', 'nullable'],
];

const CONTAINER: StructFields = [
  ['Name', 'name', 'string'],
  ['Image', 'image', 'string'],
  ['Command', 'command', 'nullable'],
  ['Args', 'args', 'nullable'],
  ['WorkingDir', 'workingDir', 'string'],
  ['Ports', 'ports', { list: 'ContainerPort' }],
  ['EnvFrom', 'envFrom', 'nullable'],
  ['Env', 'env', { list: 'EnvVar' }],
  ['Resources', 'resources', { struct: 'ResourceRequirements' }],
  ['ResizePolicy', 'resizePolicy', 'nullable'],
  ['RestartPolicy', 'restartPolicy', 'nullable'],
  ['RestartPolicyRules', 'restartPolicyRules', 'nullable'],
  ['VolumeMounts', 'volumeMounts', { list: 'VolumeMount' }],
  ['VolumeDevices', 'volumeDevices', 'nullable'],
  ['LivenessProbe', 'livenessProbe', 'nullable'],
  ['ReadinessProbe', 'readinessProbe', 'nullable'],
  ['StartupProbe', 'startupProbe', 'nullable'],
  ['Lifecycle', 'lifecycle', 'nullable'],
  ['TerminationMessagePath', 'terminationMessagePath', 'string'],
  ['TerminationMessagePolicy', 'terminationMessagePolicy', 'string'],
  ['ImagePullPolicy', 'imagePullPolicy', 'string'],
  ['SecurityContext', 'securityContext', 'nullable'],
  ['Stdin', 'stdin', 'bool'],
  ['StdinOnce', 'stdinOnce', 'bool'],
  ['TTY', 'tty', 'bool'],
];

const POD_SECURITY_CONTEXT: StructFields = [
  ['SELinuxOptions', 'seLinuxOptions', 'nullable'],
  ['WindowsOptions', 'windowsOptions', 'nullable'],
  ['RunAsUser', 'runAsUser', 'nullable'],
  ['RunAsGroup', 'runAsGroup', 'nullable'],
  ['RunAsNonRoot', 'runAsNonRoot', 'nullable'],
  ['SupplementalGroups', 'supplementalGroups', 'nullable'],
  ['SupplementalGroupsPolicy', 'supplementalGroupsPolicy', 'nullable'],
  ['FSGroup', 'fsGroup', 'nullable'],
  ['Sysctls', 'sysctls', 'nullable'],
  ['FSGroupChangePolicy', 'fsGroupChangePolicy', 'nullable'],
  ['SeccompProfile', 'seccompProfile', 'nullable'],
  ['AppArmorProfile', 'appArmorProfile', 'nullable'],
  ['SELinuxChangePolicy', 'seLinuxChangePolicy', 'nullable'],
];

const TOLERATION: StructFields = [
  ['Key', 'key', 'string'],
  ['Operator', 'operator', 'string'],
  ['Value', 'value', 'string'],
  ['Effect', 'effect', 'string'],
  ['TolerationSeconds', 'tolerationSeconds', 'nullable'],
];

const OBJECT_FIELD_SELECTOR: StructFields = [
  ['APIVersion', 'apiVersion', 'string'],
  ['FieldPath', 'fieldPath', 'string'],
];

const KEY_TO_PATH: StructFields = [
  ['Key', 'key', 'string'],
  ['Path', 'path', 'string'],
  ['Mode', 'mode', 'nullable'],
  ['User', 'user', 'nullable'],
];

const DOWNWARD_API_FILE: StructFields = [
  ['Path', 'path', 'string'],
  ['FieldRef', 'fieldRef', { struct: 'ObjectFieldSelector', pointer: true }],
  ['ResourceFieldRef', 'resourceFieldRef', 'nullable'],
  ['Mode', 'mode', 'nullable'],
  ['User', 'user', 'nullable'],
];

const VOLUME_PROJECTION: StructFields = [
  ['Secret', 'secret', { struct: 'SecretProjection', pointer: true }],
  ['DownwardAPI', 'downwardAPI', { struct: 'DownwardAPIProjection', pointer: true }],
  ['ConfigMap', 'configMap', { struct: 'ConfigMapProjection', pointer: true }],
  ['ServiceAccountToken', 'serviceAccountToken', { struct: 'ServiceAccountTokenProjection', pointer: true }],
  ['ClusterTrustBundle', 'clusterTrustBundle', 'nullable'],
  ['PodCertificate', 'podCertificate', 'nullable'],
];

/** A ConfigMap or Secret projection (its LocalObjectReference's Name inline). */
const NAMED_PROJECTION: StructFields = [
  ['Name', 'name', 'string'],
  ['Items', 'items', { list: 'KeyToPath' }],
  ['Optional', 'optional', 'nullable'],
];

const VOLUME: StructFields = [
  ['Name', 'name', 'string'],
  // The VolumeSource is embedded: its fields are the Volume's.
  ['HostPath', 'hostPath', { struct: 'HostPathVolumeSource', pointer: true }],
  ['EmptyDir', 'emptyDir', { struct: 'EmptyDirVolumeSource', pointer: true }],
  ['GCEPersistentDisk', 'gcePersistentDisk', 'nullable'],
  ['AWSElasticBlockStore', 'awsElasticBlockStore', 'nullable'],
  ['GitRepo', 'gitRepo', 'nullable'],
  ['Secret', 'secret', { struct: 'SecretVolumeSource', pointer: true }],
  ['NFS', 'nfs', 'nullable'],
  ['ISCSI', 'iscsi', 'nullable'],
  ['Glusterfs', 'glusterfs', 'nullable'],
  ['PersistentVolumeClaim', 'persistentVolumeClaim', { struct: 'PersistentVolumeClaimVolumeSource', pointer: true }],
  ['RBD', 'rbd', 'nullable'],
  ['FlexVolume', 'flexVolume', 'nullable'],
  ['Cinder', 'cinder', 'nullable'],
  ['CephFS', 'cephfs', 'nullable'],
  ['Flocker', 'flocker', 'nullable'],
  ['DownwardAPI', 'downwardAPI', 'nullable'],
  ['FC', 'fc', 'nullable'],
  ['AzureFile', 'azureFile', 'nullable'],
  ['ConfigMap', 'configMap', { struct: 'ConfigMapVolumeSource', pointer: true }],
  ['VsphereVolume', 'vsphereVolume', 'nullable'],
  ['Quobyte', 'quobyte', 'nullable'],
  ['AzureDisk', 'azureDisk', 'nullable'],
  ['PhotonPersistentDisk', 'photonPersistentDisk', 'nullable'],
  ['Projected', 'projected', { struct: 'ProjectedVolumeSource', pointer: true }],
  ['PortworxVolume', 'portworxVolume', 'nullable'],
  ['ScaleIO', 'scaleIO', 'nullable'],
  ['StorageOS', 'storageos', 'nullable'],
  ['CSI', 'csi', 'nullable'],
  ['Ephemeral', 'ephemeral', 'nullable'],
  ['Image', 'image', 'nullable'],
];

const POD_SPEC: StructFields = [
  ['Volumes', 'volumes', { list: 'Volume' }],
  ['InitContainers', 'initContainers', { list: 'Container' }],
  ['Containers', 'containers', { list: 'Container' }],
  ['EphemeralContainers', 'ephemeralContainers', 'nullable'],
  ['RestartPolicy', 'restartPolicy', 'string'],
  ['TerminationGracePeriodSeconds', 'terminationGracePeriodSeconds', 'nullable'],
  ['ActiveDeadlineSeconds', 'activeDeadlineSeconds', 'nullable'],
  ['DNSPolicy', 'dnsPolicy', 'string'],
  ['NodeSelector', 'nodeSelector', 'nullable'],
  ['ServiceAccountName', 'serviceAccountName', 'string'],
  ['DeprecatedServiceAccount', 'serviceAccount', 'string'],
  ['AutomountServiceAccountToken', 'automountServiceAccountToken', 'nullable'],
  ['NodeName', 'nodeName', 'string'],
  ['HostNetwork', 'hostNetwork', 'bool'],
  ['HostPID', 'hostPID', 'bool'],
  ['HostIPC', 'hostIPC', 'bool'],
  ['ShareProcessNamespace', 'shareProcessNamespace', 'nullable'],
  ['SecurityContext', 'securityContext', { struct: 'PodSecurityContext', pointer: true }],
  ['ImagePullSecrets', 'imagePullSecrets', 'nullable'],
  ['Hostname', 'hostname', 'string'],
  ['Subdomain', 'subdomain', 'string'],
  ['Affinity', 'affinity', 'nullable'],
  ['SchedulerName', 'schedulerName', 'string'],
  ['Tolerations', 'tolerations', { list: 'Toleration' }],
  ['HostAliases', 'hostAliases', 'nullable'],
  ['PriorityClassName', 'priorityClassName', 'string'],
  ['Priority', 'priority', 'nullable'],
  ['DNSConfig', 'dnsConfig', 'nullable'],
  ['ReadinessGates', 'readinessGates', 'nullable'],
  ['RuntimeClassName', 'runtimeClassName', 'nullable'],
  ['EnableServiceLinks', 'enableServiceLinks', 'nullable'],
  ['PreemptionPolicy', 'preemptionPolicy', 'nullable'],
  ['Overhead', 'overhead', 'nullable'],
  ['TopologySpreadConstraints', 'topologySpreadConstraints', 'nullable'],
  ['SetHostnameAsFQDN', 'setHostnameAsFQDN', 'nullable'],
  ['OS', 'os', 'nullable'],
  ['HostUsers', 'hostUsers', 'nullable'],
  ['SchedulingGates', 'schedulingGates', 'nullable'],
  ['ResourceClaims', 'resourceClaims', 'nullable'],
  ['Resources', 'resources', 'nullable'],
  ['HostnameOverride', 'hostnameOverride', 'nullable'],
  ['SchedulingGroup', 'schedulingGroup', 'nullable'],
  ['EvictionResponders', 'evictionResponders', 'nullable'],
];

const STRUCTS: Readonly<Record<string, StructFields>> = {
  PodSpec: POD_SPEC,
  Container: CONTAINER,
  ContainerPort: CONTAINER_PORT,
  EnvVar: ENV_VAR,
  VolumeMount: VOLUME_MOUNT,
  ResourceRequirements: RESOURCES,
  PodSecurityContext: POD_SECURITY_CONTEXT,
  Toleration: TOLERATION,
  Volume: VOLUME,
  ProjectedVolumeSource: [
    ['Sources', 'sources', { list: 'VolumeProjection' }],
    ['DefaultMode', 'defaultMode', 'nullable'],
    ['DefaultUser', 'defaultUser', 'nullable'],
  ],
  VolumeProjection: VOLUME_PROJECTION,
  SecretProjection: NAMED_PROJECTION,
  ConfigMapProjection: NAMED_PROJECTION,
  DownwardAPIProjection: [['Items', 'items', { list: 'DownwardAPIVolumeFile' }]],
  DownwardAPIVolumeFile: DOWNWARD_API_FILE,
  ObjectFieldSelector: OBJECT_FIELD_SELECTOR,
  KeyToPath: KEY_TO_PATH,
  ServiceAccountTokenProjection: [
    ['Audience', 'audience', 'string'],
    ['ExpirationSeconds', 'expirationSeconds', 'int'],
    ['Path', 'path', 'string'],
    ['User', 'user', 'nullable'],
  ],
  HostPathVolumeSource: [
    ['Path', 'path', 'string'],
    ['Type', 'type', 'nullable'],
  ],
  EmptyDirVolumeSource: [
    ['Medium', 'medium', 'string'],
    ['SizeLimit', 'sizeLimit', 'nullable'],
    ['Mode', 'mode', 'nullable'],
  ],
  SecretVolumeSource: [
    ['SecretName', 'secretName', 'string'],
    ['Items', 'items', { list: 'KeyToPath' }],
    ['DefaultMode', 'defaultMode', 'nullable'],
    ['Optional', 'optional', 'nullable'],
  ],
  ConfigMapVolumeSource: [
    ['Name', 'name', 'string'],
    ['Items', 'items', { list: 'KeyToPath' }],
    ['DefaultMode', 'defaultMode', 'nullable'],
    ['Optional', 'optional', 'nullable'],
  ],
  PersistentVolumeClaimVolumeSource: [
    ['ClaimName', 'claimName', 'string'],
    ['ReadOnly', 'readOnly', 'bool'],
  ],
};

/** Objects standing for Go structs (their keys keep their order); other objects are Go maps (sorted keys). */
const STRUCT_OBJECTS = new WeakSet<object>();

function shapeStruct(type: string, value: unknown): Record<string, unknown> {
  const src = isJsonObject(value) ? value : {};
  const out: Record<string, unknown> = {};
  STRUCT_OBJECTS.add(out);
  for (const [goName, jsonName, kind] of STRUCTS[type] ?? []) out[goName] = shapeField(kind, src[jsonName]);
  return out;
}

function shapeField(kind: FieldKind, value: unknown): unknown {
  if (kind === 'string') return typeof value === 'string' ? value : '';
  if (kind === 'bool') return value === true;
  if (kind === 'int') return typeof value === 'number' ? value : 0;
  if (value === undefined || value === null) return typeof kind === 'object' && 'struct' in kind && kind.pointer !== true ? shapeStruct(kind.struct, {}) : null;
  if (kind === 'nullable') return value;
  if ('struct' in kind) return shapeStruct(kind.struct, value);
  return Array.isArray(value) ? value.map((item) => shapeStruct(kind.list, item)) : value;
}

/** A pod spec shaped as kube's internal Go struct (see above). */
export function goPodSpec(spec: unknown): Record<string, unknown> {
  return shapeStruct('PodSpec', spec);
}

const OBJECT_META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/**
 * A pod template shaped as kube's internal PodTemplateSpec: its metadata's set fields inline
 * (ObjectMeta keeps its JSON tags), then `Spec`.
 */
export function goPodTemplateSpec(template: unknown): Record<string, unknown> {
  const t = isJsonObject(template) ? template : {};
  const meta = isJsonObject(t.metadata) ? t.metadata : {};
  const out: Record<string, unknown> = {};
  STRUCT_OBJECTS.add(out);
  for (const k of OBJECT_META_ORDER) {
    const v = meta[k];
    const empty = v === undefined || v === null || v === '' || v === 0 || (isJsonObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
    if (!empty) out[k] = v;
  }
  out.Spec = goPodSpec(t.spec);
  return out;
}

/** Go's encoding/json of a value (maps with sorted keys, structs in the order built, `<`, `>`, `&` escaped). */
export function goJson(value: unknown, indent?: string): string {
  const sortMaps = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortMaps);
    if (!isJsonObject(v)) return v;
    const keys = STRUCT_OBJECTS.has(v) ? Object.keys(v) : Object.keys(v).sort();
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = sortMaps(v[k]);
    return out;
  };
  const text = JSON.stringify(sortMaps(value), null, indent);
  return text.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
