import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../strategy.js';
import { ingressClassDefaulting, networkPolicyDefaulting } from './networking.js';

describe('NetworkPolicy defaulting', () => {
  it('defaults port protocols to TCP and policyTypes from the rules present', () => {
    const obj: JsonObject = { spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }, { protocol: 'UDP', port: 53 }] }] } };
    networkPolicyDefaulting.default?.(obj);
    expect(obj.spec).toEqual({ podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53 }] }], policyTypes: ['Ingress'] });
    const egress: JsonObject = { spec: { egress: [{}] } };
    networkPolicyDefaulting.default?.(egress);
    expect(egress.spec).toEqual({ podSelector: {}, egress: [{}], policyTypes: ['Ingress', 'Egress'] });
  });

  it('keeps policyTypes that were given', () => {
    const obj: JsonObject = { spec: { podSelector: {}, ingress: [{}], policyTypes: ['Egress'] } };
    networkPolicyDefaulting.default?.(obj);
    expect(obj.spec).toEqual({ podSelector: {}, ingress: [{}], policyTypes: ['Egress'] });
  });
});

describe('IngressClass defaulting', () => {
  it('scopes parameters to the cluster when no scope is given', () => {
    const obj: JsonObject = { spec: { controller: 'a.com/x', parameters: { kind: 'K', name: 'n' } } };
    ingressClassDefaulting.default?.(obj);
    expect(obj.spec).toEqual({ controller: 'a.com/x', parameters: { kind: 'K', name: 'n', scope: 'Cluster' } });
  });
});
