// kube-apiserver's field manager stack, flattened: decoding managedFields, the manager identity,
// "before-first-apply", the Update cap, timestamps, stripping of metadata, the kubectl
// last-applied annotation, then the structured-merge-diff updater.
import { FakeApiServerError } from '../../errors.js';
import { cloneJson, isJsonObject } from '../json-value.js';
import { badRequest, failure } from '../status.js';
import { ApplyConflictError, type ApplyConflict } from './errors.js';
import { FieldSet } from './field-set.js';
import { pathToString } from './path.js';
import { allowedConflictsFromLastApplied, LAST_APPLIED, lastAppliedOf } from './last-applied.js';
import { TypedValueError } from './typed-common.js';
import { validateTyped } from './validate.js';
import { cmp, decodeManaged, encodeManaged, identity, isReset, parseIdentity, seconds, type Managed } from './managed-fields.js';
import { ConflictsError, Updater, type Conflict, type ManagedSets } from './updater.js';
import type {
  ApplyOptions,
  FieldManager,
  FieldManagerOptions,
  FieldManagerWriteOptions,
  ManagedFieldsEntry,
  ObjectJson,
} from './field-manager.js';
import type { ApplySchema } from './schema.js';

const DEFAULT_MAX_UPDATE_MANAGERS = 10;

