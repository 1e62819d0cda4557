// The admissionregistration.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, list, NAME_COLUMN, printer, rec, selectorText, str } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { mutatingWebhookDefaulting, validatingWebhookDefaulting } from '../strategies/admissionregistration.js';
import { mutatingWebhookValidation, validatingWebhookValidation } from '../validation/admissionregistration.js';

/** `kubectl get validatingadmissionpolicybindings`: the policy and its parameters. */
const POLICY_BINDING = printer([
  NAME_COLUMN,
  col('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
  col('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configuration param'),
  AGE_COLUMN,
], (b, now) => {
  const spec = rec(b.spec);
  let param = '<unset>';
  if (spec.paramRef !== undefined && spec.paramRef !== null) {
    const ref = rec(spec.paramRef);
    if (str(ref.name) !== '') param = `${str(ref.namespace) !== '' ? str(ref.namespace) : '*'}/${str(ref.name)}`;
    else if (ref.selector !== undefined) param = selectorText(ref.selector);
  }
  return [str(rec(b.metadata).name), str(spec.policyName), param, ageCell(b, now)];
});

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
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingadmissionpolicybindings', columns: POLICY_BINDING, generation: true }),
  builtin({ group: 'admissionregistration.k8s.io', plural: 'validatingwebhookconfigurations', columns: WEBHOOK_CONFIGURATION, generation: true,
    strategy: combineStrategies(validatingWebhookDefaulting, validatingWebhookValidation) }),
];
