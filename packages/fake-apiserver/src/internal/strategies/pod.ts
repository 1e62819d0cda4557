// A Pod's defaulting and the fields kube-apiserver sets when one is created: the pod spec's
// defaults (pod-spec.ts), its pod-level resources completed (pod-resources.ts), the status a new
// Pod starts with (phase Pending, its QoS class, the SchedulingGated condition), and what the
// admission plugins every cluster runs add (the ServiceAccount plugin's serviceAccountName and
// token volume, Priority's priority and preemptionPolicy, DefaultTolerationSeconds'
// tolerations). Updates keep the stored status (writes.ts).
import type { KindStrategy, StrategyContext } from '../strategy.js';
import { objectKey } from '../entry.js';
import { timestamp } from '../object-rules.js';
import { generateName } from '../validation.js';
import { ensureObject, isJsonObject, objectAt, objectsAt, type JsonObject } from './pod-json.js';
import { defaultPodLevelResources } from './pod-resources.js';
import { defaultPodSpec } from './pod-spec.js';

/** A quantity as an exact rational `num / den` (den > 0), enough to add and compare. */
interface Amount {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*)([+-]?\d+)?$/;

/**
 * The value of a quantity (`500m`, `1Gi`, `2e3`, a JSON number); undefined when it is not one.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function quantityAmount(value: unknown): Amount | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = '', exponent] = match;
  if (whole === '' && fraction === '') return undefined;
  let num = BigInt(`${whole}${fraction}` === '' ? '0' : `${whole}${fraction}`);
  let den = 10n ** BigInt(fraction.length);
  if (exponent !== undefined) {
    if (suffix !== 'e' && suffix !== 'E') return undefined;
    const e = Number(exponent);
    if (Math.abs(e) > 100) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else {
    const decimal = Object.hasOwn(DECIMAL_EXPONENTS, suffix) ? DECIMAL_EXPONENTS[suffix] : undefined;
    const binary = Object.hasOwn(BINARY_EXPONENTS, suffix) ? BINARY_EXPONENTS[suffix] : undefined;
    if (decimal !== undefined) {
      if (decimal >= 0) num *= 10n ** BigInt(decimal);
      else den *= 10n ** BigInt(-decimal);
    } else if (binary !== undefined) {
      num *= 1n << BigInt(binary);
    } else {
      return undefined;
    }
  }
  return { num: sign === '-' ? -num : num, den };
}

function add(a: Amount, b: Amount): Amount {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

function compare(a: Amount, b: Amount): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** The resources a QoS class is computed from: cpu, memory and huge pages. */
function countsForQos(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

/** Adds the positive QoS quantities of `list` to `sums`; returns the names it found. */
function addPositive(list: JsonObject | undefined, sums: Map<string, Amount>): Set<string> {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(list ?? {})) {
    if (!countsForQos(name)) continue;
    const amount = quantityAmount(value);
    if (amount === undefined || amount.num <= 0n) continue;
    found.add(name);
    const sum = sums.get(name);
    sums.set(name, sum === undefined ? amount : add(sum, amount));
  }
  return found;
}

/**
 * A Pod's QoS class as kube-apiserver computes it on create: from the pod-level resources when
 * the spec sets them, else from every container and init container (ephemeral containers have
 * none). `Guaranteed` when each sets cpu and memory limits and the requests equal the limits,
 * `BestEffort` when none requests or limits anything, `Burstable` otherwise.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function qosClass(spec: JsonObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, Amount>();
  const limits = new Map<string, Amount>();
  let guaranteed = true;
  const podResources = objectAt(spec, 'resources');
  const holders = podResources === undefined
    ? [...objectsAt(spec, 'containers'), ...objectsAt(spec, 'initContainers')].map((c) => objectAt(c, 'resources'))
    : [podResources];
  for (const resources of holders) {
    addPositive(objectAt(resources, 'requests'), requests);
    const podLimits = objectAt(resources, 'limits');
    // Pod-level resources count only when they set limits; a container always does.
    if (podResources !== undefined && (podLimits === undefined || Object.keys(podLimits).length === 0)) continue;
    const found = addPositive(podLimits, limits);
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (limit === undefined || compare(limit, request) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** The PriorityClasses every cluster has (kube-apiserver creates them at start). */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** A served PriorityClass object by name, or the global default when `name` is empty. */
function priorityClass(ctx: StrategyContext, name: string): JsonObject | undefined {
  const served = ctx.registry.lookup('scheduling.k8s.io', 'v1', 'priorityclasses');
  if (served === undefined) return undefined;
  if (name !== '') {
    const entry = served.store.entries.get(objectKey('', name));
    return entry === undefined ? undefined : (entry.obj as unknown as JsonObject);
  }
  for (const entry of served.store.entries.values()) {
    const obj = entry.obj as unknown as JsonObject;
    if (obj.globalDefault === true) return obj;
  }
  return undefined;
}

