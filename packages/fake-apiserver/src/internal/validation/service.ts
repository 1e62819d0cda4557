// Service validation (pkg/apis/core/validation ValidateService and ValidateServiceUpdate), in
// kube-apiserver's order; the allocators' failures (strategies/service.ts) come last, and only
// when nothing else is wrong, as kube-apiserver allocates after validating.
import type { KubeObject } from '../../types.js';
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from '../name-rules.js';
import { parseIpv4 } from '../service-allocation.js';
import { allocationFailures, externallyAccessible, isHeadless } from '../strategies/service.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { specialIpErrors } from './endpoints.js';
import { duplicate, forbidden, invalidValue, labelsErrors, notSupported, portNameErrors, portNumErrors, required } from './common.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const FAMILIES = ['IPv4', 'IPv6'];
const MAX_CLIENT_IP_TIMEOUT = 86400;

function specOf(obj: unknown): JsonObject {
  return isJsonObject(obj) && isJsonObject(obj.spec) ? obj.spec : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function portsOf(spec: JsonObject): JsonObject[] {
  return Array.isArray(spec.ports) ? spec.ports.map((p: unknown) => (isJsonObject(p) ? p : {})) : [];
}

function ipList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str) : [];
}

function validatePort(port: JsonObject, path: string, requireName: boolean, names: Set<string>): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = str(port.name);
  if (requireName && name === '') causes.push(required(`${path}.name`));
  else if (name !== '') {
    for (const msg of dns1123LabelErrors(name)) causes.push(invalidValue(`${path}.name`, name, msg));
    if (names.has(name)) causes.push(duplicate(`${path}.name`, name));
    else names.add(name);
  }
  for (const msg of portNumErrors(num(port.port))) causes.push(invalidValue(`${path}.port`, num(port.port), msg));
  const protocol = str(port.protocol);
  if (protocol === '') causes.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) causes.push(notSupported(`${path}.protocol`, protocol, PROTOCOLS));
  const target = port.targetPort;
  if (typeof target === 'string') {
    for (const msg of portNameErrors(target)) causes.push(invalidValue(`${path}.targetPort`, target, msg));
  } else {
    for (const msg of portNumErrors(num(target))) causes.push(invalidValue(`${path}.targetPort`, num(target), msg));
  }
  if (typeof port.appProtocol === 'string') {
    for (const msg of qualifiedNameErrors(port.appProtocol)) causes.push(invalidValue(`${path}.appProtocol`, port.appProtocol, msg));
  }
  return causes;
}

const CIDR = /^(\d{1,3}(\.\d{1,3}){3})\/(\d{1,2})$/;

/** Whether text is a CIDR (IPv4, or an IPv6 one as far as its shape goes). */
function isCidr(text: string): boolean {
  const m = CIDR.exec(text);
  if (m !== null) return parseIpv4(m[1] ?? '') !== undefined && Number(m[3]) <= 32;
  const slash = text.indexOf('/');
  return slash > 0 && text.slice(0, slash).includes(':') && /^[0-9a-fA-F:.]+$/.test(text.slice(0, slash)) && /^\d{1,3}$/.test(text.slice(slash + 1)) && Number(text.slice(slash + 1)) <= 128;
}

