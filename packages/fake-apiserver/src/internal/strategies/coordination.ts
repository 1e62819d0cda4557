// Server-set fields of coordination.k8s.io Leases (pkg/registry/coordination/lease/strategy.go):
// kube-apiserver v1.37 serves them with the CoordinatedLeaderElection feature off, so the fields
// of that feature are dropped unless the stored lease already has them.
import type { KubeObject } from '../../types.js';
import { isJsonObject, type JsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { childObject } from './json-fields.js';

function dropGated(obj: JsonObject, old: KubeObject | undefined): void {
  const spec = childObject(obj, 'spec');
  if (spec === undefined) return;
  const oldSpec = old === undefined ? undefined : (old as unknown as JsonObject).spec;
  const had = (key: string): boolean => isJsonObject(oldSpec) && oldSpec[key] !== undefined;
  if (!had('strategy')) delete spec.strategy;
  if (!had('preferredHolder')) delete spec.preferredHolder;
}

/** Lease: `strategy` and `preferredHolder` dropped (their feature is off in kube-apiserver v1.37). */
export const leaseDefaulting: KindStrategy = {
  prepareForCreate(obj) {
    dropGated(obj, undefined);
  },
  prepareForUpdate(obj, old) {
    dropGated(obj, old);
  },
};
