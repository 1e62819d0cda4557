// The networking.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The networking.k8s.io group's kinds. */
export const NETWORKING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'networking.k8s.io', plural: 'ingressclasses', generation: true }),
  builtin({ group: 'networking.k8s.io', plural: 'ingresses', generation: true }),
  builtin({ group: 'networking.k8s.io', plural: 'ipaddresses' }),
  builtin({ group: 'networking.k8s.io', plural: 'networkpolicies', generation: true }),
  builtin({ group: 'networking.k8s.io', plural: 'servicecidrs' }),
];
