// Graceful deletion of pods, as kube-apiserver's pod strategy decides it, and what a node's kubelet
// does afterwards: a DELETE of a pod bound to a node and still running only marks it
// (`deletionTimestamp` = now + grace, `deletionGracePeriodSeconds`); the kubelet stops its
// containers and deletes it for good with a grace period of 0. The fake has no kubelet: a timer the
// server owns plays that part once the grace period ends, and `finishTerminatingPods()` does it at
// once for tests.
import type { KubeObject } from '@kcache/store';
import type { Entry } from './entry.js';
import type { ServedKind } from './registry.js';
import type { Storage } from './storage.js';
import type { Writes } from './writes.js';

/** The grace period kube-apiserver defaults `spec.terminationGracePeriodSeconds` to. */
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** Whether a kind is core v1 pods (the only built-in kind deleted gracefully). */
export function isPodKind(info: { readonly group: string; readonly plural: string }): boolean {
  return info.group === '' && info.plural === 'pods';
}

/**
 * The grace period a DELETE gives a pod, as the pod strategy computes it: the request's
 * `gracePeriodSeconds`, else `spec.terminationGracePeriodSeconds`, else 30; 0 for a pod no node
 * runs (no `spec.nodeName`) or one that has finished (`Succeeded`, `Failed`); a negative value
 * means 1.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = record((pod as Json).spec);
  const status = record((pod as Json).status);
  let period = requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  if (typeof spec.nodeName !== 'string' || spec.nodeName === '') period = 0;
  if (status.phase === 'Succeeded' || status.phase === 'Failed') period = 0;
  if (period < 0) period = 1;
  return Math.floor(period);
}

/**
 * Whether a stored pod waits for its kubelet: marked for deletion with a grace period left.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function isTerminatingPod(entry: Entry): boolean {
  const meta = entry.obj.metadata ?? {};
  return meta.deletionTimestamp !== undefined && typeof meta.deletionGracePeriodSeconds === 'number' && meta.deletionGracePeriodSeconds > 0;
}

/**
 * The kubelet's part: pods marked for graceful deletion are deleted with a grace period of 0 when
 * their `deletionTimestamp` comes (a pod with finalizers then waits for them). One timer per
 * pending pod; `close()` clears them.
 */
export class PodTerminator {
  private readonly timers = new Map<string, { readonly uid: string; readonly timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(
    private readonly pods: ServedKind,
    private readonly writes: Writes,
    private readonly now: () => Date,
    /** Whether the timers run (the fake's kubelet is on); `finishTerminatingPods` works either way. */
    private readonly automatic: boolean,
  ) {}

  /** Called for every change to a pod: arms, re-arms or clears its timer. */
  observe(entry: Entry, deleted: boolean): void {
    if (!this.automatic || this.closed) return;
    const pending = this.timers.get(entry.key);
    const uid = entry.obj.metadata?.uid ?? '';
    if (deleted || !isTerminatingPod(entry)) {
      if (pending !== undefined && (deleted || pending.uid === uid)) {
        clearTimeout(pending.timer);
        this.timers.delete(entry.key);
      }
      return;
    }
    if (pending !== undefined) clearTimeout(pending.timer);
    const due = Date.parse(String(entry.obj.metadata?.deletionTimestamp ?? '')) - this.now().getTime();
    const timer = setTimeout(() => {
      this.timers.delete(entry.key);
      this.finish(entry.key, uid);
    }, Math.max(0, Number.isFinite(due) ? due : 0));
    timer.unref();
    this.timers.set(entry.key, { uid, timer });
  }

  /** Deletes every pod waiting for its grace period with a grace period of 0; returns how many. */
  finishAll(): number {
    const keys = [...this.pods.store.entries.values()].filter(isTerminatingPod).map((e) => [e.key, e.obj.metadata?.uid ?? ''] as const);
    let finished = 0;
    for (const [key, uid] of keys) if (this.finish(key, uid)) finished++;
    return finished;
  }

  private finish(key: string, uid: string): boolean {
    const entry = this.pods.store.entries.get(key);
    if (entry === undefined || entry.obj.metadata?.uid !== uid || !isTerminatingPod(entry)) return false;
    this.writes.delete(this.pods, entry.namespace, entry.name, { gracePeriodSeconds: 0, preconditions: { uid } });
    return true;
  }

  close(): void {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

/** The storage observer part: tells the terminator of pod changes. */
export function observePods(storage: Storage, pods: ServedKind, terminator: PodTerminator): () => void {
  const observer = (store: { readonly id: string }, event: { readonly type: string; readonly entry: Entry }): void => {
    if (store.id === pods.store.id) terminator.observe(event.entry, event.type === 'DELETED');
  };
  storage.observers.add(observer);
  return () => storage.observers.delete(observer);
}
