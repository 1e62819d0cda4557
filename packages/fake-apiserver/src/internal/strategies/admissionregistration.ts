// Defaulting of admissionregistration.k8s.io webhook configurations
// (pkg/apis/admissionregistration/v1/defaults.go). The fake stores these objects but never calls
// the webhooks they describe.
import type { JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { childObject, defaultField, objectsAt } from './json-fields.js';

function defaultWebhook(hook: JsonObject, mutating: boolean): void {
  defaultField(hook, 'failurePolicy', 'Fail');
  defaultField(hook, 'matchPolicy', 'Equivalent');
  defaultField(hook, 'namespaceSelector', {});
  defaultField(hook, 'objectSelector', {});
  defaultField(hook, 'timeoutSeconds', 10);
  if (mutating) defaultField(hook, 'reinvocationPolicy', 'Never');
  for (const rule of objectsAt(hook, 'rules')) defaultField(rule, 'scope', '*');
  const service = childObject(childObject(hook, 'clientConfig'), 'service');
  if (service !== undefined) defaultField(service, 'port', 443);
}

/** ValidatingWebhookConfiguration: each webhook's failurePolicy, matchPolicy, selectors, timeout, rule scope and service port. */
export const validatingWebhookDefaulting: KindStrategy = {
  default(obj) {
    for (const hook of objectsAt(obj, 'webhooks')) defaultWebhook(hook, false);
  },
};

/** MutatingWebhookConfiguration: as validating webhooks, and reinvocationPolicy Never. */
export const mutatingWebhookDefaulting: KindStrategy = {
  default(obj) {
    for (const hook of objectsAt(obj, 'webhooks')) defaultWebhook(hook, true);
  },
};
