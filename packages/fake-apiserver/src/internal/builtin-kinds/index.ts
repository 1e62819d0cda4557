// Every built-in kind the fake serves, one file per API group, in the order kube-apiserver lists
// the groups (`/apis`: by each group's priority).
import type { KindInfo } from '../kinds.js';
import { ADMISSIONREGISTRATION_KINDS } from './admissionregistration.js';
import { APIEXTENSIONS_KINDS } from './apiextensions.js';
import { APIREGISTRATION_KINDS } from './apiregistration.js';
import { APPS_KINDS } from './apps.js';
import { AUTHENTICATION_KINDS } from './authentication.js';
import { AUTHORIZATION_KINDS } from './authorization.js';
import { AUTOSCALING_KINDS } from './autoscaling.js';
import { BATCH_KINDS } from './batch.js';
import { CERTIFICATES_KINDS } from './certificates.js';
import { COORDINATION_KINDS } from './coordination.js';
import { CORE_KINDS } from './core.js';
import { DISCOVERY_KINDS } from './discovery.js';
import { EVENTS_KINDS } from './events.js';
import { FLOWCONTROL_KINDS } from './flowcontrol.js';
import { NETWORKING_KINDS } from './networking.js';
import { NODE_KINDS } from './node.js';
import { POLICY_KINDS } from './policy.js';
import { RBAC_KINDS } from './rbac.js';
import { RESOURCE_KINDS } from './resource.js';
import { SCHEDULING_KINDS } from './scheduling.js';
import { STORAGE_KINDS } from './storage.js';
import { STORAGEMIGRATION_KINDS } from './storagemigration.js';

/** The kinds every fake API server serves, described as kube-apiserver v1.37 discovers them. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  ...CORE_KINDS,
  ...APIREGISTRATION_KINDS,
  ...APPS_KINDS,
  ...EVENTS_KINDS,
  ...AUTHENTICATION_KINDS,
  ...AUTHORIZATION_KINDS,
  ...AUTOSCALING_KINDS,
  ...BATCH_KINDS,
  ...CERTIFICATES_KINDS,
  ...NETWORKING_KINDS,
  ...POLICY_KINDS,
  ...RBAC_KINDS,
  ...STORAGE_KINDS,
  ...ADMISSIONREGISTRATION_KINDS,
  ...APIEXTENSIONS_KINDS,
  ...SCHEDULING_KINDS,
  ...COORDINATION_KINDS,
  ...NODE_KINDS,
  ...DISCOVERY_KINDS,
  ...RESOURCE_KINDS,
  ...FLOWCONTROL_KINDS,
  ...STORAGEMIGRATION_KINDS,
];

/**
 * Resources in the generated data (data/resources.json) the fake does not serve, each with why.
 * Every other generated resource has a descriptor above.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export const NOT_SERVED: Readonly<Record<string, string>> = {};
