// Validation of certificates.k8s.io CertificateSigningRequests (pkg/apis/certificates/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, duplicate, forbidden, invalidValue, notSupported, objectAt, required, stringAt } from './common.js';

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

const DECISIONS = ['Approved', 'Denied'];

function conditionTypes(status: unknown): Set<string> {
  const conditions = isJsonObject(status) && Array.isArray(status.conditions) ? status.conditions : [];
  return new Set(conditions.map((c) => (isJsonObject(c) && typeof c.type === 'string' ? c.type : '')));
}

/** The status checks of an update through `status` or `approval` (the decision conditions are the approval's). */
function statusUpdateErrors(obj: JsonObject, old: JsonObject, subresource: string | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  const next = conditionTypes(obj.status);
  const before = conditionTypes(old.status);
  for (const type of DECISIONS) {
    if (subresource === 'status' && next.has(type) && !before.has(type)) causes.push(forbidden('status.conditions', `updates may not add a condition of type ${JSON.stringify(type)}`));
    if (!next.has(type) && before.has(type)) causes.push(forbidden('status.conditions', `updates may not remove a condition of type ${JSON.stringify(type)}`));
  }
  if (next.has('Approved') && next.has('Denied')) {
    causes.push(invalidValue('status.conditions', '{conditions[{"type": "Approved"}], conditions[{"type": "Denied"}]}', 'must specify at most one of: `conditions[{"type": "Approved"}]`, `conditions[{"type": "Denied"}]`'));
  }
  const certificate = isJsonObject(obj.status) ? obj.status.certificate : undefined;
  if (typeof certificate === 'string' && certificate !== '') {
    const pem = Buffer.from(certificate, 'base64').toString('latin1');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) causes.push(invalidValue('status.certificate', '<certificate data>', 'must contain at least one CERTIFICATE PEM block'));
  }
  return causes;
}

/** CertificateSigningRequest: a PEM request, known usages (no duplicates), a signer name, a 10-minute minimum duration; approval and status conditions. */
export const certificateSigningRequestValidation: KindStrategy = {
  validate: (obj) => csrErrors(obj),
  validateUpdate: (obj, old, ctx) => (ctx.subresource === undefined ? csrErrors(obj) : statusUpdateErrors(obj, old as unknown as JsonObject, ctx.subresource)),
};
