// Validation of networking.k8s.io kinds (pkg/apis/networking/validation): the causes of a 422
// in kube-apiserver's order. Errors kube v1.37 reports through declarative validation come after
// the hand-written ones, as they do in its answers.
import { isIP } from 'node:net';
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, pathSegmentErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import {
  arrayAt,
  forbidden,
  has,
  immutable,
  invalidValue,
  labelSelectorErrors,
  notSupported,
  objectAt,
  portNameErrors,
  portNumErrors,
  required,
  stringAt,
  tooLong,
} from './common.js';

const WILDCARD_DNS1123_SUBDOMAIN_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const WILDCARD_RE = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const HTTP_PATH_RE = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** Messages of IsWildcardDNS1123Subdomain. */
function wildcardSubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_RE.test(value)) {
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', " +
        `regex used for validation is '${WILDCARD_DNS1123_SUBDOMAIN_FMT}')`,
    );
  }
  return errs;
}

/** IsDomainPrefixedPath: `acme.io/foo`. */
function domainPrefixedPathErrors(field: string, value: string): FieldCause[] {
  if (value === '') return [required(field)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host === '' || path === '') return [invalidValue(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const causes = dns1123SubdomainErrors(host).map((m) => invalidValue(field, host, m));
  if (!HTTP_PATH_RE.test(path)) causes.push(invalidValue(field, path, `Invalid path (regex used for validation is '${HTTP_PATH_FMT}')`));
  return causes;
}

/** Parses an IPv4 or IPv6 CIDR: its address bytes and prefix length, or undefined. */
function parseCidr(value: string): { bytes: number[]; prefix: number } | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const ip = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const family = isIP(ip);
  if (family === 4) {
    if (prefix > 32) return undefined;
    return { bytes: ip.split('.').map(Number), prefix };
  }
  if (family === 6) {
    if (prefix > 128) return undefined;
    return { bytes: ipv6Bytes(ip), prefix };
  }
  return undefined;
}

function ipv6Bytes(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const groups = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  const words = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return words.flatMap((w) => {
    const n = parseInt(w, 16);
    return [n >> 8, n & 255];
  });
}

function bitsBeyondPrefix(c: { bytes: number[]; prefix: number }): boolean {
  return c.bytes.some((b, i) => {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    return (b & (0xff >> keep)) !== 0;
  });
}

/** IsValidCIDRForLegacyField for a new value: a parsable, canonical CIDR. */
function cidrErrors(field: string, value: string): FieldCause[] {
  const c = parseCidr(value);
  if (c === undefined) return [invalidValue(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  if (bitsBeyondPrefix(c)) return [invalidValue(field, value, 'must not have bits set beyond the prefix length')];
  return [];
}

function contains(outer: { bytes: number[]; prefix: number }, inner: { bytes: number[]; prefix: number }): boolean {
  if (outer.bytes.length !== inner.bytes.length) return false;
  for (let bit = 0; bit < outer.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((outer.bytes[byte] ?? 0) & mask) !== ((inner.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy

function networkPolicyPortErrors(port: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const protocol = isJsonObject(port) ? port.protocol : undefined;
  if (typeof protocol === 'string' && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
    causes.push(notSupported(`${path}.protocol`, protocol, ['TCP', 'UDP', 'SCTP']));
  }
  const value = isJsonObject(port) ? port.port : undefined;
  const endPort = isJsonObject(port) ? port.endPort : undefined;
  const hasEnd = typeof endPort === 'number';
  if (typeof value === 'number') {
    for (const msg of portNumErrors(value)) causes.push(invalidValue(`${path}.port`, value, msg));
    if (hasEnd) {
      if (endPort < value) causes.push(invalidValue(`${path}.endPort`, endPort, 'must be greater than or equal to `port`'));
      for (const msg of portNumErrors(endPort)) causes.push(invalidValue(`${path}.endPort`, endPort, msg));
    }
  } else if (typeof value === 'string') {
    if (hasEnd) causes.push(invalidValue(`${path}.endPort`, endPort, 'may not be specified when `port` is non-numeric'));
    for (const msg of portNameErrors(value)) causes.push(invalidValue(`${path}.port`, value, msg));
  } else if (hasEnd) {
    causes.push(invalidValue(`${path}.endPort`, endPort, 'may not be specified when `port` is not specified'));
  }
  return causes;
}

function ipBlockErrors(block: JsonObject, path: string, late: FieldCause[]): FieldCause[] {
  const cidr = stringAt(block, 'cidr');
  if (cidr === '') {
    late.push(required(`${path}.cidr`));
    return [];
  }
  const causes = cidrErrors(`${path}.cidr`, cidr);
  const outer = parseCidr(cidr);
  if (outer === undefined) return causes;
  arrayAt(block, 'except').forEach((e, i) => {
    const text = typeof e === 'string' ? e : '';
    const exceptPath = `${path}.except[${i}]`;
    causes.push(...cidrErrors(exceptPath, text));
    const inner = parseCidr(text);
    if (inner === undefined) return;
    if (!contains(outer, inner) || outer.prefix >= inner.prefix) causes.push(invalidValue(exceptPath, text, 'must be a strict subset of `cidr`'));
  });
  return causes;
}

function peerErrors(peer: unknown, path: string, late: FieldCause[]): FieldCause[] {
  const causes: FieldCause[] = [];
  let peers = 0;
  if (has(peer, 'podSelector')) {
    peers++;
    causes.push(...labelSelectorErrors(objectAt(peer, 'podSelector'), `${path}.podSelector`));
  }
  if (has(peer, 'namespaceSelector')) {
    peers++;
    causes.push(...labelSelectorErrors(objectAt(peer, 'namespaceSelector'), `${path}.namespaceSelector`));
  }
  const block = objectAt(peer, 'ipBlock');
  if (block !== undefined) {
    peers++;
    causes.push(...ipBlockErrors(block, `${path}.ipBlock`, late));
  }
  if (peers === 0) causes.push(required(path, 'must specify a peer'));
  else if (peers > 1 && block !== undefined) causes.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return causes;
}

function networkPolicyErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const late: FieldCause[] = [];
  const causes = labelSelectorErrors(objectAt(spec, 'podSelector'), 'spec.podSelector');
  for (const [key, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arrayAt(spec, key).forEach((rule, i) => {
      const path = `spec.${key}[${i}]`;
      arrayAt(rule, 'ports').forEach((port, j) => causes.push(...networkPolicyPortErrors(port, `${path}.ports[${j}]`)));
      arrayAt(rule, peersKey).forEach((peer, j) => causes.push(...peerErrors(peer, `${path}.${peersKey}[${j}]`, late)));
    });
  }
  const types = arrayAt(spec, 'policyTypes');
  if (types.length > 2) {
    causes.push(invalidValue('spec.policyTypes', types, 'may not specify more than two policyTypes'));
  } else {
    types.forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress') causes.push(notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
    });
  }
  return [...causes, ...late];
}

/** NetworkPolicy: selectors, ports (protocol, port, endPort), peers and ipBlocks, policyTypes. */
export const networkPolicyValidation: KindStrategy = {
  validate: (obj) => networkPolicyErrors(obj),
  validateUpdate: (obj) => networkPolicyErrors(obj),
};

// ---------------------------------------------------------------------------------------------
// Ingress

function typedReferenceErrors(ref: JsonObject, path: string, late: FieldCause[] | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  const apiGroup = ref.apiGroup;
  if (typeof apiGroup === 'string') for (const m of dns1123SubdomainErrors(apiGroup)) causes.push(invalidValue(`${path}.apiGroup`, apiGroup, m));
  for (const key of ['kind', 'name']) {
    const v = stringAt(ref, key);
    if (v === '') (late ?? causes).push(required(`${path}.${key}`));
    else for (const m of pathSegmentErrors(v, false)) causes.push(invalidValue(`${path}.${key}`, v, m));
  }
  return causes;
}

function backendErrors(backend: unknown, path: string): FieldCause[] {
  const resource = objectAt(backend, 'resource');
  const service = objectAt(backend, 'service');
  if (resource !== undefined && service !== undefined) return [invalidValue(path, '', 'cannot set both resource and service backends')];
  if (resource !== undefined) return typedReferenceErrors(resource, `${path}.resource`, undefined);
  if (service === undefined) return [invalidValue(path, '', 'resource or service backend is required')];
  const causes: FieldCause[] = [];
  const name = stringAt(service, 'name');
  if (name === '') causes.push(required(`${path}.service.name`));
  else for (const m of dns1123LabelErrors(name)) causes.push(invalidValue(`${path}.service.name`, name, m));
  const port = objectAt(service, 'port') ?? {};
  const portName = stringAt(port, 'name');
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName !== '' && portNumber !== 0) causes.push(invalidValue(path, '', 'cannot set both port name & port number'));
  else if (portName !== '') for (const m of portNameErrors(portName)) causes.push(invalidValue(`${path}.service.port.name`, portName, m));
  else if (portNumber !== 0) for (const m of portNumErrors(portNumber)) causes.push(invalidValue(`${path}.service.port.number`, portNumber, m));
  else causes.push(required(path, 'port name or number is required'));
  return causes;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function httpPathErrors(p: unknown, path: string): FieldCause[] {
  const pathType = isJsonObject(p) ? p.pathType : undefined;
  if (pathType === undefined || pathType === null) return [required(`${path}.pathType`, 'pathType must be specified')];
  const causes: FieldCause[] = [];
  const value = stringAt(p, 'path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) causes.push(invalidValue(`${path}.path`, value, 'must be an absolute path'));
    if (value !== '') {
      for (const seq of ['//', '/./', '/../', '%2f', '%2F']) if (value.includes(seq)) causes.push(invalidValue(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suffix of ['/..', '/.']) if (value.endsWith(suffix)) causes.push(invalidValue(`${path}.path`, value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) causes.push(invalidValue(`${path}.path`, value, 'must be an absolute path'));
  } else {
    causes.push(notSupported(`${path}.pathType`, pathType, PATH_TYPES));
  }
  causes.push(...backendErrors(isJsonObject(p) ? p.backend : undefined, `${path}.backend`));
  return causes;
}

function hostErrors(host: string, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (isIP(host) !== 0) causes.push(invalidValue(path, host, 'must be a DNS name, not an IP address'));
  const msgs = host.includes('*') ? wildcardSubdomainErrors(host) : dns1123SubdomainErrors(host);
  for (const m of msgs) causes.push(invalidValue(path, host, m));
  return causes;
}

function ingressErrors(obj: JsonObject, isCreate: boolean): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const rules = arrayAt(spec, 'rules');
  const defaultBackend = objectAt(spec, 'defaultBackend');
  if (rules.length === 0 && defaultBackend === undefined) {
    causes.push(invalidValue('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (defaultBackend !== undefined) causes.push(...backendErrors(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    const host = stringAt(rule, 'host');
    if (host !== '') causes.push(...hostErrors(host, `${path}.host`));
    const http = objectAt(rule, 'http');
    if (http === undefined) return;
    const paths = arrayAt(http, 'paths');
    if (paths.length === 0) causes.push(required(`${path}.http.paths`));
    paths.forEach((p, j) => causes.push(...httpPathErrors(p, `${path}.http.paths[${j}]`)));
  });
  arrayAt(spec, 'tls').forEach((tls, i) => {
    const path = `spec.tls[${i}]`;
    arrayAt(tls, 'hosts').forEach((h, j) => {
      const host = typeof h === 'string' ? h : '';
      const msgs = host.includes('*') ? wildcardSubdomainErrors(host) : dns1123SubdomainErrors(host);
      for (const m of msgs) causes.push(invalidValue(`${path}.hosts[${j}]`, host, m));
    });
    const secretName = stringAt(tls, 'secretName');
    if (secretName !== '') for (const m of dns1123SubdomainErrors(secretName)) causes.push(invalidValue(`${path}.secretName`, secretName, m));
  });
  const className = spec.ingressClassName;
  if (typeof className === 'string') for (const m of dns1123SubdomainErrors(className)) causes.push(invalidValue('spec.ingressClassName', className, m));
  if (isCreate) {
    const annotations = objectAt(obj.metadata, 'annotations');
    const annotation = annotations?.['kubernetes.io/ingress.class'];
    if (typeof annotation === 'string' && typeof className === 'string' && annotation !== className) {
      causes.push(invalidValue('annotations.kubernetes.io/ingress.class', annotation, 'must match `ingressClassName` when both are specified'));
    }
  }
  return causes;
}

function ingressStatusErrors(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  arrayAt(objectAt(objectAt(obj, 'status'), 'loadBalancer'), 'ingress').forEach((entry, i) => {
    const path = `status.loadBalancer.ingress[${i}]`;
    const ip = stringAt(entry, 'ip');
    if (ip !== '' && isIP(ip) === 0) causes.push(invalidValue(`${path}.ip`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    const hostname = stringAt(entry, 'hostname');
    if (hostname !== '') {
      for (const m of dns1123SubdomainErrors(hostname)) causes.push(invalidValue(`${path}.hostname`, hostname, m));
      if (isIP(hostname) !== 0) causes.push(invalidValue(`${path}.hostname`, hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return causes;
}

/** Ingress: rules (host, paths with a pathType, backends), TLS hosts, class name; the status's load balancers. */
export const ingressValidation: KindStrategy = {
  validate: (obj) => ingressErrors(obj, true),
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? ingressStatusErrors(obj) : ingressErrors(obj, false)),
};

// ---------------------------------------------------------------------------------------------
// IngressClass

function ingressClassErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const late: FieldCause[] = [];
  const causes: FieldCause[] = [];
  const controller = stringAt(spec, 'controller');
  if (controller === '') late.push(required('spec.controller'));
  else {
    if (controller.length > 250) late.push(tooLong('spec.controller', 250));
    causes.push(...domainPrefixedPathErrors('spec.controller', controller));
  }
  const params = objectAt(spec, 'parameters');
  if (params !== undefined) {
    const path = 'spec.parameters';
    causes.push(...typedReferenceErrors(params, path, late));
    const scope = params.scope;
    const namespace = params.namespace;
    if (scope === undefined || scope === null) late.push(required(`${path}.scope`));
    else if (scope !== 'Cluster' && scope !== 'Namespace') causes.push(notSupported(`${path}.scope`, scope, ['Cluster', 'Namespace']));
    else if (scope === 'Namespace') {
      if (typeof namespace !== 'string') causes.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
      else for (const m of dns1123LabelErrors(namespace)) causes.push(invalidValue(`${path}.namespace`, namespace, m));
    } else if (namespace !== undefined && namespace !== null) {
      causes.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
    }
  }
  return [...causes, ...late];
}

/** IngressClass: a domain-prefixed controller (immutable), the parameters reference. */
export const ingressClassValidation: KindStrategy = {
  validate: (obj) => ingressClassErrors(obj),
  validateUpdate: (obj, old) => [
    ...immutable('spec.controller', stringAt(objectAt(obj, 'spec'), 'controller'), stringAt(objectAt(old, 'spec'), 'controller')),
    ...ingressClassErrors(obj),
  ],
};
