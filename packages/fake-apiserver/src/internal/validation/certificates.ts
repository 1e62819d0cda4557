// Validation of certificates.k8s.io CertificateSigningRequests (pkg/apis/certificates/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, duplicate, invalidValue, notSupported, objectAt, required, stringAt } from './common.js';

const USAGES = [
  'any', 'cert sign', 'client auth', 'code signing', 'content commitment', 'crl sign', 'data encipherment', 'decipher only',
  'digital signature', 'email protection', 'encipher only', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'key agreement',
  'key encipherment', 'microsoft sgc', 'netscape sgc', 'ocsp signing', 's/mime', 'server auth', 'signing', 'timestamping',
];
const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

/** Whether the request (base64 of PEM) holds a `CERTIFICATE REQUEST` block. */
function hasCsrBlock(request: string): boolean {
  const pem = Buffer.from(request, 'base64').toString('latin1');
  const match = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem);
  return match?.[1] === 'CERTIFICATE REQUEST' && pem.includes('-----END CERTIFICATE REQUEST-----');
}

function signerNameErrors(signerName: string): FieldCause[] {
  if (signerName === '') return [required('spec.signerName')];
  if (signerName.split('/').length !== 2) {
    return [invalidValue('spec.signerName', signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  }
  return [];
}

function csrErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const request = typeof spec.request === 'string' ? spec.request : undefined;
  if (request === undefined || !hasCsrBlock(request)) causes.push(invalidValue('spec.request', request ?? null, 'PEM block type must be CERTIFICATE REQUEST'));
  const usages = arrayAt(spec, 'usages');
  if (usages.length === 0) causes.push(required('spec.usages'));
  usages.forEach((u, i) => {
    if (typeof u !== 'string' || !USAGES.includes(u)) causes.push(notSupported(`spec.usages[${i}]`, u, USAGES));
  });
  const seen = new Set<unknown>();
  usages.forEach((u, i) => {
    if (seen.has(u)) causes.push(duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  const signerName = stringAt(spec, 'signerName');
  if (signerName === LEGACY_UNKNOWN_SIGNER) causes.push(invalidValue('spec.signerName', signerName, 'the legacy signerName is not allowed via this API version'));
  else causes.push(...signerNameErrors(signerName));
  const expiration = isJsonObject(spec) ? spec.expirationSeconds : undefined;
  if (typeof expiration === 'number' && expiration < 600) causes.push(invalidValue('spec.expirationSeconds', expiration, 'may not specify a duration less than 600 seconds (10 minutes)'));
  return causes;
}

/** CertificateSigningRequest: a PEM request, known usages (no duplicates), a signer name, a 10-minute minimum duration. */
export const certificateSigningRequestValidation: KindStrategy = {
  validate: (obj) => csrErrors(obj),
  validateUpdate: (obj) => csrErrors(obj),
};
