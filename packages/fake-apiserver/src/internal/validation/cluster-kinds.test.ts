// Storage, scheduling, node, discovery and coordination kinds: defaults and 422 causes as
// kube-apiserver v1.37.2 answers them (the messages are the real server's).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import { leaseDefaulting } from '../strategies/coordination.js';
import { endpointSliceDefaulting } from '../strategies/discovery.js';
import { priorityClassDefaulting } from '../strategies/scheduling.js';
import { csiDriverDefaulting, storageClassDefaulting, volumeAttachmentDefaulting } from '../strategies/storage.js';
import type { JsonObject } from '../strategy.js';
import { leaseValidation } from './coordination.js';
import { endpointSliceValidation } from './discovery.js';
import { runtimeClassValidation } from './node.js';
import { priorityClassValidation } from './scheduling.js';
import { csiDriverValidation, storageClassValidation, volumeAttachmentValidation } from './storage.js';
import { causeTexts, testContext } from '../../../test/helpers/strategy-context.js';

const ctx = testContext();
const asStored = (obj: JsonObject): KubeObject => obj;

describe('StorageClass, CSIDriver, VolumeAttachment', () => {
  it('defaults policies and the CSI driver switches', () => {
    const sc: JsonObject = { provisioner: 'a.com/p' };
    storageClassDefaulting.default?.(sc);
    expect(sc).toEqual({ provisioner: 'a.com/p', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    const driver: JsonObject = {};
    csiDriverDefaulting.default?.(driver);
    expect(driver.spec).toEqual({
      attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: ['Persistent'], storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType', requiresRepublish: false, seLinuxMount: false, preventPodSchedulingIfMissing: false,
    });
    const attachment: JsonObject = { spec: {}, status: { attached: true } };
    volumeAttachmentDefaulting.prepareForCreate?.(attachment, ctx);
    expect(attachment.status).toEqual({ attached: false });
  });

  it('checks a StorageClass and keeps its provisioner, parameters and policies', () => {
    const sc: JsonObject = { provisioner: 'Bad_/x', reclaimPolicy: 'Foo', volumeBindingMode: 'Bar', parameters: { '': 'x' }, allowedTopologies: [{ matchLabelExpressions: [{ key: 'a', values: [] }] }] };
    expect(causeTexts(storageClassValidation.validate?.(sc, ctx) ?? [])).toEqual([
      expect.stringMatching(/^provisioner: Invalid value: "bad_\/x": prefix part a lowercase RFC 1123 subdomain/),
      'parameters: Invalid value: "": field can not be empty.',
      'reclaimPolicy: Unsupported value: "Foo": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Bar": supported values: "Immediate", "WaitForFirstConsumer"',
      'allowedTopologies[0].matchLabelExpressions[0].values: Required value',
    ]);
    const empty: JsonObject = {};
    storageClassDefaulting.default?.(empty);
    expect(causeTexts(storageClassValidation.validate?.(empty, ctx) ?? [])).toEqual(['provisioner: Required value']);
    const old = { provisioner: 'a.com/p', parameters: { a: 'b' }, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' };
    const next = { provisioner: 'b.com/p', parameters: { a: 'c' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' };
    expect(causeTexts(storageClassValidation.validateUpdate?.(next, asStored(old), ctx) ?? [])).toEqual([
      'provisioner: Invalid value: null: field is immutable',
      'parameters: Invalid value: null: field is immutable',
      'reclaimPolicy: Invalid value: null: field is immutable',
      'volumeBindingMode: Invalid value: null: field is immutable',
    ]);
  });

  it('checks a CSIDriver and keeps attachRequired and its lifecycle modes', () => {
    const spec = { fsGroupPolicy: 'Foo', volumeLifecycleModes: ['Foo'], tokenRequests: [{ audience: 'a', expirationSeconds: 60 }] };
    expect(causeTexts(csiDriverValidation.validate?.({ metadata: { name: 'd' }, spec }, ctx) ?? [])).toEqual([
      'spec.fsGroupPolicy: Unsupported value: "Foo": supported values: "File", "None", "ReadWriteOnceWithFSType"',
      'spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.volumeLifecycleModes: Unsupported value: "Foo": supported values: "Persistent", "Ephemeral"',
    ]);
    const old = asStored({ metadata: { name: 'd' }, spec: { attachRequired: true, volumeLifecycleModes: ['Persistent'] } });
    expect(causeTexts(csiDriverValidation.validateUpdate?.({ metadata: { name: 'd' }, spec: { attachRequired: false, volumeLifecycleModes: ['Ephemeral'] } }, old, ctx) ?? [])).toEqual([
      'spec.attachedRequired: Invalid value: false: field is immutable',
      'spec.volumeLifecycleModes: Invalid value: ["Ephemeral"]: field is immutable',
    ]);
    expect(csiDriverValidation.requiresResourceVersionOnUpdate).toBe(true);
  });

  it('needs exactly one source of a VolumeAttachment', () => {
    expect(causeTexts(volumeAttachmentValidation.validate?.({ spec: {} }, ctx) ?? [])).toEqual([
      'spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
      expect.stringMatching(/^spec\.nodeName: Invalid value: "": a lowercase RFC 1123 subdomain/),
      'spec.attacher: Required value',
    ]);
    expect(causeTexts(volumeAttachmentValidation.validate?.({ spec: { attacher: 'a.com', nodeName: 'n', source: { persistentVolumeName: 'p', inlineVolumeSpec: {} } } }, ctx) ?? [])).toEqual([
      'spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
    ]);
  });
});

describe('PriorityClass and RuntimeClass', () => {
  it('defaults a PriorityClass and reserves system- names', () => {
    const pc: JsonObject = { metadata: { name: 'a' } };
    priorityClassDefaulting.default?.(pc);
    expect(pc).toEqual({ metadata: { name: 'a' }, value: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(causeTexts(priorityClassValidation.validate?.({ metadata: { name: 'system-a' }, value: 2000000000, preemptionPolicy: 'Foo' }, ctx) ?? [])).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-a is not a known system priority class",
      'preemptionPolicy: Unsupported value: "Foo": supported values: "PreemptLowerPriority", "Never"',
    ]);
    expect(causeTexts(priorityClassValidation.validate?.({ metadata: { name: 'x' }, value: 2000000000, preemptionPolicy: 'Never' }, ctx) ?? [])).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    const old = asStored({ metadata: { name: 'x' }, value: 5, preemptionPolicy: 'PreemptLowerPriority' });
    expect(causeTexts(priorityClassValidation.validateUpdate?.({ metadata: { name: 'x' }, value: 6, preemptionPolicy: 'Never' }, old, ctx) ?? [])).toEqual([
      'value: Forbidden: may not be changed in an update.',
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
  });

  it('checks a RuntimeClass, its handler (declarative) last', () => {
    expect(causeTexts(runtimeClassValidation.validate?.({ handler: 'Bad_', overhead: { podFixed: { cpu: '-1' } }, scheduling: { nodeSelector: { a: '-' }, tolerations: [{ key: 'k', operator: 'Foo' }] } }, ctx) ?? [])).toEqual([
      'overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      expect.stringMatching(/^scheduling\.nodeSelector: Invalid value: "-": a valid label must be an empty string/),
      'scheduling.tolerations[0].operator: Unsupported value: "Foo": supported values: "Equal", "Exists"',
      expect.stringMatching(/^handler: Invalid value: "Bad_": a lowercase RFC 1123 label/),
    ]);
    expect(causeTexts(runtimeClassValidation.validateUpdate?.({ handler: 'b' }, asStored({ handler: 'a' }), ctx) ?? [])).toEqual(['handler: Invalid value: null: field is immutable']);
  });
});

describe('EndpointSlice and Lease', () => {
  it('defaults port names and protocols and endpoint conditions', () => {
    const slice: JsonObject = { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] };
    endpointSliceDefaulting.default?.(slice);
    expect(slice).toEqual({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: {} }], ports: [{ port: 80, name: '', protocol: 'TCP' }] });
  });

  it('checks ports before endpoints, and addresses of the slice\'s type', () => {
    const slice = { addressType: 'IPv4', endpoints: [{ addresses: ['1.2.3', '::1'], hostname: 'A_b', nodeName: 'N_' }], ports: [{ name: 'Http', protocol: 'ICMP', appProtocol: 'a b' }, { name: 'Http', protocol: 'TCP' }] };
    expect(causeTexts(endpointSliceValidation.validate?.(slice, ctx) ?? []).map((t) => t.replace(/: a lowercase RFC 1123 .*|: name part must consist.*/, ''))).toEqual([
      'ports[0].name: Invalid value: "Http"',
      'ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'ports[0].appProtocol: Invalid value: "a b"',
      'ports[1].name: Invalid value: "Http"',
      'ports[1].name: Duplicate value: "Http"',
      'endpoints[0].addresses[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'endpoints[0].addresses: Invalid value: "::1": must be an IPv4 address',
      'endpoints[0].addresses[1]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'endpoints[0].nodeName: Invalid value: "N_"',
      'endpoints[0].hostname: Invalid value: "A_b"',
    ]);
    expect(causeTexts(endpointSliceValidation.validate?.({ addressType: 'Foo', endpoints: [{ addresses: [] }] }, ctx) ?? [])).toEqual([
      'addressType: Unsupported value: "Foo": supported values: "FQDN", "IPv4", "IPv6"',
      'endpoints[0].addresses: Required value',
    ]);
  });

  it('checks a Lease and drops the fields of a disabled feature', () => {
    expect(causeTexts(leaseValidation.validate?.({ spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } }, ctx) ?? [])).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const lease: JsonObject = { spec: { holderIdentity: 'me', strategy: 'OldestEmulationVersion', preferredHolder: 'you' } };
    leaseDefaulting.prepareForCreate?.(lease, ctx);
    expect(lease.spec).toEqual({ holderIdentity: 'me' });
  });
});
