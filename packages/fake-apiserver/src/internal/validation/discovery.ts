// Validation of discovery.k8s.io EndpointSlices (pkg/apis/discovery/validation), in kube-apiserver
// v1.37's order: address type, ports, endpoints, then what declarative validation reports.
import { isIP } from 'node:net';
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, duplicate, immutable, invalidValue, labelsErrors, notSupported, objectAt, required, stringAt } from './common.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

/** ValidateNonSpecialIP: no unspecified, loopback or link-local addresses. */
function specialIpErrors(ip: string): string[] {
  const lower = ip.toLowerCase();
  if (ip === '0.0.0.0' || lower === '::') return ['may not be unspecified (0.0.0.0, ::)'];
  if (ip.startsWith('127.') || lower === '::1') return ['may not be in the loopback range (127.0.0.0/8, ::1/128)'];
  if (ip.startsWith('169.254.') || /^fe[89ab]/.test(lower)) return ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'];
  if (ip.startsWith('224.0.0.') || lower.startsWith('ff02:')) return ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'];
  return [];
}

function addressErrors(address: string, addressType: string, path: string, listPath: string): FieldCause[] {
  if (addressType === 'FQDN') return dns1123SubdomainErrors(address).map((m) => invalidValue(path, address, m));
  if (addressType !== 'IPv4' && addressType !== 'IPv6') return [];
  const family = isIP(address);
  if (family === 0) return [invalidValue(path, address, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
  const causes: FieldCause[] = [];
  // kube-apiserver reports the family mismatch at the list's path.
  if (addressType === 'IPv4' && family !== 4) causes.push(invalidValue(listPath, address, 'must be an IPv4 address'));
  if (addressType === 'IPv6' && family !== 6) causes.push(invalidValue(listPath, address, 'must be an IPv6 address'));
  for (const m of specialIpErrors(address)) causes.push(invalidValue(path, address, m));
  return causes;
}

function endpointSliceErrors(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const late: FieldCause[] = [];
  const addressType = stringAt(obj, 'addressType');
  if (addressType === '') causes.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType)) causes.push(notSupported('addressType', addressType, ADDRESS_TYPES));
  const names = new Set<string>();
  arrayAt(obj, 'ports').forEach((port, i) => {
    const path = `ports[${i}]`;
    const name = stringAt(port, 'name');
    if (name !== '') for (const m of dns1123LabelErrors(name)) causes.push(invalidValue(`${path}.name`, name, m));
    if (names.has(name)) causes.push(duplicate(`${path}.name`, name));
    names.add(name);
    const protocol = stringAt(port, 'protocol');
    if (!['SCTP', 'TCP', 'UDP'].includes(protocol)) causes.push(notSupported(`${path}.protocol`, protocol, ['SCTP', 'TCP', 'UDP']));
    const appProtocol = isJsonObject(port) ? port.appProtocol : undefined;
    if (typeof appProtocol === 'string') for (const m of qualifiedNameErrors(appProtocol)) causes.push(invalidValue(`${path}.appProtocol`, appProtocol, m));
  });
  arrayAt(obj, 'endpoints').forEach((endpoint, i) => {
    const path = `endpoints[${i}]`;
    const addresses = arrayAt(endpoint, 'addresses');
    if (addresses.length === 0) late.push(required(`${path}.addresses`));
    addresses.forEach((a, j) => causes.push(...addressErrors(typeof a === 'string' ? a : '', addressType, `${path}.addresses[${j}]`, `${path}.addresses`)));
    causes.push(...labelsErrors(objectAt(endpoint, 'deprecatedTopology'), `${path}.deprecatedTopology`));
    const nodeName = isJsonObject(endpoint) ? endpoint.nodeName : undefined;
    if (typeof nodeName === 'string') for (const m of dns1123SubdomainErrors(nodeName)) causes.push(invalidValue(`${path}.nodeName`, nodeName, m));
    const hostname = isJsonObject(endpoint) ? endpoint.hostname : undefined;
    if (typeof hostname === 'string') for (const m of dns1123LabelErrors(hostname)) causes.push(invalidValue(`${path}.hostname`, hostname, m));
  });
  return [...causes, ...late];
}

/** EndpointSlice: address type (immutable), ports (names unique DNS labels, protocols), endpoint addresses of the type. */
export const endpointSliceValidation: KindStrategy = {
  validate: (obj) => endpointSliceErrors(obj),
  validateUpdate: (obj, old) => [...endpointSliceErrors(obj), ...immutable('addressType', stringAt(obj, 'addressType'), stringAt(old, 'addressType'))],
};
