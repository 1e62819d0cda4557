// fieldValidation=Strict|Warn|Ignore on create, update and patch, as kube-apiserver v1.37 answers
// it: unknown and duplicated fields fail the request under Strict (400 for create/update bodies,
// 422 for patches, each worded as kube words it), become `Warning: 299 - "…"` headers under Warn
// (the default), and are dropped silently under Ignore. Unknown fields never reach storage: a
// built-in kind keeps only what its Go types declare, a custom resource is pruned against its
// CRD's structural schema. Bodies that are not JSON (protobuf) have nothing to report.
import type { KindInfo } from './kinds.js';
import type { OpenApiSchema } from './schema/data.js';
import {
  decodeUnstructured,
  duplicateField,
  scanJson,
  unknownField,
  yamlDuplicateKeys,
  type JsonNode,
} from './duplicate-fields.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import { InvalidError } from '../errors.js';
import { goQuote } from './manager-options.js';
import { badRequest, failure } from './status.js';
import {
  checkEmbeddedObjectMeta,
  checkObjectMeta,
  decodeTyped,
  pruneStructural,
  sortedNode,
  valueNode,
  type SchemaDefinitions,
} from './unknown-fields.js';

/** The `fieldValidation` directive of a write. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Which options kind a write's query parameters decode into (named in kube's 422). */
export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const SUPPORTED = 'supported values: "", "Ignore", "Strict", "Warn"';

/**
 * The `fieldValidation` query parameter: `Warn` when absent or empty, kube's 422 for anything but
 * `Ignore`, `Strict` and `Warn` (case matters).
 */
