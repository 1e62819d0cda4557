// The rbac.authorization.k8s.io group: names are path segments (`system:controller:…`).
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { bindingDefaulting, roleDefaulting } from '../strategies/rbac.js';
import { clusterRoleBindingValidation, clusterRoleValidation, roleBindingValidation, roleValidation } from '../validation/rbac.js';

/** The rbac.authorization.k8s.io group's kinds. */
export const RBAC_KINDS: readonly KindInfo[] = [
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'clusterrolebindings', nameValidation: 'path-segment',
    strategy: combineStrategies(bindingDefaulting, clusterRoleBindingValidation) }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'clusterroles', nameValidation: 'path-segment',
    strategy: combineStrategies(roleDefaulting, clusterRoleValidation) }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'rolebindings', nameValidation: 'path-segment',
    strategy: combineStrategies(bindingDefaulting, roleBindingValidation) }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'roles', nameValidation: 'path-segment',
    strategy: combineStrategies(roleDefaulting, roleValidation) }),
];
