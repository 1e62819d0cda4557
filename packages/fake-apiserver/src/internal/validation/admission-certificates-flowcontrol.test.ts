// Webhook configurations, CertificateSigningRequests, flowcontrol objects and events.k8s.io
// Events: defaults and 422 causes as kube-apiserver v1.37.2 answers them.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import { mutatingWebhookDefaulting, validatingWebhookDefaulting } from '../strategies/admissionregistration.js';
import { certificateSigningRequestDefaulting } from '../strategies/certificates.js';
import { eventFromCore, eventToCore } from '../strategies/events-conversion.js';
import { flowSchemaDefaulting, priorityLevelDefaulting } from '../strategies/flowcontrol.js';
import type { JsonObject } from '../strategy.js';
import { mutatingWebhookValidation, validatingWebhookValidation } from './admissionregistration.js';
import { certificateSigningRequestValidation } from './certificates.js';
import { eventsV1Validation } from './events.js';
import { flowSchemaValidation, priorityLevelValidation } from './flowcontrol.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();

describe('webhook configurations', () => {
  it('defaults policies, selectors, the timeout, rule scopes and service ports', () => {
    const config: JsonObject = { webhooks: [{ name: 'a.example.com', clientConfig: { service: { name: 's', namespace: 'n' } }, rules: [{ operations: ['CREATE'] }] }] };
    mutatingWebhookDefaulting.default?.(config);
    expect(config.webhooks).toEqual([{
      name: 'a.example.com',
      clientConfig: { service: { name: 's', namespace: 'n', port: 443 } },
      rules: [{ operations: ['CREATE'], scope: '*' }],
      failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, reinvocationPolicy: 'Never',
    }]);
    const validating: JsonObject = { webhooks: [{ name: 'a.example.com', clientConfig: { url: 'https://x' }, timeoutSeconds: 5 }] };
    validatingWebhookDefaulting.default?.(validating);
    expect(validating.webhooks).toEqual([{
      name: 'a.example.com', clientConfig: { url: 'https://x' }, timeoutSeconds: 5,
      failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {},
    }]);
  });

  it('reports each webhook\'s problems in kube-apiserver\'s order, duplicates last', () => {
    const config: JsonObject = { webhooks: [{ name: 'a', clientConfig: {} }, { name: 'a', clientConfig: { url: 'http://x', service: { name: 's', namespace: 'n' } }, sideEffects: 'Some', admissionReviewVersions: ['v2'], failurePolicy: 'Foo', matchPolicy: 'Bar', timeoutSeconds: 40, rules: [{ operations: ['FOO'], apiGroups: [], apiVersions: ['v1'], resources: ['pods'], scope: 'Bad' }] }] };
    expect(causeTexts(validatingWebhookValidation.validate?.(config, ctx) ?? [])).toEqual([
      'webhooks[0].name: Invalid value: "a": should be a domain with at least three segments separated by dots',
      'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      'webhooks[1].name: Invalid value: "a": should be a domain with at least three segments separated by dots',
      'webhooks[1].rules[0].operations[0]: Unsupported value: "FOO": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      'webhooks[1].rules[0].apiGroups: Required value',
      'webhooks[1].rules[0].scope: Unsupported value: "Bad": supported values: "*", "Cluster", "Namespaced"',
      'webhooks[1].failurePolicy: Unsupported value: "Foo": supported values: "Fail", "Ignore"',
      'webhooks[1].matchPolicy: Unsupported value: "Bar": supported values: "Equivalent", "Exact"',
      'webhooks[1].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      'webhooks[1].timeoutSeconds: Invalid value: 40: the timeout value must be between 1 and 30 seconds',
      'webhooks[1].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[1].admissionReviewVersions: Invalid value: ["v2"]: must include at least one of v1, v1beta1',
      'webhooks[1].name: Duplicate value: "a"',
    ]);
    const mutating = { webhooks: [{ name: 'a.b.c', clientConfig: { url: 'https://x' }, sideEffects: 'Unknown', admissionReviewVersions: ['v1'], reinvocationPolicy: 'Foo' }] };
    expect(causeTexts(mutatingWebhookValidation.validate?.(mutating, ctx) ?? [])).toEqual([
      'webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
      'webhooks[0].reinvocationPolicy: Unsupported value: "Foo": supported values: "IfNeeded", "Never"',
    ]);
  });
});

