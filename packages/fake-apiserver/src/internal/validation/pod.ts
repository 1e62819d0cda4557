// Validation of Pods (create, update, status writes) and PodTemplates as kube-apiserver does it
// (ValidatePodCreate, ValidatePodUpdate, ValidatePodTemplate of pkg/apis/core/validation).
//
// A pod's spec is immutable but for the container and init container images,
// activeDeadlineSeconds (set, or lowered), added tolerations, removed scheduling gates (and, while
// gated, added node selector entries) and a negative terminationGracePeriodSeconds raised to 1;
// any other change is refused with kube's "pod updates may not change fields other than …"
// followed by a line diff of the spec printed as its internal Go struct. A status write checks
// the pod and host IPs, condition types and the nominated node.
import { isIP } from 'node:net';
import type { KubeObject } from '../../types.js';
import { dns1123SubdomainErrors, qualifiedNameErrors } from '../name-rules.js';
import { jsonEqual } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import type { FieldCause } from '../validation.js';
import { forbidden } from './common.js';
import { goJson, goPodSpec } from './pod-go-shape.js';
import { validatePodSpec, validatePodTemplateSpec, validateTolerations } from './pod-spec.js';
import { GoText, inclusiveRange, index, invalid, list, num, obj, str, stringMap, type JsonObject } from './workload-helpers.js';

const MAX_INT32 = 2147483647;

