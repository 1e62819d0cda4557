import { describe, expect, it } from 'vitest';
import { Registry } from '../registry.js';
import { DEFAULT_STRATEGY_CONFIG, type JsonObject, type StrategyContext } from '../strategy.js';
import type { KubeObject } from '../../types.js';
import { ingressClassValidation, ingressValidation, networkPolicyValidation } from './networking.js';

const ctx: StrategyContext = { now: new Date(0), subresource: undefined, registry: new Registry(10), random: () => 0.5, config: DEFAULT_STRATEGY_CONFIG };
const texts = (causes: { field: string; message: string }[]): string[] => causes.map((c) => `${c.field}: ${c.message}`);

describe('Ingress validation', () => {
  const validate = (spec: unknown, metadata: JsonObject = { name: 'a' }): string[] => texts(ingressValidation.validate?.({ metadata, spec }, ctx) ?? []);

  it('accepts a rule with a Prefix path to a service port', () => {
    expect(validate({ rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }] } }] })).toEqual([]);
  });

  it('requires rules or a default backend', () => {
    expect(validate({})).toEqual(['spec: Invalid value: null: either `defaultBackend` or `rules` must be specified']);
    expect(validate({ rules: [] })).toEqual(['spec: Invalid value: []: either `defaultBackend` or `rules` must be specified']);
  });

  it('requires a pathType and checks hosts, backends and ports as kube-apiserver does', () => {
    expect(validate({ rules: [{ host: '1.2.3.4', http: { paths: [{ path: 'x', backend: {} }] } }] })).toEqual([
      'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
    expect(validate({ rules: [{ http: { paths: [{ path: '/x', pathType: 'Bogus', backend: { service: { name: 's', port: {} } } }] } }] })).toEqual([
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Bogus": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    ]);
    expect(validate({ rules: [{ http: { paths: [{ pathType: 'Prefix', backend: { resource: { kind: 'K', name: 'n' }, service: { name: 's' } } }] } }] })).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "": must be an absolute path',
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends',
    ]);
    expect(validate({ defaultBackend: { service: { name: 's', port: { number: 70000 } } }, tls: [{ hosts: ['*'] }] })).toEqual([
      'spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive',
      expect.stringMatching(/^spec\.tls\[0\]\.hosts\[0\]: Invalid value: "\*": a wildcard DNS-1123 subdomain must start with/),
    ]);
  });

  it('refuses an ingress.class annotation that disagrees with ingressClassName on create', () => {
    const metadata = { name: 'a', annotations: { 'kubernetes.io/ingress.class': 'x' } };
    expect(validate({ ingressClassName: 'y', defaultBackend: { service: { name: 's', port: { name: 'http' } } } }, metadata)).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "x": must match `ingressClassName` when both are specified',
    ]);
  });
});

describe('NetworkPolicy validation', () => {
  const validate = (spec: unknown): string[] => texts(networkPolicyValidation.validate?.({ metadata: { name: 'a' }, spec }, ctx) ?? []);

  it('checks ports, peers, ipBlocks and policyTypes, declarative errors last', () => {
    expect(validate({
      podSelector: {},
      policyTypes: ['Foo'],
      ingress: [{
        ports: [{ protocol: 'ICMP', port: 0 }, { port: 'Http', endPort: 5 }, { endPort: 3 }, { port: 10, endPort: 5 }],
        from: [{}, { ipBlock: { cidr: '10.0.0.0/33' }, podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16', '10.0.0.1/8'] } }, { ipBlock: {} }],
      }],
    })).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ingress[0].ports[1].endPort: Invalid value: 5: may not be specified when `port` is non-numeric',
      'spec.ingress[0].ports[1].port: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[2].endPort: Invalid value: 3: may not be specified when `port` is not specified',
      'spec.ingress[0].ports[3].endPort: Invalid value: 5: must be greater than or equal to `port`',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
      'spec.ingress[0].from[2].ipBlock.except[1]: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
      'spec.ingress[0].from[2].ipBlock.except[1]: Invalid value: "10.0.0.1/8": must be a strict subset of `cidr`',
      'spec.policyTypes[0]: Unsupported value: "Foo": supported values: "Ingress", "Egress"',
      'spec.ingress[0].from[3].ipBlock.cidr: Required value',
    ]);
  });

  it('accepts IPv6 blocks with a strict subset excepted', () => {
    expect(validate({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] }] })).toEqual([]);
  });
});

describe('IngressClass validation', () => {
  const validate = (spec: unknown): string[] => texts(ingressClassValidation.validate?.({ metadata: { name: 'a' }, spec }, ctx) ?? []);

  it('requires a domain-prefixed controller and a well-formed parameters reference', () => {
    expect(validate({})).toEqual(['spec.controller: Required value']);
    expect(validate({ controller: 'nodomain', parameters: { kind: '', name: '', scope: 'Foo' } })).toEqual([
      'spec.controller: Invalid value: "nodomain": must be a domain-prefixed path (such as "acme.io/foo")',
      'spec.parameters.scope: Unsupported value: "Foo": supported values: "Cluster", "Namespace"',
      'spec.parameters.kind: Required value',
      'spec.parameters.name: Required value',
    ]);
    expect(validate({ controller: 'a.com/x', parameters: { kind: 'K', name: 'n', scope: 'Cluster', namespace: 'x' } })).toEqual([
      "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'",
    ]);
  });

  it('keeps the controller immutable', () => {
    const old = { metadata: { name: 'a' }, spec: { controller: 'a.com/x' } } as unknown as KubeObject;
    expect(texts(ingressClassValidation.validateUpdate?.({ metadata: { name: 'a' }, spec: { controller: 'a.com/y' } }, old, ctx) ?? [])).toEqual([
      'spec.controller: Invalid value: "a.com/y": field is immutable',
    ]);
  });
});
