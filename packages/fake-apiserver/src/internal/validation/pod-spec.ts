// Validation of a PodSpec and a PodTemplateSpec as kube-apiserver does it (ValidatePodSpec and
// ValidatePodTemplateSpec of pkg/apis/core/validation), on the object after defaulting: volumes,
// containers and init containers (names, image, ports, env, volume mounts, pull and termination
// policies, resources, probes), restart and DNS policies, node selector, names of service
// account, node, host and subdomain, activeDeadlineSeconds and tolerations — with kube's field
// paths, messages and order.
//
// Fields kube's defaulting always fills (restartPolicy, dnsPolicy, imagePullPolicy,
// terminationMessagePolicy, a port's protocol, a volume's source) are checked when they are set;
// the defaulting part of the strategy runs first.
import { isIP } from 'node:net';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../name-rules.js';
import { configKeyErrors } from './configmap.js';
import type { FieldCause } from '../validation.js';
import { duplicate, forbidden, labelSelectorErrors, labelsErrors, portNameErrors, portNumErrors, required } from './common.js';
import {
  child,
  index,
  inclusiveRange,
  invalid,
  key,
  list,
  nonNegative,
  notFound,
  notSupported,
  num,
  obj,
  quantityText,
  quantityValue,
  str,
  validateAnnotations,
  type JsonObject,
} from './workload-helpers.js';

const MAX_INT32 = 2147483647;

/** The volume sources, in the order kube's validateVolumeSource looks at them. */
const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const;

/** The one required name of some volume sources (`configMap.name`, `secret.secretName`, …). */
const SOURCE_REQUIRED_FIELD: Readonly<Record<string, string>> = {
  hostPath: 'path',
  secret: 'secretName',
  persistentVolumeClaim: 'claimName',
  configMap: 'name',
};

/** Volumes without errors, by name (what volume mounts may refer to). */
type VolumeSet = ReadonlySet<string>;

function validateVolumes(volumes: unknown, field: string, causes: FieldCause[]): VolumeSet {
  const valid = new Set<string>();
  const seen = new Set<string>();
  list(volumes).forEach((item, i) => {
    const path = index(field, i);
    const vol = obj(item) ?? {};
    const name = str(vol.name);
    const errs: FieldCause[] = [];
    let sources = 0;
    for (const source of VOLUME_SOURCES) {
      const value = vol[source];
      if (value === undefined || value === null) continue;
      if (sources > 0) {
        errs.push(forbidden(child(path, source), 'may not specify more than 1 volume type'));
        continue;
      }
      sources++;
      const requiredField = SOURCE_REQUIRED_FIELD[source];
      if (requiredField !== undefined && str(obj(value)?.[requiredField]) === '') {
        errs.push(required(child(path, source, requiredField)));
      }
    }
    const namePath = child(path, 'name');
    if (name === '') errs.push(required(namePath));
    else for (const msg of dns1123LabelErrors(name)) errs.push(invalid(namePath, name, msg));
    if (seen.has(name)) errs.push(duplicate(namePath, name));
    if (errs.length === 0) {
      seen.add(name);
      valid.add(name);
    } else {
      causes.push(...errs);
    }
  });
  return valid;
}

function validatePorts(ports: unknown, field: string, causes: FieldCause[]): void {
  const names = new Set<string>();
  list(ports).forEach((item, i) => {
    const path = index(field, i);
    const port = obj(item) ?? {};
    const name = str(port.name);
    if (name !== '') {
      const msgs = portNameErrors(name);
      if (msgs.length > 0) for (const msg of msgs) causes.push(invalid(child(path, 'name'), name, msg));
      else if (names.has(name)) causes.push(duplicate(child(path, 'name'), name));
      else names.add(name);
    }
    const containerPort = num(port.containerPort) ?? 0;
    if (containerPort === 0) causes.push(required(child(path, 'containerPort')));
    else for (const msg of portNumErrors(containerPort)) causes.push(invalid(child(path, 'containerPort'), containerPort, msg));
    const hostPort = num(port.hostPort) ?? 0;
    if (hostPort !== 0) for (const msg of portNumErrors(hostPort)) causes.push(invalid(child(path, 'hostPort'), hostPort, msg));
    const protocol = str(port.protocol);
    if (protocol !== '' && !['SCTP', 'TCP', 'UDP'].includes(protocol)) {
      causes.push(notSupported(child(path, 'protocol'), protocol, ['SCTP', 'TCP', 'UDP']));
    }
  });
}

