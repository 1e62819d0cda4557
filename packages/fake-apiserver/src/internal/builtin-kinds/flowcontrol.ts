// The flowcontrol.apiserver.k8s.io group: each kind kube-apiserver serves there, described once.
import type { KindInfo } from '../kinds.js';
import { builtin } from './define.js';
import { combineStrategies } from '../strategy.js';
import { flowSchemaDefaulting, priorityLevelDefaulting } from '../strategies/flowcontrol.js';
import { flowSchemaValidation, priorityLevelValidation } from '../validation/flowcontrol.js';

/** The flowcontrol.apiserver.k8s.io group's kinds. */
export const FLOWCONTROL_KINDS: readonly KindInfo[] = [
  builtin({ group: 'flowcontrol.apiserver.k8s.io', plural: 'flowschemas', generation: true,
    strategy: combineStrategies(flowSchemaDefaulting, flowSchemaValidation) }),
  builtin({ group: 'flowcontrol.apiserver.k8s.io', plural: 'prioritylevelconfigurations', generation: true,
    strategy: combineStrategies(priorityLevelDefaulting, priorityLevelValidation) }),
];
