// Owner references: the finalizers kube-apiserver puts on a deleted owner for the propagation
// policy asked (`orphan`, `foregroundDeletion`), and the garbage collector of
// kube-controller-manager that finishes the work: dependents of a vanished owner are deleted, a
// foreground owner waits for its blocking dependents, an orphaning owner lets go of its dependents
// first. The collector runs after the write that gave it work (asynchronously, as on a cluster).
import type { KubeObject, OwnerReference } from '@kcache/store';
import { cloneObject, objectKey, type Entry } from './entry.js';
import type { StoreEvent } from './history.js';
import type { KindInfo } from './kinds.js';
import type { Registry, ServedKind } from './registry.js';
import type { ResourceStore } from './resource-store.js';
import type { Storage } from './storage.js';
import type { DeleteOptions, Writes } from './writes.js';

/** DeleteOptions' `propagationPolicy`. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** What of a kind the garbage collector's rules read: its default propagation (see KindInfo.deletePropagation). */
type Propagating = Pick<KindInfo, 'deletePropagation'>;

/**
 * The policy a DELETE without one gets, as each kind's strategy says: batch/v1 Jobs and
 * ReplicationControllers orphan their dependents (for compatibility with their first versions);
 * every other kind deletes them in the background.
 */
function defaultPropagation(info: Propagating): PropagationPolicy {
  return info.deletePropagation ?? 'Background';
}

function shouldOrphan(info: Propagating, finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Orphan';
  for (const f of finalizers) {
    if (f === ORPHAN_FINALIZER) return true;
    if (f === FOREGROUND_FINALIZER) return false;
  }
  return defaultPropagation(info) === 'Orphan';
}

function shouldForeground(finalizers: readonly string[], options: DeleteOptions): boolean {
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Foreground';
  for (const f of finalizers) {
    if (f === FOREGROUND_FINALIZER) return true;
    if (f === ORPHAN_FINALIZER) return false;
  }
  return false;
}

/**
 * The finalizers a DELETE leaves on the object for the garbage collector (kube-apiserver's
 * generic store): `orphan` or `foregroundDeletion` as the options, the object's own finalizers
 * or the kind's default say; undefined when they do not change.
 */
export function deletionFinalizers(info: Propagating, finalizers: readonly string[], options: DeleteOptions): string[] | undefined {
  const next = finalizers.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (shouldOrphan(info, finalizers, options)) next.push(ORPHAN_FINALIZER);
  if (shouldForeground(finalizers, options)) next.push(FOREGROUND_FINALIZER);
  const before = new Set(finalizers);
  const after = new Set(next);
  if (before.size === after.size && [...after].every((f) => before.has(f))) return undefined;
  return next;
}

/** Where an object lives: its storage-version kind and key. */
interface Located {
  readonly served: ServedKind;
  readonly key: string;
}

function refsOf(obj: KubeObject | undefined): readonly OwnerReference[] {
  return obj?.metadata?.ownerReferences ?? [];
}

function itemId(storeId: string, key: string): string {
  return `${storeId}\u0000${key}`;
}

/**
 * The garbage collector. It indexes every object by uid and every owner reference by the owner's
 * uid, and after each change handles the objects concerned: dependents of a deleted owner, owners
 * marked with `orphan` or `foregroundDeletion`, new objects whose owners do not exist.
 */
