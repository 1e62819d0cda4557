// The field manager: records who owns which field of an object in `metadata.managedFields` on
// every write, and performs server-side apply, the way kube-apiserver's field manager stack does
// (managedFields decoding, manager identity, the Update cap, "before-first-apply", timestamps).
import { StackedFieldManager } from './stack.js';
import type { ApplySchema } from './schema.js';

export { DEDUCED_SCHEMA } from './schema.js';
export { applySchemaFromCrd, applySchemaFromOpenApi } from './openapi-schema.js';
export { goShapeNormalizer } from './go-shape.js';

/** One entry of `metadata.managedFields`, as kube-apiserver writes it (keys in this order). */
export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: 'Apply' | 'Update';
  readonly apiVersion?: string;
  /** RFC 3339, second precision: `2026-12-06T16:16:23Z`. */
  readonly time?: string;
  readonly fieldsType?: 'FieldsV1';
  /** The owned fields as a FieldsV1 trie: `{"f:spec":{"f:replicas":{}}}`. */
  readonly fieldsV1?: Readonly<Record<string, unknown>>;
  /** `'status'`, `'scale'`, …; absent for the main resource. */
  readonly subresource?: string;
}

/** A field path as a list of field names, e.g. `['spec', 'replicas']` or `['metadata', 'labels']`. */
type FieldNamePath = readonly string[];

/** How a field manager is set up: one per kind (and version) of object. */
export interface FieldManagerOptions {
  /**
   * The kind's schema: from the built-in OpenAPI definitions (`applySchemaFromOpenApi`), from a
   * CRD version's `openAPIV3Schema` (`applySchemaFromCrd`), or `DEDUCED_SCHEMA` when there is none.
   */
  readonly schema: ApplySchema;
  /** The kind (`'Deployment'`); an apply of another kind is refused with kube's 400. Default: any kind. */
  readonly kind?: string;
  /**
   * Fields the write strategy resets on each endpoint, by subresource (`''` for the main resource,
   * `'status'`, …): nobody is recorded as owning them there, as kube's `GetResetFields`. For a kind
   * with a status subresource kube resets `['status']` on the main resource and `['spec']` (plus,
   * for some kinds, `['metadata', 'labels']` …) on `/status`. The caller still resets the values.
   */
  readonly resetFields?: Readonly<Record<string, readonly FieldNamePath[]>>;
  /** How many `Update` entries to keep before the oldest are merged into `ancient-changes` (kube: 10). */
  readonly maxUpdateManagers?: number;
  /**
   * The object a create starts from, as kube's converter writes a new empty Go object: for a
   * built-in kind the non-pointer structs are present (`{spec: {template: {spec: {}}}, status: {}}`),
   * which decides where `managedFields` shows `.` entries. Default `{}` (custom resources).
   */
  readonly emptyObject?: ObjectJson;
  /**
   * Gives objects the shape kube's field manager sees before comparing them: for a built-in kind,
   * `goShapeNormalizer(generatedProtobuf(), resource.protobuf)` (non-pointer structs present,
   * untagged empty fields null), so that managedFields match kube-apiserver's exactly (`.`
   * entries, `f:resources: {}`). Used for comparisons only; returned objects are not reshaped.
   */
  readonly normalize?: (obj: ObjectJson) => ObjectJson;
}

/** What every write tells the field manager. */
export interface FieldManagerWriteOptions {
  /**
   * The manager: the `fieldManager` query parameter, or for updates without one the client's
   * User-Agent up to the first `/` (the HTTP layer derives it). `''` is recorded as `unknown`.
   */
  readonly manager: string;
  /** The group/version the client wrote through (`'apps/v1'`, `'v1'`). */
  readonly apiVersion: string;
  /** The subresource written (`'status'`, `'scale'`); absent or `''` for the main resource. */
  readonly subresource?: string | undefined;
  /** The time of the write, recorded (to the second) in the entries it changes. */
  readonly now: Date;
}

/** Options of an apply. */
export interface ApplyOptions extends FieldManagerWriteOptions {
  /** Take ownership of conflicting fields instead of failing (`force=true`). */
  readonly force: boolean;
}

/** A JSON object (the object as stored or as sent). */
export type ObjectJson = Record<string, unknown>;

/** Records field ownership on writes and performs server-side apply for one kind of object. */
export interface FieldManager {
  /**
   * Record an `Update` by `options.manager` of `live` into `next` (create: `live` undefined) and
   * return `next` with its new `metadata.managedFields`. `next`'s own `managedFields` are taken
   * when valid and non-empty, `[]` resets them, anything else keeps `live`'s (on a subresource,
   * `live`'s always). Never throws for bad managedFields (kube logs and keeps the old ones).
   * `next` is not modified.
   */
  update(live: ObjectJson | undefined, next: ObjectJson, options: FieldManagerWriteOptions): ObjectJson;
  /**
   * Apply the configuration `applied` to `live` (`undefined`: the object does not exist yet) as
   * `options.manager`: merge it in, remove fields this manager applied before and no longer applies
   * (unless someone else owns them), and return the new object with its `metadata.managedFields`.
   * When nothing changes the result equals `live` apart from managedFields bookkeeping.
   * Neither input is modified.
   *
   * @throws {ApplyConflictError} when fields owned by other managers would change and `force` is false (409).
   * @throws {BadRequestError} when `applied` sets `metadata.managedFields`, or its apiVersion/kind differ from the endpoint's (400).
   */
  apply(live: ObjectJson | undefined, applied: ObjectJson, options: ApplyOptions): ObjectJson;
}

/**
 * Create the field manager of one kind of object.
 *
 * @example
 * ```ts
 * const fm = createFieldManager({ schema: DEDUCED_SCHEMA });
 * const now = new Date();
 * const created = fm.apply(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
 *   { manager: 'kubectl', apiVersion: 'v1', force: false, now });
 * ```
 */
export function createFieldManager(options: FieldManagerOptions): FieldManager {
  return new StackedFieldManager(options);
}
