import { metaNamespaceKeyFunc } from './object-key.js';
import type { KubeObject } from './kube-object.js';

/**
 * A tombstone: an object was deleted while its watcher was disconnected, so its final state is not
 * known. `obj` is the last state seen (possibly stale) or `undefined`. Queue-backed stores deliver
 * these on relist; event handlers should unwrap them. When `obj` is `undefined`, give the type
 * argument (`new DeletedFinalStateUnknown<V1Pod>(key, undefined)`), or TypeScript infers `undefined`.
 *
 * @example
 * ```ts
 * const gone = new DeletedFinalStateUnknown('default/web-0', lastSeenPod);
 * deletionHandlingMetaNamespaceKeyFunc(gone); // 'default/web-0'
 * ```
 */
export class DeletedFinalStateUnknown<T> {
  /** The store key of the deleted object. */
  readonly key: string;
  /** The last known state of the object, which may be stale, or `undefined`. */
  readonly obj: T | undefined;

  constructor(key: string, obj: T | undefined) {
    this.key = key;
    this.obj = obj;
  }
}

/**
 * A key function that accepts tombstones: the tombstone's own key, else
 * {@link metaNamespaceKeyFunc}'s. Use it where deletions may arrive as
 * {@link DeletedFinalStateUnknown}.
 *
 * @throws {KeyError} (code `MissingName`) when a non-tombstone object has no `metadata.name`.
 */
export function deletionHandlingMetaNamespaceKeyFunc(
  obj: KubeObject | DeletedFinalStateUnknown<unknown>,
): string {
  if (obj instanceof DeletedFinalStateUnknown) return obj.key;
  return metaNamespaceKeyFunc(obj);
}
