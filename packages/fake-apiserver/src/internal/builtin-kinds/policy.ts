// The policy group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The policy group's kinds. */
export const POLICY_KINDS: readonly KindInfo[] = [
  builtin({ group: 'policy', plural: 'poddisruptionbudgets', nameValidation: 'path-segment', generation: true }),
];
