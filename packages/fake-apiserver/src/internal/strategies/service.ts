// Service defaulting and server-set fields (pkg/apis/core/v1/defaults.go SetDefaults_Service, the
// v1 conversion that keeps clusterIP and clusterIPs in step, pkg/registry/core/service/strategy.go
// and the REST storage's allocators): type, session affinity, traffic policies, port protocol and
// targetPort; on a write, the cluster IP, IP families and policy, node ports and the health-check
// node port; fields a type change leaves behind are dropped.
//
// kube-apiserver allocates after validation: an allocation that fails is reported only when the
// object is otherwise valid. The allocation is done here (prepareForCreate/prepareForUpdate) and
// its failures kept for the Service's validation (validation/service.ts) to report last.
import type { KubeObject } from '../../types.js';
import { isJsonObject, jsonEqual, type JsonObject } from '../json-value.js';
import {
  clusterIpProblem,
  clusterIpsInUse,
  firstFreeClusterIp,
  firstFreeNodePort,
  formatIpv4,
  nodePortProblem,
  nodePortsInUse,
  parseIpv4,
  parseServiceRange,
  selfKey,
  type Ipv4Range,
} from '../service-allocation.js';
import type { KindStrategy, StrategyContext } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue } from '../validation/common.js';
import { defaultField, defaultString, ensureObject, objectsAt } from './json-fields.js';

/** Allocation failures of a Service write, reported by its validation when nothing else is wrong. */
export const allocationFailures: WeakMap<object, FieldCause[]> = new WeakMap<object, FieldCause[]>();

const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

function typeOf(spec: JsonObject): string {
  return typeof spec.type === 'string' ? spec.type : '';
}

function specOf(obj: unknown): JsonObject {
  return isJsonObject(obj) && isJsonObject(obj.spec) ? obj.spec : {};
}

/** A Service of this type gets a cluster IP (or `None`). */
function needsClusterIp(spec: JsonObject): boolean {
  const t = typeOf(spec);
  return t === 'ClusterIP' || t === 'NodePort' || t === 'LoadBalancer';
}

