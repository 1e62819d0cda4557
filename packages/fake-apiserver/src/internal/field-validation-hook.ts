// Where the HTTP handlers call field validation: the directive from the query, the kind's schema
// from the backend, warnings onto the response (error responses carry them too, as on
// kube-apiserver).
import type { ServerResponse } from 'node:http';
import type { Backend } from './backend.js';
import { FieldValidator, parseFieldValidation, type WriteOptionsKind } from './field-validation.js';
import { kindSchema } from './kind-schemas.js';
import type { KindInfo } from './kinds.js';
import { isJsonObject } from './json-value.js';
import { addWarnings } from './respond.js';
import { badRequest } from './status.js';

const validators = new WeakMap<Backend, FieldValidator>();

function validatorOf(backend: Backend): FieldValidator {
  let validator = validators.get(backend);
  if (validator === undefined) {
    validator = new FieldValidator((info) => kindSchema(backend, info));
    validators.set(backend, validator);
  }
  return validator;
}

/**
 * kube-apiserver's custom resource handler decodes a body only in the URL's version: another
 * apiVersion, even one the CRD serves, is a 400 worded by its decoder.
 */
function checkCustomResourceVersion(backend: Backend, info: KindInfo, parsed: unknown): void {
  if (backend.registry.lookup(info.group, info.version, info.plural)?.origin !== 'crd') return;
  const apiVersion = isJsonObject(parsed) ? parsed.apiVersion : undefined;
  if (typeof apiVersion !== 'string' || apiVersion === '' || apiVersion === info.apiVersion) return;
  throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${info.apiVersion})`);
}

/**
 * A create or update body after field validation: unknown fields dropped, problems reported as
 * `fieldValidation` asks (kube's 422 for a bad directive, 400 under Strict, warnings under Warn).
 */
export function validatedBody(
  backend: Backend,
  res: ServerResponse,
  info: KindInfo,
  query: URLSearchParams,
  options: WriteOptionsKind,
  contentType: string | undefined,
  raw: Buffer,
  parsed: unknown,
): unknown {
  const directive = parseFieldValidation(query, options);
  checkCustomResourceVersion(backend, info, parsed);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return validatorOf(backend).body(info, directive, type, raw, parsed, (w) => {
    addWarnings(res, w);
  });
}

/**
 * Field validation of a JSON, merge or strategic merge patch: checks the directive now and returns
 * the function that checks (and cleans) the patched object.
 */
export function patchValidation(
  backend: Backend,
  res: ServerResponse,
  info: KindInfo,
  query: URLSearchParams,
  patchType: string,
  rawPatch: Buffer,
  patch: unknown,
): (patched: unknown) => unknown {
  const directive = parseFieldValidation(query, 'PatchOptions');
  return (patched) =>
    validatorOf(backend).patched(info, directive, patchType, rawPatch, patch, patched, (w) => {
      addWarnings(res, w);
    });
}

/**
 * Field validation of a server-side apply body: its duplicated keys (the apply itself reports
 * unknown fields). Call it after the apply succeeded and before the result is stored, as
 * kube-apiserver does: a 400 under Strict, warnings under Warn, a 422 for a bad directive.
 */
export function validateApplyBody(res: ServerResponse, query: URLSearchParams, raw: Buffer): void {
  const directive = parseFieldValidation(query, 'PatchOptions');
  if (directive === 'Ignore') return;
  new FieldValidator(() => undefined).applyBody(directive, raw.toString('utf8'), (w) => {
    addWarnings(res, w);
  });
}
