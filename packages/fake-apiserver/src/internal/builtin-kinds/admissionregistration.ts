// The admissionregistration.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { mutatingWebhookDefaulting, validatingWebhookDefaulting } from '../strategies/admissionregistration.js';
import { mutatingWebhookValidation, validatingWebhookValidation } from '../validation/admissionregistration.js';

/** `kubectl get validatingwebhookconfigurations` (and mutating ones): how many webhooks each has. */
const WEBHOOK_CONFIGURATION = printer([
  NAME_COLUMN,
  col('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'),
  AGE_COLUMN,
], (c, now) => [str(rec(c.metadata).name), list(c.webhooks).length, ageCell(c, now)]);

/** The admissionregistration.k8s.io group's kinds. */
export const ADMISSIONREGISTRATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'admissionregistration.k8s.io', plural: 'mutatingadmissionpolicies', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'mutatingadmissionpolicybindings', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'mutatingwebhookconfigurations', columns: WEBHOOK_CONFIGURATION, generation: true,
    strategy: combineStrategies(mutatingWebhookDefaulting, mutatingWebhookValidation) }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingadmissionpolicies', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingadmissionpolicybindings', generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingwebhookconfigurations', columns: WEBHOOK_CONFIGURATION, generation: true,
    strategy: combineStrategies(validatingWebhookDefaulting, validatingWebhookValidation) }),
];
