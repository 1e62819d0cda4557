// create / update / patch / delete with kube-apiserver's rules. Every check happens before the
// first change, so a refused write leaves the state (and the resourceVersion) untouched.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../types.js';
import { cloneObject, makeEntry, objectKey, type Entry } from './entry.js';
import {
  applyNamespace,
  fieldOf,
  setField,
  newFinalizers,
  normalizeBody,
  sameSpec,
  timestamp,
} from './object-rules.js';
import { jsonEqual } from './json-value.js';
import type { Registry, ServedKind } from './registry.js';
import { FakeApiServerError } from '../errors.js';
import { alreadyExists, badRequest, conflict, failure, invalid, notFound } from './status.js';
import type { Storage } from './storage.js';
import { generateName, validateObjectMeta } from './validation.js';
import { carryManagedFields, ManagedFieldsHook } from './managed-fields-hook.js';
import { deletionFinalizers, type PropagationPolicy } from './garbage-collector.js';
import { isPodKind, podGracePeriod } from './pod-deletion.js';
import { canonicalizeQuantities } from './quantity-fields.js';
import { asJson, DEFAULT_STRATEGY_CONFIG, type StrategyConfig, type StrategyContext } from './strategy.js';

export interface WriteOptions {
  readonly dryRun?: boolean | undefined;
  /**
   * In-process writes: store the object as given (status included; uid and creationTimestamp
   * kept when set), for test fixtures. HTTP writes follow the subresource rules.
   */
  readonly direct?: boolean | undefined;
  readonly subresource?: 'status' | 'scale' | 'finalize' | 'approval' | undefined;
  /** The body was parsed for this request and may be changed and stored as it is (no copy). */
  readonly owned?: boolean | undefined;
  /**
   * HTTP writes: the manager recorded in `metadata.managedFields` as an `Update`. In-process writes
   * leave it unset and keep the managedFields they are given.
   */
  readonly manager?: string | undefined;
  /** The object carries the managedFields a server-side apply computed: record nothing more. */
  readonly applied?: boolean | undefined;
  /** Receives the kind's warnings about an accepted write (HTTP writes send them as `Warning` headers). */
  readonly warn?: ((warnings: readonly string[]) => void) | undefined;
}

export interface DeleteOptions {
  readonly dryRun?: boolean | undefined;
  readonly preconditions?: { readonly uid?: string | undefined; readonly resourceVersion?: string | undefined } | undefined;
  /** How dependents go (`Orphan`, `Background`, `Foreground`); the kind's default when unset. */
  readonly propagationPolicy?: PropagationPolicy | undefined;
  /** The older form of `propagationPolicy: 'Orphan'` (false means `Background`). */
  readonly orphanDependents?: boolean | undefined;
  /** Pods: seconds before the kubelet stops the pod (`spec.terminationGracePeriodSeconds` when unset). */
  readonly gracePeriodSeconds?: number | undefined;
}

/** Per-kind side effects (namespaces, CustomResourceDefinitions). `before*` may throw to refuse. */
export interface LifecycleHooks {
  /**
   * A kind's own DELETE (namespaces): may throw to refuse, answer an entry to end the request, or
   * undefined to go on with the generic deletion.
   */
  deleteRequest?(served: ServedKind, current: Entry, options: DeleteOptions): Entry | undefined;
  /** Whether an update that leaves a deleted object without finalizers removes it (default true). */
  deleteDuringUpdate?(next: KubeObject): boolean;
  beforeCreate?(served: ServedKind, obj: KubeObject): void;
  afterCreate?(served: ServedKind, entry: Entry): void;
  beforeUpdate?(served: ServedKind, next: KubeObject, current: Entry): void;
  afterUpdate?(served: ServedKind, entry: Entry, prev: Entry): void;
  beforeDelete?(served: ServedKind, current: Entry): void;
  afterDelete?(served: ServedKind, tombstone: Entry): void;
}

const GENERATE_NAME_ATTEMPTS = 8;

export class Writes {
  private readonly hooks = new Map<string, LifecycleHooks>();
  /** Field ownership: `Update` entries on writes, and server-side apply. */
  readonly managedFields: ManagedFieldsHook;

  constructor(
    private readonly storage: Storage,
    private readonly registry: Registry,
    private readonly now: () => Date = () => new Date(),
    private readonly random: () => number = Math.random,
    private readonly config: StrategyConfig = DEFAULT_STRATEGY_CONFIG,
  ) {
    this.managedFields = new ManagedFieldsHook(registry, now);
  }

  /** Admission of a create (the NamespaceLifecycle check), before anything else is looked at. */
  admitCreate: ((served: ServedKind, namespace: string, name: string) => void) | undefined;

  setHooks(storeId: string, hooks: LifecycleHooks): void {
    this.hooks.set(storeId, hooks);
  }

