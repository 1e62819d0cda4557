// Namespaces as kube-apiserver keeps them: a DELETE marks a namespace Terminating
// (`deletionTimestamp`, `status.phase`) and leaves the emptying to the namespace controller, which
// removes the `kubernetes` finalizer from `spec.finalizers` when done; the namespace goes when no
// finalizer is left. The NamespaceLifecycle admission: a create in a namespace that does not exist
// is a 404, in one being terminated a 403; `default`, `kube-system` and `kube-public` cannot be
// deleted.
import type { KubeObject } from '@kcache/store';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { cloneObject, makeEntry, objectKey } from './entry.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './garbage-collector.js';
import { timestamp } from './object-rules.js';
import type { Registry, ServedKind } from './registry.js';
import { failure } from './status.js';
import type { Storage } from './storage.js';
import type { DeleteOptions, LifecycleHooks } from './writes.js';

/** The namespaces kube-apiserver creates at start, in the order it creates them. */
export const DEFAULT_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Namespaces kube-apiserver refuses to delete. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** A namespace's `spec.finalizers`. */
export function specFinalizers(ns: KubeObject): string[] {
  const finalizers = record((ns as Json).spec).finalizers;
  return Array.isArray(finalizers) ? finalizers.filter((f): f is string => typeof f === 'string') : [];
}

function forbidden(resource: { readonly group: string; readonly plural: string }, name: string, message: string, causes?: { reason: string; message: string; field: string }[]): ForbiddenError {
  const qualified = resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
  const details = resource.group === '' ? { name, kind: resource.plural } : { name, group: resource.group, kind: resource.plural };
  return new ForbiddenError(failure(403, 'Forbidden', `${qualified} "${name}" is forbidden: ${message}`, causes === undefined ? details : { ...details, causes }));
}

/**
 * The NamespaceLifecycle admission of a create: 404 `namespaces "x" not found` when the namespace
 * does not exist, 403 with cause `NamespaceTerminating` while it is being deleted.
 */
export function admitCreate(namespaces: ServedKind, served: ServedKind, namespace: string, name: string): void {
  if (!served.info.namespaced || namespace === '') return;
  const ns = namespaces.store.entries.get(objectKey('', namespace));
  if (ns === undefined) {
    throw new NotFoundError(failure(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' }));
  }
  if (ns.obj.metadata?.deletionTimestamp !== undefined || record((ns.obj as Json).status).phase === 'Terminating') {
    throw forbidden(served.info, name, `unable to create new content in namespace ${namespace} because it is being terminated`, [
      { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
    ]);
  }
}

function wantsOrphan(options: DeleteOptions, has: boolean): boolean {
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Orphan';
  return has;
}

function wantsForeground(options: DeleteOptions, has: boolean): boolean {
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Foreground';
  return has;
}

export function createNamespaceHooks(_registry: Registry, storage: Storage, now: () => Date): LifecycleHooks {
  return {
    beforeCreate(_served, obj) {
      // (Phase Active and, on HTTP creates, the label and finalizer come from the Namespace
      // strategy, strategies/namespace.ts.)
      // Every namespace carries the finalizer the namespace controller removes once it is empty
      // (kube-apiserver sets it on create; a fixture that names its own finalizers keeps them).
      const spec = record((obj as Json).spec);
      if (spec.finalizers === undefined) (obj as Json).spec = { ...spec, finalizers: ['kubernetes'] };
    },
    deleteRequest(served, current, options) {
      const name = current.name;
      if (IMMORTAL_NAMESPACES.has(name)) throw forbidden(served.info, name, 'this namespace may not be deleted');
      const meta = current.obj.metadata ?? {};
      if (meta.deletionTimestamp === undefined) {
        // The first DELETE starts the termination; the namespace controller does the rest.
        const next = cloneObject(current.obj) as KubeObject & Json;
        const m = (next.metadata ??= {});
        m.deletionTimestamp = timestamp(now());
        next.status = { ...record(next.status), phase: 'Terminating' };
        const finalizers = meta.finalizers ?? [];
        const orphan = wantsOrphan(options, finalizers.includes(ORPHAN_FINALIZER));
        const foreground = wantsForeground(options, finalizers.includes(FOREGROUND_FINALIZER));
        const kept = finalizers.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
        if (orphan) kept.push(ORPHAN_FINALIZER);
        if (foreground) kept.push(FOREGROUND_FINALIZER);
        if (kept.length > 0) m.finalizers = kept;
        else delete m.finalizers;
        if (options.dryRun === true) return makeEntry(next, '', name, current.rv);
        return storage.replace(served.store, current, next);
      }
      // Until the namespace controller has finalized it, a namespace stays.
      if (specFinalizers(current.obj).length > 0) return current;
      return undefined;
    },
    deleteDuringUpdate(next) {
      return specFinalizers(next).length === 0;
    },
  };
}