/** The fields a pod update may change, as kube-apiserver lists them. */
const POD_UPDATABLE_FIELDS: string =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * ValidateContainerUpdates: the same number of containers, images without surrounding whitespace
 * (an empty image is the spec check's). `stop` when the count differs.
 */
function containerUpdates(next: unknown, old: unknown, field: string): { causes: FieldCause[]; stop: boolean } {
  const items = list(next);
  if (items.length !== list(old).length) return { causes: [forbidden(field, 'pod updates may not add or remove containers')], stop: true };
  const causes: FieldCause[] = [];
  items.forEach((item, i) => {
    const image = str(obj(item)?.image);
    if (image.trim() !== image) causes.push(invalid(`${index(field, i)}.image`, image, 'must not have leading or trailing whitespace'));
  });
  return { causes, stop: false };
}

/**
 * The tolerations as kube's DefaultTolerationSeconds admission leaves them on an update too: a pod
 * that does not tolerate the not-ready or unreachable NoExecute taints gets them back, so a write
 * that drops those defaults does not drop them.
 */
function withDefaultTolerations(tolerations: readonly unknown[]): unknown[] {
  const tolerates = (key: string): boolean =>
    tolerations.some((t) => {
      const o = obj(t) ?? {};
      return (str(o.key) === key || str(o.key) === '') && (str(o.effect) === 'NoExecute' || str(o.effect) === '');
    });
  const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerates(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
  return [...tolerations, ...added];
}

/**
 * validateOnlyAddedTolerations: every old toleration still there (its tolerationSeconds may
 * change), then the new ones checked again as kube does.
 */
function onlyAddedTolerations(next: unknown, old: unknown): FieldCause[] {
  const strip = (t: unknown): unknown => {
    const o = { ...(obj(t) ?? {}) };
    Reflect.deleteProperty(o, 'tolerationSeconds');
    return o;
  };
  const now = withDefaultTolerations(list(next)).map(strip);
  if (!list(old).every((t) => now.some((n) => jsonEqual(n, strip(t))))) {
    return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, 'spec.tolerations');
}

/** Go's MarshalIndent lines (one-space indentation) of a value. */
function jsonLines(value: unknown): string[] {
  return goJson(value ?? null, ' ').split('\n');
}

const DIFF_CONTEXT = 3;

/** One line of an edit script: kept, removed or added, with its 1-based line numbers. */
interface DiffOp {
  readonly t: ' ' | '-' | '+';
  readonly line: string;
  readonly ai: number;
  readonly bi: number;
}

/**
 * A unified line diff (`@@ -a,b +c,d @@` hunks with three lines of context) of two specs, as the
 * tail of kube's message shows the change.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function specDiff(oldSpec: unknown, newSpec: unknown): string {
  const a = jsonLines(oldSpec);
  const b = jsonLines(newSpec);
  const n = a.length;
  const m = b.length;
  // Longest common subsequence lengths of every pair of suffixes, then the edit script.
  const lcs = new Int32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ t: ' ', line: a[i] ?? '', ai: i + 1, bi: j + 1 });
      i++;
      j++;
    } else if (i < n && (j >= m || at(i + 1, j) >= at(i, j + 1))) {
      ops.push({ t: '-', line: a[i] ?? '', ai: i + 1, bi: j });
      i++;
    } else {
      ops.push({ t: '+', line: b[j] ?? '', ai: i, bi: j + 1 });
      j++;
    }
  }
  const changed = (k: number): boolean => k < ops.length && ops[k]?.t !== ' ';
  const out: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (!changed(k)) {
      k++;
      continue;
    }
    const start = Math.max(0, k - DIFF_CONTEXT);
    let end = k;
    for (;;) {
      while (changed(end)) end++;
      let next = end;
      while (next < ops.length && !changed(next)) next++;
      if (next < ops.length && next - end <= 2 * DIFF_CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + DIFF_CONTEXT);
    const hunk = ops.slice(start, stop);
    const olds = hunk.filter((o) => o.t !== '+');
    const news = hunk.filter((o) => o.t !== '-');
    out.push(`@@ -${olds[0]?.ai ?? 0},${olds.length} +${news[0]?.bi ?? 0},${news.length} @@`);
    for (const o of hunk) out.push(`${o.t}${o.line}`);
    k = stop;
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** ValidatePodUpdate beyond metadata: the new spec is valid, and changes only what kube allows. */
function validatePodUpdate(pod: JsonObject, old: KubeObject): FieldCause[] {
  const spec = obj(pod.spec) ?? {};
  const oldSpec = obj((old as unknown as JsonObject).spec) ?? {};
  const causes = validatePodSpec(spec, 'spec');
  for (const [name, field] of [['containers', 'spec.containers'], ['initContainers', 'spec.initContainers']] as const) {
    const r = containerUpdates(spec[name], oldSpec[name], field);
    causes.push(...r.causes);
    if (r.stop) return causes;
  }
  const deadline = num(spec.activeDeadlineSeconds);
  const oldDeadline = num(oldSpec.activeDeadlineSeconds);
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > MAX_INT32) {
      causes.push(invalid('spec.activeDeadlineSeconds', deadline, inclusiveRange(0, MAX_INT32)));
      return causes;
    }
    if (oldDeadline !== undefined && oldDeadline < deadline) {
      causes.push(invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
      return causes;
    }
  } else if (oldDeadline !== undefined) {
    causes.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  // Tolerations may only be added (kube's admission puts back the default ones a write drops).
  causes.push(...onlyAddedTolerations(spec.tolerations, oldSpec.tolerations));
  // Scheduling gates may only be removed.
  const oldGates = list(oldSpec.schedulingGates).map((g) => str(obj(g)?.name));
  list(spec.schedulingGates).forEach((g, i) => {
    const name = str(obj(g)?.name);
    if (!oldGates.includes(name)) causes.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${name}'`));
  });
  if (jsonEqual(spec, oldSpec)) return causes;

  // The spec with what may change taken from the old one: it must then be the old spec.
  const munged: JsonObject = { ...spec };
  setOrDelete(munged, 'schedulingGates', oldSpec.schedulingGates);
  if (oldGates.length > 0) {
    // A pod that is not scheduled yet may gain node selector entries (not change or lose them).
    const next = stringMap(spec.nodeSelector) ?? {};
    const before = stringMap(oldSpec.nodeSelector) ?? {};
    if (Object.entries(before).some(([k, v]) => next[k] !== v)) {
      causes.push(invalid('spec.nodeSelector', spec.nodeSelector ?? null, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    }
    setOrDelete(munged, 'nodeSelector', oldSpec.nodeSelector);
  }
  const withOldImages = (items: unknown, oldItems: unknown): unknown =>
    Array.isArray(items) ? items.map((c, i) => ({ ...(obj(c) ?? {}), image: obj(list(oldItems)[i])?.image })) : items;
  munged.containers = withOldImages(spec.containers, oldSpec.containers);
  if (spec.initContainers !== undefined) munged.initContainers = withOldImages(spec.initContainers, oldSpec.initContainers);
  setOrDelete(munged, 'activeDeadlineSeconds', oldSpec.activeDeadlineSeconds);
  setOrDelete(munged, 'tolerations', oldSpec.tolerations);
  const grace = num(spec.terminationGracePeriodSeconds);
  const oldGrace = num(oldSpec.terminationGracePeriodSeconds);
  if (grace === 1 && oldGrace !== undefined && oldGrace < 0) setOrDelete(munged, 'terminationGracePeriodSeconds', oldGrace);
  if (!jsonEqual(munged, oldSpec)) causes.push(forbidden('spec', `${POD_UPDATABLE_FIELDS}\n${specDiff(goPodSpec(oldSpec), goPodSpec(munged))}`));
  return causes;
}

function setOrDelete(o: JsonObject, k: string, value: unknown): void {
  if (value === undefined) Reflect.deleteProperty(o, k);
  else o[k] = value;
}

const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * validatePodIPs / validateHostIPs: each address valid, at most one per IP family. `ips` is the list
 * field (`podIPs`), `single` the legacy one (`podIP`) it is converted from when the list is empty.
 */
function statusIps(status: JsonObject, ips: string, single: string): FieldCause[] {
  const listed = list(status[ips]).map((entry) => str(obj(entry)?.ip));
  const all = listed.length === 0 && str(status[single]) !== '' ? [str(status[single])] : listed;
  const field = `status.${ips}`;
  const causes: FieldCause[] = [];
  all.forEach((ip, i) => {
    if (isIP(ip) === 0) causes.push(invalid(`${field}[${i}]`, ip, IP_MESSAGE));
  });
  if (all.length <= 1) return causes;
  const firstInvalid = all.findIndex((ip) => isIP(ip) === 0);
  if (firstInvalid >= 0) {
    causes.push({ reason: 'InternalError', field, message: `Internal error: failed to check for dual stack with error:invalid IP[${firstInvalid}]: ${all[firstInvalid] ?? ''}` });
  }
  const dualStack = all.length === 2 && firstInvalid < 0 && isIP(all[0] ?? '') !== isIP(all[1] ?? '');
  if (!dualStack) {
    const shown = new GoText(`[${all.map((ip) => `{"IP":${JSON.stringify(ip)}}`).join(',')}]`);
    causes.push(invalid(field, shown, 'may specify no more than one IP for each IP family'));
  }
  return causes;
}

/** ValidatePodStatusUpdate beyond metadata: condition types, the nominated node, pod and host IPs. */
function validatePodStatus(status: JsonObject, old: JsonObject): FieldCause[] {
  const causes: FieldCause[] = [];
  list(status.conditions).forEach((c, i) => {
    const type = str(obj(c)?.type);
    // kube reports the Go field name here.
    for (const msg of qualifiedNameErrors(type)) causes.push(invalid(`status.conditions[${i}].Type`, type, msg));
  });
  const nominated = str(status.nominatedNodeName);
  if (nominated !== '' && nominated !== str(old.nominatedNodeName)) {
    for (const msg of dns1123SubdomainErrors(nominated)) causes.push(invalid('status.nominatedNodeName', nominated, msg));
  }
  causes.push(...statusIps(status, 'podIPs', 'podIP'), ...statusIps(status, 'hostIPs', 'hostIP'));
  return causes;
}

/** The validation part of the Pod strategy. */
export const podValidation: KindStrategy = {
  validate(pod) {
    const spec = obj(pod.spec) ?? {};
    const causes = validatePodSpec(spec, 'spec');
    if (list(spec.ephemeralContainers).length > 0) causes.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
    return causes;
  },
  validateUpdate(pod, old, ctx) {
    // Status writes keep the stored spec; kube checks the status there, not the spec.
    if (ctx.subresource === 'status') return validatePodStatus(obj(pod.status) ?? {}, obj((old as unknown as JsonObject).status) ?? {});
    if (ctx.subresource !== undefined) return [];
    return validatePodUpdate(pod, old);
  },
};

/** The validation part of the PodTemplate strategy: the template, on create and on update. */
export const podTemplateValidation: KindStrategy = {
  validate: (pt) => validatePodTemplateSpec(pt.template, 'template'),
  validateUpdate: (pt) => validatePodTemplateSpec(pt.template, 'template'),
};