/** Fields nobody is recorded as owning: the type's identity and the metadata the server controls. */
const STRIPPED = FieldSet.of(
  ...[
    ['apiVersion'],
    ['kind'],
    ['metadata'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['metadata', 'creationTimestamp'],
    ['metadata', 'selfLink'],
    ['metadata', 'uid'],
    ['metadata', 'clusterName'],
    ['metadata', 'generation'],
    ['metadata', 'managedFields'],
    ['metadata', 'resourceVersion'],
  ].map((p) => p.map((field) => ({ field }))),
);

function metaOf(obj: ObjectJson | undefined): Record<string, unknown> | undefined {
  const m = obj?.metadata;
  return isJsonObject(m) ? m : undefined;
}

/** A copy without `metadata.managedFields`. */
function withoutManagedFields(obj: ObjectJson): ObjectJson {
  const meta = metaOf(obj);
  if (meta === undefined || !Object.hasOwn(meta, 'managedFields')) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

function withManagedFields(obj: ObjectJson, entries: ManagedFieldsEntry[] | undefined): ObjectJson {
  const base = withoutManagedFields(obj);
  if (entries === undefined) return base;
  const meta = metaOf(base) ?? {};
  return { ...base, metadata: { ...meta, managedFields: entries } };
}

/** RFC 3339 to the second, as metav1.Time writes it. */
function rfc3339(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

function splitApiVersion(apiVersion: unknown): { group: string; version: string } {
  if (typeof apiVersion !== 'string' || apiVersion === '') return { group: '', version: '' };
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The field manager stack of one kind. */
export class StackedFieldManager implements FieldManager {
  readonly #schema: ApplySchema;
  readonly #resetFields: ReadonlyMap<string, FieldSet>;
  readonly #maxUpdateManagers: number;
  readonly #emptyObject: ObjectJson;
  readonly #kind: string | undefined;
  readonly #normalize: (obj: unknown) => unknown;

  constructor(options: FieldManagerOptions) {
    const normalize = options.normalize;
    this.#normalize = normalize === undefined ? (o) => o : (o) => (isJsonObject(o) ? normalize(o) : o);
    this.#kind = options.kind;
    this.#schema = options.schema;
    const reset = new Map<string, FieldSet>();
    for (const [sub, paths] of Object.entries(options.resetFields ?? {})) {
      reset.set(sub, FieldSet.of(...paths.map((p) => p.map((field) => ({ field })))));
    }
    this.#resetFields = reset;
    this.#maxUpdateManagers = options.maxUpdateManagers ?? DEFAULT_MAX_UPDATE_MANAGERS;
    this.#emptyObject = options.emptyObject ?? {};
  }

  #updater(options: FieldManagerWriteOptions): Updater {
    const reset = this.#resetFields.get(options.subresource ?? '');
    return new Updater(this.#schema, reset === undefined ? new Map() : new Map([[options.apiVersion, reset]]), this.#normalize);
  }

  update(live: ObjectJson | undefined, next: ObjectJson, options: FieldManagerWriteOptions): ObjectJson {
    const subresource = options.subresource ?? '';
    const liveObj = live ?? this.#emptyObject;
    let managed: Managed;
    const fromLive = (): Managed => {
      try {
        return decodeManaged(metaOf(liveObj)?.managedFields);
      } catch {
        return { fields: new Map(), times: new Map() };
      }
    };
    const sent = metaOf(next)?.managedFields;
    if (subresource !== '') managed = fromLive();
    else if (isReset(sent)) managed = { fields: new Map(), times: new Map() };
    else {
      try {
        managed = decodeManaged(sent);
        if (managed.fields.size === 0) managed = fromLive();
      } catch {
        managed = fromLive();
      }
    }
    const stripped = withoutManagedFields(next);
    try {
      const result = this.#updateManaged(liveObj, stripped, managed, options);
      return withManagedFields(stripped, encodeManaged(result));
    } catch (err) {
      // A defect here is not a field-management failure: let it surface instead of losing entries.
      if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) throw err;
      // kube logs the failure and keeps the live object's managedFields.
      const kept = metaOf(liveObj)?.managedFields;
      return Array.isArray(kept) ? withManagedFields(stripped, kept as ManagedFieldsEntry[]) : stripped;
    }
  }

  /** skipNonApplied → capManagers → buildManagerInfo → managedFieldsUpdater → stripMeta → updater, for an Update. */
  #updateManaged(live: ObjectJson, next: ObjectJson, managed: Managed, options: FieldManagerWriteOptions): Managed {
    // Objects that existed before any managedFields are not tracked until someone applies.
    const uid = metaOf(live)?.uid;
    if (managed.fields.size === 0 && typeof uid === 'string' && uid !== '') return managed;
    const id = identity({
      manager: options.manager === '' ? 'unknown' : options.manager,
      operation: 'Update',
      apiVersion: options.apiVersion,
      subresource: options.subresource ?? '',
    });
    const self = 'current-operation';
    let fields = this.#updater(options).update(withoutManagedFields(live), next, options.apiVersion, managed.fields, self);
    fields = stripMeta(fields, self);
    const times = new Map(managed.times);
    const vs = fields.get(self);
    if (vs !== undefined) {
      fields.delete(self);
      const previous = fields.get(id);
      fields.set(id, previous === undefined ? vs : { ...vs, set: vs.set.union(previous.set) });
      times.set(id, rfc3339(options.now));
    }
    return this.#capUpdateManagers({ fields, times });
  }

  /** kube's capManagers: past the limit, the oldest Update entries merge into `ancient-changes` per version. */
  #capUpdateManagers(managed: Managed): Managed {
    const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
    if (updaters.length <= this.#maxUpdateManagers) return managed;
    updaters.sort((a, b) => seconds(managed.times.get(a)) - seconds(managed.times.get(b)) || cmp(a, b));
    const firstByVersion = new Map<string, string>();
    let length = updaters.length;
    for (let i = 0; i < updaters.length && length > this.#maxUpdateManagers; i++) {
      const id = updaters[i];
      if (id === undefined) break;
      const vs = managed.fields.get(id);
      if (vs === undefined) continue;
      const time = managed.times.get(id);
      const bucket = identity({ manager: 'ancient-changes', operation: 'Update', apiVersion: vs.apiVersion, subresource: '' });
      const first = firstByVersion.get(vs.apiVersion);
      if (first === undefined) {
        firstByVersion.set(vs.apiVersion, id);
        continue;
      }
      if (!managed.fields.has(bucket)) {
        const s = managed.fields.get(first);
        managed.fields.delete(first);
        if (s !== undefined) managed.fields.set(bucket, s);
      }
      const bucketSet = managed.fields.get(bucket)?.set ?? new FieldSet();
      managed.fields.set(bucket, { set: vs.set.union(bucketSet), apiVersion: vs.apiVersion, applied: vs.applied });
      managed.fields.delete(id);
      length--;
      managed.times.set(bucket, time);
    }
    return managed;
  }

  apply(live: ObjectJson | undefined, applied: ObjectJson, options: ApplyOptions): ObjectJson {
    // An apply that creates merges into nothing; the empty Go object only matters to the comparisons.
    const liveObj = live ?? {};
    let managed: Managed;
    try {
      managed = decodeManaged(metaOf(liveObj)?.managedFields);
    } catch (err) {
      throw new Error(`failed to decode managed fields: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.#checkApplied(applied, options);
    try {
      return this.#applyKubectlAware(liveObj, applied, managed, options);
    } catch (err) {
      if (err instanceof ConflictsError) throw toConflictError(err.conflicts);
      throw err;
    }
  }

  #checkApplied(applied: ObjectJson, options: ApplyOptions): void {
    const { group, version } = splitApiVersion(applied.apiVersion);
    const want = splitApiVersion(options.apiVersion);
    const kind = typeof applied.kind === 'string' ? applied.kind : '';
    const wantKind = this.#kind;
    if (group !== want.group || version !== want.version || kind === '' || (wantKind !== undefined && kind !== wantKind)) {
      throw badRequest(`invalid object type: ${group}/${version}, Kind=${kind}`);
    }
    const meta = metaOf(applied);
    if (meta?.managedFields !== undefined && meta.managedFields !== null) {
      throw badRequest('metadata.managedFields must be nil');
    }
  }

  /** lastAppliedUpdater and lastAppliedManager: kubectl's client-side-apply annotation, for the manager `kubectl`. */
  #applyKubectlAware(live: ObjectJson, applied: ObjectJson, managed: Managed, options: ApplyOptions): ObjectJson {
    let result: ObjectJson;
    try {
      result = this.#applyManaged(live, applied, cloneManaged(managed), options, options.force);
    } catch (err) {
      if (options.manager !== 'kubectl' || !(err instanceof ConflictsError)) throw err;
      const allowed = allowedConflictsFromLastApplied(this.#schema, withoutManagedFields(live), options.apiVersion, this.#normalize);
      if (allowed === undefined) throw err;
      const remaining = err.conflicts.filter((c) => !allowed.has(c.path));
      if (remaining.length > 0) throw new ConflictsError(remaining);
      result = this.#applyManaged(live, applied, cloneManaged(managed), options, true);
    }
    if (options.manager === 'kubectl') {
      const annotations = metaOf(result)?.annotations;
      if (isJsonObject(annotations) && typeof annotations[LAST_APPLIED] === 'string' && annotations[LAST_APPLIED] !== '') {
        const meta = metaOf(result) ?? {};
        result = { ...result, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED]: lastAppliedOf(applied) } } };
      }
    }
    return result;
  }



  /** Values that do not fit the schema fail as kube fails them: HTTP 500 naming the object. */
  #typedErrors<T>(applied: ObjectJson, run: () => T): T {
    try {
      validateTyped(this.#schema, this.#schema.root, applied);
    } catch (err) {
      if (err instanceof TypedValueError) throw typedFailure('failed to create typed patch object', applied, err);
      throw err;
    }
    try {
      return run();
    } catch (err) {
      if (err instanceof TypedValueError) throw typedFailure('failed to create typed live object', applied, err);
      throw err;
    }
  }

  /** skipNonApplied → buildManagerInfo → managedFieldsUpdater → stripMeta → updater, for an Apply. */
  #applyManaged(live: ObjectJson, applied: ObjectJson, managed: Managed, options: ApplyOptions, force: boolean): ObjectJson {
    let liveObj = withoutManagedFields(live);
    if (managed.fields.size === 0) {
      // Fields set before the first apply belong to "before-first-apply", so that appliers conflict with them.
      const base = withoutManagedFields({ ...this.#emptyObject, apiVersion: applied.apiVersion, kind: applied.kind });
      managed = this.#updateManaged(base, liveObj, managed, { ...options, manager: 'before-first-apply' });
      liveObj = withoutManagedFields(live);
    }
    const id = identity({
      manager: options.manager === '' ? 'unknown' : options.manager,
      operation: 'Apply',
      apiVersion: options.apiVersion,
      subresource: options.subresource ?? '',
    });
    const { object, managers } = this.#typedErrors(applied, () =>
      this.#updater(options).apply(liveObj, applied, options.apiVersion, managed.fields, id, force),
    );
    const fields = stripMeta(managers, id);
    const times = new Map(managed.times);
    if (object !== undefined) times.set(id, rfc3339(options.now));
    const out = object === undefined ? cloneJson(liveObj) : (dropRemovalNulls(object, liveObj, applied) as ObjectJson);
    return withManagedFields(out, encodeManaged({ fields, times }));
  }
}

/**
 * structured-merge-diff leaves a map or list that pruning emptied as null; kube's typed objects
 * (and CRD null pruning) then drop it. Drop the nulls that neither the live object nor the
 * applied configuration had; one the configuration still gives as an object stays an empty object.
 */
function dropRemovalNulls(v: unknown, live: unknown, applied: unknown): unknown {
  if (!isJsonObject(v)) return v;
  const l = isJsonObject(live) ? live : undefined;
  const a = isJsonObject(applied) ? applied : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null && l?.[k] !== null && a?.[k] !== null) {
      // Still applied as an (empty) object: keep it as one.
      if (isJsonObject(a?.[k])) out[k] = {};
      continue;
    }
    out[k] = dropRemovalNulls(x, l?.[k], a?.[k]);
  }
  return out;
}

function cloneManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

function stripMeta(fields: ManagedSets, manager: string): ManagedSets {
  const vs = fields.get(manager);
  if (vs === undefined) return fields;
  const set = vs.set.difference(STRIPPED);
  if (set.empty()) fields.delete(manager);
  else fields.set(manager, { ...vs, set });
  return fields;
}

function typedFailure(what: string, applied: ObjectJson, err: TypedValueError): FakeApiServerError {
  const meta = metaOf(applied);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const { group, version } = splitApiVersion(applied.apiVersion);
  const gvk = `${group}/${version}, Kind=${str(applied.kind)}`;
  // kube answers errors that are not a Status with code 500 and no reason.
  return new FakeApiServerError(failure(500, '', `${what} (${str(meta?.namespace)}/${str(meta?.name)}; ${gvk}): ${err.message}`), { cause: err });
}

function toConflictError(conflicts: readonly Conflict[]): ApplyConflictError {
  return new ApplyConflictError(
    conflicts.map((c): ApplyConflict => {
      const who = parseIdentity(c.manager);
      return { ...who, path: pathToString(c.path) };
    }),
  );
}