  private context(subresource: string | undefined): StrategyContext {
    return { now: this.now(), subresource, registry: this.registry, random: this.random, config: this.config };
  }

  private acceptedVersions(served: ServedKind): string[] {
    return this.registry.versionsOf(served.store).map((s) => s.info.apiVersion);
  }

  create(served: ServedKind, urlNamespace: string | undefined, body: unknown, options: WriteOptions = {}): Entry {
    const { info, store } = served;
    const obj = normalizeBody(served, body, this.acceptedVersions(served), options.owned === true);
    const namespace = applyNamespace(served, obj, urlNamespace);
    // Admission names an object by its generateName while it has no name yet.
    this.admitCreate?.(served, namespace, obj.metadata.name ?? obj.metadata.generateName ?? '');
    const strategy = info.strategy;
    canonicalizeQuantities(info, obj);
    strategy?.default?.(asJson(obj));
    const meta = obj.metadata;
    if ((meta.name === undefined || meta.name === '') && meta.generateName !== undefined && meta.generateName !== '') {
      for (let attempt = 0; attempt < GENERATE_NAME_ATTEMPTS; attempt++) {
        meta.name = generateName(meta.generateName, this.random);
        if (!store.entries.has(objectKey(namespace, meta.name))) break;
      }
    }
    const sentResourceVersion = meta.resourceVersion;
    delete meta.resourceVersion;
    if (!options.direct || meta.uid === undefined || meta.uid === '') meta.uid = randomUUID();
    if (!options.direct || meta.creationTimestamp === undefined) meta.creationTimestamp = timestamp(this.now());
    if (info.tracksGeneration === true) meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (!options.direct && info.statusSubresource && strategy?.keepsStatusOnCreate !== true) setField(obj, 'status', undefined);
    const hooks = this.hooks.get(store.id);
    const crd = options.manager !== undefined && served.info.group === 'apiextensions.k8s.io' && served.info.kind === 'CustomResourceDefinition';
    const asSent = crd ? cloneObject(obj) : undefined;
    hooks?.beforeCreate?.(served, obj);
    this.recordCreate(served, obj, asSent, options);
    const ctx = this.context(undefined);
    if (!options.direct) strategy?.prepareForCreate?.(asJson(obj), ctx);
    const causes = validateObjectMeta(obj, info, { isCreate: true });
    if (strategy?.validate !== undefined) causes.push(...strategy.validate(asJson(obj), ctx));
    if (causes.length > 0) throw invalid(info.invalidAs ?? info, meta.name ?? '', causes);
    const warnings = strategy?.warnings?.(asJson(obj), undefined, ctx) ?? [];
    if (warnings.length > 0) options.warn?.(warnings);
    if (sentResourceVersion !== undefined && sentResourceVersion !== '') {
      // kube-apiserver validates first (422 above), then its storage refuses a set
      // resourceVersion with a bare 500, before it would look for an existing object.
      throw new FakeApiServerError(failure(500, 'InternalError', 'resourceVersion should not be set on objects to be created'));
    }
    const name = meta.name ?? '';
    if (store.entries.has(objectKey(namespace, name))) throw alreadyExists(info, name);
    if (options.dryRun) return makeEntry(obj, namespace, name, 0);
    const entry = this.storage.insert(store, obj, namespace, name);
    hooks?.afterCreate?.(served, entry);
    return entry;
  }

