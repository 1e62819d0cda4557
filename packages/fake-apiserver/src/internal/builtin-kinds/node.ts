// The node.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { AGE_COLUMN, ageCell, col, NAME_COLUMN, printer, rec, str } from '../table-columns.js';
import { runtimeClassValidation } from '../validation/node.js';

/** `kubectl get runtimeclasses` */
const RUNTIME_CLASS = printer([
  NAME_COLUMN,
  col('Handler', 'string', ''),
  AGE_COLUMN,
], (rc, now) => [str(rec(rc.metadata).name), str(rc.handler), ageCell(rc, now)]);

/** The node.k8s.io group's kinds. */
export const NODE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'node.k8s.io', plural: 'runtimeclasses', columns: RUNTIME_CLASS, strategy: runtimeClassValidation }),
];
