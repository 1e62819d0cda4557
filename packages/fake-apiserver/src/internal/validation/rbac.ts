// Validation of rbac.authorization.k8s.io kinds (pkg/apis/rbac/validation). kube-apiserver also
// refuses a role or binding that grants more than its writer holds (RBAC escalation checks); the
// fake has a single all-powerful token, for which kube-apiserver skips those checks too.
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123SubdomainErrors, pathSegmentErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { arrayAt, invalidValue, labelSelectorErrors, notSupported, objectAt, required, stringAt } from './common.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function policyRuleErrors(rule: unknown, path: string, namespaced: boolean, late: FieldCause[]): FieldCause[] {
  if (arrayAt(rule, 'verbs').length === 0) late.push(required(`${path}.verbs`));
  const urls = arrayAt(rule, 'nonResourceURLs');
  if (urls.length > 0) {
    if (namespaced) return [invalidValue(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs')];
    if (arrayAt(rule, 'apiGroups').length > 0 || arrayAt(rule, 'resources').length > 0) {
      return [invalidValue(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs')];
    }
    return [];
  }
  const causes: FieldCause[] = [];
  if (arrayAt(rule, 'apiGroups').length === 0) causes.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (arrayAt(rule, 'resources').length === 0) causes.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return causes;
}

function roleErrors(obj: JsonObject, namespaced: boolean): FieldCause[] {
  const late: FieldCause[] = [];
  const causes: FieldCause[] = [];
  arrayAt(obj, 'rules').forEach((rule, i) => causes.push(...policyRuleErrors(rule, `rules[${i}]`, namespaced, late)));
  const aggregation = objectAt(obj, 'aggregationRule');
  if (!namespaced && aggregation !== undefined) {
    const selectors = arrayAt(aggregation, 'clusterRoleSelectors');
    if (selectors.length === 0) {
      causes.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    }
    selectors.forEach((selector, i) => {
      const path = `aggregationRule.clusterRoleSelectors[${i}]`;
      const errors = labelSelectorErrors(selector, path);
      causes.push(...errors);
      if (errors.length > 0) causes.push(invalidValue(path, null, 'invalid label selector.'));
    });
  }
  return [...causes, ...late];
}

function subjectErrors(subject: unknown, path: string, namespaced: boolean, late: FieldCause[]): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = stringAt(subject, 'name');
  const apiGroup = stringAt(subject, 'apiGroup');
  const kind = stringAt(subject, 'kind');
  if (name === '') late.push(required(`${path}.name`));
  switch (kind) {
    case 'ServiceAccount':
      if (name !== '') for (const m of dns1123SubdomainErrors(name)) causes.push(invalidValue(`${path}.name`, name, m));
      if (apiGroup !== '') causes.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && stringAt(subject, 'namespace') === '') causes.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) causes.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      causes.push(notSupported(`${path}.kind`, kind, ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

function bindingErrors(obj: JsonObject, namespaced: boolean): FieldCause[] {
  const late: FieldCause[] = [];
  const causes: FieldCause[] = [];
  const roleRef = objectAt(obj, 'roleRef') ?? {};
  const apiGroup = stringAt(roleRef, 'apiGroup');
  if (apiGroup !== RBAC_GROUP) causes.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kind = stringAt(roleRef, 'kind');
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(kind)) causes.push(notSupported('roleRef.kind', kind, kinds));
  const name = stringAt(roleRef, 'name');
  if (name !== '') for (const m of pathSegmentErrors(name, false)) causes.push(invalidValue('roleRef.name', name, m));
  arrayAt(obj, 'subjects').forEach((subject, i) => causes.push(...subjectErrors(subject, `subjects[${i}]`, namespaced, late)));
  if (name === '') late.push(required('roleRef.name'));
  return [...causes, ...late];
}

/** The internal RoleRef as Go's JSON writes it in the immutable-field error (no JSON tags). */
function roleRefValue(roleRef: unknown): Record<string, string> {
  return { APIGroup: stringAt(roleRef, 'apiGroup'), Kind: stringAt(roleRef, 'kind'), Name: stringAt(roleRef, 'name') };
}

function roleRefChanged(obj: JsonObject, old: unknown): FieldCause[] {
  const next = roleRefValue(obj.roleRef);
  const prev = roleRefValue(isJsonObject(old) ? old.roleRef : undefined);
  const same = next.APIGroup === prev.APIGroup && next.Kind === prev.Kind && next.Name === prev.Name;
  return same ? [] : [invalidValue('roleRef', next, 'field is immutable')];
}

/** Role: rules (verbs, api groups and resources; no non-resource URLs in a namespace). */
export const roleValidation: KindStrategy = {
  validate: (obj) => roleErrors(obj, true),
  validateUpdate: (obj) => roleErrors(obj, true),
};

/** ClusterRole: rules and the aggregation rule's selectors. */
export const clusterRoleValidation: KindStrategy = {
  validate: (obj) => roleErrors(obj, false),
  validateUpdate: (obj) => roleErrors(obj, false),
};

/** RoleBinding: roleRef (required, immutable) and subjects. */
export const roleBindingValidation: KindStrategy = {
  validate: (obj) => bindingErrors(obj, true),
  validateUpdate: (obj, old) => [...bindingErrors(obj, true), ...roleRefChanged(obj, old)],
};

/** ClusterRoleBinding: a ClusterRole roleRef (immutable) and subjects (service accounts with a namespace). */
export const clusterRoleBindingValidation: KindStrategy = {
  validate: (obj) => bindingErrors(obj, false),
  validateUpdate: (obj, old) => [...bindingErrors(obj, false), ...roleRefChanged(obj, old)],
};