  update(served: ServedKind, urlNamespace: string | undefined, urlName: string, body: unknown, options: WriteOptions = {}): Entry {
    const { info, store } = served;
    const obj = normalizeBody(served, body, this.acceptedVersions(served), options.owned === true);
    const namespace = applyNamespace(served, obj, urlNamespace);
    const meta = obj.metadata;
    if (meta.name !== urlName) {
      throw badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${urlName})`);
    }
    const current = store.entries.get(objectKey(namespace, urlName));
    if (current === undefined) throw notFound(info, urlName);
    const cur = current.obj;
    const curMeta = cur.metadata ?? {};
    if (meta.resourceVersion !== undefined && meta.resourceVersion !== '' && meta.resourceVersion !== String(current.rv)) {
      throw conflict(info, urlName);
    }
    if (meta.uid !== undefined && meta.uid !== '' && meta.uid !== curMeta.uid) {
      throw conflict(info, urlName, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${curMeta.uid ?? ''}`);
    }
    const strategy = info.strategy;
    const unconditional = meta.resourceVersion === undefined || meta.resourceVersion === '';
    canonicalizeQuantities(info, obj);
    if (unconditional && !options.direct && strategy?.requiresResourceVersionOnUpdate === true) {
      // kube-apiserver's storage refuses it before validating, naming the resource (not the kind).
      throw invalid({ group: info.group, plural: info.plural, kind: info.plural }, urlName, [
        { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0: must be specified for an update' },
      ]);
    }
    strategy?.default?.(asJson(obj));

    let next: KubeObject & { metadata: NonNullable<KubeObject['metadata']> };
    if (options.subresource === 'status' || options.subresource === 'approval') {
      // A status write changes .status only (metadata too is reset to the stored one); so does a
      // CertificateSigningRequest's approval, whose strategy keeps only the conditions of it.
      const copy = cloneObject(cur);
      next = { ...copy, metadata: copy.metadata ?? {} };
      setField(next, 'status', fieldOf(obj, 'status'));
      if (options.applied === true) carryManagedFields(obj, next);
    } else {
      next = obj;
      if (!options.direct && info.statusSubresource) {
        const status = fieldOf(cur, 'status');
        setField(next, 'status', status === undefined ? undefined : cloneObject(status));
      }
    }
    const m = next.metadata;
    m.uid = curMeta.uid;
    m.creationTimestamp = curMeta.creationTimestamp;
    m.namespace = curMeta.namespace;
    if (m.namespace === undefined) delete m.namespace;
    if (curMeta.deletionTimestamp === undefined) {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    } else {
      m.deletionTimestamp = curMeta.deletionTimestamp;
      if (curMeta.deletionGracePeriodSeconds === undefined) delete m.deletionGracePeriodSeconds;
      else m.deletionGracePeriodSeconds = curMeta.deletionGracePeriodSeconds;
    }
    if (options.manager !== undefined && options.applied !== true) {
      this.managedFields.recordUpdate(served, cur, next, options.manager, options.subresource);
    }
    const ctx = this.context(options.subresource);
    if (!options.direct) strategy?.prepareForUpdate?.(asJson(next), cur, ctx);
    // (recording managedFields may have replaced the metadata object)
    const meta2 = next.metadata;
    if (info.tracksGeneration === true) {
      const generation = typeof curMeta.generation === 'number' ? curMeta.generation : 1;
      const changed = strategy?.generationChanged?.(asJson(next), cur) ?? !sameSpec(next, cur);
      meta2.generation = changed ? generation + 1 : generation;
    } else if (curMeta.generation === undefined) {
      // Kinds whose spec kube-apiserver does not track keep the generation they were created with.
      delete meta2.generation;
    } else {
      meta2.generation = curMeta.generation;
    }

    const causes = validateObjectMeta(next, info, { isCreate: false });
    if (options.direct) {
      // In-process updates play the cluster's own controllers (a scheduler binding a pod, a kubelet
      // writing its status): the object must be valid, but the transition rules of client updates
      // (immutable fields) do not apply.
      if (strategy?.validate !== undefined) causes.push(...strategy.validate(asJson(next), { ...ctx, subresource: undefined }));
    } else if (strategy?.validateUpdate !== undefined) {
      causes.push(...strategy.validateUpdate(asJson(next), cur, ctx));
    }
    if (curMeta.deletionTimestamp !== undefined) {
      const added = newFinalizers(cur, next);
      if (added.length > 0) {
        causes.push({
          reason: 'FieldValueForbidden',
          field: 'metadata.finalizers',
          message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        });
      }
    }
    if (causes.length > 0) throw invalid(info.invalidAs ?? info, urlName, causes);
    const warnings = strategy?.warnings?.(asJson(next), cur, ctx) ?? [];
    if (warnings.length > 0) options.warn?.(warnings);
    const hooks = this.hooks.get(store.id);
    hooks?.beforeUpdate?.(served, next, current);

    // An update that changes nothing (key order aside) keeps the resourceVersion and sends no event.
    next.metadata.resourceVersion = String(current.rv);
    if (jsonEqual(next, cur)) return current;
    if (options.dryRun) return makeEntry(next, current.namespace, current.name, 0);

    if (curMeta.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0 && hooks?.deleteDuringUpdate?.(next) !== false) {
      // The last finalizer is gone: the object goes away now.
      hooks?.beforeDelete?.(served, current);
      const tombstone = this.storage.remove(store, current, next);
      hooks?.afterDelete?.(served, tombstone);
      return tombstone;
    }
    const entry = this.storage.replace(store, current, next);
    hooks?.afterUpdate?.(served, entry, current);
    return entry;
  }

  /**
   * Records the creating manager's `Update` (unless an apply did), after the create hooks as kube
   * attributes its create-time changes to the creator. A CustomResourceDefinition's status is set
   * by kube-apiserver's own controller in a write of its own: the creator's entry is computed on
   * the object as sent (`asSent`) and the status is recorded as kube-apiserver's.
   */
  private recordCreate(served: ServedKind, obj: KubeObject, asSent: KubeObject | undefined, options: WriteOptions): void {
    if (options.manager === undefined) return;
    if (asSent === undefined) {
      if (options.applied !== true) this.managedFields.recordUpdate(served, undefined, obj, options.manager, undefined);
      return;
    }
    if (options.applied !== true) this.managedFields.recordUpdate(served, undefined, asSent, options.manager, undefined);
    this.managedFields.recordControllerStatus(served, asSent, obj);
  }

  /**
   * Applies `patch` to the stored object and writes the result as an update. A resourceVersion
   * the patch sets acts as a precondition.
   */
  patch(
    served: ServedKind,
    urlNamespace: string | undefined,
    urlName: string,
    patch: (current: KubeObject) => unknown,
    options: WriteOptions = {},
  ): Entry {
    const namespace = served.info.namespaced ? (urlNamespace ?? 'default') : '';
    const current = served.store.entries.get(objectKey(namespace, urlName));
    if (current === undefined) throw notFound(served.info, urlName);
    const patched = patch(cloneObject(current.obj));
    const meta = (patched as KubeObject | null)?.metadata;
    if (meta?.name === undefined || meta.name === '') {
      // A patch that drops the name still addresses the URL's object.
      if (typeof patched === 'object' && patched !== null && !Array.isArray(patched)) {
        const p = patched as KubeObject;
        p.metadata = { ...(p.metadata ?? {}), name: urlName };
      }
    }
    return this.update(served, urlNamespace, urlName, patched, { ...options, owned: true });
  }

  delete(served: ServedKind, namespace: string, name: string, options: DeleteOptions = {}): Entry {
    const { info, store } = served;
    const current = store.entries.get(objectKey(namespace, name));
    if (current === undefined) throw notFound(info, name);
    const curMeta = current.obj.metadata ?? {};
    const pre = options.preconditions;
    // kube-apiserver checks DeleteOptions preconditions before deleting and names the object by its
    // kind there (`Operation cannot be fulfilled on ConfigMap "cfg"`, details.kind `ConfigMap`).
    const byKind = { group: info.group, plural: info.kind, kind: info.kind };
    if (pre?.uid !== undefined && pre.uid !== curMeta.uid) {
      throw conflict(byKind, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${curMeta.uid ?? ''}). The object might have been deleted and then recreated`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== String(current.rv)) {
      throw conflict(byKind, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${current.rv}). The object might have been modified`);
    }
    const hooks = this.hooks.get(store.id);
    const own = hooks?.deleteRequest?.(served, current, options);
    if (own !== undefined) return own;

    // kube-apiserver's graceful deletion (pods): mark with a grace period, or keep a pending one
    // unless the request shortens it.
    let graceful = false;
    let grace = 0;
    if (isPodKind(info)) {
      grace = podGracePeriod(current.obj, options.gracePeriodSeconds);
      const pendingGrace = curMeta.deletionGracePeriodSeconds;
      if (curMeta.deletionTimestamp === undefined) graceful = true;
      else if (pendingGrace !== undefined && pendingGrace > 0) {
        if (pendingGrace <= grace) return current;
        graceful = true;
      }
    }
    const finalizers = curMeta.finalizers ?? [];
    const gcFinalizers = deletionFinalizers(info, finalizers, options);
    if (graceful || finalizers.length > 0 || gcFinalizers !== undefined) {
      const next = cloneObject(current.obj);
      const meta = (next.metadata ??= {});
      if (gcFinalizers !== undefined) {
        if (gcFinalizers.length > 0) meta.finalizers = gcFinalizers;
        else delete meta.finalizers;
      }
      const pending = (meta.finalizers ?? []).length > 0;
      const first = curMeta.deletionTimestamp === undefined;
      if (graceful) {
        meta.deletionTimestamp = timestamp(new Date(this.now().getTime() + grace * 1000));
        meta.deletionGracePeriodSeconds = grace;
      } else if (pending) {
        meta.deletionGracePeriodSeconds = 0;
        meta.deletionTimestamp ??= timestamp(this.now());
      }
      if (first && meta.deletionTimestamp !== undefined && typeof curMeta.generation === 'number' && curMeta.generation > 0) {
        meta.generation = curMeta.generation + 1;
      }
      const removeNow = !pending && (!graceful || grace === 0);
      if (options.dryRun) return removeNow ? current : makeEntry(next, current.namespace, current.name, current.rv);
      let marked = current;
      if (!jsonEqual(next, current.obj)) {
        marked = this.storage.replace(store, current, next);
        hooks?.afterUpdate?.(served, marked, current);
      }
      if (!removeNow) return marked;
      hooks?.beforeDelete?.(served, marked);
      const tombstone = this.storage.remove(store, marked);
      hooks?.afterDelete?.(served, tombstone);
      return tombstone;
    }
    if (options.dryRun) return current;
    hooks?.beforeDelete?.(served, current);
    const tombstone = this.storage.remove(store, current);
    hooks?.afterDelete?.(served, tombstone);
    return tombstone;
  }
}
