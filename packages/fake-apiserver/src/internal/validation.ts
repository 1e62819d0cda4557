// Object metadata validation as kube-apiserver does it on create and update
// (k8s.io/apimachinery/pkg/api/validation/objectmeta.go), with the same field paths, reasons and
// messages, so a 422 from the fake reads like one from a real cluster.
import { fieldErrorBody, type FieldErrorType } from './field-error.js';
import type { KindInfo } from './kinds.js';
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  pathSegmentErrors,
  qualifiedNameErrors,
} from './name-rules.js';
import type { KubeObject } from '../types.js';

/** One reason an object is invalid, shaped like a Kubernetes `Status.details.causes` entry. */
export interface FieldCause {
  reason:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
    | 'FieldValueDuplicate'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueTypeInvalid'
    | 'FieldValueNotFound'
    /** kube's field.InternalError, which a few checks report next to the invalid value that caused it. */
    | 'InternalError';
  /** The field path, e.g. `metadata.name`. */
  field: string;
  /** The message without the path, e.g. `Invalid value: "Foo_": a lowercase RFC 1123 subdomain …`. */
  message: string;
}

const REASONS: Record<FieldErrorType, FieldCause['reason']> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  Duplicate: 'FieldValueDuplicate',
  TooLong: 'FieldValueTooLong',
  NotFound: 'FieldValueNotFound',
};

/** Annotations may hold at most this many bytes of keys and values together. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const GENERATED_SUFFIX_LENGTH = 5;
const MAX_GENERATED_PREFIX_LENGTH = 63 - GENERATED_SUFFIX_LENGTH;

function cause(type: FieldErrorType, field: string, badValue: unknown, detail: string): FieldCause {
  return { reason: REASONS[type], field, message: fieldErrorBody(type, badValue, detail) };
}

/**
 * 5 characters from `bcdfghjklmnpqrstvwxz2456789` (no vowels, no look-alikes), drawn with `random` in [0, 1).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function generateNameSuffix(random: () => number): string {
  let out = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) {
    const index = Math.min(GENERATE_NAME_ALPHABET.length - 1, Math.max(0, Math.floor(random() * GENERATE_NAME_ALPHABET.length)));
    out += GENERATE_NAME_ALPHABET.charAt(index);
  }
  return out;
}

/** A name from `generateName`: the prefix cut to 58 characters (so the result fits a label), then 5 random characters. */
export function generateName(prefix: string, random: () => number): string {
  return prefix.slice(0, MAX_GENERATED_PREFIX_LENGTH) + generateNameSuffix(random);
}

/** Messages for a name (or a generateName prefix) under the kind's naming rule. */
function nameErrors(kind: KindInfo, name: string, prefix: boolean): string[] {
  // A prefix gets random characters appended, so a trailing '-' is fine there: check it as if it
  // were followed by a letter.
  const checked = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  switch (kind.nameValidation) {
    case 'dns1123-label':
      return dns1123LabelErrors(checked);
    case 'dns1035-label':
      return dns1035LabelErrors(checked);
    case 'path-segment':
      return pathSegmentErrors(name, prefix);
    case 'dns1123-subdomain':
      return dns1123SubdomainErrors(checked);
  }
}

function stringMap(value: unknown, field: string, causes: FieldCause[]): [string, string][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    causes.push(cause('Invalid', field, value, 'must be a map of strings'));
    return [];
  }
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') entries.push([k, v]);
    else causes.push(cause('Invalid', field, v, `value of ${JSON.stringify(k)} must be a string`));
  }
  return entries;
}