function validateClusterIps(spec: JsonObject, old: JsonObject | undefined): FieldCause[] {
  if (spec.type === 'ExternalName') return [];
  const causes: FieldCause[] = [];
  const ip = str(spec.clusterIP);
  const ips = ipList(spec.clusterIPs);
  if (ip !== '') {
    if (ips.length === 0) causes.push(required('spec.clusterIPs'));
    else if (ips[0] !== ip) causes.push(invalidValue('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  } else if (ips.length > 0) {
    causes.push(invalidValue('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  ipList(spec.ipFamilies).forEach((family, i) => {
    if (!FAMILIES.includes(family)) causes.push(notSupported(`spec.ipFamilies[${i}]`, family, FAMILIES));
    if (seen.has(family)) causes.push(duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  });
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null && !FAMILY_POLICIES.includes(str(spec.ipFamilyPolicy))) {
    causes.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, FAMILY_POLICIES));
  }
  const previous = old === undefined ? [] : ipList(old.clusterIPs);
  let invalidIps = false;
  for (const [i, value] of ips.entries()) {
    if (i === 0 && value === 'None') {
      if (ips.length > 1) {
        invalidIps = true;
        causes.push(invalidValue('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      continue;
    }
    if (parseIpv4(value) === undefined && !value.includes(':') && !previous.includes(value)) {
      invalidIps = true;
      causes.push(invalidValue(`spec.clusterIPs[${i}]`, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  }
  if (ips.length > 2) causes.push(invalidValue('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  if (invalidIps) return causes;
  if (!isHeadless(spec)) {
    const families = ipList(spec.ipFamilies);
    ips.forEach((value, i) => {
      const family = families[i];
      if (family === 'IPv4' && value.includes(':')) causes.push(invalidValue(`spec.clusterIPs[${i}]`, value, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (family === 'IPv6' && !value.includes(':')) causes.push(invalidValue(`spec.clusterIPs[${i}]`, value, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return causes;
}

/** ValidateService: the spec of a new or updated Service (metadata is checked by the caller). */
function validateServiceSpec(spec: JsonObject, old: JsonObject | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  const type = str(spec.type);
  const ports = portsOf(spec);
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName') causes.push(required('spec.ports'));
  const ips = ipList(spec.clusterIPs);
  switch (type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (isHeadless(spec)) causes.push(invalidValue('spec.clusterIPs[0]', ips[0] ?? '', `may not be set to 'None' for ${type} services`));
      break;
    case 'ExternalName': {
      if (ips.length > 0) causes.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0) causes.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) causes.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const externalName = str(spec.externalName);
      const cname = externalName.endsWith('.') ? externalName.slice(0, -1) : externalName;
      if (cname === '') causes.push(required('spec.externalName'));
      else for (const msg of dns1123SubdomainErrors(cname)) causes.push(invalidValue('spec.externalName', cname, msg));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((port, i) => causes.push(...validatePort(port, `spec.ports[${i}]`, ports.length > 1, names)));
  if (spec.selector !== undefined && spec.selector !== null) causes.push(...labelsErrors(spec.selector, 'spec.selector'));

  const affinity = str(spec.sessionAffinity);
  if (affinity === '') causes.push(required('spec.sessionAffinity'));
  else if (!AFFINITIES.includes(affinity)) causes.push(notSupported('spec.sessionAffinity', affinity, AFFINITIES));
  if (affinity === 'ClientIP') {
    const config = isJsonObject(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : {};
    const clientIp = isJsonObject(config.clientIP) ? config.clientIP : {};
    const timeout = num(clientIp.timeoutSeconds);
    if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT) {
      causes.push(invalidValue('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT}`));
    }
  } else if (spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    causes.push(invalidValue('spec.sessionAffinityConfig', spec.sessionAffinityConfig, `must not be set when session affinity is ${affinity}`));
  }

  ipList(spec.externalIPs).forEach((ip, i) => {
    const field = `spec.externalIPs[${i}]`;
    const n = parseIpv4(ip);
    if (n === undefined && !ip.includes(':')) causes.push(invalidValue(field, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    else if (n !== undefined) causes.push(...specialIpErrors(n, ip, field));
  });

  if (type === '') causes.push(required('spec.type'));
  else if (!TYPES.includes(type)) causes.push(notSupported('spec.type', type, TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (num(p.nodePort) !== 0) causes.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (num(p.nodePort) === 0) return;
    const key = `${str(p.protocol)}/${num(p.nodePort)}`;
    if (nodePorts.has(key)) causes.push(duplicate(`spec.ports[${i}].nodePort`, num(p.nodePort)));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${str(p.protocol)}/${num(p.port)}`;
    if (portKeys.has(key)) {
      // kube-apiserver prints the Go struct it compared (name and ports other than `port` zeroed).
      causes.push(duplicate(`spec.ports[${i}]`, { Name: '', Protocol: str(p.protocol), AppProtocol: null, Port: num(p.port), TargetPort: 0, NodePort: 0 }));
    }
    portKeys.add(key);
  });

  const sourceRanges = ipList(spec.loadBalancerSourceRanges);
  if (sourceRanges.length > 0) {
    // kube-apiserver names the field with a capital L here.
    if (type !== 'LoadBalancer') causes.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
    sourceRanges.forEach((range, i) => {
      const value = range.trim();
      if (!isCidr(value)) causes.push(invalidValue(`spec.LoadBalancerSourceRanges[${i}]`, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    });
  }

  const externalPolicy = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (externalPolicy !== '') causes.push(invalidValue('spec.externalTrafficPolicy', externalPolicy, 'may only be set for externally-accessible services'));
    if (num(spec.healthCheckNodePort) !== 0) {
      causes.push(invalidValue('spec.healthCheckNodePort', num(spec.healthCheckNodePort), "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (externalPolicy === '') {
    causes.push(required('spec.externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(externalPolicy)) {
    causes.push(notSupported('spec.externalTrafficPolicy', externalPolicy, TRAFFIC_POLICIES));
  }
  const internalPolicy = spec.internalTrafficPolicy;
  if ((internalPolicy === undefined || internalPolicy === null) && (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')) {
    causes.push(required('spec.internalTrafficPolicy'));
  } else if (internalPolicy !== undefined && internalPolicy !== null && !TRAFFIC_POLICIES.includes(str(internalPolicy))) {
    causes.push(notSupported('spec.internalTrafficPolicy', internalPolicy, TRAFFIC_POLICIES));
  }
  if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    const className = str(spec.loadBalancerClass);
    if (type !== 'LoadBalancer') causes.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
    else for (const msg of qualifiedNameErrors(className)) causes.push(invalidValue('spec.loadBalancerClass', className, msg));
  }
  causes.push(...validateClusterIps(spec, old));
  return causes;
}

/** validateUpgradeDowngradeClusterIPs: a set cluster IP stays (unless the type is or was ExternalName). */
function validateClusterIpChange(spec: JsonObject, old: JsonObject): FieldCause[] {
  if (old.type === 'ExternalName' || spec.type === 'ExternalName') return [];
  const ips = ipList(spec.clusterIPs);
  const oldIps = ipList(old.clusterIPs);
  if (oldIps.length > 0 && ips.length > 0 && ips[0] !== oldIps[0]) return [invalidValue('spec.clusterIPs[0]', ips, 'may not change once set')];
  return [];
}

function withAllocation(obj: JsonObject, causes: FieldCause[]): FieldCause[] {
  const failures = allocationFailures.get(obj);
  allocationFailures.delete(obj);
  return causes.length === 0 && failures !== undefined ? failures : causes;
}

/** The warnings kube-apiserver adds to an accepted Service write (fields its type ignores). */
function serviceWarnings(spec: JsonObject): string[] {
  const warnings: string[] = [];
  const external = Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0;
  if (spec.type === 'ExternalName' && external) warnings.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
  if (spec.type !== 'ExternalName' && str(spec.externalName) !== '') warnings.push('spec.externalName is ignored when spec.type is not "ExternalName"');
  return warnings;
}

/** Service validation. */
export const serviceValidation: KindStrategy = {
  warnings: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : serviceWarnings(specOf(obj))),
  validate(obj) {
    return withAllocation(obj, validateServiceSpec(specOf(obj), undefined));
  },
  validateUpdate(obj, old: KubeObject, ctx) {
    if (ctx.subresource === 'status') return [];
    const oldSpec = specOf(old);
    return withAllocation(obj, [...validateClusterIpChange(specOf(obj), oldSpec), ...validateServiceSpec(specOf(obj), oldSpec)]);
  },
};
