// Pod-level resources (`spec.resources`) as kube-apiserver v1.37 completes them on a new Pod (the
// PodLevelResources feature, on by default; after the creator's managedFields entry, which does
// not list them): when the pod sets some of them, the rest come from its containers — hugepage limits from theirs, requests from their effective requests (or the
// pod's limits), limits from theirs when every container limits that resource.
import { formatQuantity, parseQuantity } from '../quantity.js';
import { isJsonObject, objectAt, objectsAt, type JsonObject } from './pod-json.js';

type Quantity = ReturnType<typeof parseQuantity>;
type ResourceList = Map<string, Quantity>;

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** Resources a pod may set at its level. */
const supported = (name: string): boolean => name === 'cpu' || name === 'memory' || isHugePages(name);
/** Resources that may be requested below their limit (not huge pages). */
const overcommittable = (name: string): boolean => name === 'cpu' || name === 'memory';

function quantity(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantity(String(value));
  } catch {
    return undefined;
  }
}

/** a + b in a's format, as Go's Quantity.Add keeps the receiver's. */
function add(a: Quantity, b: Quantity): Quantity {
  const exp = Math.min(a.exp, b.exp);
  const m = a.m * 10n ** BigInt(a.exp - exp) + b.m * 10n ** BigInt(b.exp - exp);
  return { m, exp, format: a.format };
}

function compare(a: Quantity, b: Quantity): number {
  const exp = Math.min(a.exp, b.exp);
  const x = a.m * 10n ** BigInt(a.exp - exp);
  const y = b.m * 10n ** BigInt(b.exp - exp);
  return x === y ? 0 : x < y ? -1 : 1;
}

function listOf(resources: JsonObject | undefined, key: 'requests' | 'limits'): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, value] of Object.entries(objectAt(resources, key) ?? {})) {
    const q = quantity(value);
    if (q !== undefined) out.set(name, q);
  }
  return out;
}

function addInto(sum: ResourceList, list: ResourceList): void {
  for (const [name, q] of list) {
    const current = sum.get(name);
    sum.set(name, current === undefined ? q : add(current, q));
  }
}

function maxInto(max: ResourceList, list: ResourceList): void {
  for (const [name, q] of list) {
    const current = max.get(name);
    if (current === undefined || compare(q, current) > 0) max.set(name, q);
  }
}

/**
 * The pod's effective requests or limits from its containers: the regular and sidecar containers
 * add up, and each other init container, which runs alone beside the sidecars started before it,
 * counts when it needs more.
 */
function aggregate(spec: JsonObject, key: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const c of objectsAt(spec, 'containers')) addInto(total, listOf(objectAt(c, 'resources'), key));
  const sidecars: ResourceList = new Map();
  const init: ResourceList = new Map();
  for (const c of objectsAt(spec, 'initContainers')) {
    const own = listOf(objectAt(c, 'resources'), key);
    if (c.restartPolicy === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(init, sidecars);
    } else {
      const alongside: ResourceList = new Map();
      addInto(alongside, own);
      addInto(alongside, sidecars);
      maxInto(init, alongside);
    }
  }
  maxInto(total, init);
  return total;
}

function hasSupported(list: JsonObject | undefined): boolean {
  return Object.keys(list ?? {}).some(supported);
}

function allContainersLimit(spec: JsonObject, name: string): boolean {
  return [...objectsAt(spec, 'containers'), ...objectsAt(spec, 'initContainers')]
    .every((c) => Object.hasOwn(objectAt(objectAt(c, 'resources'), 'limits') ?? {}, name));
}

/** Sets `resources[key]` to `list` written as JSON when it holds anything. */
function write(resources: JsonObject, key: 'requests' | 'limits', list: JsonObject): void {
  if (Object.keys(list).length > 0) resources[key] = list;
}

/** Defaults a Pod's `spec.resources` from its containers' (after their requests are defaulted). */
export function defaultPodLevelResources(spec: JsonObject): void {
  const resources = objectAt(spec, 'resources');
  if (resources === undefined) return;
  for (const key of ['requests', 'limits'] as const) {
    if (resources[key] !== undefined && resources[key] !== null && !isJsonObject(resources[key])) return;
  }
  const limits = (): JsonObject => objectAt(resources, 'limits') ?? {};
  const requests = (): JsonObject => objectAt(resources, 'requests') ?? {};

  // Huge pages: a limit from the containers' unless the pod requests them.
  if (Object.keys(limits()).length > 0 || Object.keys(requests()).length > 0) {
    const podLimits = { ...limits() };
    for (const [name, q] of aggregate(spec, 'limits')) {
      if (!isHugePages(name) || Object.hasOwn(requests(), name) || Object.hasOwn(podLimits, name)) continue;
      podLimits[name] = formatQuantity(q);
    }
    write(resources, 'limits', podLimits);
  }

  // Requests: the containers' effective requests, else the pod's limits.
  if (Object.keys(limits()).length > 0) {
    const podRequests = { ...requests() };
    for (const [name, q] of aggregate(spec, 'requests')) {
      if (!Object.hasOwn(podRequests, name) && supported(name) && overcommittable(name)) podRequests[name] = formatQuantity(q);
    }
    for (const [name, value] of Object.entries(limits())) {
      if (!Object.hasOwn(podRequests, name) && supported(name)) podRequests[name] = value;
    }
    write(resources, 'requests', podRequests);
  }

  // Limits: the containers' when every one of them limits the resource.
  if (!hasSupported(objectAt(resources, 'limits')) && hasSupported(objectAt(resources, 'requests'))) {
    const podLimits = { ...limits() };
    for (const [name, q] of aggregate(spec, 'limits')) {
      if (Object.hasOwn(podLimits, name) || !supported(name) || !overcommittable(name) || !allContainersLimit(spec, name)) continue;
      podLimits[name] = formatQuantity(q);
    }
    write(resources, 'limits', podLimits);
  }
}
