import { NAMESPACE_INDEX, metaNamespaceIndexFunc, type Indexers } from '@kcache/store';
import type { DemoPod } from './pod.js';

/** Index of pods by `spec.nodeName` (unscheduled pods are not in it). */
export const NODE_INDEX = 'node';
/** Index of pods by `status.phase`. */
export const PHASE_INDEX = 'phase';

/** The demo's indexes: namespace, node and phase. */
export function podIndexers(): Indexers<DemoPod> {
  return {
    [NAMESPACE_INDEX]: metaNamespaceIndexFunc,
    [NODE_INDEX]: (pod) => (pod.spec?.nodeName === undefined || pod.spec.nodeName === '' ? [] : [pod.spec.nodeName]),
    [PHASE_INDEX]: (pod) => [pod.status?.phase ?? 'Unknown'],
  };
}
