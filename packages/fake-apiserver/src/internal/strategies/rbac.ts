// Defaulting of rbac.authorization.k8s.io kinds (pkg/apis/rbac/v1/defaults.go): the API group of
// a binding's roleRef and of User and Group subjects; `rules` written as null when a role has none.
import type { JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { defaultString, ensureObject, objectsAt } from './json-fields.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function defaultBinding(obj: JsonObject): void {
  defaultString(ensureObject(obj, 'roleRef'), 'apiGroup', RBAC_GROUP);
  for (const subject of objectsAt(obj, 'subjects')) {
    if (subject.kind === 'User' || subject.kind === 'Group') defaultString(subject, 'apiGroup', RBAC_GROUP);
  }
}

function defaultRole(obj: JsonObject): void {
  // `rules` has no omitempty: a role without rules is written with `"rules": null`.
  obj.rules ??= null;
}

/** Role and ClusterRole: `rules: null` when none are given. */
export const roleDefaulting: KindStrategy = { default: defaultRole };

/** RoleBinding and ClusterRoleBinding: roleRef.apiGroup, and User/Group subjects' apiGroup. */
export const bindingDefaulting: KindStrategy = { default: defaultBinding };
