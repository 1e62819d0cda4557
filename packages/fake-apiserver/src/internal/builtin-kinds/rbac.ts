// The rbac.authorization.k8s.io group: names are path segments (`system:controller:…`).
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, CREATED_AT_COLUMN, createdAtCell, list, NAME_COLUMN, printer, rec, str, type KindColumns } from '../table-columns.js';
import { combineStrategies } from '../strategy.js';
import { bindingDefaulting, roleDefaulting } from '../strategies/rbac.js';
import { clusterRoleBindingValidation, clusterRoleValidation, roleBindingValidation, roleValidation } from '../validation/rbac.js';

/** `kubectl get roles` and `clusterroles`: the creation time. */
const ROLE = printer([
  NAME_COLUMN,
  CREATED_AT_COLUMN,
], (role) => [str(rec(role.metadata).name), createdAtCell(role)]);

/** A binding's printer: the role, then (wide) its users, groups and service accounts. */
function bindingPrinter(columns: Parameters<typeof printer>[0]): KindColumns {
  return printer(columns, (binding, now) => {
    const ref = rec(binding.roleRef);
    const subjects = list(binding.subjects);
    const named = (kind: string): string => subjects.filter((s) => s.kind === kind).map((s) => str(s.name)).join(', ');
    const accounts = subjects.filter((s) => s.kind === 'ServiceAccount').map((s) => `${str(s.namespace)}/${str(s.name)}`).join(', ');
    return [str(rec(binding.metadata).name), `${str(ref.kind)}/${str(ref.name)}`, ageCell(binding, now), named('User'), named('Group'), accounts];
  });
}

const ROLE_BINDING = bindingPrinter([
    NAME_COLUMN,
    col('Role', 'string', 'roleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'),
    AGE_COLUMN,
    col('Users', 'string', 'Users in the roleBinding', 1),
    col('Groups', 'string', 'Groups in the roleBinding', 1),
    col('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', 1),
]);

const CLUSTER_ROLE_BINDING = bindingPrinter([
    NAME_COLUMN,
    col('Role', 'string', 'roleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'),
    AGE_COLUMN,
    col('Users', 'string', 'Users in the clusterRoleBinding', 1),
    col('Groups', 'string', 'Groups in the clusterRoleBinding', 1),
    col('ServiceAccounts', 'string', 'ServiceAccounts in the clusterRoleBinding', 1),
]);

/** The rbac.authorization.k8s.io group's kinds. */
export const RBAC_KINDS: readonly KindInfo[] = [
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'clusterrolebindings', columns: CLUSTER_ROLE_BINDING, nameValidation: 'path-segment',
    strategy: combineStrategies(bindingDefaulting, clusterRoleBindingValidation) }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'clusterroles', columns: ROLE, nameValidation: 'path-segment',
    strategy: combineStrategies(roleDefaulting, clusterRoleValidation) }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'rolebindings', columns: ROLE_BINDING, nameValidation: 'path-segment',
    strategy: combineStrategies(bindingDefaulting, roleBindingValidation) }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'roles', columns: ROLE, nameValidation: 'path-segment',
    strategy: combineStrategies(roleDefaulting, roleValidation) }),
];
