// Validation of flowcontrol.apiserver.k8s.io kinds (pkg/apis/flowcontrol/validation): the checks
// clients meet most (types, references, precedence, rules, limits).
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, forbidden, invalidValue, notSupported, objectAt, required, stringAt } from './common.js';

const SUBJECT_KINDS = ['Group', 'ServiceAccount', 'User'];

function wildcardListErrors(list: unknown[], path: string, what: string, requiredDetail: string): FieldCause[] {
  if (list.length === 0) return [required(path, requiredDetail)];
  if (list.length > 1 && list.includes('*')) return [invalidValue(path, list, `if '*' is present, must not specify other ${what}`)];
  return [];
}

function subjectErrors(subject: unknown, path: string): FieldCause[] {
  const kind = stringAt(subject, 'kind');
  switch (kind) {
    case 'User':
      return stringAt(objectAt(subject, 'user'), 'name') === '' ? [required(`${path}.user`, "user is required when subject kind is 'User'")] : [];
    case 'Group':
      return stringAt(objectAt(subject, 'group'), 'name') === '' ? [required(`${path}.group`, "group is required when subject kind is 'Group'")] : [];
    case 'ServiceAccount': {
      const sa = objectAt(subject, 'serviceAccount');
      if (sa === undefined) return [required(`${path}.serviceAccount`, "serviceAccount is required when subject kind is 'ServiceAccount'")];
      const causes: FieldCause[] = [];
      if (stringAt(sa, 'name') === '') causes.push(required(`${path}.serviceAccount.name`, 'must specify name'));
      if (stringAt(sa, 'namespace') === '') causes.push(required(`${path}.serviceAccount.namespace`, 'must specify namespace'));
      return causes;
    }
    default:
      return [notSupported(`${path}.kind`, kind, SUBJECT_KINDS)];
  }
}

