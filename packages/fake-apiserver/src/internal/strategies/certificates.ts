// Server-set fields of certificates.k8s.io CertificateSigningRequests
// (pkg/registry/certificates/certificates/strategy.go): the requester's identity is recorded from
// the request's user (the fake's one user), the status starts empty and a spec never changes.
// kube-apiserver v1.37.2 keeps no managedFields on these objects.
import type { KubeObject } from '../../types.js';
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { ensureObject } from './json-fields.js';

/** The user the fake records as the requester of every CertificateSigningRequest. */
export interface Requester {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
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
      // Updates (status and approval included) never change the spec.
      if (isJsonObject(oldObj.spec)) obj.spec = structuredClone(oldObj.spec);
      if (ctx.subresource === undefined) obj.status = isJsonObject(oldObj.status) ? structuredClone(oldObj.status) : {};
    },
  };
}
