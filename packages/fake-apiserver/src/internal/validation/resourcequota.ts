// ResourceQuota validation (pkg/apis/core/validation ValidateResourceQuota): each `spec.hard`
// entry names a standard quota resource (or a fully qualified one) and is not negative.
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue } from './common.js';
import { quantitySign } from './persistentvolumeclaim.js';

const STANDARD_QUOTA = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);

function isStandardQuota(name: string): boolean {
  return STANDARD_QUOTA.has(name) || name.startsWith('count/') || name.startsWith('requests.hugepages-') || name.startsWith('hugepages-') ||
    name.endsWith('.storageclass.storage.k8s.io/requests.storage') || name.endsWith('.storageclass.storage.k8s.io/persistentvolumeclaims');
}

function validateResourceQuota(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const hard = isJsonObject(spec.hard) ? spec.hard : {};
  for (const [name, value] of Object.entries(hard)) {
    const field = `spec.hard[${name}]`;
    if (!name.includes('/') && !isStandardQuota(name)) {
      causes.push(invalidValue(field, name, 'must be a standard resource type or fully qualified'));
    }
    if (!isStandardQuota(name) && !name.includes('/')) causes.push(invalidValue(field, name, 'must be a standard resource for quota'));
    if ((quantitySign(value) ?? 0) < 0) causes.push(invalidValue(field, value, 'must be greater than or equal to 0'));
  }
  return causes;
}

/** ResourceQuota validation. */
export const resourceQuotaValidation: KindStrategy = {
  validate: validateResourceQuota,
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : validateResourceQuota(obj)),
};
