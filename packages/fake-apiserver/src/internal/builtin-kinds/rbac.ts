// The rbac.authorization.k8s.io group: names are path segments (`system:controller:…`).
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The rbac.authorization.k8s.io group's kinds. */
export const RBAC_KINDS: readonly KindInfo[] = [
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'clusterrolebindings', nameValidation: 'path-segment' }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'clusterroles', nameValidation: 'path-segment' }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'rolebindings', nameValidation: 'path-segment' }),
  builtin({ group: 'rbac.authorization.k8s.io', plural: 'roles', nameValidation: 'path-segment' }),
];
