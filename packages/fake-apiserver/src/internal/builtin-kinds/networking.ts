// The networking.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { ingressClassDefaulting, ingressDefaulting, networkPolicyDefaulting } from '../strategies/networking.js';
import { ingressClassValidation, ingressValidation, networkPolicyValidation } from '../validation/networking.js';

/** The networking.k8s.io group's kinds. */
export const NETWORKING_KINDS: readonly KindInfo[] = [
  builtin({ group: 'networking.k8s.io', plural: 'ingressclasses', generation: true,
    strategy: combineStrategies(ingressClassDefaulting, ingressClassValidation) }),
  builtin({ group: 'networking.k8s.io', plural: 'ingresses', generation: true,
    strategy: combineStrategies(ingressDefaulting, ingressValidation) }),
  builtin({ group: 'networking.k8s.io', plural: 'ipaddresses' }),
  builtin({ group: 'networking.k8s.io', plural: 'networkpolicies', generation: true,
    strategy: combineStrategies(networkPolicyDefaulting, networkPolicyValidation) }),
  builtin({ group: 'networking.k8s.io', plural: 'servicecidrs' }),
];
