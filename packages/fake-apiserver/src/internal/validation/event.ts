// core/v1 Event validation (pkg/apis/core/validation ValidateEventCreate/Update, the checks kept
// for the v1 API): the involved object's namespace matches the event's; an event with an
// eventTime (a "new" event) needs its reporting controller, instance, action and reason.
import { isJsonObject } from '../json-value.js';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../name-rules.js';
import type { JsonObject, KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { invalidValue, required } from './common.js';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function validateEvent(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
  const namespace = text(meta.namespace);
  const involved = isJsonObject(obj.involvedObject) ? obj.involvedObject : {};
  const involvedNamespace = text(involved.namespace);
  const mismatch = invalidValue('involvedObject.namespace', involvedNamespace, 'does not match event.namespace');
  if (obj.eventTime === undefined || obj.eventTime === null) {
    if (involvedNamespace === '' ? namespace !== '' && namespace !== 'default' : namespace !== involvedNamespace) causes.push(mismatch);
  } else {
    if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') causes.push(mismatch);
    const controller = text(obj.reportingComponent);
    if (controller === '') causes.push(required('reportingComponent'));
    for (const msg of qualifiedNameErrors(controller)) causes.push(invalidValue('reportingComponent', controller, msg));
    const instance = text(obj.reportingInstance);
    if (instance === '') causes.push(required('reportingInstance'));
    if (instance.length > REPORTING_INSTANCE_LIMIT) causes.push(invalidValue('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    const action = text(obj.action);
    if (action === '') causes.push(required('action'));
    if (action.length > ACTION_LIMIT) causes.push(invalidValue('action', '', `can have at most ${ACTION_LIMIT} characters`));
    const reason = text(obj.reason);
    if (reason === '') causes.push(required('reason'));
    if (reason.length > REASON_LIMIT) causes.push(invalidValue('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if (text(obj.message).length > NOTE_LIMIT) causes.push(invalidValue('message', '', `can have at most ${NOTE_LIMIT} characters`));
  }
  for (const msg of dns1123SubdomainErrors(namespace)) causes.push(invalidValue('namespace', namespace, msg));
  return causes;
}

/** Event validation. */
export const eventValidation: KindStrategy = {
  validate: validateEvent,
  validateUpdate: (obj) => validateEvent(obj),
};
