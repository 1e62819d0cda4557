// The apiregistration.k8s.io group: APIService objects are stored as written; the fake aggregates no
// other server (kube-apiserver also lists one local APIService per group version it serves).
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';

/** The apiregistration.k8s.io group's kinds. */
export const APIREGISTRATION_KINDS: readonly KindInfo[] = [
  builtin({ group: 'apiregistration.k8s.io', plural: 'apiservices' }),
];