describe('CertificateSigningRequest', () => {
  const strategy = certificateSigningRequestDefaulting({ username: 'admin', uid: 'admin-uid', groups: ['system:masters'] });

  it('records the requester, empties the status and keeps no managedFields', () => {
    const csr: JsonObject = { metadata: { name: 'a', managedFields: [{ manager: 'x' }] }, spec: { username: 'someone', extra: { a: ['b'] } }, status: { conditions: [] } };
    strategy.prepareForCreate?.(csr, ctx);
    expect(csr).toEqual({ metadata: { name: 'a' }, spec: { username: 'admin', uid: 'admin-uid', groups: ['system:masters'] }, status: {} });
  });

  it('never changes the spec on an update', () => {
    const old = { metadata: { name: 'a' }, spec: { signerName: 'a.com/x' }, status: {} } as unknown as KubeObject;
    const next: JsonObject = { metadata: { name: 'a' }, spec: { signerName: 'b.com/y' }, status: { conditions: [{ type: 'Approved' }] } };
    strategy.prepareForUpdate?.(next, old, ctx);
    expect(next).toEqual({ metadata: { name: 'a' }, spec: { signerName: 'a.com/x' }, status: {} });
  });

  it('lets /approval write the conditions only, stamped with the write\'s time', () => {
    const old = { metadata: { name: 'a' }, spec: { signerName: 'a.com/x' }, status: {} } as unknown as KubeObject;
    const next: JsonObject = { metadata: { name: 'a' }, spec: { signerName: 'b.com/y' }, status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'eA==' } };
    strategy.prepareForUpdate?.(next, old, testContext('approval'));
    expect(next).toEqual({ metadata: { name: 'a' }, spec: { signerName: 'a.com/x' }, status: { conditions: [{ type: 'Approved', status: 'True', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] } });
  });

  it('keeps decisions to /approval: never added through /status, never both, never removed', () => {
    const approved = { status: { conditions: [{ type: 'Approved', status: 'True' }] } } as unknown as KubeObject;
    const both = { status: { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }] } };
    expect(causeTexts(certificateSigningRequestValidation.validateUpdate?.(both, approved, testContext('status')) ?? [])).toEqual([
      'status.conditions: Forbidden: updates may not add a condition of type "Denied"',
      'status.conditions: Invalid value: "{conditions[{\\"type\\": \\"Approved\\"}], conditions[{\\"type\\": \\"Denied\\"}]}": must specify at most one of: `conditions[{"type": "Approved"}]`, `conditions[{"type": "Denied"}]`',
    ]);
    expect(causeTexts(certificateSigningRequestValidation.validateUpdate?.({ status: { conditions: [] } }, approved, testContext('approval')) ?? [])).toEqual([
      'status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
    ]);
    expect(causeTexts(certificateSigningRequestValidation.validateUpdate?.({ status: { certificate: 'eA==' } }, { status: {} } as unknown as KubeObject, testContext('status')) ?? [])).toEqual([
      'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    ]);
  });

  it('checks the request, usages, signer name and expiration', () => {
    expect(causeTexts(certificateSigningRequestValidation.validate?.({ spec: {} }, ctx) ?? [])).toEqual([
      'spec.request: Invalid value: null: PEM block type must be CERTIFICATE REQUEST',
      'spec.usages: Required value',
      'spec.signerName: Required value',
    ]);
    expect(causeTexts(certificateSigningRequestValidation.validate?.({ spec: { request: 'aGVsbG8=', signerName: 'Bad', usages: ['digital signature', 'digital signature'], expirationSeconds: 60 } }, ctx) ?? [])).toEqual([
      'spec.request: Invalid value: "aGVsbG8=": PEM block type must be CERTIFICATE REQUEST',
      'spec.usages[1]: Duplicate value: "digital signature"',
      "spec.signerName: Invalid value: \"Bad\": must be a fully qualified domain and path of the form 'example.com/signer-name'",
      'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)',
    ]);
  });
});

