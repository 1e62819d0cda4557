// The certificates.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { FAKE_USER } from './authentication.js';
import { combineStrategies } from '../strategy.js';
import { certificateSigningRequestDefaulting } from '../strategies/certificates.js';
import { certificateSigningRequestValidation } from '../validation/certificates.js';

/** The requester recorded in a CertificateSigningRequest: the fake's user, with the uid a static token file gives kube-apiserver's admin. */
const requester = { ...FAKE_USER, uid: 'admin-uid' };

/** The certificates.k8s.io group's kinds. */
export const CERTIFICATES_KINDS: readonly KindInfo[] = [
  builtin({ group: 'certificates.k8s.io', plural: 'certificatesigningrequests', nameValidation: 'path-segment',
    strategy: combineStrategies(certificateSigningRequestDefaulting(requester), certificateSigningRequestValidation),
    fields: ['spec.signerName'], namespaceNotSelectable: true }),
  builtin({ group: 'certificates.k8s.io', plural: 'clustertrustbundles', fields: ['spec.signerName'], namespaceNotSelectable: true }),
  builtin({ group: 'certificates.k8s.io', plural: 'podcertificaterequests',
    fields: ['spec.signerName', 'spec.podName', 'spec.nodeName'], namespaceNotSelectable: true }),
];
