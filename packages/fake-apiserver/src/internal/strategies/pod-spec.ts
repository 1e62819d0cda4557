// Defaulting of a pod spec, as kube-apiserver's scheme applies it to Pods and to every pod
// template (PodTemplate, ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
// CronJob): the spec's own fields, containers (init and ephemeral too), ports, env, probes,
// lifecycle handlers and volumes. A few defaults belong to Pods only (requests from limits,
// enableServiceLinks, host ports under hostNetwork); `pod: true` applies them.
import {
  defaultNumber,
  defaultString,
  defaultValue,
  ensureObject,
  objectAt,
  objectsAt,
  type JsonObject,
} from './pod-json.js';

/** Mode of the files of secret, configMap, downwardAPI and projected volumes (0644). */
const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** A projected service account token's lifetime (one hour). */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

/** Every volume source field of a `Volume` (one of them is set). */
const VOLUME_SOURCES: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

// A container image reference as the container runtime parses it: [domain/]path[:tag][@digest].
const DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\[[0-9a-fA-F:]+\](?::[0-9]+)?)`;
const COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const IMAGE_REFERENCE = new RegExp(
  String.raw`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::([\w][\w.-]{0,127}))?(@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/**
 * The pull policy kube-apiserver gives a container (or image volume) that sets none: `Always` for
 * the `latest` tag (also implied by a reference with neither tag nor digest), `IfNotPresent`
 * otherwise (and for references that do not parse, which validation leaves to the runtime).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string') return 'IfNotPresent';
  const match = IMAGE_REFERENCE.exec(image);
  // A name of more than 255 characters does not parse either.
  if (match === null || (image.split(/[:@]/)[0] ?? '').length > 255) return 'IfNotPresent';
  const tag = match[1] ?? (match[2] === undefined ? 'latest' : '');
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(handler: JsonObject | undefined): void {
  const httpGet = objectAt(handler, 'httpGet');
  if (httpGet === undefined) return;
  defaultString(httpGet, 'path', '/');
  defaultString(httpGet, 'scheme', 'HTTP');
}

function defaultProbe(container: JsonObject, key: string): void {
  const probe = objectAt(container, key);
  if (probe === undefined) return;
  defaultNumber(probe, 'timeoutSeconds', 1);
  defaultNumber(probe, 'periodSeconds', 10);
  defaultNumber(probe, 'successThreshold', 1);
  defaultNumber(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
  const grpc = objectAt(probe, 'grpc');
  if (grpc !== undefined) defaultValue(grpc, 'service', '');
}

function defaultFieldRef(holder: JsonObject | undefined): void {
  const fieldRef = objectAt(holder, 'fieldRef');
  if (fieldRef !== undefined) defaultString(fieldRef, 'apiVersion', 'v1');
}

/** A container's (or an ephemeral container's) own defaults. */
function defaultContainer(container: JsonObject): void {
  defaultString(container, 'imagePullPolicy', defaultPullPolicy(container.image));
  defaultString(container, 'terminationMessagePath', '/dev/termination-log');
  defaultString(container, 'terminationMessagePolicy', 'File');
  // ResourceRequirements is a struct: an empty one is written as {}.
  ensureObject(container, 'resources');
  for (const port of objectsAt(container, 'ports')) defaultString(port, 'protocol', 'TCP');
  for (const env of objectsAt(container, 'env')) defaultFieldRef(objectAt(env, 'valueFrom'));
  defaultProbe(container, 'livenessProbe');
  defaultProbe(container, 'readinessProbe');
  defaultProbe(container, 'startupProbe');
  const lifecycle = objectAt(container, 'lifecycle');
  defaultHttpGet(objectAt(lifecycle, 'postStart'));
  defaultHttpGet(objectAt(lifecycle, 'preStop'));
}

/** Requests default to the limits a container sets (Pods only, not templates). */
function defaultRequestsFromLimits(container: JsonObject): void {
  const resources = objectAt(container, 'resources');
  const limits = objectAt(resources, 'limits');
  if (resources === undefined || limits === undefined) return;
  const requests = ensureObject(resources, 'requests');
  if (requests === undefined) return;
  for (const [name, value] of Object.entries(limits)) {
    if (!Object.hasOwn(requests, name)) requests[name] = value;
  }
}

/** A PersistentVolumeClaimSpec's defaults (ephemeral volumes, StatefulSet claim templates). */
export function defaultClaimSpec(spec: JsonObject): void {
  defaultValue(spec, 'volumeMode', 'Filesystem');
  // VolumeResourceRequirements is a struct: written as {} when empty.
  ensureObject(spec, 'resources');
}

function defaultVolume(volume: JsonObject): void {
  if (!VOLUME_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null)) volume.emptyDir = {};
  const hostPath = objectAt(volume, 'hostPath');
  if (hostPath !== undefined) defaultValue(hostPath, 'type', '');
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const v = objectAt(volume, source);
    if (v !== undefined) defaultValue(v, 'defaultMode', DEFAULT_FILE_MODE);
  }
  for (const item of objectsAt(objectAt(volume, 'downwardAPI'), 'items')) defaultFieldRef(item);
  for (const projection of objectsAt(objectAt(volume, 'projected'), 'sources')) {
    for (const item of objectsAt(objectAt(projection, 'downwardAPI'), 'items')) defaultFieldRef(item);
    const token = objectAt(projection, 'serviceAccountToken');
    if (token !== undefined) defaultValue(token, 'expirationSeconds', DEFAULT_TOKEN_EXPIRATION_SECONDS);
  }
  const template = objectAt(objectAt(volume, 'ephemeral'), 'volumeClaimTemplate');
  if (template !== undefined) {
    ensureObject(template, 'metadata');
    const spec = ensureObject(template, 'spec');
    if (spec !== undefined) defaultClaimSpec(spec);
  }
  const image = objectAt(volume, 'image');
  if (image !== undefined) defaultString(image, 'pullPolicy', defaultPullPolicy(image.reference));
  defaultLegacyVolumeSources(volume);
}

