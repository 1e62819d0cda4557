// Endpoints validation (pkg/apis/core/validation ValidateEndpoints): each subset has addresses,
// addresses are IPs (not unspecified, loopback or link-local), ports named when several, in range,
// with a supported protocol.
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../name-rules.js';
import { parseIpv4 } from '../service-allocation.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue, notSupported, portNumErrors, required } from './common.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map((v: unknown) => (isJsonObject(v) ? v : {})) : [];
}

/** Causes for an endpoint address's IP (IsValidIPForLegacyField, then ValidateNonSpecialIP). */
function addressIpErrors(ip: string, field: string): FieldCause[] {
  const n = parseIpv4(ip);
  const isV6 = n === undefined && ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip);
  if (n === undefined && !isV6) {
    return [
      invalidValue(field, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'),
      invalidValue(field, ip, 'must be a valid IP address'),
    ];
  }
  return n === undefined ? [] : specialIpErrors(n, ip, field);
}

/** ValidateNonSpecialIP for a parsed IPv4 address: not unspecified, loopback or link-local. */
export function specialIpErrors(n: number, ip: string, field: string): FieldCause[] {
  const first = Math.floor(n / 2 ** 24);
  if (n === 0) return [invalidValue(field, ip, 'may not be unspecified (0.0.0.0)')];
  if (first === 127) return [invalidValue(field, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  if (Math.floor(n / 2 ** 16) === 169 * 256 + 254) return [invalidValue(field, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  if (Math.floor(n / 2 ** 8) === 224 * 65536) return [invalidValue(field, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  return [];
}

function addressErrors(address: JsonObject, path: string): FieldCause[] {
  const causes = addressIpErrors(typeof address.ip === 'string' ? address.ip : '', `${path}.ip`);
  if (typeof address.hostname === 'string' && address.hostname !== '') {
    for (const msg of dns1123LabelErrors(address.hostname)) causes.push(invalidValue(`${path}.hostname`, address.hostname, msg));
  }
  if (typeof address.nodeName === 'string') {
    for (const msg of dns1123SubdomainErrors(address.nodeName)) causes.push(invalidValue(`${path}.nodeName`, address.nodeName, msg));
  }
  return causes;
}

function portErrors(port: JsonObject, path: string, requireName: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = typeof port.name === 'string' ? port.name : '';
  if (requireName && name === '') causes.push(required(`${path}.name`));
  else if (name !== '') for (const msg of dns1123LabelErrors(name)) causes.push(invalidValue(`${path}.name`, name, msg));
  const number = typeof port.port === 'number' ? port.port : 0;
  for (const msg of portNumErrors(number)) causes.push(invalidValue(`${path}.port`, number, msg));
  const protocol = typeof port.protocol === 'string' ? port.protocol : '';
  if (protocol === '') causes.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) causes.push(notSupported(`${path}.protocol`, protocol, PROTOCOLS));
  return causes;
}

function validateEndpoints(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  objects(obj.subsets).forEach((subset, i) => {
    const path = `subsets[${i}]`;
    const addresses = objects(subset.addresses);
    const notReady = objects(subset.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) causes.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => causes.push(...addressErrors(a, `${path}.addresses[${j}]`)));
    notReady.forEach((a, j) => causes.push(...addressErrors(a, `${path}.notReadyAddresses[${j}]`)));
    const ports = objects(subset.ports);
    ports.forEach((p, j) => causes.push(...portErrors(p, `${path}.ports[${j}]`, ports.length > 1)));
  });
  return causes;
}

/** Endpoints validation. */
export const endpointsValidation: KindStrategy = {
  validate: validateEndpoints,
  validateUpdate: (obj) => validateEndpoints(obj),
};
