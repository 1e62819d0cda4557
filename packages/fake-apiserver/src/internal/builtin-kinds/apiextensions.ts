// The apiextensions.k8s.io group: CustomResourceDefinitions, described once.
import type { KindInfo } from '../kinds.js';
import { customResourceDefinitionDefaulting } from '../strategies/customresourcedefinition.js';
import { builtin } from './define.js';

/** The apiextensions.k8s.io group's kinds. */
export const APIEXTENSIONS_KINDS: readonly KindInfo[] = [
  builtin({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions', generation: true, strategy: customResourceDefinitionDefaulting }),
];