function needsNodePorts(spec: JsonObject): boolean {
  const t = typeOf(spec);
  return t === 'NodePort' || (t === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

function needsHealthCheckNodePort(spec: JsonObject): boolean {
  return typeOf(spec) === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** NodePort and LoadBalancer Services, and ClusterIP ones with external IPs. */
export function externallyAccessible(spec: JsonObject): boolean {
  const t = typeOf(spec);
  const external = Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0;
  return t === 'NodePort' || t === 'LoadBalancer' || (t === 'ClusterIP' && external);
}

export function isHeadless(spec: JsonObject): boolean {
  return spec.clusterIP === 'None';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [];
}

const ranges = new Map<string, Ipv4Range>();

function clusterRange(ctx: StrategyContext): Ipv4Range | undefined {
  const text = ctx.config.serviceClusterIpRange;
  let range = ranges.get(text);
  if (range === undefined) {
    const parsed = parseServiceRange(text);
    if (typeof parsed === 'string') return undefined;
    range = parsed;
    ranges.set(text, range);
  }
  return range;
}

/** The scheme's defaults. */
function defaultService(obj: JsonObject): void {
  const spec = ensureObject(obj, 'spec');
  defaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  defaultString(spec, 'type', 'ClusterIP');
  for (const port of objectsAt(spec, 'ports')) {
    defaultString(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') {
      port.targetPort = typeof port.port === 'number' ? port.port : 0;
    }
  }
  if (externallyAccessible(spec)) defaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (needsClusterIp(spec)) defaultField(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') defaultField(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.sessionAffinity === 'ClientIP') {
    const config = isJsonObject(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : undefined;
    const clientIp = config !== undefined && isJsonObject(config.clientIP) ? config.clientIP : undefined;
    if (clientIp === undefined || typeof clientIp.timeoutSeconds !== 'number') {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT_SECONDS } };
    }
  }
  // Go leaves an empty clusterIP and an empty list out.
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 0) delete spec.clusterIPs;
  if (spec.clusterIP === '') delete spec.clusterIP;
  // A Service always has a status (a struct in Go), with an empty load-balancer status.
  const status = ensureObject(obj, 'status');
  defaultField(status, 'loadBalancer', {});
}

/**
 * IP families and policy of a single-stack IPv4 cluster; failures as kube-apiserver reports them.
 * Returns whether the Service can have its IP.
 */
function familiesAndPolicy(spec: JsonObject, failures: FieldCause[]): boolean {
  const policy = typeof spec.ipFamilyPolicy === 'string' ? spec.ipFamilyPolicy : undefined;
  const families = stringList(spec.ipFamilies);
  if (isHeadless(spec)) {
    const selector = isJsonObject(spec.selector) ? spec.selector : {};
    const withoutSelector = Object.keys(selector).length === 0;
    // A headless Service without a selector may be dual-stack on any cluster (its endpoints are
    // managed by hand).
    const resolved = policy ?? (withoutSelector && families.length !== 1 ? 'RequireDualStack' : 'SingleStack');
    spec.ipFamilyPolicy = resolved;
    if (families.length === 0) spec.ipFamilies = resolved === 'SingleStack' ? ['IPv4'] : ['IPv4', 'IPv6'];
    return true;
  }
  const before = failures.length;
  if (policy === 'RequireDualStack') failures.push(invalidValue('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  families.forEach((family, i) => {
    if (family === 'IPv6') failures.push(invalidValue(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  if (policy === undefined) spec.ipFamilyPolicy = 'SingleStack';
  if (families.length === 0) spec.ipFamilies = ['IPv4'];
  return failures.length === before;
}

/**
 * clusterIP and clusterIPs kept in step (NormalizeClusterIPs): a writer may set only the first; on
 * an update, a changed clusterIP with clusterIPs left as stored changes clusterIPs too, and
 * clusterIPs left out with clusterIP unchanged keep the stored ones.
 */
function normalizeClusterIps(spec: JsonObject, old: JsonObject | undefined): void {
  const ip = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const ips = stringList(spec.clusterIPs);
  if (old === undefined) {
    if (ip !== '' && ips.length === 0) spec.clusterIPs = [ip];
    return;
  }
  const oldIp = typeof old.clusterIP === 'string' ? old.clusterIP : '';
  const oldIps = stringList(old.clusterIPs);
  if (oldIps.length > 0 && ips.length === 0 && oldIp === ip) spec.clusterIPs = [...oldIps];
  if (oldIp !== ip) {
    const sameIps = same(spec.clusterIPs, old.clusterIPs);
    if (oldIp !== '' && ip === '' && sameIps) delete spec.clusterIPs;
    else if (sameIps) spec.clusterIPs = [ip];
  }
}

/** Gives a Service that needs one a cluster IP (the requested one, else the first free). */
function allocateClusterIp(obj: JsonObject, spec: JsonObject, ctx: StrategyContext, failures: FieldCause[]): void {
  if (!needsClusterIp(spec)) return;
  if (!familiesAndPolicy(spec, failures) || isHeadless(spec)) return;
  const range = clusterRange(ctx);
  if (range === undefined) return;
  const used = clusterIpsInUse(ctx.registry, selfKey(obj));
  const requested = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  if (requested !== '') {
    const ip = parseIpv4(requested);
    // An IP that does not parse is refused by validation.
    if (ip === undefined) return;
    const problem = clusterIpProblem(range, ip, used);
    if (problem !== undefined) failures.push(invalidValue('spec.clusterIPs', stringList(spec.clusterIPs), `failed to allocate IP ${requested}: ${problem}`));
    return;
  }
  const free = firstFreeClusterIp(range, used);
  if (free === undefined) {
    failures.push(invalidValue('spec.clusterIPs', [], 'failed to allocate a serviceIP: range is full'));
    return;
  }
  spec.clusterIP = formatIpv4(free);
  spec.clusterIPs = [formatIpv4(free)];
}

/**
 * Node ports for NodePort and LoadBalancer Services and the health-check node port of a
 * LoadBalancer with `externalTrafficPolicy: Local`: requested ones checked, missing ones given.
 * `kept` are the ports the Service held before this write (not checked again).
 */
function allocateNodePorts(obj: JsonObject, spec: JsonObject, ctx: StrategyContext, failures: FieldCause[], kept: ReadonlySet<number>): void {
  const wantsPorts = needsNodePorts(spec);
  const wantsHealthCheck = needsHealthCheckNodePort(spec);
  if (!wantsPorts && !wantsHealthCheck) return;
  const range = ctx.config.serviceNodePortRange;
  const used = nodePortsInUse(ctx.registry, selfKey(obj));
  const taken = new Set<number>();
  const check = (field: string, port: number): void => {
    if (kept.has(port) && !taken.has(port)) {
      taken.add(port);
      return;
    }
    const problem = nodePortProblem(range, port, taken.has(port) ? new Set([...used, port]) : used);
    if (problem !== undefined) failures.push(invalidValue(field, port, problem));
    taken.add(port);
  };
  const ports = objectsAt(spec, 'ports');
  if (wantsPorts) {
    ports.forEach((p, i) => {
      if (typeof p.nodePort === 'number' && p.nodePort !== 0) check(`spec.ports[${i}].nodePort`, p.nodePort);
    });
  }
  if (wantsHealthCheck && typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0) check('spec.healthCheckNodePort', spec.healthCheckNodePort);
  const give = (): number | undefined => {
    const port = firstFreeNodePort(range, new Set([...used, ...taken]));
    if (port === undefined) failures.push(invalidValue('spec.ports', [], 'failed to allocate a nodePort: range is full'));
    else taken.add(port);
    return port;
  };
  if (wantsPorts) {
    // Ports with the same number (e.g. TCP and UDP 53) share one node port, as kube-apiserver gives them.
    const byPort = new Map<unknown, number>();
    for (const p of ports) {
      if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
        byPort.set(p.port, p.nodePort);
        continue;
      }
      const port = byPort.get(p.port) ?? give();
      if (port === undefined) return;
      p.nodePort = port;
      byPort.set(p.port, port);
    }
  }
  if (wantsHealthCheck && (typeof spec.healthCheckNodePort !== 'number' || spec.healthCheckNodePort === 0)) {
    const port = give();
    if (port !== undefined) spec.healthCheckNodePort = port;
  }
}

function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a ?? undefined, b ?? undefined);
}

function nodePortsOf(spec: JsonObject): unknown[] {
  return objectsAt(spec, 'ports').map((p) => p.nodePort ?? 0);
}

/**
 * What kube-apiserver drops on an update that changes the type (dropTypeDependentFields): fields
 * the new type does not use and the writer did not change themselves.
 */
function dropTypeDependentFields(spec: JsonObject, old: JsonObject): void {
  if (needsClusterIp(old) && !needsClusterIp(spec)) {
    if (same(spec.clusterIP, old.clusterIP) && same(spec.clusterIPs, old.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (same(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, old.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
    if (same(spec.internalTrafficPolicy, old.internalTrafficPolicy)) delete spec.internalTrafficPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(spec) && same(nodePortsOf(spec), nodePortsOf(old))) {
    for (const p of objectsAt(spec, 'ports')) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(spec) && same(spec.healthCheckNodePort, old.healthCheckNodePort)) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && same(spec.allocateLoadBalancerNodePorts, old.allocateLoadBalancerNodePorts)) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (same(spec.loadBalancerClass, old.loadBalancerClass)) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && same(spec.externalTrafficPolicy, old.externalTrafficPolicy)) {
    delete spec.externalTrafficPolicy;
  }
}

/** What an update that leaves allocated values out keeps of the stored ones (patchAllocatedValues). */
function patchAllocatedValues(spec: JsonObject, old: JsonObject): void {
  if (needsClusterIp(old) && needsClusterIp(spec)) {
    if (spec.clusterIP === undefined || spec.clusterIP === null || spec.clusterIP === '') {
      if (old.clusterIP !== undefined) spec.clusterIP = old.clusterIP;
    }
    if ((spec.clusterIPs === undefined || spec.clusterIPs === null) && old.clusterIPs !== undefined && spec.clusterIP === old.clusterIP) {
      spec.clusterIPs = old.clusterIPs;
    }
    if ((!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) && old.ipFamilies !== undefined) spec.ipFamilies = old.ipFamilies;
    if ((spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) && old.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const oldPorts = new Set(nodePortsOf(old));
    const newPorts = new Set(nodePortsOf(spec));
    const byName = new Map<unknown, unknown>();
    for (const p of objectsAt(old, 'ports')) byName.set(p.name ?? '', p.nodePort);
    for (const p of objectsAt(spec, 'ports')) {
      if (p.nodePort !== undefined && p.nodePort !== 0) continue;
      const previous = byName.get(p.name ?? '');
      if (typeof previous === 'number' && !(oldPorts.has(previous) && newPorts.has(previous))) p.nodePort = previous;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(spec)) {
    if ((spec.healthCheckNodePort === undefined || spec.healthCheckNodePort === 0) && old.healthCheckNodePort !== undefined) {
      spec.healthCheckNodePort = old.healthCheckNodePort;
    }
  }
}

function heldNodePorts(old: JsonObject | undefined): Set<number> {
  const held = new Set<number>();
  if (old === undefined) return held;
  for (const p of nodePortsOf(old)) if (typeof p === 'number' && p > 0) held.add(p);
  if (typeof old.healthCheckNodePort === 'number') held.add(old.healthCheckNodePort);
  return held;
}

/** Service: defaults, allocations and type changes as kube-apiserver makes them. */
export const serviceDefaulting: KindStrategy = {
  default: defaultService,
  prepareForCreate(obj, ctx) {
    // A new Service's status is the empty load-balancer status.
    obj.status = { loadBalancer: {} };
    const spec = ensureObject(obj, 'spec');
    normalizeClusterIps(spec, undefined);
    const failures: FieldCause[] = [];
    allocateClusterIp(obj, spec, ctx, failures);
    allocateNodePorts(obj, spec, ctx, failures, new Set());
    if (failures.length > 0) allocationFailures.set(obj, failures);
  },
  prepareForUpdate(obj, old: KubeObject, ctx) {
    if (ctx.subresource === 'status') return;
    const spec = ensureObject(obj, 'spec');
    const oldSpec = specOf(old);
    patchAllocatedValues(spec, oldSpec);
    normalizeClusterIps(spec, oldSpec);
    dropTypeDependentFields(spec, oldSpec);
    if (spec.type !== 'LoadBalancer') obj.status = { ...(isJsonObject(obj.status) ? obj.status : {}), loadBalancer: {} };
    const failures: FieldCause[] = [];
    // A Service that had no cluster IP (ExternalName) and now needs one gets one; a changed one is
    // refused by validation.
    const hadIp = needsClusterIp(oldSpec) && typeof oldSpec.clusterIP === 'string' && oldSpec.clusterIP !== '';
    if (!hadIp) allocateClusterIp(obj, spec, ctx, failures);
    allocateNodePorts(obj, spec, ctx, failures, heldNodePorts(needsNodePorts(oldSpec) || needsHealthCheckNodePort(oldSpec) ? oldSpec : undefined));
    if (failures.length > 0) allocationFailures.set(obj, failures);
  },
};
