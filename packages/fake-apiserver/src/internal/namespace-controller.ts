// The namespace controller of kube-controller-manager: a namespace marked for deletion has its
// content deleted (each object with `propagationPolicy: Background`, pods gracefully), its
// status conditions kept up to date, and once nothing is left the `kubernetes` finalizer removed
// from `spec.finalizers` (what `/finalize` does), after which the namespace goes. It runs after the
// write that gave it work and again whenever something in a terminating namespace changes.
import type { KubeObject } from '@kcache/store';
import { cloneObject, objectKey, type Entry } from './entry.js';
import type { StoreEvent } from './history.js';
import { specFinalizers } from './namespace-lifecycle.js';
import { timestamp } from './object-rules.js';
import type { Registry, ServedKind } from './registry.js';
import type { ResourceStore } from './resource-store.js';
import type { Writes } from './writes.js';

/** The finalizer kube-apiserver puts in every namespace's `spec.finalizers`. */
const KUBERNETES_FINALIZER = 'kubernetes';

type Json = Record<string, unknown>;

interface Condition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** The conditions the controller owns, in its order, with their "all is well" reason and message. */
const CONDITIONS: readonly (readonly [type: string, reason: string, message: string])[] = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
];

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * Merges the controller's conditions into a namespace status as the controller does: a new
 * condition is appended, a changed one keeps its place (and its time unless its status changed).
 * Returns whether anything changed.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function updateConditions(status: Json, found: ReadonlyMap<string, Omit<Condition, 'lastTransitionTime' | 'type'>>, now: string): boolean {
  const conditions: Condition[] = Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
  let changed = false;
  for (const [type, reason, message] of CONDITIONS) {
    const wanted = found.get(type) ?? { status: 'False' as const, reason, message };
    const old = conditions.find((c) => c.type === type);
    if (old === undefined) {
      conditions.push({ type, status: wanted.status, lastTransitionTime: now, reason: wanted.reason, message: wanted.message });
      changed = true;
    } else if (old.status !== wanted.status || old.reason !== wanted.reason || old.message !== wanted.message) {
      if (old.status !== wanted.status) old.lastTransitionTime = now;
      old.status = wanted.status;
      old.reason = wanted.reason;
      old.message = wanted.message;
      changed = true;
    }
  }
  status.conditions = conditions;
  return changed;
}

export class NamespaceController {
  private readonly queue = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly registry: Registry,
    private readonly writes: Writes,
    private readonly namespaces: ServedKind,
    private readonly now: () => Date,
  ) {}

  /** The storage observer: queues terminating namespaces and those whose content changed. */
  observe(store: ResourceStore, event: StoreEvent): void {
    if (store.id === this.namespaces.store.id) {
      if (event.type !== 'DELETED' && event.entry.obj.metadata?.deletionTimestamp !== undefined) this.enqueue(event.entry.name);
      return;
    }
    if (!store.namespaced || event.type === 'ADDED') return;
    const ns = this.namespaces.store.entries.get(objectKey('', event.entry.namespace));
    if (ns?.obj.metadata?.deletionTimestamp !== undefined) this.enqueue(event.entry.namespace);
  }

  close(): void {
    this.closed = true;
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private enqueue(name: string): void {
    this.queue.add(name);
    if (this.closed || this.scheduled !== undefined) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      const names = [...this.queue];
      this.queue.clear();
      for (const n of names) {
        try {
          this.sync(n);
        } catch (err) {
          // The namespace changed under the controller: the change queues it again.
          if (process.env.KCACHE_DEBUG_CONTROLLERS === '1') console.error('namespace controller', n, err);
        }
      }
    });
  }

  /** One pass over a terminating namespace (kube's namespaced resources deleter). */
  sync(name: string): void {
    const current = this.namespaces.store.entries.get(objectKey('', name));
    if (current?.obj.metadata?.deletionTimestamp === undefined) return;
    const prefix = `${name}/`;
    const remaining = new Map<string, number>();
    const finalizersLeft = new Map<string, number>();
    for (const served of this.registry.all()) {
      if (!served.info.namespaced || this.registry.versionsOf(served.store)[0] !== served) continue;
      const entries: Entry[] = [];
      served.store.keys.forEachFrom(prefix, false, (key) => {
        if (!key.startsWith(prefix)) return false;
        const entry = served.store.entries.get(key);
        if (entry !== undefined) entries.push(entry);
        return true;
      });
      for (const entry of entries) {
        if (entry.obj.metadata?.deletionTimestamp !== undefined) continue;
        this.writes.delete(served, entry.namespace, entry.name, { propagationPolicy: 'Background', preconditions: { uid: entry.obj.metadata?.uid } });
      }
      let left = 0;
      served.store.keys.forEachFrom(prefix, false, (key) => {
        if (!key.startsWith(prefix)) return false;
        left++;
        for (const f of served.store.entries.get(key)?.obj.metadata?.finalizers ?? []) finalizersLeft.set(f, (finalizersLeft.get(f) ?? 0) + 1);
        return true;
      });
      if (left > 0) remaining.set(`${served.info.plural}.${served.info.group}`, left);
    }
    this.setConditions(name, remaining, finalizersLeft);
    if (remaining.size > 0) return;
    const latest = this.namespaces.store.entries.get(objectKey('', name));
    if (latest === undefined) return;
    if (specFinalizers(latest.obj).includes(KUBERNETES_FINALIZER)) {
      // What `/finalize` does: the namespace goes now unless metadata finalizers hold it.
      const next = cloneObject(latest.obj) as KubeObject & Json;
      const spec = record(next.spec);
      const rest = specFinalizers(next).filter((f) => f !== KUBERNETES_FINALIZER);
      if (rest.length > 0) spec.finalizers = rest;
      else delete spec.finalizers;
      next.spec = spec;
      next.metadata = { ...next.metadata, resourceVersion: String(latest.rv) };
      this.writes.update(this.namespaces, undefined, name, next, { direct: true, subresource: 'finalize' });
      return;
    }
    if (specFinalizers(latest.obj).length === 0 && (latest.obj.metadata?.finalizers ?? []).length === 0) {
      this.writes.delete(this.namespaces, '', name, { preconditions: { uid: latest.obj.metadata?.uid } });
    }
  }

  private setConditions(name: string, remaining: ReadonlyMap<string, number>, finalizersLeft: ReadonlyMap<string, number>): void {
    const latest = this.namespaces.store.entries.get(objectKey('', name));
    if (latest === undefined) return;
    const found = new Map<string, Omit<Condition, 'lastTransitionTime' | 'type'>>();
    if (remaining.size > 0) {
      const parts = [...remaining].map(([resource, n]) => `${resource} has ${n} resource instances`).sort();
      found.set('NamespaceContentRemaining', { status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` });
    }
    if (finalizersLeft.size > 0) {
      const parts = [...finalizersLeft].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      found.set('NamespaceFinalizersRemaining', { status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}` });
    }
    const next = cloneObject(latest.obj) as KubeObject & Json;
    const status = record(next.status);
    if (!updateConditions(status, found, timestamp(this.now()))) return;
    next.status = status;
    next.metadata = { ...next.metadata, resourceVersion: String(latest.rv) };
    this.writes.update(this.namespaces, undefined, name, next, { direct: true, subresource: 'status' });
  }
}
