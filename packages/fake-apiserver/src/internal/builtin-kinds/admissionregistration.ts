// The admissionregistration.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { mutatingWebhookDefaulting, validatingWebhookDefaulting } from '../strategies/admissionregistration.js';
import { mutatingWebhookValidation, validatingWebhookValidation } from '../validation/admissionregistration.js';

/** The admissionregistration.k8s.io group's kinds. */
export const ADMISSIONREGISTRATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'admissionregistration.k8s.io', plural: 'mutatingadmissionpolicies', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'mutatingadmissionpolicybindings', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'mutatingwebhookconfigurations', generation: true,
    strategy: combineStrategies(mutatingWebhookDefaulting, mutatingWebhookValidation) }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingadmissionpolicies', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingadmissionpolicybindings', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingwebhookconfigurations', generation: true,
    strategy: combineStrategies(validatingWebhookDefaulting, validatingWebhookValidation) }),
];
