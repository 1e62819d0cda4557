// Defaulting and server-set fields of networking.k8s.io kinds (pkg/apis/networking/v1/defaults.go,
// pkg/registry/networking/*/strategy.go).
import { isJsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { childObject, defaultField, defaultString, ensureObject, objectsAt } from './json-fields.js';

/** NetworkPolicy: ports default to TCP; policyTypes from the rules present (Ingress always, Egress with egress rules). */
export const networkPolicyDefaulting: KindStrategy = {
  default(obj) {
    const spec = ensureObject(obj, 'spec');
    for (const key of ['ingress', 'egress']) {
      for (const rule of objectsAt(spec, key)) for (const port of objectsAt(rule, 'ports')) defaultString(port, 'protocol', 'TCP');
    }
    // podSelector is a struct: Go writes it even when empty.
    defaultField(spec, 'podSelector', {});
    const types = spec.policyTypes;
    if (!Array.isArray(types) || types.length === 0) {
      const egress = spec.egress;
      spec.policyTypes = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    }
  },
};

/** Ingress: a new Ingress has an empty load-balancer status; the status subresource keeps its shape. */
export const ingressDefaulting: KindStrategy = {
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate(obj) {
    const status = ensureObject(obj, 'status');
    if (!isJsonObject(status.loadBalancer)) status.loadBalancer = {};
  },
};

/** IngressClass: parameters are cluster-scoped unless they say otherwise. */
export const ingressClassDefaulting: KindStrategy = {
  default(obj) {
    const params = childObject(childObject(obj, 'spec'), 'parameters');
    if (params !== undefined) defaultField(params, 'scope', 'Cluster');
  },
};
