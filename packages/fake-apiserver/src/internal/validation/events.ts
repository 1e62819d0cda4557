// Validation of Events written through events.k8s.io/v1 (pkg/apis/core/validation/events.go): the
// legacy checks every Event passes, then the stricter ones of the new API. The object is the core
// Event the body was converted to; the paths are those kube-apiserver reports (core names, but
// `reportingController` for the reporting component).
import { isJsonObject, type JsonObject } from '../json-value.js';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../name-rules.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { immutable, invalidValue, objectAt, required, stringAt } from './common.js';

const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
const ACTION_LENGTH_LIMIT = 128;
const REASON_LENGTH_LIMIT = 128;
const NOTE_LENGTH_LIMIT = 1024;

const set = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

function legacyErrors(obj: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const namespace = stringAt(obj.metadata, 'namespace');
  const regardingNamespace = stringAt(obj.involvedObject, 'namespace');
  if (!set(obj.eventTime)) {
    if (regardingNamespace === '' ? namespace !== '' && namespace !== 'default' : namespace !== regardingNamespace) {
      causes.push(invalidValue('involvedObject.namespace', regardingNamespace, 'does not match event.namespace'));
    }
  } else {
    if (regardingNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') {
      causes.push(invalidValue('involvedObject.namespace', regardingNamespace, 'does not match event.namespace'));
    }
    const controller = stringAt(obj, 'reportingComponent');
    if (controller === '') causes.push(required('reportingController'));
    for (const m of qualifiedNameErrors(controller)) causes.push(invalidValue('reportingController', controller, m));
    const instance = stringAt(obj, 'reportingInstance');
    if (instance === '') causes.push(required('reportingInstance'));
    if (instance.length > REPORTING_INSTANCE_LENGTH_LIMIT) causes.push(invalidValue('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LENGTH_LIMIT} characters`));
    const action = stringAt(obj, 'action');
    if (action === '') causes.push(required('action'));
    if (action.length > ACTION_LENGTH_LIMIT) causes.push(invalidValue('action', '', `can have at most ${ACTION_LENGTH_LIMIT} characters`));
    const reason = stringAt(obj, 'reason');
    if (reason === '') causes.push(required('reason'));
    if (reason.length > REASON_LENGTH_LIMIT) causes.push(invalidValue('reason', '', `can have at most ${REASON_LENGTH_LIMIT} characters`));
    if (stringAt(obj, 'message').length > NOTE_LENGTH_LIMIT) causes.push(invalidValue('message', '', `can have at most ${NOTE_LENGTH_LIMIT} characters`));
  }
  for (const m of dns1123SubdomainErrors(namespace)) causes.push(invalidValue('namespace', namespace, m));
  return causes;
}

function seriesErrors(obj: JsonObject): FieldCause[] {
  const series = objectAt(obj, 'series');
  if (series === undefined) return [];
  const causes: FieldCause[] = [];
  const count = typeof series.count === 'number' ? series.count : 0;
  if (count < 2) causes.push(invalidValue('series.count', '', 'should be at least 2'));
  if (!set(series.lastObservedTime)) causes.push(required('series.lastObservedTime'));
  return causes;
}

function createErrors(obj: JsonObject): FieldCause[] {
  const causes = [...legacyErrors(obj), ...seriesErrors(obj)];
  if (!set(obj.eventTime)) causes.push(required('eventTime'));
  const type = stringAt(obj, 'type');
  if (type !== 'Normal' && type !== 'Warning') causes.push(invalidValue('type', '', `has invalid value: ${type}`));
  if (set(obj.firstTimestamp)) causes.push(invalidValue('firstTimestamp', '', 'needs to be unset'));
  if (set(obj.lastTimestamp)) causes.push(invalidValue('lastTimestamp', '', 'needs to be unset'));
  if (typeof obj.count === 'number' && obj.count !== 0) causes.push(invalidValue('count', '', 'needs to be unset'));
  const source = objectAt(obj, 'source');
  if (stringAt(source, 'component') !== '' || stringAt(source, 'host') !== '') causes.push(invalidValue('source', '', 'needs to be unset'));
  return causes;
}

/** The internal ObjectReference as Go's JSON writes it in an immutable-field error. */
function reference(ref: unknown): Record<string, string> {
  return {
    Kind: stringAt(ref, 'kind'),
    Namespace: stringAt(ref, 'namespace'),
    Name: stringAt(ref, 'name'),
    UID: stringAt(ref, 'uid'),
    APIVersion: stringAt(ref, 'apiVersion'),
    ResourceVersion: stringAt(ref, 'resourceVersion'),
    FieldPath: stringAt(ref, 'fieldPath'),
  };
}

function updateErrors(obj: JsonObject, old: JsonObject): FieldCause[] {
  const causes = legacyErrors(obj);
  if (JSON.stringify(obj.series ?? null) !== JSON.stringify(old.series ?? null)) causes.push(...seriesErrors(obj));
  causes.push(...immutable('involvedObject', reference(obj.involvedObject), reference(old.involvedObject)));
  for (const [path, key] of [['reason', 'reason'], ['message', 'message'], ['type', 'type'], ['action', 'action'], ['reportingController', 'reportingComponent'], ['reportingInstance', 'reportingInstance']] as const) {
    causes.push(...immutable(path, stringAt(obj, key), stringAt(old, key)));
  }
  if (isJsonObject(obj.related) || isJsonObject(old.related)) {
    causes.push(...immutable('related', isJsonObject(obj.related) ? reference(obj.related) : null, isJsonObject(old.related) ? reference(old.related) : null));
  }
  return causes;
}

/** events.k8s.io/v1 Event: eventTime, reporting controller and instance, action, reason, type, series; what is immutable. */
export const eventsV1Validation: KindStrategy = {
  validate: (obj) => createErrors(obj),
  validateUpdate: (obj, old) => updateErrors(obj, old as unknown as JsonObject),
};
