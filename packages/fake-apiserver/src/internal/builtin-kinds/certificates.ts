// The certificates.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, since, str } from '../table-columns.js';
import { FAKE_USER } from './authentication.js';
import { combineStrategies } from '../strategy.js';
import { certificateSigningRequestDefaulting } from '../strategies/certificates.js';
import { certificateSigningRequestValidation } from '../validation/certificates.js';

/** The requester recorded in a CertificateSigningRequest: the fake's user, with the uid a static token file gives kube-apiserver's admin. */
const requester = { ...FAKE_USER, uid: 'admin-uid' };

/** A CSR's Condition cell: Denied, Approved or Pending, then Failed and Issued. */
function csrCondition(csr: Record<string, unknown>): string {
  const status = rec(csr.status);
  const types = new Set(list(status.conditions).map((c) => str(c.type)));
  let text = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) text += ',Failed';
  if (str(status.certificate) !== '') text += ',Issued';
  return text;
}

/** `kubectl get certificatesigningrequests` */
const CERTIFICATE_SIGNING_REQUEST = printer([
  NAME_COLUMN,
  AGE_COLUMN,
  col('SignerName', 'string', 'Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`. If empty, it will be defaulted:\n 1. If it\'s a kubelet client certificate, it is assigned\n    "kubernetes.io/kube-apiserver-client-kubelet".\n 2. If it\'s a kubelet serving certificate, it is assigned\n    "kubernetes.io/kubelet-serving".\n 3. Otherwise, it is assigned "kubernetes.io/legacy-unknown".\nDistribution of trust for signers happens out of band. You can select on this field using `spec.signerName`.'),
  col('Requestor', 'string', 'Base64-encoded PKCS#10 CSR data'),
  col('RequestedDuration', 'string', 'expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration.\n\nThe v1.22+ in-tree implementations of the well-known Kubernetes signers will honor this field as long as the requested duration is not greater than the maximum duration they will honor per the --cluster-signing-duration CLI flag to the Kubernetes controller manager.\n\nCertificate signers may not honor this field for various reasons:\n\n  1. Old signer that is unaware of the field (such as the in-tree\n     implementations prior to v1.22)\n  2. Signer whose configured maximum is shorter than the requested duration\n  3. Signer whose configured minimum is longer than the requested duration\n\nThe minimum valid value for expirationSeconds is 600, i.e. 10 minutes.'),
  col('Condition', 'string', 'Conditions applied to the request, such as approval or denial.'),
], (csr, now) => {
  const spec = rec(csr.spec);
  const duration = typeof spec.expirationSeconds === 'number' ? since(new Date(0).toISOString(), spec.expirationSeconds * 1000) : '<none>';
  return [str(rec(csr.metadata).name), ageCell(csr, now), str(spec.signerName), str(spec.username), duration, csrCondition(csr)];
});

/** The certificates.k8s.io group's kinds. */
export const CERTIFICATES_KINDS: readonly KindInfo[] = [
  builtin({ group: 'certificates.k8s.io', plural: 'certificatesigningrequests', columns: CERTIFICATE_SIGNING_REQUEST, nameValidation: 'path-segment',
    strategy: combineStrategies(certificateSigningRequestDefaulting(requester), certificateSigningRequestValidation),
    fields: ['spec.signerName'], namespaceNotSelectable: true }),
  builtin({ group: 'certificates.k8s.io', plural: 'clustertrustbundles', fields: ['spec.signerName'], namespaceNotSelectable: true }),
  builtin({ group: 'certificates.k8s.io', plural: 'podcertificaterequests',
    fields: ['spec.signerName', 'spec.podName', 'spec.nodeName'], namespaceNotSelectable: true }),
];
