// Server-set fields of certificates.k8s.io CertificateSigningRequests
// (pkg/registry/certificates/certificates/strategy.go): the requester's identity is recorded from
// the request's user (the fake's one user), the status starts empty and a spec never changes; the
// `approval` subresource writes the conditions, `status` the rest.
// kube-apiserver v1.37.2 keeps no managedFields on these objects.
import type { KubeObject } from '../../types.js';
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { timestamp } from '../object-rules.js';
import { ensureObject } from './json-fields.js';

/** The user the fake records as the requester of every CertificateSigningRequest. */
export interface Requester {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
}

/** Conditions written without times get the write's time, as kube-apiserver stamps them. */
function stampConditions(status: JsonObject, oldStatus: JsonObject, now: Date): void {
  if (!Array.isArray(status.conditions)) return;
  const previous = Array.isArray(oldStatus.conditions) ? oldStatus.conditions.filter(isJsonObject) : [];
  const time = timestamp(now);
  for (const condition of status.conditions) {
    if (!isJsonObject(condition)) continue;
    const before = previous.find((c) => c.type === condition.type);
    condition.lastUpdateTime ??= time;
    condition.lastTransitionTime ??= before !== undefined && before.status === condition.status && before.lastTransitionTime !== undefined ? before.lastTransitionTime : time;
  }
}

function dropManagedFields(obj: JsonObject): void {
  const meta = obj.metadata;
  if (isJsonObject(meta)) delete meta.managedFields;
}

/** CertificateSigningRequest strategy parts for requests made as `requester`. */
export function certificateSigningRequestDefaulting(requester: Requester): KindStrategy {
  return {
    prepareForCreate(obj) {
      dropManagedFields(obj);
      const spec = ensureObject(obj, 'spec');
      delete spec.uid;
      delete spec.extra;
      spec.username = requester.username;
      if (requester.uid !== undefined) spec.uid = requester.uid;
      spec.groups = [...requester.groups];
      obj.status = {};
    },
    prepareForUpdate(obj, old: KubeObject, ctx) {
      dropManagedFields(obj);
      const oldObj = old as unknown as Record<string, unknown>;
      const oldStatus = isJsonObject(oldObj.status) ? oldObj.status : {};
      // Updates (status and approval included) never change the spec.
      if (isJsonObject(oldObj.spec)) obj.spec = structuredClone(oldObj.spec);
      if (ctx.subresource === undefined) {
        obj.status = structuredClone(oldStatus);
        return;
      }
      const status = ensureObject(obj, 'status');
      if (ctx.subresource === 'approval') {
        // An approval changes the conditions only.
        const conditions = status.conditions;
        for (const key of Object.keys(status)) Reflect.deleteProperty(status, key);
        Object.assign(status, structuredClone(oldStatus));
        if (conditions === undefined) delete status.conditions;
        else status.conditions = conditions;
      }
      stampConditions(status, oldStatus, ctx.now);
    },  };
}