export function parseFieldValidation(query: URLSearchParams, options: WriteOptionsKind): FieldValidation {
  const value = query.get('fieldValidation') ?? '';
  if (value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  const message = `Unsupported value: ${JSON.stringify(value)}: ${SUPPORTED}`;
  throw new InvalidError(
    failure(422, 'Invalid', `${options}.meta.k8s.io "" is invalid: fieldValidation: ${message}`, {
      group: 'meta.k8s.io',
      kind: options,
      causes: [{ reason: 'FieldValueNotSupported', message, field: 'fieldValidation' }],
    }),
  );
}

/** How the fields of one served kind are checked. */
export interface KindSchema {
  /** Definitions that `root` (and ObjectMeta) refer to. */
  readonly defs: SchemaDefinitions;
  /**
   * `'typed'`: a built-in kind decoded into Go structs; `'structural'`: a custom resource pruned
   * against its CRD version's `openAPIV3Schema`.
   */
  readonly mode: 'typed' | 'structural';
  readonly root: OpenApiSchema | undefined;
}

/** Receives the warnings of a request (one `Warning` header each). */
export type WarningSink = (warnings: readonly string[]) => void;

/** Go's `%v` of a float64 that is not a whole number (`1.5`, `1e-05`, `1.2345675e+06`). */
function goFloat(n: number): string {
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21 || (exp >= 6 && !Number.isInteger(n))) {
    const [mantissa, e = '0'] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${e.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(n);
}

/**
 * Go's `%+v` of a decoded JSON value (`map[a:1 b:[x y]]`): how kube shows a strategic merge
 * patch in its errors. Whole numbers print as integers (kube decodes them as int64).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isJsonObject(value)) return `map[${Object.keys(value).sort().map((k) => `${k}:${goFormat(value[k])}`).join(' ')}]`;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value).toString() : goFloat(value);
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** kube's strict JSON decoder keeps the first 100 distinct problems of one decoding. */
const MAX_PROBLEMS_PER_DECODE = 100;

function oneDecode(problems: readonly string[]): string[] {
  return [...new Set(problems)].slice(0, MAX_PROBLEMS_PER_DECODE);
}

function strictText(problems: readonly string[]): string {
  return `strict decoding error: ${problems.join(', ')}`;
}

/** What checking a value against its kind's schema found, and the value without unknown fields. */
interface Checked {
  readonly value: unknown;
  readonly problems: string[];
}

/**
 * Decodes a scanned document as kube decodes a body of the kind: built-ins into their Go types,
 * custom resources as unstructured objects, then their metadata and structural pruning.
 */
function decodeDocument(schema: KindSchema | undefined, node: JsonNode): Checked {
  const found: string[] = [];
  if (schema?.mode === 'typed') {
    const value = decodeTyped(schema.defs, node, schema.root, found);
    return { value, problems: oneDecode(found) };
  }
  const value = decodeUnstructured(node, '', found);
  const problems = oneDecode(found);
  if (schema !== undefined) problems.push(...customResourceProblems(schema, value));
  return { value, problems };
}

/** Metadata, pruning and embedded metadata of a custom resource (changed in place). */
function customResourceProblems(schema: KindSchema, value: unknown): string[] {
  if (!isJsonObject(value)) return [];
  const meta: string[] = [];
  checkObjectMeta(schema.defs, value, '', meta);
  const problems = oneDecode(meta);
  problems.push(...pruneStructural(value, schema.root).map(unknownField));
  problems.push(...checkEmbeddedObjectMeta(schema.defs, value, schema.root));
  return problems;
}

/**
 * The patched object as the JSON kube decodes it after a JSON patch: the objects an operation
 * went through re-encoded with sorted keys, everything else (added values included) as it was.
 */
function jsonPatchedNode(value: unknown, touched: ReadonlySet<string>, pointer: string): JsonNode {
  if (Array.isArray(value)) return { type: 'array', items: value.map((v, i) => jsonPatchedNode(v, touched, `${pointer}/${i}`)) };
  if (isJsonObject(value)) {
    const keys = touched.has(pointer) ? Object.keys(value).sort() : Object.keys(value);
    const child = (k: string): string => `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return { type: 'object', entries: keys.map((k) => [k, jsonPatchedNode(value[k], touched, child(k))] as const) };
  }
  return sortedNode(value);
}

/**
 * The patched object as the JSON kube decodes after a merge patch: the objects the patch wrote
 * into, and everything it brought, re-encoded with sorted keys; the rest as it was.
 */
function mergePatchedNode(value: unknown, patch: unknown): JsonNode {
  if (Array.isArray(patch)) return sortedNode(value);
  if (!isJsonObject(value) || !isJsonObject(patch)) return valueNode(value);
  const keys = Object.keys(value).sort();
  return { type: 'object', entries: keys.map((k) => [k, Object.hasOwn(patch, k) ? mergePatchedNode(value[k], patch[k]) : valueNode(value[k])] as const) };
}

/** The JSON text of a node. */
function nodeText(node: JsonNode): string {
  if (node.type === 'scalar') return JSON.stringify(node.value);
  if (node.type === 'array') return `[${node.items.map(nodeText).join(',')}]`;
  return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${nodeText(v)}`).join(',')}}`;
}

/**
 * The patched object as kube shows it in a strict patch error (the JSON it decoded); a custom
 * resource is an unstructured object, which Go writes with sorted keys throughout.
 */
function patchedText(patched: unknown, patchType: string, patch: unknown, schema: KindSchema | undefined): string {
  if (schema?.mode === 'structural') return nodeText(sortedNode(patched));
  if (patchType === 'application/json-patch+json') return nodeText(jsonPatchedNode(patched, touchedPointers(patch), ''));
  if (patchType === 'application/merge-patch+json') return nodeText(mergePatchedNode(patched, patch));
  return JSON.stringify(patched);
}

/** Every JSON pointer a JSON patch's operations go through (their containers, not their targets). */
function touchedPointers(patch: unknown): Set<string> {
  const touched = new Set<string>();
  if (!Array.isArray(patch)) return touched;
  for (const op of patch) {
    if (!isJsonObject(op)) continue;
    for (const field of ['path', 'from']) {
      const path = op[field];
      if (typeof path !== 'string') continue;
      const segments = path.split('/').slice(1);
      for (let i = 0; i < segments.length; i++) touched.add(segments.slice(0, i).map((s) => `/${s}`).join(''));
    }
  }
  return touched;
}

/** The patched object without its unknown fields, keeping its key order. */
function checkPatched(schema: KindSchema | undefined, patched: unknown, patchType: string, patch: unknown): Checked {
  if (schema === undefined) return { value: patched, problems: [] };
  if (schema.mode === 'structural') {
    const value = structuredClone(patched);
    return { value, problems: customResourceProblems(schema, value) };
  }
  const found: string[] = [];
  const node = patchType === 'application/json-patch+json' ? jsonPatchedNode(patched, touchedPointers(patch), '') : sortedNode(patched);
  const cleaned = decodeTyped(schema.defs, node, schema.root, found);
  // kube checks a strategic merge result as a map (its unknown fields sorted by their message),
  // the result of the other patches by decoding it as JSON.
  const problems = patchType === 'application/strategic-merge-patch+json' ? [...new Set(found)].sort() : oneDecode(found);
  return { value: problems.length === 0 ? patched : keepKnownFields(patched, cleaned), problems };
}

function keepKnownFields(original: unknown, cleaned: unknown): unknown {
  if (Array.isArray(original) && Array.isArray(cleaned)) return original.map((v, i) => keepKnownFields(v, cleaned[i]));
  if (isJsonObject(original) && isJsonObject(cleaned)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(original)) {
      if (Object.hasOwn(cleaned, k)) Object.defineProperty(out, k, { value: keepKnownFields(v, cleaned[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return original;
}

function scan(text: string): JsonNode | undefined {
  try {
    return scanJson(text);
  } catch {
    return undefined;
  }
}

function isJsonMedia(contentType: string): boolean {
  return contentType === '' || contentType === 'application/json' || contentType === '*/*';
}

const PATCH_OPERATION_FIELDS = new Set(['op', 'path', 'from', 'value']);

/** `json patch unknown field "[0].extra"`, `json patch duplicate field "[0].op"`: a JSON patch's own fields. */
function jsonPatchProblems(node: JsonNode): string[] {
  const problems: string[] = [];
  if (node.type !== 'array') return problems;
  node.items.forEach((item, i) => {
    if (item.type !== 'object') return;
    const seen = new Set<string>();
    for (const [key, child] of item.entries) {
      const at = `[${i}].${key}`;
      if (!PATCH_OPERATION_FIELDS.has(key)) {
        problems.push(`json patch ${unknownField(at)}`);
        continue;
      }
      if (seen.has(key)) problems.push(`json patch ${duplicateField(at)}`);
      seen.add(key);
      if (key === 'value') {
        const inner: string[] = [];
        decodeUnstructured(child, at, inner);
        problems.push(...inner.map((p) => `json patch ${p}`));
      }
    }
  });
  return problems;
}

/** Field validation for the writes of one server, with the schemas of its kinds. */
export class FieldValidator {
  constructor(private readonly schemaOf: (info: KindInfo) => KindSchema | undefined) {}

  /**
   * A create or update body: returns the object to write (unknown fields dropped). Under Strict,
   * unknown or duplicated fields are a 400 `BadRequest`; under Warn each is a warning.
   */
  body(info: KindInfo, directive: FieldValidation, contentType: string, raw: Buffer, parsed: unknown, warn: WarningSink): unknown {
    if (!isJsonMedia(contentType)) return parsed;
    const node = scan(raw.toString('utf8'));
    if (node === undefined) return parsed;
    const { value, problems } = decodeDocument(this.schemaOf(info), node);
    this.report(directive, problems, warn, () =>
      badRequest(`${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: ${strictText(problems)}`),
    );
    return value;
  }

  /**
   * The result of a JSON patch, merge patch or strategic merge patch: returns the object to write
   * (unknown fields dropped). Under Strict, problems are kube's 422 `patch: Invalid value`.
   */
  patched(
    info: KindInfo,
    directive: FieldValidation,
    patchType: string,
    rawPatch: Buffer,
    patch: unknown,
    patched: unknown,
    warn: WarningSink,
  ): unknown {
    const problems: string[] = [];
    if (directive !== 'Ignore') {
      const node = scan(rawPatch.toString('utf8'));
      if (node !== undefined) {
        const own: string[] = [];
        if (patchType === 'application/json-patch+json') own.push(...jsonPatchProblems(node));
        else decodeUnstructured(node, '', own);
        problems.push(...oneDecode(own));
      }
    }
    const strategic = patchType === 'application/strategic-merge-patch+json';
    const schema = this.schemaOf(info);
    const checked = checkPatched(schema, patched, patchType, patch);
    problems.push(...checked.problems);
    this.report(directive, problems, warn, () => {
      const shown = strategic ? goFormat(patch) : patchedText(patched, patchType, patch, schema);
      const message = `Invalid value: ${goQuote(shown)}: ${strictText(problems)}`;
      return new InvalidError(
        failure(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
          causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
        }),
      );
    });
    return checked.value;
  }

  /**
   * The duplicated keys of a server-side apply body (YAML or JSON), checked after the apply
   * itself succeeded, as kube-apiserver does: a 400 under Strict, warnings under Warn.
   */
  applyBody(directive: FieldValidation, body: string, warn: WarningSink): void {
    if (directive === 'Ignore') return;
    const problems = yamlDuplicateKeys(body);
    this.report(directive, problems, warn, () =>
      badRequest(`error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  ${problems.join('\n  ')}`),
    );
  }

  private report(directive: FieldValidation, problems: readonly string[], warn: WarningSink, strictError: () => Error): void {
    if (problems.length === 0 || directive === 'Ignore') return;
    if (directive === 'Strict') throw strictError();
    warn(problems);
  }
}
