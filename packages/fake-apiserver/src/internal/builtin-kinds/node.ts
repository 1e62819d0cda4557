// The node.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { runtimeClassValidation } from '../validation/node.js';

/** The node.k8s.io group's kinds. */
export const NODE_KINDS: readonly KindInfo[] = [
  builtin({ group: 'node.k8s.io', plural: 'runtimeclasses', strategy: runtimeClassValidation }),
];