const ENV_NAME_MESSAGE = "a valid environment variable name must consist only of printable ASCII characters other than '='";

function envNameErrors(name: string): string[] {
  return !/^[\x20-\x7e]*$/.test(name) || name.includes('=') ? [ENV_NAME_MESSAGE] : [];
}

/** The field paths an env var's fieldRef may name (kube's downward API field labels for pods). */
const DOWNWARD_FIELD_PATHS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** A configMapKeyRef or secretKeyRef: the name a subdomain, the key a config key. */
function keyRef(ref: JsonObject, field: string, causes: FieldCause[]): void {
  const name = str(ref.name);
  for (const msg of dns1123SubdomainErrors(name)) causes.push(invalid(child(field, 'name'), name, msg));
  const k = str(ref.key);
  if (k === '') causes.push(required(child(field, 'key')));
  else for (const msg of configKeyErrors(k)) causes.push(invalid(child(field, 'key'), k, msg));
}

const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;

function validateValueFrom(ev: JsonObject, field: string, causes: FieldCause[]): void {
  const from = obj(ev.valueFrom);
  if (from === undefined) return;
  const set = VALUE_FROM_SOURCES.filter((s) => from[s] !== undefined && from[s] !== null);
  if (set.length === 0) {
    causes.push(invalid(field, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`'));
  } else if (set.length > 1) {
    causes.push(invalid(field, '', 'may not have more than one field specified at a time'));
  } else {
    const fieldRef = obj(from.fieldRef);
    if (fieldRef !== undefined) {
      const fieldPath = str(fieldRef.fieldPath);
      const path = child(field, 'fieldRef', 'fieldPath');
      const subscripted = /^metadata\.(labels|annotations)\['[^']*'\]$/.test(fieldPath);
      if (fieldPath === '') causes.push(required(path));
      else if (!subscripted && !DOWNWARD_FIELD_PATHS.has(fieldPath)) {
        causes.push(invalid(path, fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`));
      }
    }
    for (const refName of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const ref = obj(from[refName]);
      if (ref !== undefined) keyRef(ref, child(field, refName), causes);
    }
  }
  if (str(ev.value) !== '') causes.push(invalid(field, '', 'may not be specified when `value` is not empty'));
}

function validateEnv(env: unknown, field: string, causes: FieldCause[]): void {
  list(env).forEach((item, i) => {
    const ev = obj(item) ?? {};
    const path = child(index(field, i), 'name');
    const name = str(ev.name);
    if (name === '') causes.push(required(path));
    else for (const msg of envNameErrors(name)) causes.push(invalid(path, name, msg));
    validateValueFrom(ev, child(index(field, i), 'valueFrom'), causes);
  });
}

function validateEnvFrom(envFrom: unknown, field: string, causes: FieldCause[]): void {
  list(envFrom).forEach((item, i) => {
    const ev = obj(item) ?? {};
    const path = index(field, i);
    const prefix = str(ev.prefix);
    if (prefix !== '') for (const msg of envNameErrors(prefix)) causes.push(invalid(child(path, 'prefix'), prefix, msg));
    let sources = 0;
    for (const refName of ['configMapRef', 'secretRef'] as const) {
      const ref = obj(ev[refName]);
      if (ref === undefined) continue;
      sources++;
      const name = str(ref.name);
      if (name === '') causes.push(required(child(path, refName, 'name')));
      else for (const msg of dns1123SubdomainErrors(name)) causes.push(invalid(child(path, refName, 'name'), name, msg));
    }
    if (sources === 0) causes.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) causes.push(invalid(field, '', 'may not have more than one field specified at a time'));
  });
}