function validateOwnerReferences(refs: unknown, causes: FieldCause[]): void {
  const field = 'metadata.ownerReferences';
  if (refs === undefined || refs === null) return;
  if (!Array.isArray(refs)) {
    causes.push(cause('Invalid', field, refs, 'must be a list of owner references'));
    return;
  }
  const controllers: string[] = [];
  for (const ref of refs as unknown[]) {
    const r = ref !== null && typeof ref === 'object' ? (ref as Record<string, unknown>) : {};
    const text = (key: string): string => (typeof r[key] === 'string' ? r[key] : '');
    const apiVersion = text('apiVersion');
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') causes.push(cause('Invalid', `${field}.apiVersion`, apiVersion, 'version must not be empty'));
    if (text('kind') === '') causes.push(cause('Invalid', `${field}.kind`, text('kind'), 'kind must not be empty'));
    if (text('name') === '') causes.push(cause('Invalid', `${field}.name`, text('name'), 'name must not be empty'));
    if (text('uid') === '') causes.push(cause('Invalid', `${field}.uid`, text('uid'), 'uid must not be empty'));
    if (r.controller === true) controllers.push(`${text('kind')}/${text('name')}`);
  }
  if (controllers.length > 1) {
    causes.push(
      cause('Invalid', field, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`),
    );
  }
}

function validateFinalizers(finalizers: unknown, causes: FieldCause[]): void {
  const field = 'metadata.finalizers';
  if (finalizers === undefined || finalizers === null) return;
  if (!Array.isArray(finalizers)) {
    causes.push(cause('Invalid', field, finalizers, 'must be a list of strings'));
    return;
  }
  for (const f of finalizers as unknown[]) {
    if (typeof f !== 'string') {
      causes.push(cause('Invalid', field, f, 'must be a string'));
      continue;
    }
    for (const msg of qualifiedNameErrors(f)) causes.push(cause('Invalid', field, f, msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    causes.push(cause('Invalid', field, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
}

/**
 * Causes for invalid metadata: name missing without generateName (on create), name or
 * generateName not valid for the kind, namespace missing, invalid or not allowed, negative
 * generation, invalid label keys and values, annotation keys and total size, owner references and
 * finalizers. `[]` when the metadata is valid.
 *
 * The caller fills `metadata.namespace` from the URL before validating, and clears it for
 * cluster-scoped kinds as kube-apiserver does; a namespace left on a cluster-scoped object is
 * reported as Forbidden.
 */
export function validateObjectMeta(obj: KubeObject, kind: KindInfo, options: { isCreate: boolean }): FieldCause[] {
  const causes: FieldCause[] = [];
  const meta: Readonly<Record<string, unknown>> = { ...obj.metadata };
  const { name, generateName, namespace, generation } = meta;

  if (generateName !== undefined && generateName !== '') {
    if (typeof generateName !== 'string') causes.push(cause('Invalid', 'metadata.generateName', generateName, 'must be a string'));
    else for (const msg of nameErrors(kind, generateName, true)) causes.push(cause('Invalid', 'metadata.generateName', generateName, msg));
  }
  if (name === undefined || name === null || name === '') {
    const generated = options.isCreate && typeof generateName === 'string' && generateName !== '';
    if (!generated) causes.push(cause('Required', 'metadata.name', undefined, 'name or generateName is required'));
  } else if (typeof name !== 'string') {
    causes.push(cause('Invalid', 'metadata.name', name, 'must be a string'));
  } else {
    for (const msg of nameErrors(kind, name, false)) causes.push(cause('Invalid', 'metadata.name', name, msg));
  }

  const hasNamespace = namespace !== undefined && namespace !== null && namespace !== '';
  if (kind.namespaced) {
    if (!hasNamespace) causes.push(cause('Required', 'metadata.namespace', undefined, ''));
    else if (typeof namespace !== 'string') causes.push(cause('Invalid', 'metadata.namespace', namespace, 'must be a string'));
    else for (const msg of dns1123LabelErrors(namespace)) causes.push(cause('Invalid', 'metadata.namespace', namespace, msg));
  } else if (hasNamespace) {
    causes.push(cause('Forbidden', 'metadata.namespace', namespace, 'not allowed on this type'));
  }

  if (typeof generation === 'number' && generation < 0) {
    causes.push(cause('Invalid', 'metadata.generation', generation, 'must be greater than or equal to 0'));
  }

  for (const [k, v] of stringMap(meta.labels, 'metadata.labels', causes)) {
    for (const msg of qualifiedNameErrors(k)) causes.push(cause('Invalid', 'metadata.labels', k, msg));
    for (const msg of labelValueErrors(v)) causes.push(cause('Invalid', 'metadata.labels', v, msg));
  }

  let annotationBytes = 0;
  for (const [k, v] of stringMap(meta.annotations, 'metadata.annotations', causes)) {
    // Annotation keys are checked case-insensitively, as Kubernetes does.
    for (const msg of qualifiedNameErrors(k.toLowerCase())) causes.push(cause('Invalid', 'metadata.annotations', k, msg));
    annotationBytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) {
    causes.push(cause('TooLong', 'metadata.annotations', undefined, `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`));
  }

  validateOwnerReferences(meta.ownerReferences, causes);
  validateFinalizers(meta.finalizers, causes);
  return causes;
}
