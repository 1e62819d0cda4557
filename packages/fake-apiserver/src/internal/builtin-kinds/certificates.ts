// The certificates.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The certificates.k8s.io group's kinds. */
export const CERTIFICATES_KINDS: readonly KindInfo[] = [
  builtin({ group: 'certificates.k8s.io', plural: 'certificatesigningrequests', nameValidation: 'path-segment',
    fields: ['spec.signerName'], namespaceNotSelectable: true }),
  builtin({ group: 'certificates.k8s.io', plural: 'clustertrustbundles', fields: ['spec.signerName'], namespaceNotSelectable: true }),
  builtin({ group: 'certificates.k8s.io', plural: 'podcertificaterequests',
    fields: ['spec.signerName', 'spec.podName', 'spec.nodeName'], namespaceNotSelectable: true }),
];