function validateVolumeMounts(mounts: unknown, volumes: VolumeSet, field: string, causes: FieldCause[]): void {
  const mountPoints = new Set<string>();
  list(mounts).forEach((item, i) => {
    const path = index(field, i);
    const mount = obj(item) ?? {};
    const name = str(mount.name);
    const mountPath = str(mount.mountPath);
    if (name === '') causes.push(required(child(path, 'name')));
    if (!volumes.has(name)) causes.push(notFound(child(path, 'name'), name));
    if (mountPath === '') causes.push(required(child(path, 'mountPath')));
    if (mountPoints.has(mountPath)) causes.push(invalid(child(path, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
  });
}

/** The resources a container may ask for by a bare name. */
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Resources whose request may be below their limit (kube's IsOvercommitAllowed). */
function overcommitAllowed(resource: string): boolean {
  return !resource.startsWith('hugepages-') && (!resource.includes('/') || resource.startsWith('kubernetes.io/'));
}

function validateResources(resources: unknown, field: string, causes: FieldCause[]): void {
  const res = obj(resources) ?? {};
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  const checkQuantity = (name: string, value: unknown, path: string): void => {
    const standard = STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-');
    if (!standard && !name.includes('/')) {
      causes.push(invalid(path, name, 'must be a standard resource type or fully qualified'), invalid(path, name, 'must be a standard resource for containers'));
    }
    const q = quantityValue(value);
    if (q !== undefined && q < 0) causes.push(invalid(path, quantityText(value), 'must be greater than or equal to 0'));
    else if (q !== undefined && name.includes('/') && !Number.isInteger(q)) causes.push(invalid(path, quantityText(value), 'must be an integer'));
  };
  for (const [name, value] of Object.entries(limits)) checkQuantity(name, value, key(child(field, 'limits'), name));
  for (const [name, value] of Object.entries(requests)) {
    checkQuantity(name, value, key(child(field, 'requests'), name));
    if (!Object.hasOwn(limits, name)) continue;
    const request = quantityValue(value);
    const limit = quantityValue(limits[name]);
    if (request === undefined || limit === undefined) continue;
    const reqPath = child(field, 'requests');
    if (request !== limit && !overcommitAllowed(name)) {
      causes.push(invalid(reqPath, quantityText(value), `must be equal to ${name} limit of ${quantityText(limits[name])}`));
    } else if (request > limit) {
      causes.push(invalid(reqPath, quantityText(value), `must be less than or equal to ${name} limit of ${quantityText(limits[name])}`));
    }
  }
}

const MAX_ID = 2147483647;
const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/** IsValidUserID / IsValidGroupID: 0 to 2^31-1. */
function idErrors(value: unknown, field: string): FieldCause[] {
  return typeof value === 'number' && (value < 0 || value > MAX_ID) ? [invalid(field, value, inclusiveRange(0, MAX_ID))] : [];
}

/** validateSeccompProfileField */
function seccompProfile(profile: unknown, field: string): FieldCause[] {
  const p = obj(profile);
  if (p === undefined) return [];
  const type = str(p.type);
  const localhost = p.localhostProfile;
  if (type === 'Localhost') return localhost === undefined || localhost === null ? [required(child(field, 'localhostProfile'), 'must be set when seccomp type is Localhost')] : [];
  if (type === 'RuntimeDefault' || type === 'Unconfined') return [];
  return [notSupported(child(field, 'type'), type, SECCOMP_TYPES)];
}

/**
 * ValidateSecurityContext of a container. `privileged` is refused as by a kube-apiserver started
 * without `--allow-privileged` (its default).
 */
function containerSecurityContext(context: unknown, field: string, causes: FieldCause[]): void {
  const sc = obj(context);
  if (sc === undefined) return;
  if (sc.privileged === true) causes.push(forbidden(child(field, 'privileged'), 'disallowed by cluster policy'));
  causes.push(...idErrors(sc.runAsUser, child(field, 'runAsUser')), ...idErrors(sc.runAsGroup, child(field, 'runAsGroup')));
  const procMount = sc.procMount;
  if (typeof procMount === 'string') {
    if (procMount !== 'Default' && procMount !== 'Unmasked') causes.push(notSupported(child(field, 'procMount'), procMount, ['Default', 'Unmasked']));
  }
  causes.push(...seccompProfile(sc.seccompProfile, child(field, 'seccompProfile')));
}

const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const SYSCTL_MESSAGE = 'must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$';

/** validatePodSpecSecurityContext */
function podSecurityContext(context: unknown, field: string): FieldCause[] {
  const sc = obj(context);
  if (sc === undefined) return [];
  const causes = [...idErrors(sc.fsGroup, child(field, 'fsGroup')), ...idErrors(sc.runAsUser, child(field, 'runAsUser')), ...idErrors(sc.runAsGroup, child(field, 'runAsGroup'))];
  list(sc.supplementalGroups).forEach((gid, i) => causes.push(...idErrors(gid, index(child(field, 'supplementalGroups'), i))));
  const names = new Set<string>();
  list(sc.sysctls).forEach((item, i) => {
    const path = child(index(child(field, 'sysctls'), i), 'name');
    const name = str(obj(item)?.name);
    if (name === '') causes.push(required(path));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) causes.push(invalid(path, name, SYSCTL_MESSAGE));
    else if (names.has(name)) causes.push(duplicate(path, name));
    names.add(name);
  });
  const changePolicy = sc.fsGroupChangePolicy;
  if (typeof changePolicy === 'string' && changePolicy !== 'Always' && changePolicy !== 'OnRootMismatch') {
    causes.push(notSupported(child(field, 'fsGroupChangePolicy'), changePolicy, ['Always', 'OnRootMismatch']));
  }
  causes.push(...seccompProfile(sc.seccompProfile, child(field, 'seccompProfile')));
  return causes;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

/** A port given by number or by an IANA name (httpGet and tcpSocket handlers). */
function handlerPort(port: unknown, field: string, causes: FieldCause[]): void {
  if (typeof port === 'string') for (const msg of portNameErrors(port)) causes.push(invalid(field, port, msg));
  else for (const msg of portNumErrors(num(port) ?? 0)) causes.push(invalid(field, num(port) ?? 0, msg));
}

/** validateHandler: one handler, and the one set well formed. */
function validateHandler(h: JsonObject, kinds: readonly string[], field: string, causes: FieldCause[]): void {
  let handlers = 0;
  for (const handler of kinds) {
    const value = obj(h[handler]);
    if (value === undefined) continue;
    if (handlers > 0) {
      causes.push(forbidden(child(field, handler), 'may not specify more than 1 handler type'));
      continue;
    }
    handlers++;
    const path = child(field, handler);
    if (handler === 'exec' && list(value.command).length === 0) causes.push(required(child(path, 'command')));
    if (handler === 'httpGet' || handler === 'tcpSocket') handlerPort(value.port, child(path, 'port'), causes);
    if (handler === 'httpGet') {
      const scheme = str(value.scheme);
      if (scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') causes.push(notSupported(child(path, 'scheme'), scheme, ['HTTP', 'HTTPS']));
    }
  }
  if (handlers === 0) causes.push(required(field, 'must specify a handler type'));
}

/** validateLifecycle: postStart, then preStop. */
function validateLifecycle(lifecycle: unknown, field: string, causes: FieldCause[]): void {
  const l = obj(lifecycle);
  if (l === undefined) return;
  for (const hook of ['postStart', 'preStop']) {
    const h = obj(l[hook]);
    if (h !== undefined) validateHandler(h, LIFECYCLE_HANDLERS, child(field, hook), causes);
  }
}

function validateProbe(probe: unknown, field: string, liveOrStartup: boolean, causes: FieldCause[]): void {
  const p = obj(probe);
  if (p === undefined) return;
  validateHandler(p, PROBE_HANDLERS, field, causes);
  for (const name of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    causes.push(...nonNegative(p[name], child(field, name)));
  }
  const success = num(p.successThreshold);
  if (liveOrStartup && success !== undefined && success !== 1) {
    causes.push(invalid(child(field, 'successThreshold'), success, 'must be 1'));
  }
}

/** validateContainerCommon: what every kind of container is checked for. */
function validateContainerCommon(ctr: JsonObject, volumes: VolumeSet, path: string, causes: FieldCause[]): void {
  const name = str(ctr.name);
  if (name === '') causes.push(required(child(path, 'name')));
  else for (const msg of dns1123LabelErrors(name)) causes.push(invalid(child(path, 'name'), name, msg));
  if (str(ctr.image) === '') causes.push(required(child(path, 'image')));
  const tmp = str(ctr.terminationMessagePolicy);
  if (tmp !== '' && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    causes.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  }
  validatePorts(ctr.ports, child(path, 'ports'), causes);
  validateEnv(ctr.env, child(path, 'env'), causes);
  validateEnvFrom(ctr.envFrom, child(path, 'envFrom'), causes);
  validateVolumeMounts(ctr.volumeMounts, volumes, child(path, 'volumeMounts'), causes);
  const pull = str(ctr.imagePullPolicy);
  if (pull !== '' && !['Always', 'IfNotPresent', 'Never'].includes(pull)) {
    causes.push(notSupported(child(path, 'imagePullPolicy'), pull, ['Always', 'IfNotPresent', 'Never']));
  }
  validateResources(ctr.resources, child(path, 'resources'), causes);
  containerSecurityContext(ctr.securityContext, child(path, 'securityContext'), causes);
}

function validateContainers(containers: unknown, volumes: VolumeSet, field: string, causes: FieldCause[]): Set<string> {
  const names = new Set<string>();
  const items = list(containers);
  if (items.length === 0) {
    causes.push(required(field));
    return names;
  }
  items.forEach((item, i) => {
    const path = index(field, i);
    const ctr = obj(item) ?? {};
    validateContainerCommon(ctr, volumes, path, causes);
    const name = str(ctr.name);
    if (names.has(name)) causes.push(duplicate(child(path, 'name'), name));
    else names.add(name);
    validateLifecycle(ctr.lifecycle, child(path, 'lifecycle'), causes);
    validateProbe(ctr.livenessProbe, child(path, 'livenessProbe'), true, causes);
    validateProbe(ctr.readinessProbe, child(path, 'readinessProbe'), false, causes);
    validateProbe(ctr.startupProbe, child(path, 'startupProbe'), true, causes);
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) {
      causes.push(forbidden(child(path, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  return names;
}

function validateInitContainers(initContainers: unknown, containerNames: ReadonlySet<string>, volumes: VolumeSet, field: string, causes: FieldCause[]): void {
  const names = new Set<string>(containerNames);
  list(initContainers).forEach((item, i) => {
    const path = index(field, i);
    const ctr = obj(item) ?? {};
    validateContainerCommon(ctr, volumes, path, causes);
    const name = str(ctr.name);
    if (names.has(name)) causes.push(duplicate(child(path, 'name'), name));
    else names.add(name);
    const policy = ctr.restartPolicy;
    if (policy === 'Always') {
      validateLifecycle(ctr.lifecycle, child(path, 'lifecycle'), causes);
      validateProbe(ctr.livenessProbe, child(path, 'livenessProbe'), true, causes);
      validateProbe(ctr.readinessProbe, child(path, 'readinessProbe'), false, causes);
      validateProbe(ctr.startupProbe, child(path, 'startupProbe'), true, causes);
    } else {
      for (const probe of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (ctr[probe] !== undefined && ctr[probe] !== null) {
          causes.push(forbidden(child(path, probe), 'may not be set for init containers without restartPolicy=Always'));
        }
      }
    }
  });
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** ValidateTolerations */
export function validateTolerations(tolerations: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  list(tolerations).forEach((item, i) => {
    const path = index(field, i);
    const t = obj(item) ?? {};
    const k = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    if (k !== '') for (const msg of qualifiedNameErrors(k)) causes.push(invalid(child(path, 'key'), k, msg));
    if (k === '' && op !== 'Exists') {
      causes.push(invalid(child(path, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      causes.push(invalid(child(path, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Exists') {
      if (str(t.value) !== '') causes.push(invalid(child(path, 'operator'), str(t.value), "value must be empty when `operator` is 'Exists'"));
    } else if (op === '' || op === 'Equal') {
      const errs = labelValueErrors(str(t.value));
      if (errs.length > 0) causes.push(invalid(child(path, 'operator'), str(t.value), errs.join(';')));
    } else {
      causes.push(notSupported(child(path, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) causes.push(notSupported(child(path, 'effect'), effect, TAINT_EFFECTS));
  });
  return causes;
}

/** A node selector requirement (node affinity's matchExpressions). */
function nodeSelectorRequirement(req: unknown, field: string): FieldCause[] {
  const r = obj(req) ?? {};
  const values = list(r.values);
  const causes: FieldCause[] = [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) causes.push(required(child(field, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) causes.push(forbidden(child(field, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) causes.push(required(child(field, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      causes.push(invalid(child(field, 'operator'), str(r.operator), 'not a valid selector operator'));
  }
  for (const msg of qualifiedNameErrors(str(r.key))) causes.push(invalid(child(field, 'key'), str(r.key), msg));
  return causes;
}

function nodeSelectorTerm(term: unknown, field: string): FieldCause[] {
  return list(obj(term)?.matchExpressions).flatMap((req, j) => nodeSelectorRequirement(req, index(child(field, 'matchExpressions'), j)));
}

/** A preferred term's weight: 1 to 100. */
function weight(value: unknown, field: string): FieldCause[] {
  const w = num(value) ?? 0;
  return w < 1 || w > 100 ? [invalid(field, w, 'must be in the range 1-100')] : [];
}

function podAffinityTerm(term: unknown, field: string): FieldCause[] {
  const t = obj(term) ?? {};
  const causes = [...labelSelectorErrors(t.labelSelector, child(field, 'labelSelector')), ...labelSelectorErrors(t.namespaceSelector, child(field, 'namespaceSelector'))];
  for (const ns of list(t.namespaces)) for (const msg of dns1123LabelErrors(str(ns))) causes.push(invalid(child(field, 'namespace'), str(ns), msg));
  const topologyKey = str(t.topologyKey);
  if (topologyKey === '') causes.push(required(child(field, 'topologyKey'), 'can not be empty'));
  for (const msg of qualifiedNameErrors(topologyKey)) causes.push(invalid(child(field, 'topologyKey'), topologyKey, msg));
  return causes;
}

/** validateAffinity: node affinity, pod affinity, pod anti-affinity. */
function validateAffinity(affinity: unknown, field: string): FieldCause[] {
  const a = obj(affinity);
  if (a === undefined) return [];
  const causes: FieldCause[] = [];
  const node = obj(a.nodeAffinity);
  if (node !== undefined) {
    const path = child(field, 'nodeAffinity');
    const requiredTerms = obj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (requiredTerms !== undefined) {
      const termsPath = child(path, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
      const terms = list(requiredTerms.nodeSelectorTerms);
      if (terms.length === 0) causes.push(required(termsPath, 'must have at least one node selector term'));
      terms.forEach((term, i) => causes.push(...nodeSelectorTerm(term, index(termsPath, i))));
    }
    list(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, i) => {
      const p = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      causes.push(...weight(obj(item)?.weight, child(p, 'weight')), ...nodeSelectorTerm(obj(item)?.preference, child(p, 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = obj(a[kind]);
    if (pod === undefined) continue;
    const path = child(field, kind);
    list(pod.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      causes.push(...podAffinityTerm(term, index(child(path, 'requiredDuringSchedulingIgnoredDuringExecution'), i)));
    });
    list(pod.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, i) => {
      const p = index(child(path, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      causes.push(...weight(obj(item)?.weight, child(p, 'weight')), ...podAffinityTerm(obj(item)?.podAffinityTerm, child(p, 'podAffinityTerm')));
    });
  }
  return causes;
}

/** validatePodDNSConfig, as far as dnsPolicy None needs it. */
function validateDnsConfig(config: unknown, policy: string, field: string): FieldCause[] {
  if (policy !== 'None') return [];
  const c = obj(config);
  if (c === undefined) return [required(field, 'must provide `dnsConfig` when `dnsPolicy` is None')];
  return list(c.nameservers).length === 0 ? [required(child(field, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')] : [];
}

/** validateTopologySpreadConstraints */
function validateTopologySpread(constraints: unknown, field: string): FieldCause[] {
  return list(constraints).flatMap((item, i) => {
    const c = obj(item) ?? {};
    const path = index(field, i);
    const causes: FieldCause[] = [];
    const skew = num(c.maxSkew) ?? 0;
    if (skew <= 0) causes.push(invalid(child(path, 'maxSkew'), skew, 'must be greater than zero'));
    const topologyKey = str(c.topologyKey);
    if (topologyKey === '') causes.push(required(child(path, 'topologyKey'), 'can not be empty'));
    else for (const msg of qualifiedNameErrors(topologyKey)) causes.push(invalid(child(path, 'topologyKey'), topologyKey, msg));
    const when = str(c.whenUnsatisfiable);
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') causes.push(notSupported(child(path, 'whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']));
    return causes;
  });
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** ValidatePodSpec: the causes for a pod spec at `field` (`spec`, `spec.template.spec`, …). */
export function validatePodSpec(spec: unknown, field: string): FieldCause[] {
  const s = obj(spec) ?? {};
  const causes: FieldCause[] = [];
  const volumes = validateVolumes(s.volumes, child(field, 'volumes'), causes);
  const names = validateContainers(s.containers, volumes, child(field, 'containers'), causes);
  validateInitContainers(s.initContainers, names, volumes, child(field, 'initContainers'), causes);
  const restart = str(s.restartPolicy);
  if (restart !== '' && !RESTART_POLICIES.includes(restart)) causes.push(notSupported(child(field, 'restartPolicy'), restart, RESTART_POLICIES));
  const dns = str(s.dnsPolicy);
  if (dns !== '' && !DNS_POLICIES.includes(dns)) causes.push(notSupported(child(field, 'dnsPolicy'), dns, DNS_POLICIES));
  causes.push(...labelsErrors(s.nodeSelector, child(field, 'nodeSelector')));
  causes.push(...podSecurityContext(s.securityContext, child(field, 'securityContext')));
  causes.push(...validateAffinity(s.affinity, child(field, 'affinity')));
  causes.push(...validateDnsConfig(s.dnsConfig, dns, child(field, 'dnsConfig')));
  list(s.readinessGates).forEach((gate, i) => {
    const type = str(obj(gate)?.conditionType);
    for (const msg of qualifiedNameErrors(type)) causes.push(invalid(child(index(child(field, 'readinessGates'), i), 'conditionType'), type, msg));
  });
  causes.push(...validateTopologySpread(s.topologySpreadConstraints, child(field, 'topologySpreadConstraints')));
  const serviceAccount = str(s.serviceAccountName);
  if (serviceAccount !== '') for (const msg of dns1123SubdomainErrors(serviceAccount)) causes.push(invalid(child(field, 'serviceAccountName'), serviceAccount, msg));
  const nodeName = str(s.nodeName);
  if (nodeName !== '') for (const msg of dns1123SubdomainErrors(nodeName)) causes.push(invalid(child(field, 'nodeName'), nodeName, msg));
  const deadline = num(s.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    causes.push(invalid(child(field, 'activeDeadlineSeconds'), deadline, inclusiveRange(1, MAX_INT32)));
  }
  const hostname = str(s.hostname);
  if (hostname !== '') for (const msg of dns1123LabelErrors(hostname)) causes.push(invalid(child(field, 'hostname'), hostname, msg));
  const subdomain = str(s.subdomain);
  if (subdomain !== '') for (const msg of dns1123LabelErrors(subdomain)) causes.push(invalid(child(field, 'subdomain'), subdomain, msg));
  causes.push(...validateTolerations(s.tolerations, child(field, 'tolerations')));
  list(s.hostAliases).forEach((item, i) => {
    const alias = obj(item) ?? {};
    const path = index(child(field, 'hostAliases'), i);
    const ip = str(alias.ip);
    if (isIP(ip) === 0) causes.push(invalid(child(path, 'ip'), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    list(alias.hostnames).forEach((h, j) => {
      for (const msg of dns1123SubdomainErrors(str(h))) causes.push(invalid(index(child(path, 'hostnames'), j), str(h), msg));
    });
  });
  const priorityClass = str(s.priorityClassName);
  if (priorityClass !== '') for (const msg of dns1123SubdomainErrors(priorityClass)) causes.push(invalid(child(field, 'priorityClassName'), priorityClass, msg));
  return causes;
}

/**
 * ValidatePodTemplateSpec: the template's labels and annotations (reported at `<field>.labels`,
 * `<field>.annotations`, kube's internal paths), then its pod spec.
 */
export function validatePodTemplateSpec(template: unknown, field: string): FieldCause[] {
  const t = obj(template) ?? {};
  const meta = obj(t.metadata) ?? {};
  const causes = [...labelsErrors(meta.labels, child(field, 'labels')), ...validateAnnotations(meta.annotations, child(field, 'annotations'))];
  causes.push(...validatePodSpec(t.spec, child(field, 'spec')));
  const spec = obj(t.spec) ?? {};
  if (list(spec.ephemeralContainers).length > 0) {
    causes.push(forbidden(child(field, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return causes;
}
