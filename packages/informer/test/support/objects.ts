import type { ObjectList, WatchEvent } from '@kcache/listwatch';
import { DeletedFinalStateUnknown, type KubeObject } from '@kcache/store';
import { vi } from 'vitest';
import type { InformerEvent, ResourceEventHandler } from '../../src/index.js';

export interface Pod extends KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
  };
  spec?: { nodeName?: string };
}

/** A pod as the API server sends it. */
export function pod(name: string, resourceVersion: string, extra: { namespace?: string; labels?: Record<string, string>; nodeName?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: extra.namespace ?? 'ns',
      resourceVersion,
      uid: `uid-${name}`,
      ...(extra.labels === undefined ? {} : { labels: extra.labels }),
    },
    ...(extra.nodeName === undefined ? {} : { spec: { nodeName: extra.nodeName } }),
  };
}

export function podList(resourceVersion: string, items: Pod[]): ObjectList<Pod> {
  return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion }, items };
}

export const added = (p: Pod): WatchEvent<Pod> => ({ type: 'ADDED', object: p });
export const modified = (p: Pod): WatchEvent<Pod> => ({ type: 'MODIFIED', object: p });
export const deleted = (p: Pod): WatchEvent<Pod> => ({ type: 'DELETED', object: p });

/** `name@resourceVersion` of an object, or `~key@resourceVersion` of a tombstone. */
function label(obj: Pod | DeletedFinalStateUnknown<Pod>): string {
  if (obj instanceof DeletedFinalStateUnknown) return `~${obj.key}@${obj.obj?.metadata?.resourceVersion ?? '?'}`;
  return `${obj.metadata?.name ?? '?'}@${obj.metadata?.resourceVersion ?? '?'}`;
}

/** One line per notification: `add a@1 initial`, `update a@1>a@2`, `delete a@2`, `delete ~ns/a@2`. */
export function describe(n: InformerEvent<Pod>): string {
  switch (n.type) {
    case 'add':
      return `add ${label(n.object)}${n.isInInitialList ? ' initial' : ''}`;
    case 'update':
      return `update ${label(n.oldObject)}>${label(n.object)}`;
    case 'delete':
      return `delete ${label(n.object)}`;
  }
}

/** A handler that records every notification as a line (see {@link describe}). */
export function recorder(): ResourceEventHandler<Pod> & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    onAdd: (obj, isInInitialList) => {
      log.push(describe({ type: 'add', object: obj, isInInitialList }));
    },
    onUpdate: (oldObj, newObj) => {
      log.push(describe({ type: 'update', oldObject: oldObj, object: newObj }));
    },
    onDelete: (obj) => {
      log.push(describe({ type: 'delete', object: obj }));
    },
  };
}

/** Lets pending promise callbacks and immediates run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Lets the informer's pending work run (it yields to the event loop between slices of a few
 * milliseconds, so under load one fan-out may span several turns) until `condition` holds, without
 * moving a faked clock; gives up after `maxRounds` turns so the assertion that follows reports it.
 */
export async function settleUntil(condition: () => boolean, maxRounds = 2000): Promise<void> {
  for (let i = 0; i < maxRounds && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
}

/** No waiting between reflector cycles. */
export const NO_BACKOFF = { initialMs: 0, maxMs: 0, jitter: 0 } as const;

/** The ERROR event a watch ends with when its resourceVersion was compacted: the reflector relists. */
export function expired(): WatchEvent<Pod> {
  return {
    type: 'ERROR',
    object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version' },
  };
}

/** Runs an informer until `stop()`, which resolves once `run` has. */
export function start(informer: { run(signal: AbortSignal): Promise<void> }): { stop: () => Promise<void>; running: Promise<void> } {
  const controller = new AbortController();
  const running = informer.run(controller.signal);
  return {
    running,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

/**
 * Waits until `condition` holds (checking every few milliseconds), failing after `timeout`: a
 * generous default, so a loaded machine does not fail a test that only waits for work to happen.
 */
export function until(condition: () => boolean, options: { timeout?: number } = {}): Promise<true> {
  return vi.waitUntil(condition, { interval: 2, timeout: options.timeout ?? 10_000 });
}
