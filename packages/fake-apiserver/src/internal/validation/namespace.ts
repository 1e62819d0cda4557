// Namespace validation (pkg/apis/core/validation ValidateNamespace): the finalizer names of a new
// Namespace. Its updates change metadata only (the finalize subresource checks its own finalizers).
import { qualifiedNameErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue, objectAt } from './common.js';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Namespace validation. */
export const namespaceValidation: KindStrategy = {
  validate(obj) {
    const causes: FieldCause[] = [];
    const finalizers = objectAt(obj, 'spec')?.finalizers;
    if (!Array.isArray(finalizers)) return causes;
    for (const value of finalizers) {
      if (typeof value !== 'string') continue;
      const messages = qualifiedNameErrors(value);
      if (!value.includes('/') && !STANDARD_FINALIZERS.has(value)) messages.push('name is neither a standard finalizer name nor is it fully qualified');
      for (const m of messages) causes.push(invalidValue('spec.finalizers', value, m));
    }
    return causes;
  },
};