function resourceRuleErrors(rule: unknown, path: string): FieldCause[] {
  const causes = wildcardListErrors(arrayAt(rule, 'verbs'), `${path}.verbs`, 'verbs', 'verbs must contain at least one value');
  causes.push(...wildcardListErrors(arrayAt(rule, 'apiGroups'), `${path}.apiGroups`, 'api groups', 'resource rules must supply at least one api group'));
  causes.push(...wildcardListErrors(arrayAt(rule, 'resources'), `${path}.resources`, 'resources', 'resource rules must supply at least one resource'));
  const clusterScope = isJsonObject(rule) && rule.clusterScope === true;
  const namespaces = arrayAt(rule, 'namespaces');
  if (namespaces.length === 0) {
    if (!clusterScope) causes.push(required(`${path}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace'));
  } else if (namespaces.length > 1 && namespaces.includes('*')) {
    causes.push(invalidValue(`${path}.namespaces`, namespaces, "if '*' is present, must not specify other namespaces"));
  }
  return causes;
}

function flowSchemaErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const causes: FieldCause[] = [];
  const precedence = typeof spec.matchingPrecedence === 'number' ? spec.matchingPrecedence : 0;
  if (precedence <= 0) causes.push(invalidValue('spec.matchingPrecedence', precedence, 'must be a positive value'));
  if (precedence > 10000) causes.push(invalidValue('spec.matchingPrecedence', precedence, 'must not be greater than 10000'));
  const distinguisher = objectAt(spec, 'distinguisherMethod');
  if (distinguisher !== undefined) {
    const type = stringAt(distinguisher, 'type');
    if (type !== 'ByNamespace' && type !== 'ByUser') causes.push(notSupported('spec.distinguisherMethod.type', { Type: type }, ['ByNamespace', 'ByUser']));
  }
  if (stringAt(objectAt(spec, 'priorityLevelConfiguration'), 'name') === '') {
    causes.push(required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  }
  arrayAt(spec, 'rules').forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    const subjects = arrayAt(rule, 'subjects');
    if (subjects.length === 0) causes.push(required(`${path}.subjects`, 'subjects must contain at least one value'));
    subjects.forEach((s, j) => causes.push(...subjectErrors(s, `${path}.subjects[${j}]`)));
    const resourceRules = arrayAt(rule, 'resourceRules');
    const nonResourceRules = arrayAt(rule, 'nonResourceRules');
    resourceRules.forEach((r, j) => causes.push(...resourceRuleErrors(r, `${path}.resourceRules[${j}]`)));
    nonResourceRules.forEach((r, j) => {
      const rp = `${path}.nonResourceRules[${j}]`;
      causes.push(...wildcardListErrors(arrayAt(r, 'verbs'), `${rp}.verbs`, 'verbs', 'verbs must contain at least one value'));
      causes.push(...wildcardListErrors(arrayAt(r, 'nonResourceURLs'), `${rp}.nonResourceURLs`, 'non-resource urls', 'nonResourceURLs must contain at least one value'));
    });
    if (resourceRules.length === 0 && nonResourceRules.length === 0) causes.push(required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  });
  return causes;
}

function limitResponseErrors(response: JsonObject | undefined, path: string): FieldCause[] {
  const type = stringAt(response, 'type');
  if (type === '') return [required(`${path}.type`)];
  if (type !== 'Queue' && type !== 'Reject') return [notSupported(`${path}.type`, type, ['Queue', 'Reject'])];
  const queuing = objectAt(response, 'queuing');
  if (type === 'Reject') return queuing === undefined ? [] : [forbidden(`${path}.queuing`, 'must be nil if limited.limitResponse.type is not Limited')];
  if (queuing === undefined) return [required(`${path}.queuing`)];
  const causes: FieldCause[] = [];
  const queues = typeof queuing.queues === 'number' ? queuing.queues : 0;
  const handSize = typeof queuing.handSize === 'number' ? queuing.handSize : 0;
  const limit = typeof queuing.queueLengthLimit === 'number' ? queuing.queueLengthLimit : 0;
  if (limit <= 0) causes.push(invalidValue(`${path}.queuing.queueLengthLimit`, limit, 'must be positive'));
  if (queues <= 0) causes.push(invalidValue(`${path}.queuing.queues`, queues, 'must be positive'));
  else if (queues > 512) causes.push(invalidValue(`${path}.queuing.queues`, queues, 'must not be greater than 512'));
  if (handSize <= 0) causes.push(invalidValue(`${path}.queuing.handSize`, handSize, 'must be positive'));
  else if (handSize > queues) causes.push(invalidValue(`${path}.queuing.handSize`, handSize, `should not be greater than queues (${queues})`));
  return causes;
}

function priorityLevelErrors(obj: JsonObject): FieldCause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const name = stringAt(obj.metadata, 'name');
  const type = stringAt(spec, 'type');
  if (type === '') return [required('spec.type')];
  if (type !== 'Exempt' && type !== 'Limited') return [notSupported('spec.type', type, ['Exempt', 'Limited'])];
  if ((type === 'Exempt') !== (name === 'exempt')) return [invalidValue('spec.type', type, "must be 'Exempt' if and only if `name` is 'exempt'")];
  const causes: FieldCause[] = [];
  const limited = objectAt(spec, 'limited');
  if (type === 'Exempt') {
    if (limited !== undefined) causes.push(forbidden('spec.limited', 'must be nil if the type is not Limited'));
    return causes;
  }
  if (limited === undefined) return [required('spec.limited')];
  if (objectAt(spec, 'exempt') !== undefined) causes.push(forbidden('spec.exempt', 'must be nil if the type is Limited'));
  const shares = limited.nominalConcurrencyShares;
  if (typeof shares === 'number' && shares < 0) causes.push(invalidValue('spec.limited.nominalConcurrencyShares', shares, 'must be a non-negative integer'));
  const lendable = limited.lendablePercent;
  if (typeof lendable === 'number' && (lendable < 0 || lendable > 100)) causes.push(invalidValue('spec.limited.lendablePercent', lendable, 'must be between 0 and 100, inclusive'));
  causes.push(...limitResponseErrors(objectAt(limited, 'limitResponse'), 'spec.limited.limitResponse'));
  return causes;
}

/** FlowSchema: precedence, distinguisher, priority level reference, rules and subjects. */
export const flowSchemaValidation: KindStrategy = {
  validate: (obj) => flowSchemaErrors(obj),
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : flowSchemaErrors(obj)),
};

/** PriorityLevelConfiguration: type (Exempt only for `exempt`), limited shares, limit response and queuing. */
export const priorityLevelValidation: KindStrategy = {
  validate: (obj) => priorityLevelErrors(obj),
  validateUpdate: (obj, _old, ctx) => (ctx.subresource === 'status' ? [] : priorityLevelErrors(obj)),
};
