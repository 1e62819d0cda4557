// Every conformance scenario, in the order they are numbered (each runs in namespace kc-conf-<n>-…).
import type { Scenario } from '../scenario.js';
import { applyScenarios } from './apply.js';
import { coreKindScenarios } from './core-kinds.js';
import { crdScenarios } from './crds.js';
import { defaultsWorkloadScenarios } from './defaults-workloads.js';
import { fieldValidationScenarios } from './field-validation.js';
import { kindScenarios } from './kinds.js';
import { lifecycleScenarios } from './lifecycles.js';
import { managedFieldsScenarios } from './managed-fields.js';
import { openApiScenarios } from './openapi.js';
import { otherKindScenarios } from './other-kinds.js';
import { protobufScenarios } from './protobuf.js';
import { subresourceScenarios } from './subresources.js';
import { workloadValidationScenarios } from './validation-workloads.js';
import { wireShapeScenarios } from './wire-shapes.js';

export const scenarios: readonly Scenario[] = [
  ...protobufScenarios,
  ...applyScenarios,
  ...managedFieldsScenarios,
  ...fieldValidationScenarios,
  ...openApiScenarios,
  ...wireShapeScenarios,
  ...subresourceScenarios,
  ...defaultsWorkloadScenarios,
  ...crdScenarios,
  ...coreKindScenarios,
  ...otherKindScenarios,
  ...kindScenarios,
  ...workloadValidationScenarios,
  ...lifecycleScenarios,
];