/** Defaults of the in-tree volume sources kube-apiserver still defaults (iSCSI, RBD, Azure Disk, ScaleIO). */
function defaultLegacyVolumeSources(volume: JsonObject): void {
  const iscsi = objectAt(volume, 'iscsi');
  if (iscsi !== undefined) defaultString(iscsi, 'iscsiInterface', 'default');
  const rbd = objectAt(volume, 'rbd');
  if (rbd !== undefined) {
    defaultString(rbd, 'pool', 'rbd');
    defaultString(rbd, 'user', 'admin');
    defaultString(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const azureDisk = objectAt(volume, 'azureDisk');
  if (azureDisk !== undefined) {
    defaultValue(azureDisk, 'cachingMode', 'ReadWrite');
    defaultValue(azureDisk, 'kind', 'Shared');
    defaultValue(azureDisk, 'fsType', 'ext4');
    defaultValue(azureDisk, 'readOnly', false);
  }
  const scaleIO = objectAt(volume, 'scaleIO');
  if (scaleIO !== undefined) {
    defaultString(scaleIO, 'storageMode', 'ThinProvisioned');
    defaultString(scaleIO, 'fsType', 'xfs');
  }
}

/** Under hostNetwork a container port's hostPort defaults to its containerPort. */
function defaultHostPorts(container: JsonObject): void {
  for (const port of objectsAt(container, 'ports')) {
    if (port.hostPort === undefined || port.hostPort === null || port.hostPort === 0) port.hostPort = port.containerPort;
  }
}

/** Options of `defaultPodSpec`. */
export interface PodSpecDefaults {
  /** The spec is a Pod's (not a template's): the Pod-only defaults apply too. */
  readonly pod: boolean;
}

/**
 * Defaults a pod spec in place, as kube-apiserver's scheme does on every write of a Pod (`pod:
 * true`) or of a kind that holds a pod template.
 */
export function defaultPodSpec(spec: JsonObject, options: PodSpecDefaults): void {
  const containers = objectsAt(spec, 'containers');
  const initContainers = objectsAt(spec, 'initContainers');
  if (options.pod) {
    for (const c of containers) defaultRequestsFromLimits(c);
    for (const c of initContainers) defaultRequestsFromLimits(c);
    defaultValue(spec, 'enableServiceLinks', true);
    if (spec.hostNetwork === true) {
      for (const c of containers) defaultHostPorts(c);
      for (const c of initContainers) defaultHostPorts(c);
    }
  }
  defaultString(spec, 'dnsPolicy', 'ClusterFirst');
  defaultString(spec, 'restartPolicy', 'Always');
  ensureObject(spec, 'securityContext');
  defaultValue(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  defaultString(spec, 'schedulerName', 'default-scheduler');
  // The v1 form keeps the deprecated serviceAccount in step with serviceAccountName.
  if ((spec.serviceAccountName === undefined || spec.serviceAccountName === '') && typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') {
    spec.serviceAccountName = spec.serviceAccount;
  }
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') spec.serviceAccount = spec.serviceAccountName;
  for (const volume of objectsAt(spec, 'volumes')) defaultVolume(volume);
  for (const c of initContainers) defaultContainer(c);
  for (const c of containers) defaultContainer(c);
  for (const c of objectsAt(spec, 'ephemeralContainers')) defaultContainer(c);
}

/**
 * Defaults a pod template (`{metadata, spec}`) held by a workload or a PodTemplate: its metadata
 * is a struct written as `{}` when empty, its spec gets the template defaults.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function defaultPodTemplate(template: JsonObject): void {
  ensureObject(template, 'metadata');
  const spec = objectAt(template, 'spec');
  if (spec !== undefined) defaultPodSpec(spec, { pod: false });
}

/** `holder[key]` as a pod template, defaulted; nothing when it is absent or not an object. */
export function defaultTemplateAt(holder: JsonObject | undefined, key: string): void {
  const template = objectAt(holder, key);
  if (template !== undefined) defaultPodTemplate(template);
}
