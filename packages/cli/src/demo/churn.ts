import { metaNamespaceKeyFunc } from '@kcache/store';
import type { Random } from '../internal/random.js';
import { generatePod, nextPhase, type ClusterShape, type DemoPod } from './pod.js';

/** The writes the churner needs from the server: in-process, seen by watches like HTTP writes. */
export interface PodWriter {
  create(pod: DemoPod): DemoPod;
  update(pod: DemoPod): DemoPod;
  delete(ref: { apiVersion: string; kind: string; namespace?: string; name: string }): void;
}

/** Writes made so far, by kind. */
interface ChurnCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** Keeps a population of pods moving: creates, phase changes, label changes and deletes. */
export interface Churner {
  /** Creates `count` pods (the seed), calling `onProgress` now and then. */
  seed(count: number, onProgress?: (done: number) => void): void;
  /** One random write; returns what it did. */
  step(): 'create' | 'update' | 'delete';
  /** Writes so far (the seed excluded). */
  readonly counts: Readonly<ChurnCounts>;
  /** Pods alive according to the churner's own bookkeeping. */
  readonly size: number;
}

/**
 * Creates a churner writing through `writer`. The mix keeps the population steady: as many creates
 * as deletes on average, and most writes are updates (phase transitions and label bumps), as in a
 * cluster where pods mostly change state. Every write uses the object the server last returned, so
 * its resourceVersion is current and nothing conflicts.
 */
export function createChurner(writer: PodWriter, random: Random, shape: ClusterShape): Churner {
  // Live pods in an array (O(1) random pick) with each key's position (O(1) swap-remove).
  const pods: DemoPod[] = [];
  const position = new Map<string, number>();
  const counts: ChurnCounts = { created: 0, updated: 0, deleted: 0 };
  let serial = 0;

  const track = (pod: DemoPod): void => {
    const key = metaNamespaceKeyFunc(pod);
    const at = position.get(key);
    if (at === undefined) {
      position.set(key, pods.length);
      pods.push(pod);
    } else {
      pods[at] = pod;
    }
  };
  const untrack = (index: number): void => {
    const pod = pods[index];
    const last = pods.pop();
    if (pod === undefined || last === undefined) return;
    position.delete(metaNamespaceKeyFunc(pod));
    if (last !== pod) {
      pods[index] = last;
      position.set(metaNamespaceKeyFunc(last), index);
    }
  };
  const create = (): void => {
    track(writer.create(generatePod(random, shape, serial++)));
  };

  return {
    counts,
    get size() {
      return pods.length;
    },
    seed(count, onProgress) {
      const every = Math.max(1, Math.floor(count / 100));
      for (let i = 0; i < count; i++) {
        create();
        if ((i + 1) % every === 0) onProgress?.(i + 1);
      }
      onProgress?.(count);
    },
    step() {
      const roll = random.next();
      const index = random.int(Math.max(1, pods.length));
      const pod = pods[index];
      if (pod === undefined || roll < 0.12) {
        create();
        counts.created++;
        return 'create';
      }
      if (roll < 0.24) {
        const meta = pod.metadata ?? {};
        writer.delete({ apiVersion: 'v1', kind: 'Pod', namespace: meta.namespace ?? '', name: meta.name ?? '' });
        untrack(index);
        counts.deleted++;
        return 'delete';
      }
      let next: DemoPod;
      if (roll < 0.7) {
        next = { ...pod, status: { ...pod.status, phase: nextPhase(random, pod.status?.phase) } };
      } else {
        const labels = pod.metadata?.labels ?? {};
        const revision = String(Number(labels.revision ?? '0') + 1);
        next = { ...pod, metadata: { ...pod.metadata, labels: { ...labels, revision } } };
      }
      track(writer.update(next));
      counts.updated++;
      return 'update';
    },
  };
}