/**
 * The Priority admission plugin: `priority` (and `preemptionPolicy`) from the pod's
 * priorityClassName, the global default class, or 0 and PreemptLowerPriority without one. A
 * class the fake does not know leaves both unset (kube-apiserver refuses such a pod with 403).
 */
function admitPriority(spec: JsonObject, ctx: StrategyContext): void {
  const name = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  let priority: number | undefined;
  let preemption: unknown = 'PreemptLowerPriority';
  const cls = priorityClass(ctx, name);
  if (cls !== undefined) {
    if (typeof cls.value === 'number') priority = cls.value;
    if (typeof cls.preemptionPolicy === 'string') preemption = cls.preemptionPolicy;
    if (name === '' && typeof cls.metadata === 'object' && isJsonObject(cls.metadata)) spec.priorityClassName = cls.metadata.name;
  } else if (name === '') {
    priority = 0;
  } else if (Object.hasOwn(SYSTEM_PRIORITY_CLASSES, name)) {
    priority = SYSTEM_PRIORITY_CLASSES[name];
  }
  if (priority === undefined) return;
  spec.priority ??= priority;
  spec.preemptionPolicy ??= preemption;
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
/** DefaultTolerationSeconds' default (kube-apiserver's --default-not-ready/unreachable-toleration-seconds). */
const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * The DefaultTolerationSeconds admission plugin: a pod that does not tolerate the not-ready or
 * unreachable NoExecute taints gets a toleration of 300 seconds for each.
 */
function admitTolerations(spec: JsonObject): void {
  if (spec.tolerations !== undefined && spec.tolerations !== null && !Array.isArray(spec.tolerations)) return;
  const tolerations = objectsAt(spec, 'tolerations');
  const tolerates = (key: string): boolean => tolerations.some((t) =>
    (t.key === key || t.key === undefined || t.key === '') && (t.effect === 'NoExecute' || t.effect === undefined || t.effect === ''));
  const added: JsonObject[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tolerates(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (added.length > 0) spec.tolerations = [...((spec.tolerations as unknown[] | undefined | null) ?? []), ...added];
}

/** Where the ServiceAccount admission plugin mounts the API token volume in every container. */
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
/** The bound token's lifetime in the volume (an hour and 7 s, as kube-apiserver writes it). */
const TOKEN_VOLUME_EXPIRATION_SECONDS = 3607;

/** The projected volume the ServiceAccount admission plugin adds: token, cluster CA, namespace. */
function tokenVolume(name: string): JsonObject {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_VOLUME_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 0o644,
    },
  };
}

/** The pod's ServiceAccount object, when the fake stores one of that name in the pod's namespace. */
function serviceAccountOf(obj: JsonObject, name: string, ctx: StrategyContext): JsonObject | undefined {
  const served = ctx.registry.lookup('', 'v1', 'serviceaccounts');
  const namespace = objectAt(obj, 'metadata')?.namespace;
  if (served === undefined || typeof namespace !== 'string') return undefined;
  const entry = served.store.entries.get(objectKey(namespace, name));
  return entry === undefined ? undefined : (entry.obj as unknown as JsonObject);
}

/**
 * The ServiceAccount admission plugin: a pod runs as the namespace's `default` account unless it
 * names one, and, when that account exists and neither it nor the pod turns automounting off,
 * gets the `kube-api-access-<random>` token volume mounted read-only in every container and init
 * container that has nothing at the token path. (kube-apiserver refuses a pod whose account does
 * not exist; the fake, which has no controller creating `default` accounts, lets it through
 * without the volume.)
 */
function admitServiceAccount(obj: JsonObject, spec: JsonObject, ctx: StrategyContext): void {
  if (spec.serviceAccountName === undefined || spec.serviceAccountName === null || spec.serviceAccountName === '') {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
  }
  if (spec.automountServiceAccountToken === false || typeof spec.serviceAccountName !== 'string') return;
  const account = serviceAccountOf(obj, spec.serviceAccountName, ctx);
  // The pod's own automountServiceAccountToken, when set, decides over the account's.
  if (account === undefined || (spec.automountServiceAccountToken !== true && account.automountServiceAccountToken === false)) return;
  if (spec.volumes !== undefined && spec.volumes !== null && !Array.isArray(spec.volumes)) return;
  const volumes = objectsAt(spec, 'volumes');
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const name = typeof existing?.name === 'string' ? existing.name : generateName(TOKEN_VOLUME_PREFIX, ctx.random);
  let mounted = false;
  for (const container of [...objectsAt(spec, 'initContainers'), ...objectsAt(spec, 'containers')]) {
    if (container.volumeMounts !== undefined && container.volumeMounts !== null && !Array.isArray(container.volumeMounts)) continue;
    const mounts = objectsAt(container, 'volumeMounts');
    if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    container.volumeMounts = [...((container.volumeMounts as unknown[] | undefined | null) ?? []), { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
    mounted = true;
  }
  if (existing === undefined && mounted) spec.volumes = [...((spec.volumes as unknown[] | undefined | null) ?? []), tokenVolume(name)];
}

/** The status of a new Pod: Pending, its QoS class, and SchedulingGated while it has scheduling gates. */
function initialStatus(spec: JsonObject, ctx: StrategyContext): JsonObject {
  const status: JsonObject = { phase: 'Pending' };
  if (objectsAt(spec, 'schedulingGates').length > 0) {
    status.conditions = [{
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: timestamp(ctx.now),
      reason: 'SchedulingGated',
      message: 'Scheduling is blocked due to non-empty scheduling gates',
    }];
  }
  status.qosClass = qosClass(spec);
  return status;
}

/** Defaulting and create-time fields of Pods (validation lives in validation/pod.ts). */
export const podDefaulting: KindStrategy = {
  default(obj) {
    const spec = objectAt(obj, 'spec');
    if (spec !== undefined) defaultPodSpec(spec, { pod: true });
  },
  prepareForCreate(obj, ctx) {
    const spec = objectAt(obj, 'spec') ?? ensureObject(obj, 'spec');
    if (spec === undefined) return;
    admitServiceAccount(obj, spec, ctx);
    admitTolerations(spec);
    admitPriority(spec, ctx);
    // Set after the creator's managedFields entry is recorded: the creator does not own them.
    defaultPodLevelResources(spec);
    obj.status = initialStatus(spec, ctx);
  },
  prepareForUpdate(obj, old, ctx) {
    if (ctx.subresource === undefined) {
      // The admission plugins run on updates too: DefaultTolerationSeconds puts its tolerations
      // back, Priority keeps the priority (and preemption policy) the pod was admitted with.
      const spec = objectAt(obj, 'spec');
      const oldSpec = objectAt(old, 'spec');
      if (spec === undefined) return;
      admitTolerations(spec);
      if (oldSpec !== undefined) {
        spec.priority ??= oldSpec.priority;
        spec.preemptionPolicy ??= oldSpec.preemptionPolicy;
        if (spec.priority === undefined) delete spec.priority;
        if (spec.preemptionPolicy === undefined) delete spec.preemptionPolicy;
      }
      return;
    }
    // A status write without a QoS class keeps the one the Pod was created with (older kubelets
    // dropped it); the class itself never changes.
    if (ctx.subresource !== 'status') return;
    const status = objectAt(obj, 'status');
    const stored = objectAt(old, 'status')?.qosClass;
    if (status !== undefined && (status.qosClass === undefined || status.qosClass === null || status.qosClass === '') && stored !== undefined) {
      status.qosClass = stored;
    }
  },
};
