// Validation of node.k8s.io RuntimeClasses (pkg/apis/node/validation).
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123LabelErrors, qualifiedNameErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, immutableDeclared, invalidValue, labelsErrors, notSupported, objectAt, required, stringAt } from './common.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function tolerationErrors(toleration: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const key = stringAt(toleration, 'key');
  if (key !== '') for (const m of qualifiedNameErrors(key)) causes.push(invalidValue(`${path}.key`, key, m));
  const operator = stringAt(toleration, 'operator');
  if (key === '' && operator !== 'Exists') causes.push(invalidValue(`${path}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  const value = stringAt(toleration, 'value');
  if (operator === 'Exists' && value !== '') causes.push(invalidValue(`${path}.operator`, toleration, 'value must be empty when `operator` is \'Exists\''));
  if (operator !== '' && operator !== 'Equal' && operator !== 'Exists') causes.push(notSupported(`${path}.operator`, operator, ['Equal', 'Exists']));
  const effect = stringAt(toleration, 'effect');
  if (effect !== '' && !TAINT_EFFECTS.includes(effect)) causes.push(notSupported(`${path}.effect`, effect, TAINT_EFFECTS));
  return causes;
}

function quantityNegative(value: unknown): boolean {
  return typeof value === 'string' ? value.trim().startsWith('-') : typeof value === 'number' && value < 0;
}

function runtimeClassErrors(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const late: FieldCause[] = [];
  const handler = stringAt(obj, 'handler');
  if (handler === '') late.push(required('handler'));
  else for (const m of dns1123LabelErrors(handler)) late.push(invalidValue('handler', handler, m));
  const podFixed = objectAt(objectAt(obj, 'overhead'), 'podFixed');
  if (podFixed !== undefined) {
    for (const [resource, quantity] of Object.entries(podFixed)) {
      // kube-apiserver names the path `overhead.limits[...]` here.
      if (quantityNegative(quantity)) causes.push(invalidValue(`overhead.limits[${resource}]`, quantity, 'must be greater than or equal to 0'));
    }
  }
  const scheduling = objectAt(obj, 'scheduling');
  if (scheduling !== undefined) {
    causes.push(...labelsErrors(scheduling.nodeSelector, 'scheduling.nodeSelector'));
    arrayAt(scheduling, 'tolerations').forEach((t, i) => {
      if (isJsonObject(t)) causes.push(...tolerationErrors(t, `scheduling.tolerations[${i}]`));
    });
  }
  return [...causes, ...late];
}

/** RuntimeClass: a DNS-label handler (immutable), non-negative overhead, node selector and tolerations. */
export const runtimeClassValidation: KindStrategy = {
  validate: (obj) => runtimeClassErrors(obj),
  validateUpdate: (obj, old) => [...runtimeClassErrors(obj), ...immutableDeclared('handler', stringAt(obj, 'handler'), stringAt(old, 'handler'))],
  requiresResourceVersionOnUpdate: true,
};
