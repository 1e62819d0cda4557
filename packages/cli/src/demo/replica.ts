import type { ResourceEventHandler } from '@kcache/informer';
import { DeletedFinalStateUnknown, metaNamespaceKeyFunc, type KubeObject } from '@kcache/store';

/** What a handler was told, counted. */
export interface ReplicaCounts {
  /** `onAdd` with isInInitialList (the first list). */
  initialAdds: number;
  /** `onAdd` after the first list. */
  adds: number;
  updates: number;
  /** `onDelete` with the object's final state (a watch DELETED event). */
  deletes: number;
  /** `onDelete` with a tombstone: a deletion learnt from a relist. */
  tombstones: number;
}

/** A copy of the world that a handler keeps from its notifications alone. */
export interface HandlerReplica<T extends KubeObject> {
  /** The handler to register with the informer. */
  readonly handler: ResourceEventHandler<T>;
  /** The replica: key → the object as last told. */
  readonly objects: ReadonlyMap<string, T>;
  readonly counts: Readonly<ReplicaCounts>;
  /**
   * Notifications that contradict what the handler was told before (an add for a key it holds, an
   * update whose old object is not the one it last saw, a delete of a key it does not hold); the
   * first few, for people. Empty when the informer kept its promises.
   */
  readonly violations: readonly string[];
  /** How many violations there were in all. */
  readonly violationCount: number;
}

const rvOf = (obj: KubeObject | undefined): string => obj?.metadata?.resourceVersion ?? 'none';
const KEPT_VIOLATIONS = 5;

/**
 * Creates a handler that maintains its own Map from `onAdd`, `onUpdate` and `onDelete`, tombstones
 * included, and checks every notification against what it was told before: the proof that a
 * program reacting to notifications ends up with the server's state.
 */
export function createHandlerReplica<T extends KubeObject>(): HandlerReplica<T> {
  const objects = new Map<string, T>();
  const counts: ReplicaCounts = { initialAdds: 0, adds: 0, updates: 0, deletes: 0, tombstones: 0 };
  const violations: string[] = [];
  let violationCount = 0;
  const violation = (what: string): void => {
    violationCount++;
    if (violations.length < KEPT_VIOLATIONS) violations.push(what);
  };
  const handler: ResourceEventHandler<T> = {
    onAdd(obj, isInInitialList) {
      const key = metaNamespaceKeyFunc(obj);
      if (objects.has(key)) violation(`add of ${key} @${rvOf(obj)} while holding @${rvOf(objects.get(key))}`);
      objects.set(key, obj);
      if (isInInitialList) counts.initialAdds++;
      else counts.adds++;
    },
    onUpdate(old, obj) {
      const key = metaNamespaceKeyFunc(obj);
      const held = objects.get(key);
      // The old object is the state this handler was last told of: same key, same resourceVersion.
      if (held === undefined) violation(`update of ${key} @${rvOf(obj)}, which it does not hold`);
      else if (rvOf(held) !== rvOf(old)) violation(`update of ${key}: old @${rvOf(old)} but last told @${rvOf(held)}`);
      objects.set(key, obj);
      counts.updates++;
    },
    onDelete(obj) {
      const key = obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKeyFunc(obj);
      if (!objects.delete(key)) violation(`delete of ${key}, which it does not hold`);
      if (obj instanceof DeletedFinalStateUnknown) counts.tombstones++;
      else counts.deletes++;
    },
  };
  return {
    handler,
    objects,
    counts,
    violations,
    get violationCount() {
      return violationCount;
    },
  };
}
