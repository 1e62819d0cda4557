// Every built-in kind the fake serves, one file per API group.
import type { KindInfo } from '../kinds.js';
import { APIEXTENSIONS_KINDS } from './apiextensions.js';
import { APPS_KINDS } from './apps.js';
import { BATCH_KINDS } from './batch.js';
import { COORDINATION_KINDS } from './coordination.js';
import { CORE_KINDS } from './core.js';

/** The kinds every fake API server serves, described as kube-apiserver v1.37 discovers them. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  ...CORE_KINDS,
  ...APPS_KINDS,
  ...BATCH_KINDS,
  ...COORDINATION_KINDS,
  ...APIEXTENSIONS_KINDS,
];
