// The write options that concern field ownership: `fieldManager` on create, update and patch, and
// `force` on patch (with `dryRun`, which kube checks in the same pass), checked and worded as
// kube-apiserver's option validation does (a 422 about `CreateOptions.meta.k8s.io`,
// `UpdateOptions.meta.k8s.io` or `PatchOptions.meta.k8s.io`).
import { InvalidError } from '../errors.js';
import type { StatusCause } from '../types.js';
import { aggregateText } from './field-error.js';
import { failure } from './status.js';

/** The media type of a server-side apply patch. */
export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

/** kube-apiserver's limit on `fieldManager`, in bytes. */
const FIELD_MANAGER_MAX_BYTES = 128;

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Go's `%q` of a string: printable characters as they are, the rest escaped as Go escapes them. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (isPrint(ch)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

/**
 * The manager kube-apiserver records for a write without `fieldManager`: the User-Agent up to its
 * first `/`, non-printable characters (Go's `unicode.IsPrint`) left out, cut at 128 bytes on a
 * character boundary. `''` when there is none (the field manager records it as `unknown`).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  // Node reads header bytes as Latin-1; Go, whose rules these are, reads them as UTF-8.
  const text = userAgent === undefined ? '' : Buffer.from(userAgent, 'latin1').toString('utf8');
  let out = '';
  let bytes = 0;
  for (const ch of text.split('/')[0] ?? '') {
    if (!isPrint(ch)) continue;
    const size = Buffer.byteLength(ch);
    if (bytes + size > FIELD_MANAGER_MAX_BYTES) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** The causes kube-apiserver's `ValidateFieldManager` finds in a `fieldManager` value. */
function fieldManagerCauses(manager: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_BYTES) {
    causes.push({ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${FIELD_MANAGER_MAX_BYTES} bytes`, field: 'fieldManager' });
  }
  let position = 0;
  for (const ch of manager) {
    if (!isPrint(ch)) {
      const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${goQuote(manager)}: invalid character U+${code} (at position ${position})`,
        field: 'fieldManager',
      });
    }
    position += Buffer.byteLength(ch);
  }
  return causes;
}

function invalidOptions(kind: OptionsKind, causes: readonly StatusCause[]): InvalidError {
  const summary = aggregateText(causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`));
  return new InvalidError(
    failure(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${summary}`, { group: 'meta.k8s.io', kind, causes: [...causes] }),
  );
}

/** The apiserver's query codec for `*bool`: present and neither `0` nor `false` (any case) means true. */
function parseForce(query: URLSearchParams): boolean | undefined {
  const value = query.get('force');
  if (value === null) return undefined;
  return !(value === '0' || value.toLowerCase() === 'false');
}

/** What a write request says about field ownership. */
export interface ManagerOptions {
  /**
   * The manager recorded for the write: `fieldManager`, or for create, update and non-apply patches
   * without one the client's User-Agent up to its first `/` (`''` when there is none).
   */
  readonly manager: string;
  /** `force` of an apply patch (false when absent). */
  readonly force: boolean;
}

/**
 * Reads and checks `fieldManager` (and `force` for patches) the way kube-apiserver validates
 * CreateOptions, UpdateOptions and PatchOptions: 422 for a missing manager on apply, `force` on
 * another patch type, a manager longer than 128 bytes or with non-printable characters, and a
 * `dryRun` other than `All` (one aggregated error, in kube's order).
 */
export function managerOptions(kind: OptionsKind, query: URLSearchParams, userAgent: string | undefined, patchType?: string): ManagerOptions {
  const fieldManager = query.get('fieldManager') ?? '';
  const force = kind === 'PatchOptions' ? parseForce(query) : undefined;
  const causes: StatusCause[] = [];
  if (kind === 'PatchOptions') {
    if (patchType === APPLY_PATCH_TYPE) {
      if (fieldManager === '') {
        causes.push({ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' });
      }
    } else if (force !== undefined) {
      causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' });
    }
  }
  causes.push(...fieldManagerCauses(fieldManager));
  const dryRun = query.getAll('dryRun');
  if (dryRun.some((v) => v !== 'All')) {
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(dryRun)}: supported values: "All"`, field: 'dryRun' });
  }
  if (causes.length > 0) throw invalidOptions(kind, causes);
  return { manager: fieldManager === '' ? managerFromUserAgent(userAgent) : fieldManager, force: force === true };
}
