// Node defaulting and server-set fields (pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus, the
// TaintNodesByCondition admission): allocatable defaults to capacity; the status structs Go
// writes back even when empty; a new Node is tainted not-ready until a kubelet reports it ready.
import { isJsonObject } from '../json-value.js';
import type { JsonObject, KindStrategy } from '../strategy.js';
import { ensureObject } from './json-fields.js';

const NOT_READY_TAINT = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const NODE_INFO_FIELDS = [
  'machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion',
  'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture',
];

function defaultStatus(obj: JsonObject): void {
  const status = ensureObject(obj, 'status');
  if (status.allocatable === undefined && isJsonObject(status.capacity)) status.allocatable = structuredClone(status.capacity);
  const endpoints = ensureObject(status, 'daemonEndpoints');
  const kubelet = ensureObject(endpoints, 'kubeletEndpoint');
  if (typeof kubelet.Port !== 'number') kubelet.Port = 0;
  const info = ensureObject(status, 'nodeInfo');
  for (const key of NODE_INFO_FIELDS) if (typeof info[key] !== 'string') info[key] = '';
}

/** Node: status defaults; the not-ready taint on a new Node; the status it is created with is kept. */
export const nodeDefaulting: KindStrategy = {
  keepsStatusOnCreate: true,
  default(obj) {
    const spec = ensureObject(obj, 'spec');
    // podCIDR and podCIDRs kept in step, as the v1 conversion does.
    const cidrs = Array.isArray(spec.podCIDRs) ? spec.podCIDRs : [];
    if (typeof spec.podCIDR === 'string' && spec.podCIDR !== '' && cidrs.length === 0) spec.podCIDRs = [spec.podCIDR];
    else if ((spec.podCIDR === undefined || spec.podCIDR === '') && typeof cidrs[0] === 'string') spec.podCIDR = cidrs[0];
    defaultStatus(obj);
  },
  prepareForCreate(obj) {
    defaultStatus(obj);
    const spec = ensureObject(obj, 'spec');
    const taints: unknown[] = Array.isArray(spec.taints) ? (spec.taints as unknown[]) : [];
    const tainted = taints.some((t) => isJsonObject(t) && t.key === NOT_READY_TAINT.key && t.effect === NOT_READY_TAINT.effect);
    if (!tainted) spec.taints = [...taints, { ...NOT_READY_TAINT }];
  },
};