export class GarbageCollector {
  private readonly byUid = new Map<string, Located>();
  /** owner uid → dependents (item ids) */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly queue = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly registry: Registry,
    private readonly storage: Storage,
    private readonly writes: Writes,
    /** Whether work runs by itself; indexes are kept either way. */
    private readonly automatic: boolean,
  ) {}

  /** The storage observer: keeps the indexes and queues the objects a change concerns. */
  observe(store: ResourceStore, event: StoreEvent): void {
    const served = this.registry.versionsOf(store)[0];
    if (served === undefined) return;
    const id = itemId(store.id, event.key);
    const prevObj = event.prev?.obj;
    const obj = event.entry.obj;
    const uid = obj.metadata?.uid;
    for (const ref of refsOf(prevObj)) this.dependents.get(ref.uid)?.delete(id);
    if (event.type === 'DELETED') {
      if (uid !== undefined && this.byUid.get(uid)?.key === event.key) this.byUid.delete(uid);
      if (uid !== undefined) for (const dep of this.dependents.get(uid) ?? []) this.queue.add(dep);
      // An owner waiting in the foreground may now have no blocking dependent left.
      for (const ref of refsOf(obj)) {
        const owner = this.byUid.get(ref.uid);
        if (owner !== undefined) this.queue.add(itemId(owner.served.store.id, owner.key));
      }
    } else {
      if (uid !== undefined) this.byUid.set(uid, { served, key: event.key });
      const refs = refsOf(obj);
      for (const ref of refs) {
        let set = this.dependents.get(ref.uid);
        if (set === undefined) this.dependents.set(ref.uid, (set = new Set()));
        set.add(id);
      }
      const finalizers = obj.metadata?.finalizers ?? [];
      const gcWork = obj.metadata?.deletionTimestamp !== undefined && (finalizers.includes(ORPHAN_FINALIZER) || finalizers.includes(FOREGROUND_FINALIZER));
      if (refs.length > 0 || gcWork) this.queue.add(id);
      if (obj.metadata?.deletionTimestamp !== undefined && prevObj?.metadata?.deletionTimestamp === undefined) {
        for (const ref of refs) {
          const owner = this.byUid.get(ref.uid);
          if (owner !== undefined) this.queue.add(itemId(owner.served.store.id, owner.key));
        }
      }
    }
    if (uid !== undefined && event.type === 'DELETED') this.dependents.delete(uid);
    if (this.queue.size > 0) this.schedule();
  }

  /** Runs queued work now, until none is left (for tests and `finish…` calls). */
  drain(): void {
    let rounds = 0;
    while (this.queue.size > 0 && rounds++ < 10_000) this.runBatch();
  }

  close(): void {
    this.closed = true;
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private schedule(): void {
    if (!this.automatic || this.closed || this.scheduled !== undefined) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.runBatch();
      if (this.queue.size > 0) this.schedule();
    });
  }

  private runBatch(): void {
    const batch = [...this.queue];
    this.queue.clear();
    for (const id of batch) {
      const [storeId, key] = id.split('\u0000') as [string, string];
      const served = this.registry.allStores().find((s) => s.id === storeId);
      if (served === undefined) continue;
      const kind = this.registry.versionsOf(served)[0];
      const entry = served.entries.get(key);
      if (kind === undefined || entry === undefined) continue;
      try {
        this.process(kind, entry);
      } catch (err) {
        if (process.env.KCACHE_DEBUG_CONTROLLERS === '1') console.error('garbage collector', key, err);
        // A write the collector cannot make (the object changed meanwhile, validation): the next
        // change to it queues it again, as the collector's retries would.
      }
    }
  }

  private process(served: ServedKind, entry: Entry): void {
    const meta = entry.obj.metadata ?? {};
    const finalizers = meta.finalizers ?? [];
    if (meta.deletionTimestamp !== undefined) {
      if (finalizers.includes(ORPHAN_FINALIZER)) this.orphanDependents(served, entry);
      else if (finalizers.includes(FOREGROUND_FINALIZER)) this.deleteDependentsInForeground(served, entry);
      return;
    }
    this.collectIfOwnerless(served, entry);
  }

  private dependentEntries(uid: string): { served: ServedKind; entry: Entry }[] {
    const out: { served: ServedKind; entry: Entry }[] = [];
    for (const id of this.dependents.get(uid) ?? []) {
      const [storeId, key] = id.split('\u0000') as [string, string];
      const store = this.registry.allStores().find((s) => s.id === storeId);
      const served = store === undefined ? undefined : this.registry.versionsOf(store)[0];
      const entry = store?.entries.get(key);
      if (served !== undefined && entry !== undefined) out.push({ served, entry });
    }
    return out;
  }

  private update(served: ServedKind, entry: Entry, change: (obj: KubeObject) => void): void {
    const next = cloneObject(entry.obj);
    change(next);
    next.metadata = { ...next.metadata, resourceVersion: String(entry.rv) };
    this.writes.update(served, served.info.namespaced ? entry.namespace : undefined, entry.name, next, { direct: true });
  }

  private removeFinalizer(served: ServedKind, entry: Entry, finalizer: string): void {
    this.update(served, entry, (obj) => {
      const rest = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
      if (obj.metadata !== undefined) obj.metadata.finalizers = rest;
    });
  }

  private orphanDependents(served: ServedKind, owner: Entry): void {
    const uid = owner.obj.metadata?.uid ?? '';
    for (const dep of this.dependentEntries(uid)) {
      this.update(dep.served, dep.entry, (obj) => {
        const refs = refsOf(obj).filter((r) => r.uid !== uid);
        if (obj.metadata === undefined) return;
        if (refs.length > 0) obj.metadata.ownerReferences = refs;
        else delete obj.metadata.ownerReferences;
      });
    }
    const latest = served.store.entries.get(owner.key);
    if (latest !== undefined) this.removeFinalizer(served, latest, ORPHAN_FINALIZER);
  }

  private deleteDependentsInForeground(served: ServedKind, owner: Entry): void {
    const uid = owner.obj.metadata?.uid ?? '';
    for (const dep of this.dependentEntries(uid)) {
      if (dep.entry.obj.metadata?.deletionTimestamp === undefined) this.collectIfOwnerless(dep.served, dep.entry);
    }
    const blocking = this.dependentEntries(uid).some((dep) => refsOf(dep.entry.obj).some((r) => r.uid === uid && r.blockOwnerDeletion === true));
    const latest = served.store.entries.get(owner.key);
    if (!blocking && latest !== undefined) this.removeFinalizer(served, latest, FOREGROUND_FINALIZER);
  }

  /** Where an owner reference points: `solid`, `dangling` (absent, other uid) or `waiting` (deleting in the foreground). */
  private ownerState(dependent: ServedKind, namespace: string, ref: OwnerReference): 'solid' | 'dangling' | 'waiting' {
    const kind = this.registry.lookupKind(ref.apiVersion, ref.kind);
    // A kind the server does not serve cannot be looked up: the collector leaves the reference alone.
    if (kind === undefined) return 'solid';
    // A cluster-scoped dependent cannot name a namespaced owner; such a reference is never resolved.
    if (kind.info.namespaced && !dependent.info.namespaced) return 'solid';
    const owner = kind.store.entries.get(objectKey(kind.info.namespaced ? namespace : '', ref.name));
    if (owner === undefined || owner.obj.metadata?.uid !== ref.uid) return 'dangling';
    const meta = owner.obj.metadata;
    if (meta.deletionTimestamp !== undefined && (meta.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return 'waiting';
    return 'solid';
  }

  /** The collector's decision for a dependent (kube's attemptToDeleteItem). */
  private collectIfOwnerless(served: ServedKind, entry: Entry): void {
    const refs = refsOf(entry.obj);
    if (refs.length === 0 || entry.obj.metadata?.deletionTimestamp !== undefined) return;
    const solid: OwnerReference[] = [];
    const gone = new Set<string>();
    let waiting = false;
    for (const ref of refs) {
      const state = this.ownerState(served, entry.namespace, ref);
      if (state === 'solid') solid.push(ref);
      else {
        gone.add(ref.uid);
        if (state === 'waiting') waiting = true;
      }
    }
    if (gone.size === 0) return;
    if (solid.length > 0) {
      this.update(served, entry, (obj) => {
        if (obj.metadata !== undefined) obj.metadata.ownerReferences = refsOf(obj).filter((r) => !gone.has(r.uid));
      });
      return;
    }
    const uid = entry.obj.metadata?.uid ?? '';
    const finalizers = entry.obj.metadata?.finalizers ?? [];
    let policy: PropagationPolicy = 'Background';
    if (waiting && (this.dependents.get(uid)?.size ?? 0) > 0) policy = 'Foreground';
    else if (finalizers.includes(ORPHAN_FINALIZER)) policy = 'Orphan';
    else if (finalizers.includes(FOREGROUND_FINALIZER)) policy = 'Foreground';
    this.writes.delete(served, entry.namespace, entry.name, { propagationPolicy: policy, preconditions: { uid } });
  }
}

/** Installs the collector as a storage observer; returns the function that removes it. */
export function observeForGarbageCollection(storage: Storage, collector: GarbageCollector): () => void {
  const observer = (store: ResourceStore, event: StoreEvent): void => {
    collector.observe(store, event);
  };
  storage.observers.add(observer);
  return () => storage.observers.delete(observer);
}