describe('flowcontrol', () => {
  it('defaults precedence, shares and queuing', () => {
    const schema: JsonObject = { spec: {} };
    flowSchemaDefaulting.default?.(schema);
    expect(schema.spec).toEqual({ matchingPrecedence: 1000 });
    const level: JsonObject = { spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: {} } } } };
    priorityLevelDefaulting.default?.(level);
    expect(level.spec).toEqual({ type: 'Limited', limited: { nominalConcurrencyShares: 30, lendablePercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 8, queueLengthLimit: 50 } } } });
  });

  it('checks priority levels and flow schemas', () => {
    const level = (spec: JsonObject, name = 'a'): string[] => causeTexts(priorityLevelValidation.validate?.({ metadata: { name }, spec }, ctx) ?? []);
    expect(level({})).toEqual(['spec.type: Required value']);
    expect(level({ type: 'Exempt' })).toEqual(["spec.type: Invalid value: \"Exempt\": must be 'Exempt' if and only if `name` is 'exempt'"]);
    expect(level({ type: 'Limited' })).toEqual(['spec.limited: Required value']);
    expect(level({ type: 'Limited', limited: { limitResponse: { type: 'Queue' } } })).toEqual(['spec.limited.limitResponse.queuing: Required value']);
    const rules = { priorityLevelConfiguration: { name: 'x' }, matchingPrecedence: 20000, distinguisherMethod: { type: 'Foo' }, rules: [{ subjects: [], resourceRules: [{ verbs: [], apiGroups: ['*', 'x'], resources: [], namespaces: [] }] }, { subjects: [{ kind: 'Foo' }, { kind: 'User' }] }] };
    expect(causeTexts(flowSchemaValidation.validate?.({ spec: rules }, ctx) ?? [])).toEqual([
      'spec.matchingPrecedence: Invalid value: 20000: must not be greater than 10000',
      'spec.distinguisherMethod.type: Unsupported value: {"Type":"Foo"}: supported values: "ByNamespace", "ByUser"',
      'spec.rules[0].subjects: Required value: subjects must contain at least one value',
      'spec.rules[0].resourceRules[0].verbs: Required value: verbs must contain at least one value',
      'spec.rules[0].resourceRules[0].apiGroups: Invalid value: ["*","x"]: if \'*\' is present, must not specify other api groups',
      'spec.rules[0].resourceRules[0].resources: Required value: resource rules must supply at least one resource',
      'spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace',
      'spec.rules[1].subjects[0].kind: Unsupported value: "Foo": supported values: "Group", "ServiceAccount", "User"',
      "spec.rules[1].subjects[1].user: Required value: user is required when subject kind is 'User'",
      'spec.rules[1]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty',
    ]);
  });
});

describe('events.k8s.io Events', () => {
  const sent = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' },
    eventTime: '2026-01-01T00:00:00.000000Z', reportingController: 'c', reportingInstance: 'i', action: 'A', reason: 'R',
    regarding: { kind: 'Pod', name: 'p', namespace: 'default' }, note: 'n', type: 'Normal',
  };

  it('are stored as core Events and read back in their own shape', () => {
    const body: JsonObject = structuredClone(sent);
    eventToCore(body);
    expect(body).toEqual({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'R', message: 'n', type: 'Normal', eventTime: '2026-01-01T00:00:00.000000Z', action: 'A', reportingComponent: 'c', reportingInstance: 'i',
    });
    expect(eventFromCore({ ...body, source: {}, firstTimestamp: null, lastTimestamp: null })).toEqual({
      ...sent, deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null,
    });
  });

  it('need what the events recorder sends', () => {
    const core: JsonObject = { metadata: { name: 'a', namespace: 'default' }, eventTime: '2026-01-01T00:00:00.000000Z', involvedObject: { kind: 'Pod' }, type: 'Foo', series: { count: 1 } };
    expect(causeTexts(eventsV1Validation.validate?.(core, ctx) ?? []).map((t) => t.replace(/: name part must consist.*/, ''))).toEqual([
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      'reportingController: Invalid value: ""',
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
      'type: Invalid value: "": has invalid value: Foo',
    ]);
  });
});
